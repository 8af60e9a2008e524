import Domain
import Foundation
import Repositories
import Testing

/// The store side of the region rule and of finding deactivated candidates, on both stores: the status filter of
/// a candidate search, and the postcode-area scopes of the employer and vacancy searches.
@Suite struct RegionScopeStoreTests {
    @Test(arguments: StoreKind.allCases) func candidateSearchByStatusMarksTheDeactivated(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            for id in ["S-1", "S-2", "S-3"] { _ = try await store.insertCandidate(Sample.candidate(id)) }
            _ = try await store.setCandidateActive(id: "S-2", active: false, expectedVersion: nil)
            let active = try await store.searchCandidates(CandidateQuery())
            #expect(active.candidates.map(\.id) == ["S-1", "S-3"] && active.total == 2 && active.inactiveIds.isEmpty)
            let inactive = try await store.searchCandidates(CandidateQuery(status: .inactive))
            #expect(inactive.candidates.map(\.id) == ["S-2"] && inactive.total == 1 && inactive.inactiveIds == ["S-2"])
            let all = try await store.searchCandidates(CandidateQuery(status: .all, limit: 2, offset: 1))
            #expect(all.candidates.map(\.id) == ["S-2", "S-3"] && all.total == 3 && all.inactiveIds == ["S-2"])
            // The region scope still narrows.
            #expect(try await store.searchCandidates(CandidateQuery(municipalities: [], status: .all)).total == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func employerAndManualVacancySearchesFollowPostcodeAreas(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            let dordrecht = try await store.insert(Sample.employer)   // 3316 BC
            var elsewhere = Sample.employer
            elsewhere.kvkNumber = KvKNumber("90009999")
            elsewhere.address = Address(street: "Ambachtsweg 1", postcode: Postcode(parsing: "7645 WA")!, city: "Hoge Hexel")
            let hexel = try await store.insert(elsewhere)
            var noAddress = Sample.employer
            noAddress.kvkNumber = KvKNumber("90008888")
            noAddress.address = nil
            _ = try await store.insert(noAddress)
            #expect(try await store.searchEmployers(EmployerQuery()).total == 3)
            #expect(try await store.searchEmployers(EmployerQuery(postcodeAreas: [3316])).items.map(\.id) == [dordrecht.id])
            #expect(try await store.searchEmployers(EmployerQuery(postcodeAreas: [7645, 1000])).items.map(\.id) == [hexel.id])
            #expect(try await store.searchEmployers(EmployerQuery(postcodeAreas: [])).total == 0)

            func vacancy(_ source: String, _ postcode: String?, _ externalId: String) async throws -> Vacancy {
                var v = Sample.vacancy(employerId: nil, externalId: externalId)
                v.source = source
                v.postcode = postcode.flatMap { Postcode(parsing: $0) }
                return try await store.insert(v)
            }
            let manualHere = try await vacancy(Vacancy.manualSource, "3311 KH", "M-1")
            let manualThere = try await vacancy(Vacancy.manualSource, "7641", "M-2")
            let manualNowhere = try await vacancy(Vacancy.manualSource, nil, "M-3")
            let feedThere = try await vacancy("werkzoeken", "7641 AA", "F-1")
            #expect(try await store.searchVacancies(VacancyQuery()).total == 4)
            // Manual vacancies only within the areas; a feed's vacancies whatever their place.
            #expect(try await store.searchVacancies(VacancyQuery(manualPostcodeAreas: [3311])).items.map(\.id) == [manualHere.id, feedThere.id])
            #expect(try await store.searchVacancies(VacancyQuery(manualPostcodeAreas: [7641])).items.map(\.id) == [manualThere.id, feedThere.id])
            #expect(try await store.searchVacancies(VacancyQuery(manualPostcodeAreas: [])).items.map(\.id) == [feedThere.id])
            #expect(try await store.searchVacancies(VacancyQuery()).items.contains { $0.id == manualNowhere.id })
        }
    }
}
