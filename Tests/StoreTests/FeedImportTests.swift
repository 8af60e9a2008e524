import Domain
import Foundation
import GRDB
import Repositories
import Store
import Testing

/// The import's one transaction per run, against both stores.
struct FeedFixture {
    let store: any TestableStore
    let feed: FeedDefinition
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func with(_ kind: StoreKind, _ body: (FeedFixture) async throws -> Void) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            let feed = try await store.insert(FeedDefinition(name: "werkzoeken-drechtsteden", url: "https://example.org/feed.json", format: "jsonld",
                                                             kind: .snapshot, intervalSeconds: 3600, region: "Drechtsteden", createdAt: Date(timeIntervalSince1970: 1_790_000_000)))
            try await body(FeedFixture(store: store, feed: feed))
        }
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
}

@Suite struct FeedImportTests {
    @Test(arguments: StoreKind.allCases) func countsNewUnchangedAndUpdated(kind: StoreKind) async throws {
        try await FeedFixture.with(kind) { f in
            let first = try await f.run([f.incoming("a"), f.incoming("b")])
            #expect(first.counts == ImportCounts(new: 2))
            #expect(first.status == .succeeded)
            let second = try await f.run([f.incoming("a"), f.incoming("b", title: "Productiemedewerker metaal")])
            #expect(second.counts == ImportCounts(new: 0, updated: 1, unchanged: 1))
            #expect(try await f.store.vacancies().map(\.title).sorted() == ["Productiemedewerker", "Productiemedewerker metaal"])
            // One employer created from the feed's name, reused.
            #expect(try await f.store.employers().count == 1)
            #expect(try await f.store.feed(id: f.feed.id)?.etag == "\"v1\"")
        }
    }

    @Test(arguments: StoreKind.allCases) func snapshotClosesWhatItNoLongerLists(kind: StoreKind) async throws {
        try await FeedFixture.with(kind) { f in
            _ = try await f.run([f.incoming("a"), f.incoming("b"), f.incoming("c")])
            let second = try await f.run([f.incoming("a"), f.incoming("b")])
            #expect(second.counts.closed == 1)
            #expect(try await f.store.vacancies(status: .open).map(\.externalId).sorted() == ["a", "b"])
            // Reappearing reopens it.
            let third = try await f.run([f.incoming("a"), f.incoming("b"), f.incoming("c")])
            #expect(third.counts.updated == 1)
            #expect(try await f.store.vacancies(status: .open).count == 3)
        }
    }

    @Test(arguments: StoreKind.allCases) func aShrunkenSnapshotClosesNothingAndIsFlagged(kind: StoreKind) async throws {
        try await FeedFixture.with(kind) { f in
            _ = try await f.run((1...10).map { f.incoming("v\($0)") })
            let shrunk = try await f.run([f.incoming("v1"), f.incoming("v2")])
            #expect(shrunk.status == .flaggedForReview)
            #expect(shrunk.counts.closed == 0)
            #expect(try await f.store.vacancies(status: .open).count == 10)
            #expect(shrunk.message?.contains("ter controle") == true)
        }
    }

    @Test(arguments: StoreKind.allCases) func aTruncatedBodyClosesNothing(kind: StoreKind) async throws {
        try await FeedFixture.with(kind) { f in
            _ = try await f.run([f.incoming("a"), f.incoming("b")])
            let partial = try await f.run([f.incoming("a")], complete: false)
            #expect(partial.status == .partial)
            #expect(partial.counts.closed == 0)
            #expect(try await f.store.vacancies(status: .open).count == 2)
        }
    }

    /// One rule for both stores (FeedRunRules): a record quarantined in this run is still listed by the feed, so
    /// its vacancy stays open in its last good version; only what is gone closes.
    @Test(arguments: StoreKind.allCases) func aQuarantinedRecordStillListedKeepsItsVacancyOpen(kind: StoreKind) async throws {
        try await FeedFixture.with(kind) { f in
            _ = try await f.run([f.incoming("a"), f.incoming("b"), f.incoming("c"), f.incoming("d")])
            let next = try await f.run([f.incoming("b"), f.incoming("d")],
                                       quarantined: [QuarantinedRecord(externalId: "a", reason: "startdatum onleesbaar", raw: "morgen ofzo")])
            #expect(next.status == .partial)
            #expect(next.counts.closed == 1)
            #expect(next.message?.contains("in quarantaine maar nog in de feed") == true, "\(next.message ?? "")")
            let statuses = Dictionary(uniqueKeysWithValues: try await f.store.vacancies().map { ($0.externalId, $0.status) })
            #expect(statuses == ["a": .open, "b": .open, "c": .closed, "d": .open])
        }
    }

    @Test(arguments: StoreKind.allCases) func quarantinedRecordsAreKeptWithTheirReason(kind: StoreKind) async throws {
        try await FeedFixture.with(kind) { f in
            let bad = QuarantinedRecord(externalId: nil, reason: "titel ontbreekt", raw: #"{"@type":"JobPosting"}"#)
            let result = try await f.run([f.incoming("a"), f.incoming("a", title: "dubbel")], quarantined: [bad])
            #expect(result.status == .partial)
            #expect(result.counts.new == 1)
            #expect(result.counts.quarantined == 2)
            let kept = try await f.store.quarantinedRecords(importRunId: result.id)
            #expect(kept.first == bad)
            #expect(kept.last?.reason.contains("dubbel extern id") == true)
        }
    }

    @Test(arguments: StoreKind.allCases) func aFailedRunChangesNoVacancyAndCountsTowardsBackOff(kind: StoreKind) async throws {
        try await FeedFixture.with(kind) { f in
            _ = try await f.run([f.incoming("a")])
            let before = try await f.store.vacancies()
            let failed = try await f.store.recordRun(feed: f.feed, status: .failed, startedAt: f.now, finishedAt: f.now, fetch: FetchFacts(httpStatus: 500, bytes: 0), message: "HTTP 500")
            #expect(failed.status == .failed)
            #expect(try await f.store.vacancies() == before)
            #expect(try await f.store.feed(id: f.feed.id)?.consecutiveFailures == 1)
            _ = try await f.store.recordRun(feed: f.feed, status: .unchanged, startedAt: f.now, finishedAt: f.now, fetch: FetchFacts(httpStatus: 304, bytes: 0), message: nil)
            #expect(try await f.store.feed(id: f.feed.id)?.consecutiveFailures == 0)
            #expect(try await f.store.importRuns(feedId: f.feed.id).map(\.status) == [.unchanged, .failed, .succeeded])
        }
    }

    @Test(arguments: StoreKind.allCases) func deltaFeedsNeverCloseByAbsence(kind: StoreKind) async throws {
        try await FeedFixture.with(kind) { f in
            let delta = try await f.store.insert(FeedDefinition(name: "delta", url: "https://example.org/d.xml", format: "indeed-xml", kind: .delta,
                                                        intervalSeconds: 600, region: "Twente", createdAt: f.now))
            _ = try await f.run([f.incoming("x"), f.incoming("y")], feed: delta)
            let second = try await f.run([f.incoming("z")], feed: delta)
            #expect(second.counts == ImportCounts(new: 1))
            #expect(try await f.store.vacancies(status: .open).count == 3)
        }
    }

    @Test(arguments: StoreKind.allCases) func employersAreMatchedByKvKThenName(kind: StoreKind) async throws {
        try await FeedFixture.with(kind) { f in
            let known = try await f.store.insert(Employer(id: 0, name: "Zorggroep Wierden", kvkNumber: KvKNumber("12345678")))
            _ = try await f.run([f.incoming("a", employer: "Zorggroep Wierden B.V.", kvk: "12345678"), f.incoming("b", employer: "zorggroep wierden")])
            let vacancies = try await f.store.vacancies()
            #expect(vacancies.allSatisfy { $0.employerId == known.id })
        }
    }

    /// A feed names its employers in every posting; each repeat resolves as the first one did, on both stores — also
    /// a KvK number without a name after the record that created that employer in the same run.
    @Test(arguments: StoreKind.allCases) func employersRepeatedInOneRunResolveAlike(kind: StoreKind) async throws {
        try await FeedFixture.with(kind) { f in
            _ = try await f.run([f.incoming("a", employer: "Bakkerij Dijk"), f.incoming("b", employer: "Bakkerij Dijk"),
                                 f.incoming("d", employer: "Transport Hof", kvk: "87654321"), f.incoming("f", employer: " bakkerij dijk "),
                                 f.incoming("g", employer: "Transport Hof", kvk: "87654321"), f.incoming("h", employer: "", kvk: "87654321"),
                                 f.incoming("i", employer: "", kvk: "11223344")])
            let employerOf = Dictionary(uniqueKeysWithValues: try await f.store.vacancies().map { ($0.externalId, $0.employerId) })
            #expect(employerOf["a"]! != nil)
            #expect(employerOf["b"]! == employerOf["a"]!)
            #expect(employerOf["f"]! == employerOf["a"]!)
            #expect(employerOf["d"]! != nil && employerOf["d"]! != employerOf["a"]!)
            #expect(employerOf["g"]! == employerOf["d"]!)
            #expect(employerOf["h"]! == employerOf["d"]!)
            #expect(employerOf["i"]! == nil)  // an unknown KvK number without a name makes no employer
            #expect(try await f.store.employers().count == 2)
        }
    }

    /// Every vacancy a run writes or closes is in the change log once, so the match index follows the run.
    @Test(arguments: StoreKind.allCases) func aRunLogsEachVacancyItWritesOrCloses(kind: StoreKind) async throws {
        try await FeedFixture.with(kind) { f in
            _ = try await f.run([f.incoming("a"), f.incoming("b"), f.incoming("c")])
            let afterFirst = try await f.store.changes(after: 0, limit: 100)
            let ids = Dictionary(uniqueKeysWithValues: try await f.store.vacancies().map { ($0.externalId, String($0.id)) })
            #expect(afterFirst.filter { $0.entity == .vacancy }.map(\.entityId).sorted() == [ids["a"]!, ids["b"]!, ids["c"]!].sorted())
            let last = afterFirst.map(\.sequence).max() ?? 0
            let second = try await f.run([f.incoming("a"), f.incoming("b", title: "Productiemedewerker metaal")])
            #expect(second.counts.closed == 1)
            let afterSecond = try await f.store.changes(after: last, limit: 100).filter { $0.entity == .vacancy }.map(\.entityId)
            #expect(afterSecond.sorted() == [ids["b"]!, ids["c"]!].sorted())
        }
    }

    @Test(arguments: StoreKind.allCases) func feedsAreUniqueByNameAndRemovable(kind: StoreKind) async throws {
        try await FeedFixture.with(kind) { f in
            await #expect(throws: StoreError.conflict("a feed named werkzoeken-drechtsteden already exists")) { try await f.store.insert(f.feed) }
            _ = try await f.run([f.incoming("a")])
            #expect(try await f.store.removeFeed(named: f.feed.name))
            #expect(try await f.store.feeds().isEmpty)
            #expect(try await f.store.vacancies().count == 1)
        }
    }

    /// The import binds each column itself (no argument array): every field of a new and of an updated vacancy
    /// reads back as it was given, including the empty ones.
    @Test(arguments: StoreKind.allCases) func everyFieldOfAnInsertedAndAnUpdatedVacancyReadsBack(kind: StoreKind) async throws {
        try await FeedFixture.with(kind) { f in
            let given = f.incoming("full")
            _ = try await f.run([given])
            var expected = given.vacancy
            expected.source = f.feed.name
            let stored = try #require(try await f.store.vacancies().first)
            expected.id = stored.id
            expected.employerId = stored.employerId
            #expect(stored.employerId != nil)
            #expect(stored == expected)

            var changed = given.vacancy
            changed.title = "Schoonmaker"
            changed.occupation = nil
            changed.requiredSkills = []
            changed.optionalSkills = ["skill-d", "skill \"e\""]
            changed.postcode = nil
            changed.hours = WeeklyHours(min: 0, max: 40)!
            changed.contractMonths = nil
            changed.startDate = nil
            changed.hourlyWage = nil
            changed.suitableForBanenafspraak = false
            changed.demands = []
            changed.requiredLicences = [.c, .ce]
            changed.minimumEducation = nil
            changed.minimumDutchLevel = nil
            changed.status = .closed
            changed.validThrough = nil
            let update = try await f.run([IncomingVacancy(vacancy: changed, employerName: nil, employerKvK: nil, contentHash: "full|2")])
            #expect(update.counts.updated == 1)
            changed.id = stored.id
            changed.source = f.feed.name
            changed.employerId = nil
            #expect(try await f.store.vacancy(id: stored.id) == changed)
        }
    }

    /// A bulk import into a table it at least doubles drops the vacancy indexes and builds them again in its
    /// transaction: afterwards the same indexes (names and definitions) are there, and the file is sound.
    @Test func aBulkImportLeavesTheVacancyIndexesAsTheMigrationsDefineThem() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("bulk.sqlite")
        let store = try MatchpuntStore(path: path)
        let feed = try await store.insert(FeedDefinition(name: "bulk", url: "https://example.org/feed.json", format: "jsonld", kind: .snapshot,
                                                         intervalSeconds: 3600, region: "Drechtsteden", createdAt: Date(timeIntervalSince1970: 1_790_000_000)))
        let reader = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        func indexes() throws -> [String] {
            try reader.read { db in
                try String.fetchAll(db, sql: "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'vacancy' AND sql IS NOT NULL ORDER BY name")
            }
        }
        func integrity() throws -> [String] { try reader.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } }
        let before = try indexes()
        #expect(before.count >= 4)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        func run(_ ids: Range<Int>) async throws -> ImportRun {
            let records = ids.map { i -> IncomingVacancy in
                var vacancy = Sample.vacancy(employerId: nil, externalId: "B-\(i)")
                vacancy.status = i % 3 == 0 ? .closed : .open
                return IncomingVacancy(vacancy: vacancy, employerName: "Werkgever \(i % 7)", employerKvK: nil, contentHash: "B-\(i)")
            }
            return try await store.applyImport(feed: try #require(try await store.feed(id: feed.id)), startedAt: now, finishedAt: now,
                                               fetch: FetchFacts(httpStatus: 200, bytes: 1), vacancies: records, quarantined: [])
        }
        let bulk = try await run(0..<12_000)
        #expect(bulk.counts.new == 12_000)
        #expect(try indexes() == before)
        #expect(try integrity() == ["ok"])
        #expect(try await store.vacancies(status: .closed).count == 4_000)
        // A later, smaller run (no rebuild) keeps them too.
        let later = try await run(0..<12_500)
        #expect(later.counts.new == 500)
        #expect(try indexes() == before)
        #expect(try integrity() == ["ok"])
    }
}
