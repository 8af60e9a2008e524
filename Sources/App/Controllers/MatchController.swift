import Domain
import Foundation
import Hummingbird
import Matching
import Services

/// `GET /api/v1/candidates/:id/matches` and `GET /api/v1/vacancies/:id/matches`: top-k from the in-memory
/// index, each with its explanation on request. The ``Rankings`` service audits each candidate shown.
struct MatchController {
    let rankings: Rankings

    struct Ranking: ResponseEncodable {
        var results: [MatchResult]
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("candidates/:id/matches") { request, context -> Ranking in
            let id = try context.parameters.require("id")
            let query = try MatchQuery(request.uri.queryParameters)
            do {
                return Ranking(results: try await rankings.vacancies(forCandidate: id, k: query.top, filter: query.filter,
                                                                     explain: query.explain, by: context.auditActor))
            } catch let error as RankingError {
                throw HTTPError(.notFound, message: error.description)
            }
        }
        api.get("vacancies/:id/matches") { request, context -> Ranking in
            let id = try context.parameters.require("id", as: Int64.self)
            let query = try MatchQuery(request.uri.queryParameters)
            do {
                return Ranking(results: try await rankings.candidates(forVacancy: id, k: query.top, filter: query.filter,
                                                                      explain: query.explain, by: context.auditActor))
            } catch let error as RankingError {
                throw HTTPError(.notFound, message: error.description)
            }
        }
    }
}

/// The query parameters of a ranking, validated: a bad value is a 400 naming it.
struct MatchQuery {
    var top = 20
    var explain = false
    var filter = MatchQueryFilter()

    init(_ parameters: Parameters) throws {
        func number<T: LosslessStringConvertible>(_ name: String, _ type: T.Type) throws -> T? {
            guard let text = parameters.get(name) else { return nil }
            guard let value = T(text) else { throw HTTPError(.badRequest, message: "\(name) must be a number, got '\(text)'") }
            return value
        }
        if let top = try number("top", Int.self) {
            guard (1...200).contains(top) else { throw HTTPError(.badRequest, message: "top must be between 1 and 200") }
            self.top = top
        }
        if let explain = parameters.get("explain") {
            guard let flag = ["1": true, "true": true, "0": false, "false": false][explain.lowercased()] else {
                throw HTTPError(.badRequest, message: "explain must be true or false")
            }
            self.explain = flag
        }
        if let minimum = try number("minScore", Double.self) {
            guard (0...1).contains(minimum) else { throw HTTPError(.badRequest, message: "minScore must be between 0 and 1") }
            filter.minimumScore = minimum
        }
        filter.regionNumber = try number("region", Int.self)
        filter.municipality = parameters.get("municipality")
        if let isco = parameters.get("isco") {
            guard (1...4).contains(isco.count), isco.allSatisfy(\.isNumber) else {
                throw HTTPError(.badRequest, message: "isco must be an ISCO-08 group of 1 to 4 digits")
            }
            filter.iscoGroup = isco
        }
        let hoursMin = try number("hoursMin", Int.self), hoursMax = try number("hoursMax", Int.self)
        if hoursMin != nil || hoursMax != nil {
            guard let hours = WeeklyHours(min: hoursMin ?? 0, max: hoursMax ?? 80) else {
                throw HTTPError(.badRequest, message: "hoursMin..hoursMax must be a range within 0–80")
            }
            filter.hours = hours
        }
    }
}

extension MatchController.Ranking: Codable {}
