/// A wage value (loonwaarde) measured at a workplace: the share of the minimum wage the person earns with
/// their productivity, in whole percentage points.
public struct WageValueMeasurement: Hashable, Sendable, Codable {
    public var percent: Int
    public var measuredOn: CalendarDate

    public init(percent: Int, measuredOn: CalendarDate) {
        self.percent = percent
        self.measuredOn = measuredOn
    }
}

/// Weekly hours as a closed range (a candidate's availability or a vacancy's offer).
public struct WeeklyHours: Hashable, Sendable, Codable, CustomStringConvertible {
    public var min: Int
    public var max: Int

    public init?(min: Int, max: Int) {
        guard min >= 0, max >= min, max <= 80 else { return nil }
        self.min = min
        self.max = max
    }

    /// Hours both ranges have in common, or nil when they do not meet.
    public func overlap(with other: WeeklyHours) -> WeeklyHours? {
        WeeklyHours(min: Swift.max(min, other.min), max: Swift.min(max, other.max))
    }

    public var description: String { min == max ? "\(min) uur" : "\(min)–\(max) uur" }
}

/// A job seeker the WSP supports. Identified by a pseudonymous id only: no BSN, no name.
///
/// `workLimitation`, `wageValue` and `hadEducationObstacle` are medical or medically derived: they are for
/// staff and rules, never shown to an employer.
public struct Candidate: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var municipality: String
    public var dateOfBirth: CalendarDate
    public var benefit: BenefitType
    public var benefitSince: CalendarDate?
    /// Doelgroepverklaring banenafspraak: the person is in UWV's target-group register.
    public var targetGroupRegister: Bool
    /// Indicatie beschut werk (sheltered work); excludes the register.
    public var shelteredWorkIndication: Bool
    public var workLimitation: Bool
    public var wageValue: WageValueMeasurement?
    /// Had trouble following education because of illness or disability (no-riskverklaring route).
    public var hadEducationObstacle: Bool
    public var ladderRung: LadderRung
    public var singleParentWithChildUnder12: Bool
    public var statusHolder: Bool
    public var hoursAvailable: WeeklyHours
    public var travelReachKm: Int
    public var postcode: Postcode
    public var availableFrom: CalendarDate
    public var skills: [EscoID]
    public var desiredOccupations: [EscoID]
    public var education: EducationLevel
    public var dutchLevel: LanguageLevel
    public var drivingLicences: [DrivingLicence]
    public var avoid: [WorkDemand]

    public init(
        id: String, municipality: String, dateOfBirth: CalendarDate, benefit: BenefitType,
        benefitSince: CalendarDate? = nil, targetGroupRegister: Bool = false, shelteredWorkIndication: Bool = false,
        workLimitation: Bool = false, wageValue: WageValueMeasurement? = nil, hadEducationObstacle: Bool = false,
        ladderRung: LadderRung, singleParentWithChildUnder12: Bool = false, statusHolder: Bool = false,
        hoursAvailable: WeeklyHours, travelReachKm: Int, postcode: Postcode, availableFrom: CalendarDate,
        skills: [EscoID] = [], desiredOccupations: [EscoID] = [], education: EducationLevel,
        dutchLevel: LanguageLevel, drivingLicences: [DrivingLicence] = [], avoid: [WorkDemand] = []
    ) {
        self.id = id
        self.municipality = municipality
        self.dateOfBirth = dateOfBirth
        self.benefit = benefit
        self.benefitSince = benefitSince
        self.targetGroupRegister = targetGroupRegister
        self.shelteredWorkIndication = shelteredWorkIndication
        self.workLimitation = workLimitation
        self.wageValue = wageValue
        self.hadEducationObstacle = hadEducationObstacle
        self.ladderRung = ladderRung
        self.singleParentWithChildUnder12 = singleParentWithChildUnder12
        self.statusHolder = statusHolder
        self.hoursAvailable = hoursAvailable
        self.travelReachKm = travelReachKm
        self.postcode = postcode
        self.availableFrom = availableFrom
        self.skills = skills
        self.desiredOccupations = desiredOccupations
        self.education = education
        self.dutchLevel = dutchLevel
        self.drivingLicences = drivingLicences
        self.avoid = avoid
    }

    /// Problems that make the record unusable, in Dutch; empty when valid.
    public var validationProblems: [String] {
        var problems: [String] = []
        if id.isEmpty { problems.append("id ontbreekt") }
        if municipality.isEmpty { problems.append("woongemeente ontbreekt") }
        if targetGroupRegister && shelteredWorkIndication {
            problems.append("doelgroepregister en indicatie beschut werk sluiten elkaar uit")
        }
        if let wageValue, !(0...100).contains(wageValue.percent) {
            problems.append("loonwaarde moet tussen 0 en 100% liggen")
        }
        if travelReachKm < 0 || travelReachKm > 300 { problems.append("reisafstand moet tussen 0 en 300 km liggen") }
        return problems
    }
}
