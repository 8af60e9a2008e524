import Domain
import Foundation

/// What the candidate does in the placement being evaluated. Candidate-side premiums depend on it.
public enum PlacementActivity: String, Sendable, Codable, CaseIterable {
    /// A job with a contract and a wage: the usual case for a quote.
    case paidEmployment
    /// Unpaid work (e.g. work experience) while on benefit.
    case unpaidWork
    /// A participation place (participatieplaats).
    case participationPlace
    /// Volunteering or other social participation.
    case volunteering
}

/// Everything the rules need for one evaluation: the candidate's policy facts, the placement terms, and
/// the facts that live in neither (an adviser's or employer's statement).
///
/// Optional `Bool?` facts mean "not known yet": a rule that depends on one answers *needs information*
/// instead of guessing. Facts the law lets us default are non-optional with the default stated.
public struct InstrumentRequest: Sendable, Hashable, Codable {
    /// The evaluation date: parameters are taken as in force on this date. Defaults to the contract start.
    public var peildatum: CalendarDate

    // The candidate (from `Candidate`).
    public var municipality: String
    public var dateOfBirth: CalendarDate
    public var benefit: BenefitType
    /// Doelgroepverklaring banenafspraak.
    public var targetGroupRegister: Bool
    public var shelteredWorkIndication: Bool
    public var workLimitation: Bool
    public var wageValue: WageValueMeasurement?
    public var hadEducationObstacle: Bool
    /// Nil when unknown; only Wierden's premiums read it.
    public var ladderRung: LadderRung?
    public var singleParentWithChildUnder12: Bool

    // The placement (from `PlacementTerms`).
    public var start: CalendarDate
    public var hoursPerWeek: Int
    public var contractMonths: Int
    /// The contract's hourly wage; zero for an unpaid activity.
    public var hourlyWage: Money
    public var activity: PlacementActivity

    // Facts outside Candidate and PlacementTerms.
    /// The sector's normal full-time week (cao). Unknown is fine while the contract hours do not exceed the
    /// 36-hour basis; above it the rules need it to know how many hours count.
    public var sectorFullTimeHours: Int?
    /// The support director (regisseur begeleiding) found job coaching necessary and set its scope.
    public var coachingFoundNecessary: Bool?
    /// The employer intends to employ the candidate for longer than six months after a trial placement.
    public var employerIntendsLongerContract: Bool?
    /// No displacement of regular workers and no distortion of competition (trial placement).
    public var noDisplacement: Bool?
    /// Liability and accident insurance covers employer and candidate during a trial placement.
    public var insuranceArranged: Bool?
    /// Trial-placement months asked for; nil asks for the maximum allowed.
    public var requestedTrialMonths: Int?
    /// Another municipal wage subsidy for the same job (Pw 10d lid 9 forbids combining). Nil: not known, the
    /// decision then lists "no other municipal wage subsidy" as a condition.
    public var otherMunicipalWageSubsidy: Bool?
    /// The employer re-places its own employee who became disabled (LKV herplaatsen). Default false.
    public var replacingOwnDisabledEmployee: Bool
    /// Worked in sheltered employment under the Wsw (no-riskpolis without time limit). Default false.
    public var wswEmployee: Bool
    /// The candidate keeps a partial bijstand benefit next to the job (income disregards). Nil: not known.
    public var keepsPartialBenefit: Bool?
    /// A medically established limitation of hours (Pw 31 lid 2 y). Default false.
    public var medicalHoursLimitation: Bool
    /// The placement ends the benefit entirely (exit premium). Nil: not known.
    public var leavesBenefit: Bool?
    /// Left praktijkonderwijs, voortgezet speciaal onderwijs or an entree course in the six months before the
    /// job (LKS route of Pw art. 10d lid 2). Default false.
    public var schoolLeaverRoute: Bool
    /// Net income from the job per month, for the income disregards of Pw art. 31 lid 2 (which apply to net
    /// income, lid 3). Nil: the disregard is computed on the gross wage and is then a maximum.
    public var netMonthlyIncome: Money?
    /// Employed by this employer at some time in the six months before this job (excludes LKV oudere
    /// werknemer, arbeidsgehandicapte and banenafspraak: Wtl art. 2.2 lid 1 c, 2.6 lid 1 b, 2.10 lid 1 b).
    /// Nil: not known; the decision then lists it as a condition.
    public var employedByEmployerInPreviousSixMonths: Bool?
    /// The employment contract goes with a beroepsbegeleidende leerweg (BBL, WEB art. 7.2.2): the minimum wage
    /// below 21 follows the BBL scale (Besluit minimumjeugdloonregeling art. 3), not the normal youth scale.
    /// Default false.
    public var followsBBL: Bool
    /// ZW art. 29b lid 1 onder b: the day after the WIA waiting time (wachttijd, or the other periods the article
    /// names) on which UWV's arbeidskundig onderzoek found the candidate less than 35% arbeidsongeschikt (1°), without
    /// a job with another employer eleven weeks before (2°) and unable to do his own or other suitable work with his
    /// own employer (3°). A job that starts within five years after that day (4°) has the no-riskpolis for five
    /// years. Nil: no such finding (or not known). Medically derived: never logged.
    public var wiaBelow35PercentSince: CalendarDate?

    public init(
        peildatum: CalendarDate? = nil, municipality: String, dateOfBirth: CalendarDate, benefit: BenefitType,
        targetGroupRegister: Bool = false, shelteredWorkIndication: Bool = false, workLimitation: Bool = false,
        wageValue: WageValueMeasurement? = nil, hadEducationObstacle: Bool = false, ladderRung: LadderRung? = nil,
        singleParentWithChildUnder12: Bool = false,
        start: CalendarDate, hoursPerWeek: Int, contractMonths: Int, hourlyWage: Money,
        activity: PlacementActivity = .paidEmployment, sectorFullTimeHours: Int? = nil, coachingFoundNecessary: Bool? = nil,
        employerIntendsLongerContract: Bool? = nil, noDisplacement: Bool? = nil, insuranceArranged: Bool? = nil,
        requestedTrialMonths: Int? = nil, otherMunicipalWageSubsidy: Bool? = nil, replacingOwnDisabledEmployee: Bool = false,
        wswEmployee: Bool = false, keepsPartialBenefit: Bool? = nil, medicalHoursLimitation: Bool = false,
        leavesBenefit: Bool? = nil, schoolLeaverRoute: Bool = false, netMonthlyIncome: Money? = nil,
        employedByEmployerInPreviousSixMonths: Bool? = nil, followsBBL: Bool = false, wiaBelow35PercentSince: CalendarDate? = nil
    ) {
        self.peildatum = peildatum ?? start
        self.municipality = municipality
        self.dateOfBirth = dateOfBirth
        self.benefit = benefit
        self.targetGroupRegister = targetGroupRegister
        self.shelteredWorkIndication = shelteredWorkIndication
        self.workLimitation = workLimitation
        self.wageValue = wageValue
        self.hadEducationObstacle = hadEducationObstacle
        self.ladderRung = ladderRung
        self.singleParentWithChildUnder12 = singleParentWithChildUnder12
        self.start = start
        self.hoursPerWeek = hoursPerWeek
        self.contractMonths = contractMonths
        self.hourlyWage = hourlyWage
        self.activity = activity
        self.sectorFullTimeHours = sectorFullTimeHours
        self.coachingFoundNecessary = coachingFoundNecessary
        self.employerIntendsLongerContract = employerIntendsLongerContract
        self.noDisplacement = noDisplacement
        self.insuranceArranged = insuranceArranged
        self.requestedTrialMonths = requestedTrialMonths
        self.otherMunicipalWageSubsidy = otherMunicipalWageSubsidy
        self.replacingOwnDisabledEmployee = replacingOwnDisabledEmployee
        self.wswEmployee = wswEmployee
        self.keepsPartialBenefit = keepsPartialBenefit
        self.medicalHoursLimitation = medicalHoursLimitation
        self.leavesBenefit = leavesBenefit
        self.schoolLeaverRoute = schoolLeaverRoute
        self.netMonthlyIncome = netMonthlyIncome
        self.employedByEmployerInPreviousSixMonths = employedByEmployerInPreviousSixMonths
        self.followsBBL = followsBBL
        self.wiaBelow35PercentSince = wiaBelow35PercentSince
    }

    /// A request from the stored candidate and the placement terms; the extra facts are set afterwards.
    public init(candidate: Candidate, terms: PlacementTerms, peildatum: CalendarDate? = nil) {
        self.init(
            peildatum: peildatum, municipality: candidate.municipality, dateOfBirth: candidate.dateOfBirth,
            benefit: candidate.benefit, targetGroupRegister: candidate.targetGroupRegister,
            shelteredWorkIndication: candidate.shelteredWorkIndication, workLimitation: candidate.workLimitation,
            wageValue: candidate.wageValue, hadEducationObstacle: candidate.hadEducationObstacle,
            ladderRung: candidate.ladderRung, singleParentWithChildUnder12: candidate.singleParentWithChildUnder12,
            start: terms.startDate, hoursPerWeek: terms.hoursPerWeek, contractMonths: terms.contractMonths,
            hourlyWage: terms.hourlyWage)
    }

    /// The last day of the contract.
    public var end: CalendarDate { start.adding(months: contractMonths).adding(days: -1) }

    /// The field names a request may have (JSON, golden-case YAML), for checking input for typos.
    public static let fieldNames: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case peildatum, municipality, dateOfBirth, benefit, targetGroupRegister, shelteredWorkIndication, workLimitation
        case wageValue, hadEducationObstacle, ladderRung, singleParentWithChildUnder12, start, hoursPerWeek, contractMonths
        case hourlyWage, activity, sectorFullTimeHours, coachingFoundNecessary, employerIntendsLongerContract, noDisplacement
        case insuranceArranged, requestedTrialMonths, otherMunicipalWageSubsidy, replacingOwnDisabledEmployee, wswEmployee
        case keepsPartialBenefit, medicalHoursLimitation, leavesBenefit, schoolLeaverRoute, netMonthlyIncome
        case employedByEmployerInPreviousSixMonths, followsBBL, wiaBelow35PercentSince
    }

    /// Missing defaultable facts take their stated defaults, so a golden case or API call names only what matters.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        start = try c.decode(CalendarDate.self, forKey: .start)
        peildatum = try c.decodeIfPresent(CalendarDate.self, forKey: .peildatum) ?? start
        municipality = try c.decode(String.self, forKey: .municipality)
        dateOfBirth = try c.decode(CalendarDate.self, forKey: .dateOfBirth)
        benefit = try c.decode(BenefitType.self, forKey: .benefit)
        targetGroupRegister = try c.decodeIfPresent(Bool.self, forKey: .targetGroupRegister) ?? false
        shelteredWorkIndication = try c.decodeIfPresent(Bool.self, forKey: .shelteredWorkIndication) ?? false
        workLimitation = try c.decodeIfPresent(Bool.self, forKey: .workLimitation) ?? false
        wageValue = try c.decodeIfPresent(WageValueMeasurement.self, forKey: .wageValue)
        hadEducationObstacle = try c.decodeIfPresent(Bool.self, forKey: .hadEducationObstacle) ?? false
        ladderRung = try c.decodeIfPresent(LadderRung.self, forKey: .ladderRung)
        singleParentWithChildUnder12 = try c.decodeIfPresent(Bool.self, forKey: .singleParentWithChildUnder12) ?? false
        hoursPerWeek = try c.decode(Int.self, forKey: .hoursPerWeek)
        contractMonths = try c.decode(Int.self, forKey: .contractMonths)
        // Unpaid activities (volunteering, participation places) have no wage.
        hourlyWage = try c.decodeIfPresent(Money.self, forKey: .hourlyWage) ?? .zero
        activity = try c.decodeIfPresent(PlacementActivity.self, forKey: .activity) ?? .paidEmployment
        sectorFullTimeHours = try c.decodeIfPresent(Int.self, forKey: .sectorFullTimeHours)
        coachingFoundNecessary = try c.decodeIfPresent(Bool.self, forKey: .coachingFoundNecessary)
        employerIntendsLongerContract = try c.decodeIfPresent(Bool.self, forKey: .employerIntendsLongerContract)
        noDisplacement = try c.decodeIfPresent(Bool.self, forKey: .noDisplacement)
        insuranceArranged = try c.decodeIfPresent(Bool.self, forKey: .insuranceArranged)
        requestedTrialMonths = try c.decodeIfPresent(Int.self, forKey: .requestedTrialMonths)
        otherMunicipalWageSubsidy = try c.decodeIfPresent(Bool.self, forKey: .otherMunicipalWageSubsidy)
        replacingOwnDisabledEmployee = try c.decodeIfPresent(Bool.self, forKey: .replacingOwnDisabledEmployee) ?? false
        wswEmployee = try c.decodeIfPresent(Bool.self, forKey: .wswEmployee) ?? false
        keepsPartialBenefit = try c.decodeIfPresent(Bool.self, forKey: .keepsPartialBenefit)
        medicalHoursLimitation = try c.decodeIfPresent(Bool.self, forKey: .medicalHoursLimitation) ?? false
        leavesBenefit = try c.decodeIfPresent(Bool.self, forKey: .leavesBenefit)
        schoolLeaverRoute = try c.decodeIfPresent(Bool.self, forKey: .schoolLeaverRoute) ?? false
        netMonthlyIncome = try c.decodeIfPresent(Money.self, forKey: .netMonthlyIncome)
        employedByEmployerInPreviousSixMonths = try c.decodeIfPresent(Bool.self, forKey: .employedByEmployerInPreviousSixMonths)
        followsBBL = try c.decodeIfPresent(Bool.self, forKey: .followsBBL) ?? false
        wiaBelow35PercentSince = try c.decodeIfPresent(CalendarDate.self, forKey: .wiaBelow35PercentSince)
    }
}

/// The request cannot be quoted at all (not a "no" from a rule, but input that no rule may accept).
public struct InvalidInstrumentRequest: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { "ongeldige aanvraag: " + problems.joined(separator: "; ") }
}
