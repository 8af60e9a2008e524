import Catalog
import Domain
import Foundation
import Hummingbird
import Store

/// `POST /api/v1/instruments`: the instrument decisions for a candidate in a vacancy on given terms.
/// `GET /api/v1/catalog/parameters`: the parameters in force on a date for a region.
struct InstrumentController {
    let store: MatchpuntStore
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
            let query = try await request.decode(as: Query.self, context: context)
            guard let candidate = try store.candidate(id: query.candidateId) else {
                throw HTTPError(.notFound, message: "candidate \(query.candidateId) not found")
            }
            guard let vacancy = try store.vacancy(id: query.vacancyId) else {
                throw HTTPError(.notFound, message: "vacancy \(query.vacancyId) not found")
            }
            guard let wage = query.hourlyWage ?? vacancy.hourlyWage else {
                throw HTTPError(.unprocessableContent, message: "the vacancy has no hourly wage: give hourlyWage")
            }
            let terms = PlacementTerms(candidateId: candidate.id, vacancyId: vacancy.id, startDate: query.startDate,
                                       hoursPerWeek: query.hoursPerWeek, contractMonths: query.contractMonths, hourlyWage: wage)
            let problems = terms.validationProblems
            guard problems.isEmpty else { throw HTTPError(.unprocessableContent, message: problems.joined(separator: "; ")) }
            var instrumentRequest = InstrumentRequest(candidate: candidate, terms: terms, peildatum: query.peildatum)
            instrumentRequest.sectorFullTimeHours = query.sectorFullTimeHours
            instrumentRequest.coachingFoundNecessary = query.coachingFoundNecessary
            instrumentRequest.employerIntendsLongerContract = query.employerIntendsLongerContract
            instrumentRequest.noDisplacement = query.noDisplacement
            instrumentRequest.insuranceArranged = query.insuranceArranged
            instrumentRequest.requestedTrialMonths = query.requestedTrialMonths
            instrumentRequest.otherMunicipalWageSubsidy = query.otherMunicipalWageSubsidy
            instrumentRequest.replacingOwnDisabledEmployee = query.replacingOwnDisabledEmployee ?? false
            instrumentRequest.keepsPartialBenefit = query.keepsPartialBenefit
            instrumentRequest.leavesBenefit = query.leavesBenefit
            let decisions: [InstrumentDecision]
            do {
                decisions = try policy.evaluate(instrumentRequest)
            } catch let error as InvalidInstrumentRequest {
                throw HTTPError(.unprocessableContent, message: error.description)
            }
            try store.record(AuditEvent(at: Date(), actor: context.identity?.username ?? "?", action: "instruments",
                                        subjectType: "candidate", subjectId: candidate.id, detail: "vacancy \(vacancy.id)"))
            return Answer(terms: terms, peildatum: instrumentRequest.peildatum, decisions: decisions)
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
