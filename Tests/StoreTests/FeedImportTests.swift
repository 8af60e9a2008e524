import Domain
import Foundation
import Store
import Testing

@Suite struct FeedImportTests {
    let directory: TemporaryDirectory
    let store: MatchpuntStore
    let feed: FeedDefinition
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    init() async throws {
        directory = try TemporaryDirectory()
        store = try MatchpuntStore(path: directory.path("feeds.sqlite"))
        feed = try await store.insert(FeedDefinition(name: "werkzoeken-drechtsteden", url: "https://example.org/feed.json", format: "jsonld",
                                               kind: .snapshot, intervalSeconds: 3600, region: "Drechtsteden", createdAt: Date(timeIntervalSince1970: 1_790_000_000)))
    }

    func incoming(_ id: String, title: String = "Productiemedewerker", employer: String = "Metaal Dordrecht B.V.", kvk: String? = nil) -> IncomingVacancy {
        var vacancy = Sample.vacancy(employerId: nil, externalId: id)
        vacancy.title = title
        return IncomingVacancy(vacancy: vacancy, employerName: employer, employerKvK: kvk.flatMap { KvKNumber($0) }, contentHash: "\(id)|\(title)")
    }

    func run(_ records: [IncomingVacancy], quarantined: [QuarantinedRecord] = [], complete: Bool = true, feed: FeedDefinition? = nil) async throws -> ImportRun {
        let current = try await store.feed(id: (feed ?? self.feed).id)!
        return try await store.applyImport(feed: current, startedAt: now, finishedAt: now.addingTimeInterval(2),
                                     fetch: FetchFacts(httpStatus: 200, bytes: 1000, etag: "\"v1\""), vacancies: records,
                                     quarantined: quarantined, completeBody: complete)
    }

    @Test func countsNewUnchangedAndUpdated() async throws {
        let first = try await run([incoming("a"), incoming("b")])
        #expect(first.counts == ImportCounts(new: 2))
        #expect(first.status == .succeeded)
        let second = try await run([incoming("a"), incoming("b", title: "Productiemedewerker metaal")])
        #expect(second.counts == ImportCounts(new: 0, updated: 1, unchanged: 1))
        #expect(try await store.vacancies().map(\.title).sorted() == ["Productiemedewerker", "Productiemedewerker metaal"])
        // One employer created from the feed's name, reused.
        #expect(try await store.employers().count == 1)
        #expect(try await store.feed(id: feed.id)?.etag == "\"v1\"")
    }

    @Test func snapshotClosesWhatItNoLongerLists() async throws {
        _ = try await run([incoming("a"), incoming("b"), incoming("c")])
        let second = try await run([incoming("a"), incoming("b")])
        #expect(second.counts.closed == 1)
        #expect(try await store.vacancies(status: .open).map(\.externalId).sorted() == ["a", "b"])
        // Reappearing reopens it.
        let third = try await run([incoming("a"), incoming("b"), incoming("c")])
        #expect(third.counts.updated == 1)
        #expect(try await store.vacancies(status: .open).count == 3)
    }

    @Test func aShrunkenSnapshotClosesNothingAndIsFlagged() async throws {
        _ = try await run((1...10).map { incoming("v\($0)") })
        let shrunk = try await run([incoming("v1"), incoming("v2")])
        #expect(shrunk.status == .flaggedForReview)
        #expect(shrunk.counts.closed == 0)
        #expect(try await store.vacancies(status: .open).count == 10)
        #expect(shrunk.message?.contains("ter controle") == true)
    }

    @Test func aTruncatedBodyClosesNothing() async throws {
        _ = try await run([incoming("a"), incoming("b")])
        let partial = try await run([incoming("a")], complete: false)
        #expect(partial.status == .partial)
        #expect(partial.counts.closed == 0)
        #expect(try await store.vacancies(status: .open).count == 2)
    }

    @Test func quarantinedRecordsAreKeptWithTheirReason() async throws {
        let bad = QuarantinedRecord(externalId: nil, reason: "titel ontbreekt", raw: #"{"@type":"JobPosting"}"#)
        let result = try await run([incoming("a"), incoming("a", title: "dubbel")], quarantined: [bad])
        #expect(result.status == .partial)
        #expect(result.counts.new == 1)
        #expect(result.counts.quarantined == 2)
        let kept = try await store.quarantinedRecords(importRunId: result.id)
        #expect(kept.first == bad)
        #expect(kept.last?.reason.contains("dubbel extern id") == true)
    }

    @Test func aFailedRunChangesNoVacancyAndCountsTowardsBackOff() async throws {
        _ = try await run([incoming("a")])
        let before = try await store.vacancies()
        let failed = try await store.recordRun(feed: feed, status: .failed, startedAt: now, finishedAt: now, fetch: FetchFacts(httpStatus: 500, bytes: 0), message: "HTTP 500")
        #expect(failed.status == .failed)
        #expect(try await store.vacancies() == before)
        #expect(try await store.feed(id: feed.id)?.consecutiveFailures == 1)
        _ = try await store.recordRun(feed: feed, status: .unchanged, startedAt: now, finishedAt: now, fetch: FetchFacts(httpStatus: 304, bytes: 0), message: nil)
        #expect(try await store.feed(id: feed.id)?.consecutiveFailures == 0)
        #expect(try await store.importRuns(feedId: feed.id).map(\.status) == [.unchanged, .failed, .succeeded])
    }

    @Test func deltaFeedsNeverCloseByAbsence() async throws {
        let delta = try await store.insert(FeedDefinition(name: "delta", url: "https://example.org/d.xml", format: "indeed-xml", kind: .delta,
                                                    intervalSeconds: 600, region: "Twente", createdAt: now))
        _ = try await run([incoming("x"), incoming("y")], feed: delta)
        let second = try await run([incoming("z")], feed: delta)
        #expect(second.counts == ImportCounts(new: 1))
        #expect(try await store.vacancies(status: .open).count == 3)
    }

    @Test func employersAreMatchedByKvKThenName() async throws {
        let known = try await store.insert(Employer(id: 0, name: "Zorggroep Wierden", kvkNumber: KvKNumber("12345678")))
        _ = try await run([incoming("a", employer: "Zorggroep Wierden B.V.", kvk: "12345678"), incoming("b", employer: "zorggroep wierden")])
        let vacancies = try await store.vacancies()
        #expect(vacancies.allSatisfy { $0.employerId == known.id })
    }

    @Test func feedsAreUniqueByNameAndRemovable() async throws {
        await #expect(throws: StoreError.conflict("a feed named werkzoeken-drechtsteden already exists")) { try await store.insert(feed) }
        _ = try await run([incoming("a")])
        #expect(try await store.removeFeed(named: feed.name))
        #expect(try await store.feeds().isEmpty)
        #expect(try await store.vacancies().count == 1)
    }
}
