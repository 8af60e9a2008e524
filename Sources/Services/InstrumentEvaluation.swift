import Catalog
import Domain
import Foundation
import Repositories

/// The facts an adviser states about a placement beyond the stored candidate and vacancy. Nil means "not known
/// yet": a rule that needs it answers *needs information* rather than guessing. Decodable with these field
/// names, so the JSON API takes them as they are.
public struct StatedPlacementFacts: Sendable, Equatable, Codable {
    public var startDate: CalendarDate
    public var hoursPerWeek: Int
    public var contractMonths: Int
    /// Nil: the vacancy's hourly wage.
    public var hourlyWage: Money?
    /// Nil: the contract start.
    public var peildatum: CalendarDate?
    public var sectorFullTimeHours: Int?
    public var coachingFoundNecessary: Bool?
    public var employerIntendsLongerContract: Bool?
    public var noDisplacement: Bool?
    public var insuranceArranged: Bool?
    public var requestedTrialMonths: Int?
    public var otherMunicipalWageSubsidy: Bool?
    public var replacingOwnDisabledEmployee: Bool?
    public var keepsPartialBenefit: Bool?
    public var leavesBenefit: Bool?
    /// The contract goes with a BBL programme (beroepsbegeleidende leerweg): the BBL youth minimum wage applies.
    /// Nil: no.
    public var followsBBL: Bool?
    /// ZW art. 29b lid 1 onder b: the day UWV's WIA assessment found the candidate less than 35% arbeidsongeschikt
    /// (and unable to do own or other suitable work with the own employer). Nil: no such finding.
    public var wiaBelow35PercentSince: CalendarDate?

    public init(startDate: CalendarDate, hoursPerWeek: Int, contractMonths: Int, hourlyWage: Money? = nil, peildatum: CalendarDate? = nil) {
        self.startDate = startDate
        self.hoursPerWeek = hoursPerWeek
        self.contractMonths = contractMonths
        self.hourlyWage = hourlyWage
        self.peildatum = peildatum
    }
}

/// Why an evaluation could not be made, worded for the person who asked. Each entry point maps it to its own
/// channel (HTTP status, page error, CLI exit).
public enum InstrumentEvaluationError: Error, Equatable, CustomStringConvertible {
    case candidateNotFound(String)
    case vacancyNotFound(Int64)
    case noWage(vacancyId: Int64)
    case invalidTerms([String])
    case invalidRequest(String)

    public var description: String {
        switch self {
        case .candidateNotFound(let id): "candidate \(id) not found"
        case .vacancyNotFound(let id): "vacancy \(id) not found"
        case .noWage(let id): "vacancy \(id) has no hourly wage: state the wage"
        case .invalidTerms(let problems): problems.joined(separator: "; ")
        case .invalidRequest(let reason): reason
        }
    }
}

/// The outcome: the terms used, the evaluation date, and the catalog's decisions as the catalog returns them
/// (their inner shape — amounts, schedules, trace — belongs to Catalog and is passed through unchanged).
public struct InstrumentEvaluationResult: Sendable {
    public var candidate: Candidate
    public var vacancy: Vacancy
    public var terms: PlacementTerms
    public var peildatum: CalendarDate
    public var decisions: [InstrumentDecision]
}

/// The instrument flow, once: stored candidate + stored vacancy + stated facts → catalog request → decisions →
/// audit event. The API, the staff pages and the CLI all call this.
public struct InstrumentEvaluation: Sendable {
    let candidates: any CandidateRepository
    let vacancies: any VacancyRepository
    let policy: PolicyCatalog
    let audit: AuditLog
    let regions: CandidateRegions

    public init(candidates: any CandidateRepository, vacancies: any VacancyRepository, policy: PolicyCatalog, audit: AuditLog,
                regions: CandidateRegions = .none) {
        self.candidates = candidates
        self.vacancies = vacancies
        self.policy = policy
        self.audit = audit
        self.regions = regions
    }

    public func evaluate(candidateId: String, vacancyId: Int64, facts: StatedPlacementFacts, by actor: AuditActor) async throws -> InstrumentEvaluationResult {
        guard let candidate = try await regions.visibleCandidate(id: candidateId, in: candidates, by: actor, audit: audit) else { throw InstrumentEvaluationError.candidateNotFound(candidateId) }
        // The quote builder comes through here too: a manual vacancy outside the actor's regions is unknown to them.
        guard let vacancy = try await regions.visibleVacancy(id: vacancyId, in: vacancies, by: actor, audit: audit) else {
            throw InstrumentEvaluationError.vacancyNotFound(vacancyId)
        }
        guard let wage = facts.hourlyWage ?? vacancy.hourlyWage else { throw InstrumentEvaluationError.noWage(vacancyId: vacancyId) }
        let terms = PlacementTerms(candidateId: candidate.id, vacancyId: vacancy.id, startDate: facts.startDate,
                                   hoursPerWeek: facts.hoursPerWeek, contractMonths: facts.contractMonths, hourlyWage: wage)
        let problems = terms.validationProblems
        guard problems.isEmpty else { throw InstrumentEvaluationError.invalidTerms(problems) }
        let request = Self.request(candidate: candidate, terms: terms, facts: facts)
        let decisions: [InstrumentDecision]
        do {
            decisions = try policy.evaluate(request)
        } catch {
            throw InstrumentEvaluationError.invalidRequest(error.description)
        }
        try await audit.record(.instruments, by: actor, candidate: candidate.id, purpose: "vacancy \(vacancy.id)")
        return InstrumentEvaluationResult(candidate: candidate, vacancy: vacancy, terms: terms, peildatum: request.peildatum, decisions: decisions)
    }

    /// The catalog request: the candidate's policy facts, the terms, and every stated fact.
    static func request(candidate: Candidate, terms: PlacementTerms, facts: StatedPlacementFacts) -> InstrumentRequest {
        var request = InstrumentRequest(candidate: candidate, terms: terms, peildatum: facts.peildatum)
        request.sectorFullTimeHours = facts.sectorFullTimeHours
        request.coachingFoundNecessary = facts.coachingFoundNecessary
        request.employerIntendsLongerContract = facts.employerIntendsLongerContract
        request.noDisplacement = facts.noDisplacement
        request.insuranceArranged = facts.insuranceArranged
        request.requestedTrialMonths = facts.requestedTrialMonths
        request.otherMunicipalWageSubsidy = facts.otherMunicipalWageSubsidy
        request.replacingOwnDisabledEmployee = facts.replacingOwnDisabledEmployee ?? false
        request.keepsPartialBenefit = facts.keepsPartialBenefit
        request.leavesBenefit = facts.leavesBenefit
        request.followsBBL = facts.followsBBL ?? false
        request.wiaBelow35PercentSince = facts.wiaBelow35PercentSince
        return request
    }
}
