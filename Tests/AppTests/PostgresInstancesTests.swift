import Domain
@testable import Feeds
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresTestSupport
import Repositories
import ServiceLifecycle
import Services
import StorePostgres
import Testing
@testable import App

/// Several `serve` instances on one PostgreSQL database, each with its own services, matching index and
/// follower, as two processes behind a load balancer would have them.
@Suite(.enabled(if: PostgresCluster.unavailableReason == nil, Comment(rawValue: PostgresCluster.unavailableReason ?? "")))
struct PostgresInstancesTests {
    /// Runs `body` with two instances on a fresh database (the first seeds the demo data), their followers
    /// running as in `serve` (1 s poll plus LISTEN/NOTIFY wake-ups); drops the database afterwards.
    func withTwoInstances(_ body: (AppServices, AppServices) async throws -> Void) async throws {
        let location = try await PostgresCluster.shared.createDatabase()
        var (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        configuration.databasePath = "postgres://\(location.username)@\(location.host):\(location.port)/\(location.database)"
        let logger = Logger(label: "test")
        let a = try await AppServices.start(configuration, logger: logger)
        configuration.seedDemoData = false
        let b = try await AppServices.start(configuration, logger: logger)
        let followers = ServiceGroup(configuration: .init(services: [
            IndexFollowerService(follower: a.follower, interval: .seconds(1), wakeUps: a.changeNotifications),
            IndexFollowerService(follower: b.follower, interval: .seconds(1), wakeUps: b.changeNotifications),
        ], logger: logger))
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await followers.run() }
                try await body(a, b)
                await followers.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        } catch {
            try? await PostgresCluster.shared.dropDatabase(location)
            throw error
        }
        try await PostgresCluster.shared.dropDatabase(location)
    }

    /// The login back-off is counted in the shared database: wrong passwords alternated between two instances
    /// are blocked after three in all (with a per-instance count, the fourth would still be checked on B).
    @Test func theLoginBackOffHoldsAcrossInstances() async throws {
        let location = try await PostgresCluster.shared.createDatabase()
        var (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        configuration.databasePath = "postgres://\(location.username)@\(location.host):\(location.port)/\(location.database)"
        // A long first wait, so that a slow machine cannot outlast it between two requests.
        configuration.loginBackoffSeconds = 600
        do {
            let a = try await buildApplication(configuration)
            configuration.seedDemoData = false
            let b = try await buildApplication(configuration)
            try await a.test(.router) { clientA in
                try await b.test(.router) { clientB in
                    var statuses: [HTTPResponse.Status] = []
                    for attempt in 0..<4 {
                        statuses += attempt.isMultiple(of: 2)
                            ? try await SecurityTests.failedLogins(clientA, username: "adviseur", count: 1)
                            : try await SecurityTests.failedLogins(clientB, username: "adviseur", count: 1)
                    }
                    #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests], "A, B, A, B")
                    // Both instances refuse now, for the account from anywhere.
                    #expect(try await SecurityTests.failedLogins(clientA, username: "adviseur", count: 1) == [.tooManyRequests])
                    #expect(try await SecurityTests.failedLogins(clientB, username: "ADVISEUR", count: 1) == [.tooManyRequests])
                }
            }
        } catch {
            try? await PostgresCluster.shared.dropDatabase(location)
            throw error
        }
        try await PostgresCluster.shared.dropDatabase(location)
    }

    @Test func aCandidateCreatedOnAIsMatchedOnBAndAVacancyClosedOnBLeavesA() async throws {
        try await withTwoInstances { a, b in
            // Created through A: a copy of a demo candidate who has matches.
            var candidate = try #require(try await a.repositories.candidate(id: "K00001"))
            #expect(!b.matches.snapshot.topVacancies(forCandidate: "K00001", k: 1).isEmpty)
            candidate.id = "K90001"
            let bIndex = b.matches
            try await a.repositories.save(candidate)
            let matchedOnB = try await waitUntil(within: .seconds(30), measuring: "a candidate created on A is matched on B") { !bIndex.snapshot.topVacancies(forCandidate: "K90001", k: 5).isEmpty }
            #expect(matchedOnB, "the candidate created on A was not matched on B within 30 s (an idle machine: under 1 s)")

            // Imported on B, then closed by B's next snapshot: it appears on A, then leaves A.
            let best = try #require(a.matches.snapshot.topVacancies(forCandidate: "K00001", k: 1).first)
            let template = try #require(try await b.repositories.vacancy(id: best.vacancyId))
            let feed = try await b.repositories.insert(FeedDefinition(name: "b-feed", url: "https://example.org/b.json", format: "jsonld",
                                                                      kind: .snapshot, intervalSeconds: 3600, region: "Drechtsteden", createdAt: Date()))
            _ = try await b.repositories.applyImport(feed: feed, startedAt: Date(), finishedAt: Date(), fetch: FetchFacts(httpStatus: 200, bytes: 1),
                                                     vacancies: [feedRecord(copying: template, externalId: "b-1"), feedRecord(copying: template, externalId: "b-2")],
                                                     quarantined: [])
            let imported = try await b.repositories.vacancies(status: .open).filter { $0.source == "b-feed" }.map(\.id)
            let aIndex = a.matches
            @Sendable func rankedOnA() -> Set<Int64> { Set(aIndex.snapshot.topVacancies(forCandidate: "K00001", k: 50).map(\.vacancyId)) }
            #expect(try await waitUntil(within: .seconds(30), measuring: "B's import ranked on A") { rankedOnA().isSuperset(of: imported) }, "B's import did not reach A within 30 s (an idle machine: under 1 s)")
            let current = try #require(try await b.repositories.feed(id: feed.id))
            let run = try await b.repositories.applyImport(feed: current, startedAt: Date(), finishedAt: Date(), fetch: FetchFacts(httpStatus: 200, bytes: 1),
                                                           vacancies: [feedRecord(copying: template, externalId: "b-2")], quarantined: [])
            #expect(run.counts.closed == 1)
            let closed = try #require(try await b.repositories.vacancies(status: .closed).first { $0.source == "b-feed" }?.id)
            #expect(try await waitUntil(within: .seconds(30), measuring: "a vacancy closed on B leaves A") { !rankedOnA().contains(closed) }, "the vacancy closed on B stayed in A's index")
        }
    }

    /// Both instances schedule the same feed (interval 2 s) for 7 s or more: runs never overlap, and it runs
    /// once per interval in all, not once per interval per instance.
    @Test func aFeedScheduledOnBothInstancesRunsOncePerInterval() async throws {
        try await withTwoInstances { a, b in
            let feed = try await a.repositories.insert(FeedDefinition(name: "shared-feed", url: "https://example.org/s.json", format: "jsonld",
                                                                      kind: .delta, intervalSeconds: 2, region: "Drechtsteden", createdAt: Date()))
            let runs = Shared<[(instance: String, start: Date, end: Date)]>([])
            let logger = Logger(label: "test")
            func scheduler(_ name: String, _ services: AppServices) -> FeedScheduler {
                let repositories = services.repositories
                let imports = FeedImports(leases: repositories, holder: name, logger: logger,
                                          runFeed: AppServices.unlessRanRecently(repositories) { feed in
                    let start = Date()
                    try? await Task.sleep(for: .milliseconds(200))
                    let finished = Date()
                    let run = try? await repositories.recordRun(feed: feed, status: .unchanged, startedAt: start, finishedAt: finished,
                                                                fetch: FetchFacts(httpStatus: 304, bytes: 0), message: nil)
                    // A run cancelled by the shutdown may not reach the store; count only the runs the store recorded.
                    if run != nil { runs.withLock { $0.append((name, start, finished)) } }
                    return run
                })
                return FeedScheduler(store: repositories, schedule: ImportSchedule(jitter: 0), tick: .milliseconds(50), logger: logger) { feed in
                    guard case .ran(let run) = try? await imports.run(feed) else { return nil }
                    return run
                }
            }
            let group = ServiceGroup(configuration: .init(services: [scheduler("a", a), scheduler("b", b)], logger: logger))
            let started = Date()
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                // At least 7 s and until three runs are recorded (at most 120 s): on a loaded machine the schedulers
                // start late, and a fixed 7 s window once saw a single run. The checks below hold for any window.
                let deadline = Date().addingTimeInterval(120)
                try await Task.sleep(for: .seconds(7))
                while runs.withLock({ $0.count }) < 3 && Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let elapsed = Date().timeIntervalSince(started)
            let all = runs.withLock { $0 }.sorted { $0.start < $1.start }
            #expect(all.count >= 2, "\(all)")
            // At most one run per 90% of the interval, counted over both instances.
            #expect(Double(all.count) <= elapsed / 1.8 + 1, "\(all.count) runs in \(elapsed) s: \(all.map(\.instance))")
            for (previous, next) in zip(all, all.dropFirst()) {
                #expect(next.start >= previous.end, "two runs overlapped")
                #expect(next.start.timeIntervalSince(previous.end) >= 1.6, "ran again within the interval: \(previous.instance) then \(next.instance)")
            }
            #expect(try await a.repositories.importRuns(feedId: feed.id, limit: 100).count == all.count)
        }
    }
}
