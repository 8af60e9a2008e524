import Domain
import Foundation
import Hummingbird
import Repositories
import Services

/// `/api/v1/employers` and `/api/v1/vacancies`: search with paging, and manual vacancies (create, update,
/// close) through ``VacancyRecords``, the service the staff pages use too.
struct VacancyController {
    let records: VacancyRecords

    struct VacancyList: ResponseEncodable, Codable {
        var vacancies: [Vacancy]
        var total: Int
        var limit: Int
        var offset: Int
    }

    struct EmployerList: ResponseEncodable, Codable {
        var employers: [Employer]
        var total: Int
        var limit: Int
        var offset: Int
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("employers") { request, context -> EmployerList in
            let parameters = request.uri.queryParameters
            var query = EmployerQuery()
            (query.limit, query.offset) = try Self.paging(parameters)
            query.text = try Self.text("q", parameters)
            if let kvk = try Self.text("kvk", parameters) {
                guard let number = KvKNumber(kvk) else {
                    throw APIError.invalid("kvk", english: "a KvK number has 8 digits", dutch: "een KvK-nummer heeft 8 cijfers")
                }
                query.kvkNumber = number.rawValue
            }
            let page = try await records.searchEmployers(query, by: context.auditActor)
            return EmployerList(employers: page.items, total: page.total, limit: query.limit, offset: query.offset)
        }
        api.get("employers/:id") { _, context -> Employer in
            let id = try context.parameters.require("id", as: Int64.self)
            guard let employer = try await records.employer(id: id, by: context.auditActor) else { throw APIError.notFound("employer \(id)", dutch: "werkgever \(id)") }
            return employer
        }
        api.get("vacancies") { request, context -> VacancyList in
            let parameters = request.uri.queryParameters
            var query = VacancyQuery()
            (query.limit, query.offset) = try Self.paging(parameters)
            query.text = try Self.text("q", parameters)
            query.source = try Self.text("source", parameters)
            query.occupation = try Self.text("occupation", parameters)
            if let status = parameters.get("status") {
                guard let parsed = VacancyStatus(rawValue: status) else {
                    throw APIError.invalid("status", english: "status must be open or closed", dutch: "status moet open of closed zijn")
                }
                query.status = parsed
            }
            if let employer = parameters.get("employerId") {
                guard let id = Int64(employer), id > 0 else {
                    throw APIError.invalid("employerId", english: "employerId must be a positive whole number", dutch: "employerId moet een positief geheel getal zijn")
                }
                query.employerId = id
            }
            let page = try await records.searchVacancies(query, by: context.auditActor)
            return VacancyList(vacancies: page.items, total: page.total, limit: query.limit, offset: query.offset)
        }
        api.post("vacancies") { request, context -> Response in
            let input = try await request.decodeJSON(as: ManualVacancyInput.self)
            let vacancy = try await run { try await records.createManual(input, by: context.auditActor) }
            var response = try vacancy.response(from: request, context: context)
            response.status = .created
            response.headers[.location] = "/api/v1/vacancies/\(vacancy.id)"
            return response
        }
        api.put("vacancies/:id") { request, context -> Vacancy in
            let id = try context.parameters.require("id", as: Int64.self)
            let input = try await request.decodeJSON(as: ManualVacancyInput.self)
            return try await run { try await records.updateManual(id: id, input, by: context.auditActor) }
        }
        api.post("vacancies/:id/close") { _, context -> Vacancy in
            let id = try context.parameters.require("id", as: Int64.self)
            return try await run { try await records.closeManual(id: id, by: context.auditActor) }
        }
    }

    func run(_ body: () async throws -> Vacancy) async throws -> Vacancy {
        do {
            return try await body()
        } catch let error as VacancyRecordsError {
            switch error {
            case .invalid(let problems):
                throw APIError.candidate(.invalid(problems))
            case .notFound(let id):
                throw APIError.notFound("vacancy \(id)", dutch: "vacature \(id)")
            case .notManual(_, let source):
                throw APIError(.conflict, code: "not-manual", english: "this vacancy comes from feed \(source); only manual vacancies are changed by hand",
                               dutch: "deze vacature komt uit feed \(source); alleen handmatige vacatures worden met de hand gewijzigd", field: "source")
            case .outsideRegions:
                throw APIError(.forbidden, code: "outside-regions", english: "the postcode lies outside your labour-market regions (or is missing)",
                               dutch: "de postcode ligt buiten uw arbeidsmarktregio's (of ontbreekt)", field: "postcode")
            }
        }
    }

    static func paging(_ parameters: Parameters) throws -> (Int, Int) {
        func integer(_ name: String, _ range: ClosedRange<Int>, default value: Int) throws -> Int {
            guard let text = parameters.get(name) else { return value }
            guard text.utf8.count <= 9, let number = Int(text), range.contains(number) else {
                throw APIError.invalid(name, english: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)",
                                       dutch: "\(name) moet een geheel getal van \(range.lowerBound) tot \(range.upperBound) zijn")
            }
            return number
        }
        return (try integer("limit", 1...500, default: 50), try integer("offset", 0...10_000_000, default: 0))
    }

    static func text(_ name: String, _ parameters: Parameters) throws -> String? {
        guard let value = parameters.get(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        guard value.count <= 100 else { throw APIError.invalid(name, english: "\(name) is longer than 100 characters", dutch: "\(name) is langer dan 100 tekens") }
        return value
    }
}

extension Employer: ResponseEncodable {}
