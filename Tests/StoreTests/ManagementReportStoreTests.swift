import Domain
import Foundation
import Repositories
import Testing

/// The management overview's reads and the vacancies-without-location page, on both stores.
@Suite struct ManagementReportStoreTests {
    @Test(arguments: StoreKind.allCases) func groupedCountsQuoteHistoryAndUnlocatedVacancies(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            var elsewhere = Sample.candidate("K00003")
            elsewhere.municipality = "Zwijndrecht"
            for candidate in [Sample.candidate("K00001"), Sample.candidate("K00002"), elsewhere] { try await store.save(candidate) }
            let counts = try await store.candidateCounts(municipalities: nil).sorted { $0.municipality < $1.municipality }
            #expect(counts.map(\.municipality) == ["Dordrecht", "Zwijndrecht"])
            #expect(counts.map(\.count) == [2, 1])
            #expect(try await store.candidateCounts(municipalities: ["Zwijndrecht"]).map(\.count) == [1])
            #expect(try await store.candidateCounts(municipalities: []).isEmpty)

            let employer = try await store.insert(Sample.employer)
            let located = try await store.insert(Sample.vacancy(employerId: employer.id))
            var nowhere = Sample.vacancy(employerId: employer.id, externalId: "V-2")
            nowhere.postcode = nil
            let unlocated = try await store.insert(nowhere)
            let page = try await store.openVacanciesWithoutLocation(limit: 10, offset: 0)
            #expect(page.total == 1 && page.vacancies.map(\.id) == [unlocated.id])
            #expect(try await store.openVacanciesWithoutLocation(limit: 10, offset: 1).vacancies.isEmpty)

            let draft = try await store.insertDraft(NewQuoteDraft(candidateId: "K00001", vacancyId: located.id, employerId: employer.id, supersedesId: nil,
                                                                  snapshot: Data("{}".utf8), contentHash: "h", createdAt: Date(timeIntervalSince1970: 1_790_000_000),
                                                                  createdBy: "adviseur"))
            let changes = try await store.quoteStatusChanges(from: Date(timeIntervalSince1970: 1_789_999_999), to: Date(timeIntervalSince1970: 1_790_000_001))
            #expect(changes.map(\.to) == [.draft] && changes.first?.quoteId == draft.id)
            #expect(try await store.quoteStatusChanges(from: Date(timeIntervalSince1970: 1_790_000_001), to: Date(timeIntervalSince1970: 1_800_000_000)).isEmpty)
            #expect(try await store.quotes(ids: [draft.id, 999]).map(\.id) == [draft.id])
            #expect(try await store.quotes(ids: []).isEmpty)
        }
    }
}
