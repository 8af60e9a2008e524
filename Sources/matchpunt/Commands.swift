import Domain
import App
import ArgumentParser
import Foundation
import Hummingbird
import Reference
import Store

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the web application (staff UI, API, feed scheduler).")

    @Option(name: .long, help: "Address to listen on (env MATCHPUNT_HOST; default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port (env MATCHPUNT_PORT; default 8080).")
    var port: Int?

    @Flag(name: .long, help: "Seed the demo data from fixtures/demo into an empty database (env MATCHPUNT_DEMO=1).")
    var demo = false

    @OptionGroup var store: StoreOptions

    func run() async throws {
        var configuration = store.configuration()
        if let host = host ?? environment("MATCHPUNT_HOST") { configuration.host = host }
        if let port = port ?? environment("MATCHPUNT_PORT").flatMap(Int.init) { configuration.port = port }
        configuration.seedDemoData = demo || environment("MATCHPUNT_DEMO") == "1"
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
            return try await database.backup(to: file)
        }
        print(report)
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Demo data.",
        subcommands: [Generate.self])

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
    static let configuration = CommandConfiguration(abstract: "Staff accounts.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a staff account. The password is read from MATCHPUNT_PASSWORD or, if unset, from the first line of standard input.")

        @Argument(help: "Username.")
        var username: String

        @Option(name: .long, help: "consultant or admin.")
        var role: StaffRole = .consultant

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let password = environment("MATCHPUNT_PASSWORD") ?? readLine(strippingNewline: true) ?? ""
            let problems = StaffPasswords.problems(with: password)
            guard problems.isEmpty else { fail(problems.joined(separator: "; ")) }
            let configuration = store.configuration()
            let user = try await reportingFailures {
                try await MatchpuntStore(path: configuration.databasePath)
                    .insert(StaffUser(username: username, passwordHash: StaffPasswords.hash(password), role: role, createdAt: Date()))
            }
            print("added \(user.role.rawValue) \(user.username)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff accounts.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = store.configuration()
            let users = try await reportingFailures { try await MatchpuntStore(path: configuration.databasePath).users() }
            for user in users { print("\(user.username)\t\(user.role.rawValue)") }
        }
    }
}

extension StaffRole: ExpressibleByArgument {}
