import Domain
import Foundation
import Hummingbird
import Matching
import Services

/// `GET /api/v1/candidates/:id/matches` and `GET /api/v1/vacancies/:id/matches`: top-k from the in-memory
/// index, each with its explanation on request. The ``Rankings`` service audits each candidate shown.
struct MatchController {
    let rankings: Rankings
    let encoded = EncodedRankings()

    struct Ranking: ResponseEncodable {
        var results: [MatchResult]
    }

    /// `GET /api/v1/candidates/:id/career-switches`: best first (share of essential skills had, then count).
    struct CareerSwitches: ResponseEncodable, Codable {
        struct Suggestion: Codable {
            var occupation: OccupationLabel
            /// essentialHad / essentialTotal, 0…1.
            var share: Double
            var essentialHad: Int
            var essentialTotal: Int
            var missingEssentialSkills: [SkillLabel]
            var openVacancies: Int
            /// One line in Dutch for the adviser ("heftruckchauffeur: 5 van 7 essentiële vaardigheden, …").
            var summary: String

            init(_ suggestion: CareerSwitch) {
                occupation = suggestion.occupation
                share = suggestion.share
                essentialHad = suggestion.essentialHad
                essentialTotal = suggestion.essentialTotal
                missingEssentialSkills = suggestion.missingEssentialSkills
                openVacancies = suggestion.openVacancies ?? 0
                summary = suggestion.dutchLine
            }
        }
        var candidateId: String
        var suggestions: [Suggestion]
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("candidates/:id/matches") { request, context -> Response in
            let id = try context.parameters.require("id")
            let query = try MatchQuery(request.uri.queryParameters)
            do {
                return try encoded.response(for: try await rankings.vacancies(forCandidate: id, k: query.top, filter: query.filter,
                                                                              explain: query.explain, by: context.auditActor))
            } catch let error as RankingError {
                throw HTTPError(.notFound, message: error.description)
            }
        }
        // The candidate's "ander beroepsveld" list: occupations they could move into, with what is missing.
        api.get("candidates/:id/career-switches") { _, context -> CareerSwitches in
            let id = try context.parameters.require("id")
            do {
                let suggestions = try await rankings.careerSwitches(forCandidate: id, by: context.auditActor)
                return CareerSwitches(candidateId: id, suggestions: suggestions.map(CareerSwitches.Suggestion.init))
            } catch let error as RankingError {
                throw HTTPError(.notFound, message: error.description)
            }
        }
        api.get("vacancies/:id/matches") { request, context -> Response in
            let id = try context.parameters.require("id", as: Int64.self)
            let query = try MatchQuery(request.uri.queryParameters)
            do {
                return try encoded.response(for: try await rankings.candidates(forVacancy: id, k: query.top, filter: query.filter,
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
            guard let value = T(text) else {
                throw APIError.invalid(name, english: "\(name) must be a number", dutch: "\(name) moet een getal zijn")
            }
            return value
        }
        if let top = try number("top", Int.self) {
            guard (1...200).contains(top) else { throw APIError.invalid("top", english: "top must be between 1 and 200", dutch: "top moet tussen 1 en 200 liggen") }
            self.top = top
        }
        if let explain = parameters.get("explain") {
            guard let flag = ["1": true, "true": true, "0": false, "false": false][explain.lowercased()] else {
                throw APIError.invalid("explain", english: "explain must be true or false", dutch: "explain moet true of false zijn")
            }
            self.explain = flag
        }
        if let minimum = try number("minScore", Double.self) {
            guard (0...1).contains(minimum) else {
                throw APIError.invalid("minScore", english: "minScore must be between 0 and 1", dutch: "minScore moet tussen 0 en 1 liggen")
            }
            filter.minimumScore = minimum
        }
        if let region = try number("region", Int.self) {
            guard (1...999).contains(region) else {
                throw APIError.invalid("region", english: "region must be a labour-market region number (1–999)",
                                       dutch: "region moet een arbeidsmarktregionummer (1–999) zijn")
            }
            filter.regionNumber = region
        }
        filter.municipality = parameters.get("municipality")
        if let isco = parameters.get("isco") {
            guard (1...4).contains(isco.count), isco.allSatisfy(\.isNumber) else {
                throw APIError.invalid("isco", english: "isco must be an ISCO-08 group of 1 to 4 digits", dutch: "isco moet een ISCO-08-groep van 1 tot 4 cijfers zijn")
            }
            filter.iscoGroup = isco
        }
        let hoursMin = try number("hoursMin", Int.self), hoursMax = try number("hoursMax", Int.self)
        if hoursMin != nil || hoursMax != nil {
            guard let hours = WeeklyHours(min: hoursMin ?? 0, max: hoursMax ?? 80) else {
                throw APIError.invalid(hoursMin == nil ? "hoursMax" : "hoursMin", english: "hoursMin..hoursMax must be a range within 0–80",
                                       dutch: "hoursMin..hoursMax moet een bereik binnen 0–80 zijn")
            }
            filter.hours = hours
        }
    }
}

extension MatchController.Ranking: Codable {}
