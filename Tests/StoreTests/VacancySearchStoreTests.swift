import Domain
import Foundation
import Repositories
import Testing

/// Vacancy and employer search, and the reserved `manual` source, on both stores.
@Suite struct VacancySearchStoreTests {
    @Test(arguments: StoreKind.allCases) func searchesNarrowCountAndPage(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            let employer = try await store.insert(Sample.employer)
            let first = try await store.insert(Sample.vacancy(employerId: employer.id))
            var other = Sample.vacancy(employerId: nil, externalId: "V-2")
            other.title = "Heftruckchauffeur 100% (m/v)"
            other.status = .closed
            let second = try await store.insert(other)
            #expect(try await store.searchVacancies(VacancyQuery()).total == 2)
            #expect(try await store.searchVacancies(VacancyQuery(text: "SCHOONMAAK medewerker")).items.map(\.id) == [first.id])
            #expect(try await store.searchVacancies(VacancyQuery(text: "100%")).items.map(\.id) == [second.id])
            #expect(try await store.searchVacancies(VacancyQuery(text: "%")).total == 1, "a literal %")
            #expect(try await store.searchVacancies(VacancyQuery(status: .closed)).items.map(\.id) == [second.id])
            #expect(try await store.searchVacancies(VacancyQuery(employerId: employer.id)).items.map(\.id) == [first.id])
            #expect(try await store.searchVacancies(VacancyQuery(source: "handmatig", occupation: "occ-1", limit: 1, offset: 1)).items.map(\.id) == [second.id])
            #expect(try await store.searchEmployers(EmployerQuery(text: "dordrecht")).items == [employer])
            #expect(try await store.searchEmployers(EmployerQuery(kvkNumber: "90001371")).total == 1)
            #expect(try await store.searchEmployers(EmployerQuery(text: "elders")).total == 0)
            // The source `manual` is for staff: no feed may take it.
            await #expect(throws: StoreError.self) {
                try await store.insert(FeedDefinition(name: "Manual", url: "https://example.org/f.json", format: "jsonld", kind: .snapshot,
                                                      intervalSeconds: 3600, region: "x", createdAt: Date()))
            }
        }
    }
}
