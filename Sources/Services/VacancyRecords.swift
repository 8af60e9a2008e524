import Domain
import Foundation
import Repositories

/// A vacancy entered by staff (it came by phone, not by feed): what a form or the API sends.
public struct ManualVacancyInput: Sendable, Codable, Equatable {
    public var title: String
    public var employerId: Int64?
    public var occupation: EscoID?
    public var requiredSkills: [EscoID]?
    public var optionalSkills: [EscoID]?
    public var postcode: Postcode?
    public var hours: WeeklyHours
    /// Months; nil for a permanent contract.
    public var contractMonths: Int?
    public var startDate: CalendarDate?
    /// Euros per hour, exact (a string "15.25" or a number).
    public var hourlyWage: Money?
    public var suitableForBanenafspraak: Bool?
    public var demands: [WorkDemand]?
    public var requiredLicences: [DrivingLicence]?
    public var minimumEducation: EducationLevel?
    public var minimumDutchLevel: LanguageLevel?
    public var validThrough: CalendarDate?

    public init(title: String, employerId: Int64? = nil, occupation: EscoID? = nil, postcode: Postcode? = nil, hours: WeeklyHours,
                contractMonths: Int? = nil, startDate: CalendarDate? = nil, hourlyWage: Money? = nil) {
        self.title = title
        self.employerId = employerId
        self.occupation = occupation
        self.postcode = postcode
        self.hours = hours
        self.contractMonths = contractMonths
        self.startDate = startDate
        self.hourlyWage = hourlyWage
    }
}

public enum VacancyRecordsError: Error, Equatable, Sendable {
    case invalid([CandidateFieldProblem])
    case notFound(id: Int64)
    /// Only manual vacancies are changed by staff: a feed's vacancy follows its feed.
    case notManual(id: Int64, source: String)
    /// The vacancy's postcode lies outside the actor's regions (or is missing): a consultant cannot place it there.
    case outsideRegions
}

/// Employers and vacancies for staff: search with paging, and the manual vacancy (create, update, close) for
/// vacancies that come by phone. A manual vacancy has source `manual`, which no feed may carry, so no feed
/// snapshot ever closes it. Writes go through the vacancy repository, which appends the change-log row in the
/// same transaction (the matching index follows), and are audited.
///
/// The region rule (as for candidates, ``CandidateRegions``): a consultant sees and changes only employers whose
/// address, and manual vacancies whose postcode, lies in one of their labour-market regions; admins see all. An
/// employer or manual vacancy outside them is answered like an unknown id, and the refusal is audited. A feed's
/// vacancies are public postings and stay visible to every adviser (matching looks across region borders).
///
/// Methods: ``searchVacancies(_:by:)``, ``searchEmployers(_:by:)``, ``employer(id:by:)``, ``vacancy(id:by:)``,
/// ``createManual(_:by:)``, ``updateManual(id:_:by:)``, ``closeManual(id:by:)``, ``validate(_:)``.
public struct VacancyRecords: Sendable {
    let vacancies: any VacancyRepository
    let employers: any EmployerRepository
    let search: any VacancySearchRepository
    let regions: CandidateRegions
    let audit: AuditLog

    public init(store: any VacancyRepository & EmployerRepository & VacancySearchRepository, regions: CandidateRegions, audit: AuditLog) {
        self.vacancies = store
        self.employers = store
        self.search = store
        self.regions = regions
        self.audit = audit
    }

    /// Vacancies matching the query; manual ones only within the actor's regions.
    public func searchVacancies(_ query: VacancyQuery, by actor: AuditActor) async throws -> SearchPage<Vacancy> {
        var scoped = query
        if let areas = regions.postcodeAreas(of: actor) { scoped.manualPostcodeAreas = areas }
        return try await search.searchVacancies(scoped)
    }

    /// Employers matching the query, only those within the actor's regions.
    public func searchEmployers(_ query: EmployerQuery, by actor: AuditActor) async throws -> SearchPage<Employer> {
        var scoped = query
        if let areas = regions.postcodeAreas(of: actor) {
            scoped.postcodeAreas = query.postcodeAreas.map { asked in asked.filter(Set(areas).contains) } ?? areas
        }
        return try await search.searchEmployers(scoped)
    }

    /// The employer when the actor may see it; nil when unknown or outside their regions. The view is audited, as is a refusal.
    public func employer(id: Int64, by actor: AuditActor, purpose: String? = nil) async throws -> Employer? {
        guard let employer = try await visibleEmployer(id: id, by: actor) else { return nil }
        try await audit.record(.view, by: actor, subjectType: "employer", subjectId: String(id), detail: purpose)
        return employer
    }

    /// The vacancy when the actor may see it: every feed vacancy, a manual one only within their regions; nil when
    /// unknown or outside (the refusal is audited). A manual vacancy's view is audited.
    public func vacancy(id: Int64, by actor: AuditActor) async throws -> Vacancy? {
        guard let vacancy = try await visibleVacancy(id: id, by: actor) else { return nil }
        guard vacancy.source == Vacancy.manualSource else { return vacancy }
        try await audit.record(.view, by: actor, subjectType: "vacancy", subjectId: String(id), detail: "handmatige vacature")
        return vacancy
    }

    /// The vacancy when the actor may see it, without auditing a view (for a form prefilled from it); a refusal is
    /// audited. The same rule as ``vacancy(id:by:)``.
    public func visibleVacancy(id: Int64, by actor: AuditActor) async throws -> Vacancy? {
        try await regions.visibleVacancy(id: id, in: vacancies, by: actor, audit: audit)
    }

    /// Whether the actor may see this vacancy: every feed vacancy; a manual one only within their regions.
    public func isVisible(_ vacancy: Vacancy, to actor: AuditActor) -> Bool {
        vacancy.source != Vacancy.manualSource || regions.permits(postcode: vacancy.postcode, to: actor)
    }

    /// Gives a vacancy without a location its postcode (the "vacatures zonder locatie" page). A manual vacancy
    /// follows the region rule: outside the actor's regions (or in none, having no postcode yet) it is unknown to
    /// them, and a consultant may place it only into their regions. Audited.
    public func setLocation(id: Int64, postcode: Postcode, by actor: AuditActor) async throws -> Vacancy {
        guard var vacancy = try await vacancies.vacancy(id: id) else { throw VacancyRecordsError.notFound(id: id) }
        if vacancy.source == Vacancy.manualSource {
            vacancy = try await manual(id: id, by: actor)
            guard regions.permits(postcode: postcode, to: actor) else { throw VacancyRecordsError.outsideRegions }
        }
        vacancy.postcode = postcode
        try await vacancies.update(vacancy)
        try await audit.record(.vacancyChanged, by: actor, subjectType: "vacancy", subjectId: String(id), detail: "locatie gezet")
        return vacancy
    }

    func visibleEmployer(id: Int64, by actor: AuditActor) async throws -> Employer? {
        guard let employer = try await employers.employer(id: id) else { return nil }
        guard regions.permits(postcode: employer.address?.postcode, to: actor) else {
            try await audit.record(.refused, by: actor, subjectType: "employer", subjectId: String(id), detail: "buiten de regio's van de gebruiker")
            return nil
        }
        return employer
    }

    /// The field problems of an input (forms show them next to the fields).
    public func validate(_ input: ManualVacancyInput) -> [CandidateFieldProblem] {
        var problems: [CandidateFieldProblem] = []
        func add(_ field: String, _ english: String, _ dutch: String) { problems.append(CandidateFieldProblem(field: field, english: english, dutch: dutch)) }
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 200 { add("title", "title must be 1 to 200 characters", "functietitel moet 1 tot 200 tekens zijn") }
        // Decoding bypasses WeeklyHours' own checks.
        if !(0...80).contains(input.hours.min) { add("hours.min", "minimum hours must be from 0 to 80", "minimum uren moet van 0 tot 80 zijn") }
        else if !(input.hours.min...80).contains(input.hours.max) { add("hours.max", "maximum hours must be from the minimum to 80", "maximum uren moet van het minimum tot 80 zijn") }
        if let months = input.contractMonths, !(1...600).contains(months) { add("contractMonths", "contract months must be from 1 to 600", "contractduur moet van 1 tot 600 maanden zijn") }
        if let wage = input.hourlyWage, wage.cents <= 0 || wage.cents > 100_000 { add("hourlyWage", "hourly wage must be above € 0 and at most € 1,000", "uurloon moet boven € 0 en ten hoogste € 1.000 zijn") }
        for (field, list) in [("requiredSkills", input.requiredSkills ?? []), ("optionalSkills", input.optionalSkills ?? [])] {
            if list.count > CandidateValidation.maximumListCount || list.contains(where: { !CandidateValidation.isESCOIdentifier($0.rawValue) }) {
                add(field, "at most \(CandidateValidation.maximumListCount) ESCO ids (UUIDs)", "hoogstens \(CandidateValidation.maximumListCount) ESCO-id's (UUID)")
            }
        }
        if let occupation = input.occupation, !CandidateValidation.isESCOIdentifier(occupation.rawValue) {
            add("occupation", "occupation must be an ESCO id (UUID)", "beroep moet een ESCO-id (UUID) zijn")
        }
        if let start = input.startDate, let through = input.validThrough, through < start.adding(days: -3650) {
            add("validThrough", "valid-through lies long before the start date", "geldig tot ligt ver voor de startdatum")
        }
        return problems
    }

    public func createManual(_ input: ManualVacancyInput, by actor: AuditActor) async throws -> Vacancy {
        try await check(input, by: actor)
        let vacancy = try await vacancies.insert(Self.vacancy(from: input, id: 0, externalId: "M-" + UUID().uuidString.lowercased(), status: .open))
        try await audit.record(.vacancyChanged, by: actor, subjectType: "vacancy", subjectId: String(vacancy.id), detail: "handmatig aangemaakt")
        return vacancy
    }

    public func updateManual(id: Int64, _ input: ManualVacancyInput, by actor: AuditActor) async throws -> Vacancy {
        let current = try await manual(id: id, by: actor)
        try await check(input, by: actor)
        let vacancy = Self.vacancy(from: input, id: id, externalId: current.externalId, status: current.status)
        try await vacancies.update(vacancy)
        try await audit.record(.vacancyChanged, by: actor, subjectType: "vacancy", subjectId: String(id), detail: "handmatig gewijzigd")
        return vacancy
    }

    /// Closes a manual vacancy (it leaves matching); closing a closed one changes nothing.
    public func closeManual(id: Int64, by actor: AuditActor) async throws -> Vacancy {
        var vacancy = try await manual(id: id, by: actor)
        guard vacancy.status == .open else { return vacancy }
        vacancy.status = .closed
        try await vacancies.update(vacancy)
        try await audit.record(.vacancyChanged, by: actor, subjectType: "vacancy", subjectId: String(id), detail: "handmatig gesloten")
        return vacancy
    }

    /// The stored manual vacancy when the actor may change it; one outside their regions is answered as unknown
    /// (the refusal audited), a feed's vacancy as not manual.
    func manual(id: Int64, by actor: AuditActor) async throws -> Vacancy {
        guard let vacancy = try await vacancies.vacancy(id: id) else { throw VacancyRecordsError.notFound(id: id) }
        guard vacancy.source == Vacancy.manualSource else { throw VacancyRecordsError.notManual(id: id, source: vacancy.source) }
        guard regions.permits(postcode: vacancy.postcode, to: actor) else {
            try await audit.record(.refused, by: actor, subjectType: "vacancy", subjectId: String(id), detail: "buiten de regio's van de gebruiker")
            throw VacancyRecordsError.notFound(id: id)
        }
        return vacancy
    }

    /// Field problems first (an employer outside the actor's regions is "unknown", like one that does not
    /// exist), then the region rule on the vacancy's postcode: a consultant places it in their own regions.
    func check(_ input: ManualVacancyInput, by actor: AuditActor) async throws {
        var problems = validate(input)
        if let employerId = input.employerId, try await visibleEmployer(id: employerId, by: actor) == nil {
            problems.append(CandidateFieldProblem(field: "employerId", english: "unknown employer", dutch: "onbekende werkgever"))
        }
        guard problems.isEmpty else { throw VacancyRecordsError.invalid(problems) }
        guard regions.permits(postcode: input.postcode, to: actor) else { throw VacancyRecordsError.outsideRegions }
    }

    static func vacancy(from input: ManualVacancyInput, id: Int64, externalId: String, status: VacancyStatus) -> Vacancy {
        Vacancy(id: id, source: Vacancy.manualSource, externalId: externalId, employerId: input.employerId,
                title: input.title.trimmingCharacters(in: .whitespacesAndNewlines), occupation: input.occupation,
                requiredSkills: input.requiredSkills ?? [], optionalSkills: input.optionalSkills ?? [], postcode: input.postcode,
                hours: input.hours, contractMonths: input.contractMonths, startDate: input.startDate, hourlyWage: input.hourlyWage,
                suitableForBanenafspraak: input.suitableForBanenafspraak ?? false, demands: Array(Set(input.demands ?? [])).sorted(),
                requiredLicences: Array(Set(input.requiredLicences ?? [])).sorted(), minimumEducation: input.minimumEducation,
                minimumDutchLevel: input.minimumDutchLevel, status: status, validThrough: input.validThrough)
    }
}
