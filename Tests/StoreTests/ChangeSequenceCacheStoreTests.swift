import Domain
import Foundation
import Repositories
@testable import Store
@testable import StorePostgres
import Testing

/// Issue 14's page timings on both stores: the partial index behind the vacancies-without-location page (its
/// plan), quotes in the change log, and the counts cached per change-log sequence number staying right when
/// another store instance on the same database (standing for another process) writes.
@Suite struct ChangeSequenceCacheStoreTests {
    @Test(arguments: StoreKind.allCases) func vacanciesWithoutLocationAreReadThroughThePartialIndex(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            #expect(try await store.appliedMigrations().contains("vacancy-location-1 partial index of open vacancies without a postcode"))
            let (count, page) = switch kind {
            case .sqlite: (MatchpuntStore.withoutLocationCountSQL, MatchpuntStore.withoutLocationPageSQL)
            case .postgres: (PostgresStore.withoutLocationCountSQL, PostgresStore.withoutLocationPageSQL)
            }
            let countPlan = try await store.queryPlanForTesting(count, arguments: [])
            let pagePlan = try await store.queryPlanForTesting(page, arguments: [50, 100])
            #expect(countPlan.contains("vacancy_without_postcode"), "\(countPlan)")
            #expect(pagePlan.contains("vacancy_without_postcode"), "\(pagePlan)")
            // No sort step: the index gives id order (SQLite says "TEMP B-TREE", PostgreSQL "Sort").
            #expect(!pagePlan.contains("TEMP B-TREE") && !pagePlan.contains("Sort"), "\(pagePlan)")
            #expect(!countPlan.contains("Seq Scan") && !countPlan.contains("SCAN vacancy"), "\(countPlan)")

            // The rows: only open ones without a postcode, by id, paged.
            let employer = try await store.insert(Sample.employer)
            var ids: [Int64] = []
            for number in 1...5 {
                var vacancy = Sample.vacancy(employerId: employer.id, externalId: "N-\(number)")
                vacancy.postcode = nil
                ids.append(try await store.insert(vacancy).id)
            }
            _ = try await store.insert(Sample.vacancy(employerId: employer.id, externalId: "located"))
            var closed = Sample.vacancy(employerId: employer.id, externalId: "closed")
            (closed.postcode, closed.status) = (nil, .closed)
            _ = try await store.insert(closed)
            let first = try await store.openVacanciesWithoutLocation(limit: 2, offset: 0)
            #expect(first.total == 5 && first.vacancies.map(\.id) == Array(ids[0..<2]))
            #expect(try await store.openVacanciesWithoutLocation(limit: 2, offset: 4).vacancies.map(\.id) == [ids[4]])
        }
    }

    @Test(arguments: StoreKind.allCases) func everyQuoteStatusChangeIsInTheChangeLog(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            try await store.save(Sample.candidate())
            let employer = try await store.insert(Sample.employer)
            let vacancy = try await store.insert(Sample.vacancy(employerId: employer.id))
            let before = try await store.latestChangeSequence()
            let draft = try await store.insertDraft(NewQuoteDraft(candidateId: "K00001", vacancyId: vacancy.id, employerId: employer.id, supersedesId: nil,
                                                                  snapshot: Data("{}".utf8), contentHash: "h", createdAt: Date(), createdBy: "adviseur"))
            _ = try await store.replaceDraft(id: draft.id, snapshot: Data("{\"a\":1}".utf8), contentHash: "h2", by: "adviseur", at: Date())
            _ = try await store.issue(id: draft.id, year: 2026, QuoteIssue(
                issuedAt: Date(), issuedBy: "adviseur", validUntil: CalendarDate(year: 2027, month: 1, day: 1)!, tokenHash: "t",
                finalize: { _, _ in (Data("{}".utf8), "h3") }))
            _ = try await store.transition(id: draft.id, to: .withdrawn, from: [.issued], by: "adviseur", at: Date(), reason: "test")
            // Made, re-run, issued, withdrawn: four rows, each in the transaction of its change.
            let logged = try await store.changes(after: before, limit: 100)
            #expect(logged.map(\.entity) == [.quote, .quote, .quote, .quote])
            #expect(Set(logged.map(\.entityId)) == [String(draft.id)])
            #expect(try await store.latestChangeSequence() == logged.last?.sequence)
        }
    }

    @Test(arguments: StoreKind.allCases) func cachedCountsFollowWritesOfAnotherInstance(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let reader = try await fixture.open()
            let writer = try await fixture.open()
            try await writer.save(Sample.candidate("K00001"))
            let employer = try await writer.insert(Sample.employer)
            #expect(try await reader.counts() == StoreCounts(candidates: 1, employers: 1, vacancies: 0, openVacancies: 0, feeds: 0, quotes: 0))
            #expect(try await reader.counts().candidates == 1)  // from the cache, still right
            try await writer.save(Sample.candidate("K00002"))
            let vacancy = try await writer.insert(Sample.vacancy(employerId: employer.id))
            #expect(try await reader.counts() == StoreCounts(candidates: 2, employers: 1, vacancies: 1, openVacancies: 1, feeds: 0, quotes: 0))
            var closed = vacancy
            closed.status = .closed
            try await writer.update(closed)
            #expect(try await reader.counts().openVacancies == 0)
            #expect(try await writer.removeCandidate(id: "K00001"))
            #expect(try await reader.counts().candidates == 1)
            // Employers are not change-logged: counted on every call.
            _ = try await writer.insert(Employer(id: 0, name: "Tweede B.V.", kvkNumber: KvKNumber("90004567")))
            #expect(try await reader.counts().employers == 2)
        }
    }

    @Test(arguments: StoreKind.allCases) func cachedSearchTotalsFollowWritesOfAnotherInstance(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let reader = try await fixture.open()
            let writer = try await fixture.open()
            for id in ["K00001", "K00002", "K00003"] { try await writer.save(Sample.candidate(id)) }
            var query = CandidateQuery(ladderRung: 3, limit: 2, offset: 0)
            let first = try await reader.searchCandidates(query)
            #expect(first.total == 3 && first.candidates.map(\.id) == ["K00001", "K00002"])
            query.offset = 2
            let second = try await reader.searchCandidates(query)  // the total from the cache, the page read
            #expect(second.total == 3 && second.candidates.map(\.id) == ["K00003"])
            var other = Sample.candidate("K00004")
            other.ladderRung = .paidWork
            try await writer.save(other)
            #expect(try await reader.searchCandidates(query).total == 3)
            try await writer.save(Sample.candidate("K00005"))
            #expect(try await reader.searchCandidates(query).total == 4)
            #expect(try await reader.searchCandidates(CandidateQuery(limit: 10)).total == 5)
            _ = try await writer.setCandidateActive(id: "K00005", active: false, expectedVersion: nil)
            #expect(try await reader.searchCandidates(query).total == 3)
        }
    }

    @Test func aCacheKeepsValuesOfTheNewestSequenceOnly() async throws {
        let cache = ChangeSequenceCache<String, Int>(capacity: 2)
        cache.store(1, for: "a", at: 5)
        #expect(cache.value(for: "a", at: 5) == 1)
        #expect(cache.value(for: "a", at: 6) == nil)
        cache.store(2, for: "a", at: 6)
        #expect(cache.value(for: "a", at: 5) == nil)
        // A value computed at an older sequence (a slow request) does not replace the newer entries.
        cache.store(9, for: "b", at: 5)
        #expect(cache.value(for: "b", at: 5) == nil && cache.value(for: "a", at: 6) == 2)
        // Full: the entries are dropped, the new one kept.
        cache.store(3, for: "b", at: 6)
        cache.store(4, for: "c", at: 6)
        #expect(cache.value(for: "c", at: 6) == 4 && cache.value(for: "a", at: 6) == nil)
        var computed = 0
        for _ in 0..<3 {
            let value = try await cache.value(for: "d", at: 7) {
                computed += 1
                return 10
            }
            #expect(value == 10)
        }
        #expect(computed == 1)
    }
}
