import Domain
import Foundation
import Hummingbird
import Repositories
import Services

/// `/api/v1/candidates`, `/api/v1/vacancies`: records for staff. Every view of a candidate is audited.
struct RecordController {
    let records: CandidateRecords
    let intake: CandidateIntake
    let vacancies: VacancyRecords

    struct CandidateList: ResponseEncodable, Encodable {
        var candidates: [Listed]
        var total: Int
        var limit: Int
        var offset: Int
        var status: CandidateStatusFilter
    }

    /// A candidate in a list: the record's fields and whether it is active (a search can include deactivated ones).
    struct Listed: Encodable {
        var candidate: Candidate
        var active: Bool

        enum Keys: String, CodingKey { case active }

        func encode(to encoder: Encoder) throws {
            try candidate.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(active, forKey: .active)
        }
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        // Search within the caller's regions: filters narrow, `total` counts every match, `limit`/`offset` page.
        api.get("candidates") { request, context -> CandidateList in
            let query = try Self.candidateQuery(request.uri.queryParameters)
            let page = try await records.search(query, by: context.auditActor)
            return CandidateList(candidates: page.candidates.map { Listed(candidate: $0, active: !page.inactiveIds.contains($0.id)) },
                                 total: page.total, limit: query.limit, offset: query.offset, status: query.status)
        }
        api.get("candidates/:id") { request, context -> Response in
            let id = try context.parameters.require("id")
            // Unknown and outside the consultant's regions answer alike; the service audits the view (or the refusal).
            // A deactivated candidate is shown too (`active: false`), so that staff can reactivate them.
            guard let stored = try await intake.record(id: id, by: context.auditActor) else {
                throw APIError.notFound("candidate \(id)", dutch: "kandidaat \(id)")
            }
            // The ETag is what an update's If-Match names.
            return try CandidateIntakeController.response(stored, status: .ok, request: request, context: context)
        }
        api.get("vacancies/:id") { _, context -> Vacancy in
            let id = try context.parameters.require("id", as: Int64.self)
            // A manual vacancy outside the caller's regions answers like an unknown id (VacancyRecords audits it).
            guard let vacancy = try await vacancies.vacancy(id: id, by: context.auditActor) else {
                throw APIError.notFound("vacancy \(id)", dutch: "vacature \(id)")
            }
            return vacancy
        }
    }
}

extension RecordController {
    static func candidateQuery(_ parameters: Parameters) throws -> CandidateQuery {
        var query = CandidateQuery()
        func integer(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = parameters.get(name) else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw APIError.invalid(name, english: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)",
                                       dutch: "\(name) moet een geheel getal van \(range.lowerBound) tot \(range.upperBound) zijn")
            }
            return value
        }
        func text(_ name: String) throws -> String? {
            guard let value = parameters.get(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            guard value.count <= 100 else {
                throw APIError.invalid(name, english: "\(name) is longer than 100 characters", dutch: "\(name) is langer dan 100 tekens")
            }
            return value
        }
        query.limit = try integer("limit", 1...500) ?? 50
        query.offset = try integer("offset", 0...10_000_000) ?? 0
        query.ladderRung = try integer("ladderRung", 1...6)
        query.municipality = try text("municipality")
        query.idPrefix = try text("id")
        query.desiredOccupation = try text("occupation")
        if let status = parameters.get("status") {
            guard let parsed = CandidateStatusFilter(rawValue: status) else {
                throw APIError.invalid("status", english: "status must be active, inactive or all", dutch: "status moet active, inactive of all zijn")
            }
            query.status = parsed
        }
        if let register = parameters.get("register") {
            guard let flag = ["true": true, "false": false, "1": true, "0": false][register.lowercased()] else {
                throw APIError.invalid("register", english: "register must be true or false", dutch: "register moet true of false zijn")
            }
            query.targetGroupRegister = flag
        }
        return query
    }
}

extension Candidate: ResponseEncodable {}
extension Vacancy: ResponseEncodable {}
