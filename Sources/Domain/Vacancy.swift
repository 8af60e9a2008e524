/// An open or closed job at an employer, from a feed or entered by staff.
public struct Vacancy: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    /// The feed name, or "handmatig" for a vacancy entered by staff.
    public var source: String
    /// The id the source gives it; unique per source.
    public var externalId: String
    public var employerId: Int64?
    public var title: String
    public var occupation: EscoID?
    public var requiredSkills: [EscoID]
    public var optionalSkills: [EscoID]
    public var postcode: Postcode?
    public var hours: WeeklyHours
    /// Contract length in months; nil for a permanent contract.
    public var contractMonths: Int?
    public var startDate: CalendarDate?
    public var hourlyWage: Money?
    public var suitableForBanenafspraak: Bool
    public var demands: [WorkDemand]
    public var requiredLicences: [DrivingLicence]
    public var minimumEducation: EducationLevel?
    public var minimumDutchLevel: LanguageLevel?
    public var status: VacancyStatus
    public var validThrough: CalendarDate?

    /// The source of vacancies entered by staff (by phone, not by feed). No feed may carry this name, so a
    /// feed's snapshot can never close them.
    public static let manualSource = "manual"

    public init(
        id: Int64, source: String, externalId: String, employerId: Int64?, title: String, occupation: EscoID?,
        requiredSkills: [EscoID] = [], optionalSkills: [EscoID] = [], postcode: Postcode?, hours: WeeklyHours,
        contractMonths: Int?, startDate: CalendarDate?, hourlyWage: Money?, suitableForBanenafspraak: Bool = false,
        demands: [WorkDemand] = [], requiredLicences: [DrivingLicence] = [], minimumEducation: EducationLevel? = nil,
        minimumDutchLevel: LanguageLevel? = nil, status: VacancyStatus = .open, validThrough: CalendarDate? = nil
    ) {
        self.id = id
        self.source = source
        self.externalId = externalId
        self.employerId = employerId
        self.title = title
        self.occupation = occupation
        self.requiredSkills = requiredSkills
        self.optionalSkills = optionalSkills
        self.postcode = postcode
        self.hours = hours
        self.contractMonths = contractMonths
        self.startDate = startDate
        self.hourlyWage = hourlyWage
        self.suitableForBanenafspraak = suitableForBanenafspraak
        self.demands = demands
        self.requiredLicences = requiredLicences
        self.minimumEducation = minimumEducation
        self.minimumDutchLevel = minimumDutchLevel
        self.status = status
        self.validThrough = validThrough
    }
}

/// What a quote is about: this candidate in this vacancy, from this date, for these hours, months and wage.
public struct PlacementTerms: Hashable, Sendable, Codable {
    public var candidateId: String
    public var vacancyId: Int64
    public var startDate: CalendarDate
    public var hoursPerWeek: Int
    public var contractMonths: Int
    public var hourlyWage: Money

    public init(candidateId: String, vacancyId: Int64, startDate: CalendarDate, hoursPerWeek: Int, contractMonths: Int, hourlyWage: Money) {
        self.candidateId = candidateId
        self.vacancyId = vacancyId
        self.startDate = startDate
        self.hoursPerWeek = hoursPerWeek
        self.contractMonths = contractMonths
        self.hourlyWage = hourlyWage
    }

    public var endDate: CalendarDate { startDate.adding(months: contractMonths).adding(days: -1) }

    public var validationProblems: [String] {
        var problems: [String] = []
        if !(1...60).contains(hoursPerWeek) { problems.append("uren per week moeten tussen 1 en 60 liggen") }
        if !(1...600).contains(contractMonths) { problems.append("contractduur moet tussen 1 en 600 maanden liggen") }
        if hourlyWage.cents <= 0 { problems.append("uurloon moet positief zijn") }
        return problems
    }
}
