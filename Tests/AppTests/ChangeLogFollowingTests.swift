import Domain
import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdTesting
import Logging
import Matching
import Repositories
import Services
import Store
import Synchronization
import Testing
@testable import App

/// A settable wall clock, so that a test can cross midnight without waiting for it.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ date: Date) { current = Mutex(date) }
    var now: Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
}

/// A copy of `vacancy` as a feed record with a new external id: it matches whoever the original matches.
func feedRecord(copying vacancy: Vacancy, externalId: String, validThrough: CalendarDate? = nil) -> IncomingVacancy {
    var copy = vacancy
    copy.id = 0
    copy.externalId = externalId
    copy.status = .open
    copy.validThrough = validThrough
    return IncomingVacancy(vacancy: copy, employerName: "Cron B.V.", employerKvK: nil, contentHash: "\(externalId)|\(validThrough?.description ?? "-")")
}

/// Polls `condition` until it holds or `limit` has passed; true when it held.
func waitUntil(within limit: Duration, measuring label: String? = nil, _ condition: @Sendable () -> Bool) async throws -> Bool {
    let start = ContinuousClock.now
    let deadline = start + limit
    while !condition() {
        if ContinuousClock.now > deadline { return false }
        try await Task.sleep(for: .milliseconds(50))
    }
    // The bound is generous so a loaded CI machine does not fail the test; the time it took is the figure.
    if let label { print("follow-up: \(label) after \(ContinuousClock.now - start)") }
    return true
}

@Suite struct ChangeLogFollowingTests {
    /// `serve` picks up what a cron `matchpunt import` (here: a second store on the same file, as a second
    /// process would open it) commits, through the real router, and drops a vacancy closed there.
    @Test func serveSeesAVacancyImportedByAnotherProcessWithinTwoSecondsAndDropsItWhenClosed() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let services = try await AppServices.start(configuration, logger: Logger(label: "test"))
        let router = try await buildRouter(services)
        let app = Application(router: router, services: [IndexFollowerService(follower: services.follower, interval: .milliseconds(250))])
        let demoAuthorization = try await demoBearer(configuration)
        let cron = try MatchpuntStore(path: configuration.databasePath)
        let candidateId = "K00001"
        let best = try #require(services.matches.snapshot.topVacancies(forCandidate: candidateId, k: 1).first)
        let template = try #require(try await cron.vacancy(id: best.vacancyId))
        let feed = try await cron.insert(FeedDefinition(name: "cron-feed", url: "https://example.org/cron.json", format: "jsonld", kind: .snapshot,
                                                        intervalSeconds: 3600, region: "Drechtsteden", createdAt: Date()))

        let index = services.matches
        @Sendable func ranked() -> Set<Int64> {
            Set(index.snapshot.topVacancies(forCandidate: candidateId, k: 50).map(\.vacancyId))
        }

        try await app.test(.router) { client in
            let now = Date()
            _ = try await cron.applyImport(feed: feed, startedAt: now, finishedAt: now, fetch: FetchFacts(httpStatus: 200, bytes: 1),
                                           vacancies: [feedRecord(copying: template, externalId: "cron-1"), feedRecord(copying: template, externalId: "cron-2")],
                                           quarantined: [])
            let imported = try await cron.vacancies(status: .open).filter { $0.source == "cron-feed" }.map(\.id)
            #expect(imported.count == 2)
            // The follower polls every 250 ms here, so a change arrives within a poll or two (run alone: well under
            // 2 s). The bound is wider because the whole suite runs in parallel on two cores, where a starved
            // task can wait seconds for a thread; the README states the designed lag.
            let appeared = try await waitUntil(within: .seconds(10)) { ranked().isSuperset(of: imported) }
            #expect(appeared, "the import did not reach the index within 10 s")
            // The API (the real router) answers from the followed index.
            try await client.execute(uri: "/api/v1/candidates/\(candidateId)/matches?top=50", method: .get,
                                     headers: [.authorization: demoAuthorization]) { response in
                #expect(response.status == .ok)
                for id in imported { #expect(String(buffer: response.body).contains(#""vacancyId":\#(id)"#)) }
            }

            // The next snapshot lists only cron-2: cron-1 closes there and disappears here.
            let current = try #require(try await cron.feed(id: feed.id))
            let later = Date()
            let run = try await cron.applyImport(feed: current, startedAt: later, finishedAt: later, fetch: FetchFacts(httpStatus: 200, bytes: 1),
                                                 vacancies: [feedRecord(copying: template, externalId: "cron-2")], quarantined: [])
            #expect(run.counts.closed == 1)
            let closedId = try #require(try await cron.vacancies(status: .closed).first { $0.source == "cron-feed" }?.id)
            let disappeared = try await waitUntil(within: .seconds(10)) { !ranked().contains(closedId) }
            #expect(disappeared, "the closed vacancy stayed in the index")
            #expect(ranked().contains(imported.first { $0 != closedId }!))
        }
    }

    @Test func theIndexCatchesUpFromItsSequenceWithoutARebuild() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let services = try await AppServices.start(configuration, logger: Logger(label: "test"))
        let other = try MatchpuntStore(path: configuration.databasePath)
        let start = services.follower.sequence
        // Removing a candidate elsewhere takes them out of every ranking here after one catch-up.
        let vacancyId = try #require(services.matches.snapshot.topVacancies(forCandidate: "K00002", k: 1).first?.vacancyId)
        #expect(services.matches.snapshot.topCandidates(forVacancy: vacancyId, k: 500).contains { $0.candidateId == "K00002" })
        #expect(try await other.removeCandidate(id: "K00002"))
        #expect(try await services.follower.catchUp() == 1)
        #expect(services.follower.sequence == start + 1)
        #expect(!services.matches.snapshot.topCandidates(forVacancy: vacancyId, k: 500).contains { $0.candidateId == "K00002" })
        #expect(try await services.follower.catchUp() == 0)
    }

    /// A feed run's many changes reach the index in one swap (one new version), however small the batches the log
    /// is read in: every version empties the ranking caches, so ten swaps per run were ten re-renders of every page.
    @Test func manyChangesAreAppliedInOneSwapPerRound() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let store = try MatchpuntStore(path: configuration.databasePath)
        let services = try await AppServices.start(configuration, logger: Logger(label: "test"))
        let follower = try await IndexFollower.start(matcher: services.matcher, repositories: store, batchSize: 3, logger: Logger(label: "test"))
        let vacancies = Array(try await store.vacancies(status: .open).prefix(25))
        for var vacancy in vacancies {
            vacancy.status = .closed
            try await store.update(vacancy)
        }
        let before = follower.index.version
        #expect(try await follower.catchUp() == 25)
        #expect(follower.index.version == before + 1)
        let open = Set(follower.index.snapshot.topVacancies(forCandidate: "K00001", k: 200).map(\.vacancyId))
        #expect(open.isDisjoint(with: vacancies.map(\.id)))
        #expect(try await follower.catchUp() == 0)
        #expect(follower.index.version == before + 1)
    }

    @Test func thePeildatumAdvancesAtMidnightInAmsterdam() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        // 29 November 2026, 23:59:30 in Amsterdam (UTC+1 in winter).
        let clock = TestClock(Date(timeIntervalSince1970: 1_795_993_170))
        let services = try await AppServices.start(configuration, logger: Logger(label: "test"), clock: { clock.now })
        let november29 = CalendarDate(year: 2026, month: 11, day: 29)!
        #expect(services.follower.date == november29)
        #expect(services.matches.snapshot.date == november29)

        // A posting valid through the 29th is matched on the 29th and not on the 30th.
        let other = try MatchpuntStore(path: configuration.databasePath)
        let best = try #require(services.matches.snapshot.topVacancies(forCandidate: "K00001", k: 1).first)
        let template = try #require(try await other.vacancy(id: best.vacancyId))
        let feed = try await other.insert(FeedDefinition(name: "last-day", url: "https://example.org/l.json", format: "jsonld", kind: .delta,
                                                         intervalSeconds: 3600, region: "Drechtsteden", createdAt: Date()))
        _ = try await other.applyImport(feed: feed, startedAt: clock.now, finishedAt: clock.now, fetch: FetchFacts(httpStatus: 200, bytes: 1),
                                        vacancies: [feedRecord(copying: template, externalId: "last-day", validThrough: november29)], quarantined: [])
        let lastDay = try #require(try await other.vacancies(status: .open).first { $0.source == "last-day" }?.id)
        try await services.follower.catchUp()
        #expect(services.matches.snapshot.topVacancies(forCandidate: "K00001", k: 50).contains { $0.vacancyId == lastDay })

        clock.set(clock.now.addingTimeInterval(60))
        try await services.follower.catchUp()
        let november30 = CalendarDate(year: 2026, month: 11, day: 30)!
        #expect(services.follower.date == november30)
        #expect(services.matches.snapshot.date == november30)
        #expect(!services.matches.snapshot.topVacancies(forCandidate: "K00001", k: 50).contains { $0.vacancyId == lastDay })
    }
}
