/// The figures a rule needs, by the part they play. A region file binds each role to a parameter id, so a
/// municipality can swap a figure (e.g. its own trial-placement limit) without touching Swift.
public enum ParameterRole: String, Sendable, CaseIterable, Codable {
    // Statutory figures shared by several rules (bound at region level).
    case minimumWageHourly, minimumWageReferenceMonth, youthPercentage, aowAge, weeksPerYear
    case hoursBasis, holidayAllowance, employerCostsAllowance
    /// The youth percentages for an employee following a BBL programme (Besluit minimumjeugdloonregeling art. 3).
    case youthPercentageBBL
    // Loonkostensubsidie.
    case lksCap, flatRateWithoutWageValue, flatRateMaxMonths
    // Job coaching.
    case coachingMonthlyFullTime, coachingMinimumIntendedMonths, uwvCoachingMinimumHours, uwvCoachingMinimumMonths
    // No-riskpolis.
    case noRiskRegisterRoute, noRiskLimitedYears
    /// ZW art. 29b lid 1 onder b 4°: the job must start within so many years after the day UWV's finding refers to.
    case noRiskBelow35StartWindowYears
    // Trial placement.
    case trialBaseMonths, trialMaxExtensionMonths, trialRegionalMaxMonths, trialMinimumIntendedMonths
    case uwvTrialMaxMonths, uwvTrialStandardMonths, uwvTrialMinimumFollowUpMonths
    // Loonkostenvoordeel.
    case lkvBanenafspraakHourly, lkvBanenafspraakYearCap, lkvBanenafspraakYears, lkvBanenafspraakStatementRequired
    case lkvDisabledHourly, lkvDisabledYearCap, lkvDisabledYears
    case lkvReplacementHourly, lkvReplacementYearCap, lkvReplacementYears
    case lkvOlderHourly, lkvOlderYearCap, lkvOlderYears, lkvOlderMinimumAge
    case lkvStatementDeadlineMonths
    // Drechtsteden.
    case baanbonusShortAmount, baanbonusShortMinimumMonths, baanbonusLongAmount, baanbonusLongMinimumMonths
    case baanbonusMinimumHours
    case ikDoeMeeMinimumMonths, ikDoeMeeMinimumHours
    // Wierden.
    case wierdenMinimumAge
    case disregardPartTimePercent, disregardPartTimeCap, disregardPartTimeMonths
    case disregardSingleParentPercent, disregardSingleParentCap, disregardSingleParentMonths
    case disregardMedicalPercent, disregardMedicalCap
    // Pw art. 31 lid 2 z/aa (national).
    case disregardMinimumAge, disregardLksPercent, disregardLksCap, disregardLksMonths
    case premiumPartTimeWorkPercent, premiumPartTimeWorkCap, premiumWorkMinimumRung
    case premiumUnpaidWorkHalfYear, premiumParticipationHalfYear, premiumParticipationMaximumRung
    case exitPremiumAmount, exitPremiumMonthsOffBenefit

    /// The role's position in `allCases`, which indexes a region's binding. Read from the case's tag: Swift
    /// numbers the cases of a payload-free enum in declaration order, as `allCases` lists them (a test
    /// checks that they agree). The rules ask for a role a dozen times per instrument; a dictionary from
    /// role to position would hash the role's name each time.
    @inline(__always) var ordinal: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
}

/// Yes/no choices a region makes within the law.
public enum PolicySetting: String, Sendable, CaseIterable, Codable {
    /// Loonkostensubsidie stops on the AOW date (a municipal rule, not in the Pw).
    case endsAtAOW
}

/// The Swift logic behind an instrument, and which roles and settings it reads.
public enum RuleID: String, Sendable, CaseIterable, Codable {
    case loonkostensubsidie, jobcoaching, noRiskPolis, proefplaatsing, loonkostenvoordeel
    case baanbonus, ikDoeMeePremie
    case wierdenVrijlatingDeeltijd, wierdenVrijlatingAlleenstaandeOuder, wierdenVrijlatingMedisch
    case wierdenPremieDeeltijdwerk, wierdenPremieOnbetaaldWerk, wierdenPremieParticipatieplaats, wierdenUitstroompremie
    case werkplekaanpassing, vrijlatingLks

    /// Roles that must be bound wherever the instrument is offered. Roles the rule reads but a region may
    /// leave unbound are in `optionalRoles`.
    var requiredRoles: [ParameterRole] {
        switch self {
        case .loonkostensubsidie:
            [.minimumWageReferenceMonth, .youthPercentage, .youthPercentageBBL, .aowAge, .hoursBasis, .holidayAllowance,
             .employerCostsAllowance, .lksCap, .flatRateWithoutWageValue, .flatRateMaxMonths]
        case .jobcoaching: [.hoursBasis, .uwvCoachingMinimumHours, .uwvCoachingMinimumMonths]
        case .noRiskPolis: [.noRiskRegisterRoute, .noRiskLimitedYears, .noRiskBelow35StartWindowYears]
        case .proefplaatsing: [.trialBaseMonths, .trialMaxExtensionMonths, .uwvTrialMaxMonths, .uwvTrialStandardMonths, .uwvTrialMinimumFollowUpMonths]
        case .loonkostenvoordeel:
            [.aowAge, .weeksPerYear,
             .lkvBanenafspraakHourly, .lkvBanenafspraakYearCap, .lkvBanenafspraakYears, .lkvBanenafspraakStatementRequired,
             .lkvDisabledHourly, .lkvDisabledYearCap, .lkvDisabledYears,
             .lkvReplacementHourly, .lkvReplacementYearCap, .lkvReplacementYears,
             .lkvOlderHourly, .lkvOlderYearCap, .lkvOlderYears, .lkvOlderMinimumAge, .lkvStatementDeadlineMonths]
        case .baanbonus:
            [.baanbonusShortAmount, .baanbonusShortMinimumMonths, .baanbonusLongAmount, .baanbonusLongMinimumMonths,
             .baanbonusMinimumHours]
        case .ikDoeMeePremie: [.ikDoeMeeMinimumMonths, .ikDoeMeeMinimumHours]
        case .wierdenVrijlatingDeeltijd:
            [.wierdenMinimumAge, .weeksPerYear, .disregardPartTimePercent, .disregardPartTimeCap, .disregardPartTimeMonths]
        case .wierdenVrijlatingAlleenstaandeOuder:
            [.wierdenMinimumAge, .weeksPerYear, .disregardSingleParentPercent, .disregardSingleParentCap,
             .disregardSingleParentMonths, .disregardPartTimeMonths]
        case .wierdenVrijlatingMedisch: [.wierdenMinimumAge, .weeksPerYear, .disregardMedicalPercent, .disregardMedicalCap, .disregardPartTimeMonths]
        case .wierdenPremieDeeltijdwerk:
            [.wierdenMinimumAge, .weeksPerYear, .premiumPartTimeWorkPercent, .premiumPartTimeWorkCap, .premiumWorkMinimumRung,
             .disregardPartTimeMonths, .disregardSingleParentMonths]
        case .wierdenPremieOnbetaaldWerk: [.wierdenMinimumAge, .premiumUnpaidWorkHalfYear, .premiumWorkMinimumRung]
        case .wierdenPremieParticipatieplaats:
            [.wierdenMinimumAge, .premiumParticipationHalfYear, .premiumParticipationMaximumRung]
        case .wierdenUitstroompremie: [.wierdenMinimumAge, .exitPremiumAmount, .exitPremiumMonthsOffBenefit]
        case .werkplekaanpassing: []
        case .vrijlatingLks:
            [.weeksPerYear, .disregardMinimumAge, .disregardPartTimeMonths, .disregardLksPercent, .disregardLksCap, .disregardLksMonths]
        }
    }

    var optionalRoles: [ParameterRole] {
        switch self {
        case .jobcoaching: [.coachingMonthlyFullTime, .coachingMinimumIntendedMonths]
        case .proefplaatsing: [.trialRegionalMaxMonths, .trialMinimumIntendedMonths]
        default: []
        }
    }

    var settings: [PolicySetting] {
        switch self {
        case .loonkostensubsidie: [.endsAtAOW]
        default: []
        }
    }
}
