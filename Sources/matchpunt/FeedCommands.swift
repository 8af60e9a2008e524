import App
import ArgumentParser
import Domain
import Feeds
import Foundation
import Logging
import Services
import Store

extension FeedFormat: ExpressibleByArgument {}
extension FeedKind: ExpressibleByArgument {}

struct FeedsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "feeds", abstract: "Vacancy feeds pulled on a schedule by `serve`.", subcommands: [Add.self, List.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a feed.",
            discussion: """
            A snapshot feed lists every open vacancy (one that disappears is closed); a delta feed carries changes only.
            An authentication header (e.g. "Authorization: Bearer …") is read from MATCHPUNT_FEED_AUTH, never from the command line, and never logged.
            CSV feeds take a column mapping: --column externalId=Vacaturenummer --column title=Functie … (fields: \(CSVField.allCases.map(\.rawValue).joined(separator: ", "))).
            """)

        @Argument(help: "Unique name, e.g. werkzoeken-drechtsteden.") var name: String
        @Option(name: .long, help: "http(s) URL.") var url: String
        @Option(name: .long, help: "jsonld, indeed-xml (also Talent.com), jooble-xml, rss, hropen-xml or csv.") var format: FeedFormat
        @Option(name: .long, help: "snapshot or delta.") var kind: FeedKind = .snapshot
        @Option(name: .long, help: "Minutes between runs (at least 5).") var every = 60
        @Option(name: .long, help: "Labour-market region the feed serves.") var region: String
        @Option(name: .long, help: "CSV: field=Column header (repeatable).") var column: [String] = []
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                throw ValidationError("--url must be an http or https URL")
            }
            guard every >= 5 else { throw ValidationError("--every must be at least 5 minutes") }
            for pair in column {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, CSVField(rawValue: String(parts[0])) != nil else {
                    throw ValidationError("--column \(pair): expected field=Header with a field out of \(CSVField.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            if format == .csv && column.isEmpty == false && !column.contains(where: { $0.hasPrefix("externalId=") }) {
                throw ValidationError("a CSV mapping needs externalId=…")
            }
        }

        func run() async throws {
            let configuration = store.configuration()
            var mapping: [String: String]?
            if !column.isEmpty {
                mapping = Dictionary(column.map { pair in
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    return (parts[0], parts[1])
                }, uniquingKeysWith: { $1 })
            }
            let feed = try await reportingFailures {
                try await openRepositories(configuration).insert(FeedDefinition(
                    name: name, url: url, format: format.rawValue, kind: kind, intervalSeconds: every * 60, region: region,
                    authHeader: environment("MATCHPUNT_FEED_AUTH"), columnMapping: mapping, createdAt: Date()))
            }
            print("added feed \(feed.name) (\(feed.format), \(feed.kind.rawValue), every \(every) min)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List feeds with their last run.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = store.configuration()
            let rows = try await reportingFailures { () throws -> [(FeedDefinition, ImportRun?)] in
                let database = try await openRepositories(configuration)
                var rows: [(FeedDefinition, ImportRun?)] = []
                for feed in try await database.feeds() { rows.append((feed, try await database.importRuns(feedId: feed.id, limit: 1).first)) }
                return rows
            }
            if rows.isEmpty { print("no feeds") }
            for (feed, run) in rows {
                let last = run.map { run in
                    "last run \(run.status.rawValue): new \(run.counts.new), updated \(run.counts.updated), unchanged \(run.counts.unchanged), closed \(run.counts.closed), quarantined \(run.counts.quarantined)"
                        + (run.message.map { " — \($0)" } ?? "")
                } ?? "never run"
                print("\(feed.name)\t\(feed.format)\t\(feed.kind.rawValue)\tevery \(feed.intervalSeconds / 60) min\t\(FeedFetcher.redactedURL(feed.url))\n    \(last)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a feed and its run history (its vacancies stay).")
        @Argument var name: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = store.configuration()
            let removed = try await reportingFailures { try await openRepositories(configuration).removeFeed(named: name) }
            guard removed else { fail("no feed named \(name)") }
            print("removed feed \(name)")
        }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run feed imports now (for cron); exit status 1 when a run failed.")

    @Option(name: .long, help: "The feed to import.") var feed: String?
    @Flag(name: .long, help: "Import every feed.") var all = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (feed != nil) != all else { throw ValidationError("give --feed NAME or --all") }
    }

    func run() async throws {
        let configuration = store.configuration()
        let logger = makeLogger()
        let runs = try await reportingFailures { () throws -> [(String, ImportRun?)] in
            // Only what a run needs (store, reference data, audit): not the matcher, its index or the policy catalog.
            let services = try await AppServices.startForFeedImport(configuration, logger: logger)
            // A process of its own, serving no requests: the parse at the priority this process was started with.
            let imports = try AppServices.feedImports(configuration, repositories: services.repositories, reference: services.reference,
                                                      parseAtLowerPriority: false)
            let feeds = try await all ? services.repositories.feeds() : [services.repositories.feed(named: feed!)].compactMap { $0 }
            guard !feeds.isEmpty else { throw StartupError(all ? "no feeds defined" : "no feed named \(feed!)") }
            var runs: [(String, ImportRun?)] = []
            for definition in feeds {
                // A run started at the command line is a person's act: audited before it starts.
                try await services.audit.record(.feedRun, by: .commandLine(NSUserName()), subjectType: "feed", subjectId: String(definition.id),
                                                detail: "gestart via de opdrachtregel")
                // Under the feed's database lease: when `serve` (or another cron job) is running this feed, skip it.
                switch try await imports.run(definition) {
                case .ran(let run): runs.append((definition.name, run))
                case .skippedLeaseHeld: print("\(definition.name): skipped, another process is importing this feed")
                }
            }
            return runs
        }
        var failed = false
        for (name, run) in runs {
            guard let run else { print("\(name): could not record the run"); failed = true; continue }
            failed = failed || run.status == .failed
            print("\(name): \(run.status.rawValue) (HTTP \(run.httpStatus.map(String.init) ?? "-"), \(run.bytes) bytes) new \(run.counts.new), updated \(run.counts.updated), unchanged \(run.counts.unchanged), closed \(run.counts.closed), quarantined \(run.counts.quarantined)"
                  + (run.message.map { " — \($0)" } ?? ""))
        }
        if failed { throw ExitCode(1) }
    }
}
