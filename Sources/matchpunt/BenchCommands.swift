import Benchmarks
import App
import ArgumentParser
import Catalog
import Domain
import Feeds
import Store
import Foundation
import Reference

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (build with -c release for figures worth quoting).",
        subcommands: [Rules.self, ReferenceLoad.self, MatchSpeed.self, ImportSpeed.self, FeedFile.self])

    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Instrument evaluations per second on a realistic mix of requests (one core).")

        @Option(name: .long, help: "Distinct requests in the mix.") var requests = 10_000
        @Option(name: .long, help: "Rounds over the mix.") var rounds = 10
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = store.configuration()
            let policy = try await reportingFailures { try AppServices.loadPolicy(configuration) }
            print(RulesBenchmark.run(catalog: policy, requestCount: requests, rounds: rounds))
        }
    }

    struct ReferenceLoad: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reference", abstract: "Time to load catalog/reference and the policy catalog.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = store.configuration()
            try await reportingFailures {
                var timings: [Duration] = []
                for _ in 0..<5 {
                    let started = ContinuousClock.now
                    _ = try ReferenceData.load(from: configuration.referenceDirectory)
                    timings.append(ContinuousClock.now - started)
                }
                let started = ContinuousClock.now
                _ = try AppServices.loadPolicy(configuration)
                let policy = ContinuousClock.now - started
                let sorted = timings.sorted()
                print("reference data: median \(sorted[2]), best \(sorted[0]) over 5 loads; policy catalog: \(policy)")
            }
        }
    }
}

extension Bench {
    struct FeedFile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "feed-file", abstract: "Write a deterministic JSON-LD feed of N JobPostings (for `bench import`).")
        @Option(name: .long) var count = 100_000
        @Option(name: .long) var output: String

        func run() async throws {
            let written = try await reportingFailures { try JobPostingFeedGenerator.write(count: count, to: URL(fileURLWithPath: output)) }
            print("wrote \(count) postings, \(written) bytes, to \(output)")
        }
    }

    struct ImportSpeed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import one feed URL into a fresh SQLite database (or a postgres:// database) through the real importer (libcurl, streaming parser, one transaction).",
            discussion: "benchmarks/import.sh runs this against the fixture server and the Python baseline in one go.")
        @Option(name: .long, help: "Feed URL (JSON-LD).") var url: String
        @Option(name: .long, help: "Database file to create, or a postgres:// URL (default: a temporary SQLite file, removed afterwards).") var database: String?

        func run() async throws {
            try await reportingFailures {
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("matchpunt-import-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: directory) }
                // A postgres:// URL imports into that (empty or scratch) PostgreSQL database instead.
                var configuration = AppConfiguration()
                configuration.databasePath = database ?? directory.appendingPathComponent("import.sqlite").path
                let opened = try await AppServices.openDatabase(configuration)
                defer { opened.close() }
                let store = opened.repositories
                let feed = try await store.insert(FeedDefinition(name: "bench-\(UUID().uuidString.prefix(8))", url: url, format: FeedFormat.jsonLD.rawValue, kind: .snapshot,
                                                           intervalSeconds: 3600, region: "bench", createdAt: Date()))
                let started = ContinuousClock.now
                guard let run = await FeedImporter(store: store).run(feed, today: CalendarDate(year: 2026, month: 11, day: 22)!) else {
                    throw StartupError("the import run could not be recorded")
                }
                let elapsed = ContinuousClock.now - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                print(String(format: "import %@: %.2f s, %d bytes, new %d, quarantined %d", run.status.rawValue, seconds, run.bytes, run.counts.new, run.counts.quarantined)
                      + (run.message.map { " — \($0)" } ?? ""))
            }
        }
    }
}
