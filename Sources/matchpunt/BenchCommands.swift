import App
import ArgumentParser
import Catalog
import Foundation
import Reference

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (build with -c release for figures worth quoting).",
        subcommands: [Rules.self, ReferenceLoad.self, MatchSpeed.self])

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
