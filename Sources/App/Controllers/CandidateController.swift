import Domain
import Foundation
import Hummingbird
import Repositories
import Services

/// `/api/v1/candidates`, `/api/v1/vacancies`: records for staff. Every view of a candidate is audited.
struct RecordController {
    let store: any CandidateRepository & VacancyRepository
    let audit: AuditLog

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("candidates/:id") { _, context -> Candidate in
            let id = try context.parameters.require("id")
            guard let candidate = try await store.candidate(id: id) else { throw HTTPError(.notFound, message: "candidate \(id) not found") }
            try await audit.record(.view, by: context.auditActor, candidate: id)
            return candidate
        }
        api.get("vacancies/:id") { _, context -> Vacancy in
            let id = try context.parameters.require("id", as: Int64.self)
            guard let vacancy = try await store.vacancy(id: id) else { throw HTTPError(.notFound, message: "vacancy \(id) not found") }
            return vacancy
        }
    }
}

extension Candidate: ResponseEncodable {}
extension Vacancy: ResponseEncodable {}
