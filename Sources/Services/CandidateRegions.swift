import Domain
import Foundation
import Repositories

/// Data minimisation by region: a consultant sees only candidates living in one of their labour-market
/// regions (the municipality of residence → region, from the reference data). Every service that hands out
/// candidate data asks this, so no route can go around it.
public struct CandidateRegions: Sendable {
    /// The labour-market region number of a municipality; nil when unknown (then only unrestricted actors see it).
    public let regionOf: @Sendable (String) -> Int?
    /// The municipalities of some regions (the reverse table), for searches that filter in the database.
    public let municipalitiesIn: @Sendable (Set<Int>) -> [String]

    /// The municipality of a four-digit postcode area (employers and vacancies have a postcode, not a municipality).
    public let municipalityOfPostcodeArea: @Sendable (Int) -> String?
    /// The four-digit postcode areas of some regions (the reverse table), for searches that filter in the database.
    public let postcodeAreasIn: @Sendable (Set<Int>) -> [Int]

    public init(regionOf: @escaping @Sendable (String) -> Int?, municipalitiesIn: @escaping @Sendable (Set<Int>) -> [String] = { _ in [] },
                municipalityOfPostcodeArea: @escaping @Sendable (Int) -> String? = { _ in nil },
                postcodeAreasIn: @escaping @Sendable (Set<Int>) -> [Int] = { _ in [] }) {
        self.regionOf = regionOf
        self.municipalitiesIn = municipalitiesIn
        self.municipalityOfPostcodeArea = municipalityOfPostcodeArea
        self.postcodeAreasIn = postcodeAreasIn
    }

    /// No table: restricted actors see nobody. The safe default for a service built without one.
    public static let none = CandidateRegions(regionOf: { _ in nil })

    public func permits(_ candidate: Candidate, to actor: AuditActor) -> Bool {
        permits(municipality: candidate.municipality, to: actor)
    }

    /// The same rule by municipality alone (a candidate's residence).
    public func permits(municipality: String, to actor: AuditActor) -> Bool {
        guard let allowed = actor.regions else { return true }
        guard let region = regionOf(municipality) else { return false }
        return allowed.contains(region)
    }

    /// The same rule for a place given by postcode (an employer's address, a manual vacancy): its region is that
    /// of the postcode area's municipality. No postcode, or one in no known region: only unrestricted actors.
    public func permits(postcode: Postcode?, to actor: AuditActor) -> Bool {
        guard let allowed = actor.regions else { return true }
        guard let postcode, let municipality = municipalityOfPostcodeArea(postcode.pc4), let region = regionOf(municipality) else { return false }
        return allowed.contains(region)
    }

    /// The postcode areas a search of this actor is limited to; nil for an unrestricted actor.
    public func postcodeAreas(of actor: AuditActor) -> [Int]? {
        actor.regions.map(postcodeAreasIn)
    }

    /// The stored candidate when the actor may see them; nil when unknown or outside (the refusal is audited).
    func visibleCandidate(id: String, in candidates: any CandidateRepository, by actor: AuditActor, audit: AuditLog) async throws -> Candidate? {
        guard let candidate = try await candidates.candidate(id: id) else { return nil }
        guard permits(candidate, to: actor) else {
            try await audit.record(.refused, by: actor, candidate: id, purpose: "buiten de regio's van de gebruiker")
            return nil
        }
        return candidate
    }

    /// Whether an active candidate exists and the actor may see them, from their municipality alone (no read of the
    /// whole record): for rankings, which show the candidate's matches, not their record. The refusal is audited
    /// and answered like an unknown id, as by ``visibleCandidate(id:in:by:audit:)``.
    func candidateIsVisible(id: String, in candidates: any CandidateRepository, by actor: AuditActor, audit: AuditLog) async throws -> Bool {
        guard let municipality = try await candidates.candidateMunicipality(id: id) else { return false }
        guard permits(municipality: municipality, to: actor) else {
            try await audit.record(.refused, by: actor, candidate: id, purpose: "buiten de regio's van de gebruiker")
            return false
        }
        return true
    }

    /// The stored vacancy when the actor may see it: every feed vacancy (public postings, visible to all), a manual
    /// one only when its postcode lies in one of the actor's regions. nil when unknown or outside (the refusal is
    /// audited), so an out-of-region manual vacancy answers exactly like an unknown number. Every service that
    /// reads a vacancy for staff (its page, its ranking, the instrument evaluation and quote builder) asks this.
    func visibleVacancy(id: Int64, in vacancies: any VacancyRepository, by actor: AuditActor, audit: AuditLog) async throws -> Vacancy? {
        guard let vacancy = try await vacancies.vacancy(id: id) else { return nil }
        guard vacancy.source != Vacancy.manualSource || permits(postcode: vacancy.postcode, to: actor) else {
            try await audit.record(.refused, by: actor, subjectType: "vacancy", subjectId: String(id), detail: "buiten de regio's van de gebruiker")
            return nil
        }
        return vacancy
    }
}

/// Reading one candidate's record: scoped to the actor's regions and audited. A candidate outside them is
/// answered exactly like an unknown one, so the refusal does not reveal that the id exists.
public struct CandidateRecords: Sendable {
    let candidates: any CandidateRepository
    let searcher: any CandidateSearchRepository
    let regions: CandidateRegions
    let audit: AuditLog

    public init(candidates: any CandidateRepository & CandidateSearchRepository, regions: CandidateRegions, audit: AuditLog) {
        self.candidates = candidates
        self.searcher = candidates
        self.regions = regions
        self.audit = audit
    }

    /// The candidate, or nil when unknown or outside the actor's regions. A view is audited; so is a refusal.
    public func candidate(id: String, by actor: AuditActor, purpose: String? = nil) async throws -> Candidate? {
        guard let candidate = try await visibleCandidate(id: id, by: actor) else { return nil }
        try await audit.record(.view, by: actor, candidate: id, purpose: purpose)
        return candidate
    }

    /// Records a view of a candidate the caller already found visible (``visibleCandidate(id:by:)``), for a page
    /// that writes it alongside other audit events.
    public func recordView(id: String, by actor: AuditActor, purpose: String?) async throws {
        try await audit.record(.view, by: actor, candidate: id, purpose: purpose)
    }

    /// A page of candidates the actor may see; each one listed is audited.
    public func search(_ query: CandidateQuery, by actor: AuditActor) async throws -> CandidatePage {
        var scoped = query
        if let allowed = actor.regions {
            let visible = regions.municipalitiesIn(allowed)
            scoped.municipalities = query.municipalities.map { asked in asked.filter(visible.contains) } ?? visible
        }
        let page = try await searcher.searchCandidates(scoped)
        let purpose = switch query.status {
        case .active: "zoekresultaat kandidaten"
        case .inactive: "zoekresultaat gedeactiveerde kandidaten"
        case .all: "zoekresultaat kandidaten (actief en gedeactiveerd)"
        }
        try await audit.recordListed(candidates: page.candidates.map(\.id), by: actor, purpose: purpose)
        return page
    }

    /// The candidate when the actor may see them, without auditing a view (the caller audits what it shows).
    public func visibleCandidate(id: String, by actor: AuditActor) async throws -> Candidate? {
        try await regions.visibleCandidate(id: id, in: candidates, by: actor, audit: audit)
    }
}
