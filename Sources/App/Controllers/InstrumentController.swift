import Catalog
import Domain
import Foundation
import Hummingbird
import Services

/// `POST /api/v1/instruments`: the instrument decisions for a candidate in a vacancy on given terms.
/// `GET /api/v1/catalog/parameters`: the parameters in force on a date for a region.
struct InstrumentController {
    let instruments: InstrumentEvaluation
    let policy: PolicyCatalog

    /// The candidate, the vacancy, and the placement terms and facts an adviser states (the fields of
    /// ``StatedPlacementFacts`` at the top level of the body); absent facts are "not known yet".
    struct Query: Decodable {
        var candidateId: String
        var vacancyId: Int64
        var facts: StatedPlacementFacts

        enum CodingKeys: String, CodingKey { case candidateId, vacancyId }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            candidateId = try container.decode(String.self, forKey: .candidateId)
            vacancyId = try container.decode(Int64.self, forKey: .vacancyId)
            facts = try StatedPlacementFacts(from: decoder)
        }
    }

    struct Answer: ResponseEncodable {
        var terms: PlacementTerms
        var peildatum: CalendarDate
        var decisions: [InstrumentDecision]
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.post("instruments") { request, context -> Answer in
            let query = try await request.decodeJSON(as: Query.self)
            do {
                let result = try await instruments.evaluate(candidateId: query.candidateId, vacancyId: query.vacancyId, facts: query.facts,
                                                            by: context.auditActor)
                return Answer(terms: result.terms, peildatum: result.peildatum, decisions: result.decisions)
            } catch let error as InstrumentEvaluationError {
                throw APIError.instrument(error)
            }
        }

        api.get("catalog/parameters") { request, _ -> [ParameterInForce] in
            let dateText = request.uri.queryParameters.get("date")
            guard let date = dateText.map({ CalendarDate(iso: $0) }) ?? CalendarDate.today else {
                throw APIError.invalid("date", english: "date must be YYYY-MM-DD", dutch: "date moet JJJJ-MM-DD zijn")
            }
            do {
                return try policy.parametersInForce(on: date, region: request.uri.queryParameters.get("region"))
            } catch let error as UnknownRegion {
                throw APIError.invalid("region", english: error.description, dutch: "onbekende regio")
            }
        }
    }
}

extension InstrumentDecision: ResponseEncodable {}
extension ParameterInForce: ResponseEncodable {}
