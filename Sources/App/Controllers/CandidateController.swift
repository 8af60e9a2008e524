import Domain
import Foundation
import Hummingbird
import Store

/// `/api/v1/candidates`, `/api/v1/vacancies`: records for staff. Every view of a candidate is audited.
struct RecordController {
    let store: MatchpuntStore

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("candidates/:id") { _, context -> Candidate in
            let id = try context.parameters.require("id")
            guard let candidate = try store.candidate(id: id) else { throw HTTPError(.notFound, message: "candidate \(id) not found") }
            try audit(context, action: "view", candidate: id)
            return candidate
        }
        api.get("vacancies/:id") { _, context -> Vacancy in
            let id = try context.parameters.require("id", as: Int64.self)
            guard let vacancy = try store.vacancy(id: id) else { throw HTTPError(.notFound, message: "vacancy \(id) not found") }
            return vacancy
        }
    }

    func audit(_ context: AppRequestContext, action: String, candidate id: String, detail: String? = nil) throws {
        try store.record(AuditEvent(at: Date(), actor: context.identity?.username ?? "?", action: action,
                                    subjectType: "candidate", subjectId: id, detail: detail))
    }
}

extension Candidate: ResponseEncodable {}
extension Vacancy: ResponseEncodable {}
