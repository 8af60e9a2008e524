import Domain
import App
import ArgumentParser
import Foundation
import Hummingbird
import Reference
import Services
import Store

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the web application (staff UI, API, feed scheduler).")

    @Option(name: .long, help: "Address to listen on (env MATCHPUNT_HOST; default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port (env MATCHPUNT_PORT; default 8080).")
    var port: Int?

    @Flag(name: .long, help: "Seed the demo data from fixtures/demo into an empty database (env MATCHPUNT_DEMO=1).")
    var demo = false

    @Flag(name: .long, help: "Served over HTTPS by a TLS-terminating proxy: Secure cookies and HSTS (env MATCHPUNT_SECURE_COOKIES=1).")
    var secureCookies = false

    @Option(name: .long, help: "Reverse proxies (addresses or CIDR, comma-separated) whose X-Forwarded-For/Forwarded is believed (env MATCHPUNT_TRUSTED_PROXIES).")
    var trustedProxies: String?

    @OptionGroup var store: StoreOptions

    func run() async throws {
        var configuration = store.configuration()
        if let host = host ?? environment("MATCHPUNT_HOST") { configuration.host = host }
        if let port = port ?? environment("MATCHPUNT_PORT").flatMap(Int.init) { configuration.port = port }
        configuration.seedDemoData = demo || environment("MATCHPUNT_DEMO") == "1"
        configuration.secureCookies = secureCookies || environment("MATCHPUNT_SECURE_COOKIES") == "1"
        if let proxies = trustedProxies ?? environment("MATCHPUNT_TRUSTED_PROXIES") {
            configuration.trustedProxies = try await reportingFailures { try TrustedProxies(parsing: proxies) }
        }
        let logger = makeLogger()
        let app = try await reportingFailures { try await buildApplication(configuration, logger: logger) }
        logger.info("Matchpunt listening", metadata: ["url": "http://\(configuration.host):\(configuration.port)/"])
        // runService installs SIGINT/SIGTERM handlers and shuts the service group down gracefully.
        try await app.runService()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema, then list the applied migrations.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let configuration = store.configuration()
        let (name, migrations) = try await reportingFailures {
            let database = try await AppServices.openDatabase(configuration)
            defer { database.close() }
            return (database.description, try await database.appliedMigrations())
        }
        print("\(name): \(migrations.count) migration(s) applied")
        for name in migrations { print("  \(name)") }
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write an online backup of the database to FILE (the server may keep running); for PostgreSQL this runs pg_dump.")

    @Argument(help: "Destination file; must not exist yet.")
    var file: String

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let configuration = store.configuration()
        let report = try await reportingFailures {
            let database = try await AppServices.openDatabase(configuration)
            defer { database.close() }
            let report = try await database.backup(to: file)
            // A backup is a full copy of candidate data: who made it, and where, is audited (the database by its
            // description, which never holds a password).
            let target = URL(fileURLWithPath: file).standardizedFileURL.path
            try await AuditLog(repository: database.repositories).record(.backup, by: .commandLine(NSUserName()), subjectType: "database",
                                                                         subjectId: database.description, detail: "back-up naar \(target)")
            return report
        }
        print(report)
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Demo data.",
        subcommands: [Generate.self, Seed.self])

    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill an empty database with a region-scale synthetic caseload (deterministic), for load tests.")

        @Option(name: .long, help: "Number of candidates (1–1000000).")
        var candidates: Int = 20_000

        @Option(name: .long, help: "Number of vacancies (1–5000000).")
        var vacancies: Int = 100_000

        @Option(name: .long, help: "Number of employers (1–100000).")
        var employers: Int = 2_000

        @Option(name: .long, help: "Seed of the generator.")
        var seed: UInt64 = 2026

        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard (1...1_000_000).contains(candidates), (1...5_000_000).contains(vacancies), (1...100_000).contains(employers) else {
                fail("--candidates 1–1000000, --vacancies 1–5000000, --employers 1–100000")
            }
            let configuration = store.configuration()
            let output = try await reportingFailures {
                let reference = try ReferenceData.load(from: configuration.referenceDirectory)
                var generator = DemoDataGenerator(reference: reference, size: .init(candidates: candidates, employers: employers, vacancies: vacancies),
                                                  seed: seed)
                let output = generator.generate()
                let target = try await AppServices.openDatabase(configuration)
                guard try await target.isEmpty() else { throw StartupError("\(configuration.databasePath) already holds data") }
                try await target.seed(employers: output.employers, candidates: output.candidates, vacancies: output.vacancies)
                return output
            }
            print("seeded \(output.candidates.count) candidates, \(output.employers.count) employers, \(output.vacancies.count) vacancies into \(configuration.databasePath)")
        }
    }

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Regenerate fixtures/demo deterministically (same bytes every time).")

        @Option(name: .long, help: "Output directory (default: fixtures/demo).")
        var output: String?

        @Option(name: .long, help: "Seed of the generator.")
        var seed: UInt64 = 2026

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = store.configuration()
            let directory = output.map { URL(fileURLWithPath: $0) } ?? configuration.demoDirectory
            let output = try await reportingFailures {
                let reference = try ReferenceData.load(from: configuration.referenceDirectory)
                var generator = DemoDataGenerator(reference: reference, seed: seed)
                let output = generator.generate()
                try DemoFixtures.write(output, to: directory)
                return output
            }
            print("wrote \(output.candidates.count) candidates, \(output.employers.count) employers, \(output.vacancies.count) vacancies to \(directory.path)")
        }
    }
}

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Staff accounts.",
        subcommands: [Add.self, List.self, Token.self, RevokeToken.self, Passwd.self, Remove.self, Regions.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a staff account. The password is read from MATCHPUNT_PASSWORD or, if unset, from the first line of standard input.")

        @Argument(help: "Username.")
        var username: String

        @Option(name: .long, help: "consultant or admin.")
        var role: StaffRole = .consultant

        @Option(name: .long, help: "Labour-market region numbers a consultant sees, comma-separated (e.g. 12,30).")
        var regions: String = ""

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let password = environment("MATCHPUNT_PASSWORD") ?? readLine(strippingNewline: true) ?? ""
            let problems = StaffPasswords.problems(with: password)
            guard problems.isEmpty else { fail(problems.joined(separator: "; ")) }
            let regionNumbers = parseRegions(regions)
            let configuration = store.configuration()
            let user = try await reportingFailures {
                try await openRepositories(configuration)
                    .insert(StaffUser(username: username, passwordHash: StaffPasswords.hash(password), role: role, createdAt: Date(),
                                      regions: regionNumbers))
            }
            print("added \(user.role.rawValue) \(user.username)" + (regionNumbers.isEmpty ? "" : " (regions \(regions))"))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff accounts.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = store.configuration()
            let users = try await reportingFailures { try await openRepositories(configuration).users() }
            for user in users { print("\(user.username)\t\(user.role.rawValue)\t\(user.regions.map(String.init).joined(separator: ","))") }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an API bearer token for a staff account and print it once (only its SHA-256 is stored).")

        @Argument(help: "Username.")
        var username: String

        @Option(name: .long, help: "Days until the token expires (1–3650); without it the token lasts until revoked.")
        var expires: Int?

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = store.configuration()
            let token = try await reportingFailures {
                try await staffAccess(configuration).createToken(username: username, expiresInDays: expires, by: .commandLine(NSUserName()))
            }
            print(token)
        }
    }

    struct RevokeToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke-token", abstract: "Revoke every API token of a staff account.")

        @Argument(help: "Username.")
        var username: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = store.configuration()
            let count = try await reportingFailures {
                try await staffAccess(configuration).revokeTokens(username: username, by: .commandLine(NSUserName()))
            }
            print("revoked \(count) token(s) of \(username)")
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password (from MATCHPUNT_PASSWORD or the first line of standard input); ends every session of the account.")

        @Argument(help: "Username.")
        var username: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let password = environment("MATCHPUNT_PASSWORD") ?? readLine(strippingNewline: true) ?? ""
            let problems = StaffPasswords.problems(with: password)
            guard problems.isEmpty else { fail(problems.joined(separator: "; ")) }
            let configuration = store.configuration()
            try await reportingFailures {
                try await staffAccess(configuration).changePassword(username: username, passwordHash: StaffPasswords.hash(password),
                                                                    by: .commandLine(NSUserName()))
            }
            print("password of \(username) changed; its sessions have ended")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a staff account with its sessions and tokens.")

        @Argument(help: "Username.")
        var username: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = store.configuration()
            try await reportingFailures { try await staffAccess(configuration).removeUser(username: username, by: .commandLine(NSUserName())) }
            print("removed \(username)")
        }
    }

    struct Regions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the labour-market regions whose candidates a consultant sees.")

        @Argument(help: "Username.")
        var username: String

        @Argument(help: "Region numbers, comma-separated (e.g. 12,30); empty for none.")
        var regions: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let numbers = parseRegions(regions)
            let configuration = store.configuration()
            try await reportingFailures {
                try await staffAccess(configuration).setRegions(username: username, regions: numbers, by: .commandLine(NSUserName()))
            }
            print("regions of \(username): \(numbers.map(String.init).joined(separator: ","))")
        }
    }
}

/// "12,30" → [12, 30]; anything else stops the command with the offending part named.
func parseRegions(_ text: String) -> [Int] {
    text.split(separator: ",").map { part in
        let trimmed = part.trimmingCharacters(in: .whitespaces)
        guard let number = Int(trimmed), (1...999).contains(number) else { fail("region '\(trimmed)' is not a region number (1–999)") }
        return number
    }
}

func staffAccess(_ configuration: AppConfiguration) async throws -> StaffAccess {
    let store = try await openRepositories(configuration)
    return StaffAccess(users: store, audit: AuditLog(repository: store))
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit log.", subcommands: [Purge.self])

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete audit events older than the retention period (the only deletion the append-only log allows); the purge is itself audited.")

        @Option(name: .long, help: "Retention in days (at least 365).")
        var retentionDays: Int

        @OptionGroup var store: StoreOptions

        func run() async throws {
            // A year at least: a purge must never eat the recent history an inquiry would need.
            guard (365...36_500).contains(retentionDays) else { fail("--retention-days must be 365 to 36500") }
            let configuration = store.configuration()
            let deleted = try await reportingFailures {
                let store = try await openRepositories(configuration)
                let audit = AuditLog(repository: store)
                let cutoff = Date().addingTimeInterval(-TimeInterval(retentionDays) * 86_400)
                let actor = AuditActor.commandLine(NSUserName())
                let days = retentionDays
                return try await store.purgeAuditEvents(olderThan: cutoff) { count in
                    audit.makeEvent(.auditPurged, by: actor, subjectType: "audit", subjectId: "retention",
                                    detail: "\(count) gebeurtenissen ouder dan \(days) dagen verwijderd")
                }
            }
            print("deleted \(deleted) audit event(s) older than \(retentionDays) days")
        }
    }
}

extension StaffRole: ExpressibleByArgument {}
