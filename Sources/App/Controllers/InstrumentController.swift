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

    /// The placement terms and the facts an adviser states; absent facts are "not known yet".
    struct Query: Decodable {
        var candidateId: String
        var vacancyId: Int64
        var startDate: CalendarDate
        var hoursPerWeek: Int
        var contractMonths: Int
        /// Default: the vacancy's hourly wage.
        var hourlyWage: Money?
        /// Default: the contract start.
        var peildatum: CalendarDate?
        var sectorFullTimeHours: Int?
        var coachingFoundNecessary: Bool?
        var employerIntendsLongerContract: Bool?
        var noDisplacement: Bool?
        var insuranceArranged: Bool?
        var requestedTrialMonths: Int?
        var otherMunicipalWageSubsidy: Bool?
        var replacingOwnDisabledEmployee: Bool?
        var keepsPartialBenefit: Bool?
        var leavesBenefit: Bool?
    }

    struct Answer: ResponseEncodable {
        var terms: PlacementTerms
        var peildatum: CalendarDate
        var decisions: [InstrumentDecision]
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.post("instruments") { request, context -> Answer in
            let query = try await request.decodeJSON(as: Query.self)
            var facts = StatedPlacementFacts(startDate: query.startDate, hoursPerWeek: query.hoursPerWeek, contractMonths: query.contractMonths,
                                             hourlyWage: query.hourlyWage, peildatum: query.peildatum)
            facts.sectorFullTimeHours = query.sectorFullTimeHours
            facts.coachingFoundNecessary = query.coachingFoundNecessary
            facts.employerIntendsLongerContract = query.employerIntendsLongerContract
            facts.noDisplacement = query.noDisplacement
            facts.insuranceArranged = query.insuranceArranged
            facts.requestedTrialMonths = query.requestedTrialMonths
            facts.otherMunicipalWageSubsidy = query.otherMunicipalWageSubsidy
            facts.replacingOwnDisabledEmployee = query.replacingOwnDisabledEmployee
            facts.keepsPartialBenefit = query.keepsPartialBenefit
            facts.leavesBenefit = query.leavesBenefit
            do {
                let result = try await instruments.evaluate(candidateId: query.candidateId, vacancyId: query.vacancyId, facts: facts,
                                                            by: context.auditActor)
                return Answer(terms: result.terms, peildatum: result.peildatum, decisions: result.decisions)
            } catch let error as InstrumentEvaluationError {
                switch error {
                case .candidateNotFound, .vacancyNotFound: throw HTTPError(.notFound, message: error.description)
                case .noWage: throw HTTPError(.unprocessableContent, message: "the vacancy has no hourly wage: give hourlyWage")
                case .invalidTerms, .invalidRequest: throw HTTPError(.unprocessableContent, message: error.description)
                }
            }
        }

        api.get("catalog/parameters") { request, _ -> [ParameterInForce] in
            let dateText = request.uri.queryParameters.get("date")
            guard let date = dateText.map({ CalendarDate(iso: $0) }) ?? CalendarDate.today else {
                throw HTTPError(.badRequest, message: "date must be YYYY-MM-DD")
            }
            do {
                return try policy.parametersInForce(on: date, region: request.uri.queryParameters.get("region"))
            } catch let error as UnknownRegion {
                throw HTTPError(.badRequest, message: error.description)
            }
        }
    }
}

extension InstrumentDecision: ResponseEncodable {}
extension ParameterInForce: ResponseEncodable {}
