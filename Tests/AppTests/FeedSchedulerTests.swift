import Domain
import Foundation
import Logging
import ServiceLifecycle
import Store
import Testing
@testable import App
@testable import Feeds

@Suite struct FeedSchedulerTests {
    /// Start and end of each run, per feed name.
    final class RunLog: @unchecked Sendable {
        private let lock = NSLock()
        private var runs: [String: [(Date, Date)]] = [:]
        func add(_ feed: String, _ start: Date, _ end: Date) { lock.withLock { runs[feed, default: []].append((start, end)) } }
        func runs(of feed: String) -> [(Date, Date)] { lock.withLock { runs[feed] ?? [] } }
    }

    @Test func runsFeedsOnTheirIntervalNeverOverlappingAndBacksOffAfterFailures() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scheduler-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try MatchpuntStore(path: directory.appendingPathComponent("s.sqlite").path)
        let healthy = try await store.insert(FeedDefinition(name: "healthy", url: "http://127.0.0.1:1/a", format: "jsonld", kind: .snapshot,
                                                      intervalSeconds: 1, region: "Drechtsteden", createdAt: Date()))
        _ = try await store.insert(FeedDefinition(name: "broken", url: "http://127.0.0.1:1/b", format: "jsonld", kind: .snapshot,
                                            intervalSeconds: 1, region: "Drechtsteden", createdAt: Date()))
        let log = RunLog()
        let logger = Logger(label: "test")
        // A run takes longer than the tick, so an overlapping start would show.
        let scheduler = FeedScheduler(store: store, schedule: ImportSchedule(jitter: 0), tick: .milliseconds(50), logger: logger) { feed in
            let start = Date()
            try? await Task.sleep(for: .milliseconds(300))
            let status: ImportRunStatus = feed.id == healthy.id ? .unchanged : .failed
            // The scheduler counts from the recorded end, so the log keeps that same moment.
            let finished = Date()
            let run = try? await store.recordRun(feed: feed, status: status, startedAt: start, finishedAt: finished,
                                           fetch: FetchFacts(httpStatus: status == .failed ? 500 : 304, bytes: 0), message: nil)
            // A run cancelled by the shutdown may not reach the store; count only the runs the store recorded.
            if run != nil { log.add(feed.name, start, finished) }
            return run
        }
        let group = ServiceGroup(configuration: .init(services: [scheduler], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Wait for four healthy runs (about four seconds), however slowly a busy machine starts the service.
            // Generous: every store call now awaits GRDB and resumes on the cooperative pool, which a parallel suite
            // on a loaded 2-core machine keeps busy; an idle machine needs about four seconds.
            let deadline = ContinuousClock.now + .seconds(300)
            while log.runs(of: "healthy").count < 4 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let healthyRuns = log.runs(of: "healthy")
        let brokenRuns = log.runs(of: "broken")
        // Due at once (never ran), then every ~1.3 s (run + interval).
        #expect(healthyRuns.count >= 4)
        for (previous, next) in zip(healthyRuns, healthyRuns.dropFirst()) {
            #expect(next.0 >= previous.1, "a run started before the previous one ended")
            #expect(next.0.timeIntervalSince(previous.1) >= 0.95, "the interval was not respected")
        }
        // After a failure the wait doubles: 2 s, then 4 s, 8 s … Checked as lower bounds on the gaps, which a
        // slow machine can only lengthen (comparing run counts with the healthy feed was not, under load).
        #expect(brokenRuns.count >= 1)
        for (index, (previous, next)) in zip(brokenRuns, brokenRuns.dropFirst()).enumerated() {
            let backOff = 0.95 * Double(1 << (index + 1))
            #expect(next.0.timeIntervalSince(previous.1) >= backOff, "failure \(index + 1) was retried too soon")
        }
        #expect(try await store.feed(named: "broken")?.consecutiveFailures == brokenRuns.count)
    }

    @Test func backOffDoublesPerFailureUpToTheCap() {
        var random = SystemRandomNumberGenerator()
        let schedule = ImportSchedule(jitter: 0, maximumBackOff: 3600)
        #expect(schedule.delay(interval: 600, consecutiveFailures: 0, using: &random) == 600)
        #expect(schedule.delay(interval: 600, consecutiveFailures: 1, using: &random) == 1200)
        #expect(schedule.delay(interval: 600, consecutiveFailures: 2, using: &random) == 2400)
        #expect(schedule.delay(interval: 600, consecutiveFailures: 5, using: &random) == 3600)
        #expect(schedule.nextRun(after: nil, interval: 600, consecutiveFailures: 0, using: &random) == nil)
        let jittered = ImportSchedule(jitter: 0.1)
        for _ in 0..<100 {
            let delay = jittered.delay(interval: 1000, consecutiveFailures: 0, using: &random)
            #expect((900...1100).contains(delay))
        }
    }
}
