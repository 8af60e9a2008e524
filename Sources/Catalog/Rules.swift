import Domain
import Foundation

/// The instrument rules. Pure functions of the request and the catalog: no I/O, no clock. Every figure comes
/// from a parameter role; only the shape of the law (which facts matter, in which order) is Swift.
enum Rules {
    static let onlyForEmployment = "alleen bij een dienstverband met loon; de geplande activiteit is geen betaald werk"

    static func evaluate(_ rule: RuleID, _ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        switch rule {
        case .loonkostensubsidie: try loonkostensubsidie(&ctx)
        case .jobcoaching: try jobcoaching(&ctx)
        case .noRiskPolis: try noRiskPolis(&ctx)
        case .proefplaatsing: try proefplaatsing(&ctx)
        case .loonkostenvoordeel: try loonkostenvoordeel(&ctx)
        case .baanbonus: try baanbonus(&ctx)
        case .ikDoeMeePremie: try ikDoeMeePremie(&ctx)
        case .wierdenVrijlatingDeeltijd: try wierdenVrijlatingDeeltijd(&ctx)
        case .wierdenVrijlatingAlleenstaandeOuder: try wierdenVrijlatingAlleenstaandeOuder(&ctx)
        case .wierdenVrijlatingMedisch: try wierdenVrijlatingMedisch(&ctx)
        case .wierdenPremieDeeltijdwerk: try wierdenPremieDeeltijdwerk(&ctx)
        case .wierdenPremieOnbetaaldWerk: try wierdenPremieOnbetaaldWerk(&ctx)
        case .wierdenPremieParticipatieplaats: try wierdenPremieParticipatieplaats(&ctx)
        case .wierdenUitstroompremie: try wierdenUitstroompremie(&ctx)
        case .werkplekaanpassing: werkplekaanpassing(&ctx)
        case .vrijlatingLks: try vrijlatingLks(&ctx)
        }
    }

    // MARK: Loonkostensubsidie (Pw 6 lid 1 e/g, 10c, 10d, 10da)

    static func loonkostensubsidie(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        guard ctx.request.activity == .paidEmployment else { return .notEligible(Rules.onlyForEmployment) }
        let request = ctx.request
        if request.benefit == .wajong {
            return .notEligible("Wajong-uitkering: de route is loondispensatie via UWV (Wajong art. 2:20), niet de loonkostensubsidie van de gemeente")
        }
        guard request.benefit.isMunicipalClient else {
            return .notEligible("loonkostensubsidie is voor bijstandsgerechtigden en niet-uitkeringsgerechtigden; een \(request.benefit.dutchName)-gerechtigde is klant van UWV")
        }
        var award = Award()
        if request.targetGroupRegister {
            ctx.note("doelgroep: doelgroepverklaring banenafspraak")
        } else if request.shelteredWorkIndication {
            ctx.note("doelgroep: indicatie beschut werk")
        } else if request.schoolLeaverRoute {
            // Pw 10d lid 2: a school leaver from praktijkonderwijs, vso or entree in the six months before the job,
            // once the college has found that the person cannot earn the minimum wage working full time.
            guard let wageValue = request.wageValue, wageValue.percent < 100 else {
                return .needsInformation(
                    missing: "vaststelling door het college dat de schoolverlater met voltijdse arbeid het wettelijk minimumloon niet kan verdienen (Pw art. 10d lid 2)",
                    settledBy: "loonwaardemeting; de aanvraag binnen zes maanden na het begin van het dienstverband indienen")
            }
            ctx.note("doelgroep: schoolverlater praktijkonderwijs, vso of entreeopleiding (Pw art. 10d lid 2)")
            award.addCondition("De aanvraag binnen zes maanden na het begin van het dienstverband indienen (Pw art. 10d lid 2).")
        } else if request.workLimitation {
            return .needsInformation(
                missing: "vaststelling dat de kandidaat tot de doelgroep loonkostensubsidie hoort: arbeidsbeperking zonder doelgroepverklaring of indicatie beschut werk",
                settledBy: "praktijkroute: een proefplaatsing met loonwaardemeting op de werkplek; bij een loonwaarde onder 100% volgt ook opname in het doelgroepregister (Wfsv art. 38b lid 1 onder a)")
        } else {
            return .notEligible("niet in de doelgroep loonkostensubsidie: geen doelgroepverklaring, geen indicatie beschut werk, geen schoolverlater (Pw art. 10d lid 2) en geen arbeidsbeperking")
        }
        if request.otherMunicipalWageSubsidy == true {
            return .notEligible("er loopt al een andere loonsubsidie van de gemeente voor deze baan; die gaat niet samen met loonkostensubsidie (Pw art. 10d lid 9)")
        }
        // The subsidy percentage of (WML + holiday allowance): the wage-value gap up to the cap (lid 4), or the
        // flat rate for at most the first months (lid 5), after which the measured wage value decides.
        let percentage: ExactDecimal
        let percentageText: String
        var flatMonths: Int?
        if let wageValue = request.wageValue {
            if wageValue.percent >= 100 {
                return .notEligible("loonwaarde \(wageValue.percent)% (gemeten \(wageValue.measuredOn)): de kandidaat kan het minimumloon verdienen, dus geen loonkostensubsidie")
            }
            let cap = try ctx.figure(.lksCap)
            let gap = ExactDecimal(100 - wageValue.percent)
            percentage = min(gap, cap.value)
            percentageText = gap < cap.value ? "\(100 - wageValue.percent)" : cap.text
            ctx.note("subsidiepercentage = min(100% − \(wageValue.percent)%, \(cap.text)%) = \(percentageText)% (Pw art. 10d lid 4)")
        } else {
            let flat = try ctx.figure(.flatRateWithoutWageValue)
            let months = try ctx.whole(.flatRateMaxMonths)
            flatMonths = months
            percentage = flat.value
            percentageText = flat.text
            ctx.note("geen gemeten loonwaarde: forfaitair \(flat.text)% over ten hoogste de eerste \(months) maanden (Pw art. 10d lid 5); daarna loonkostensubsidie op de gemeten loonwaarde")
            ctx.warn(.reminder, "laat de loonwaarde binnen \(months) maanden op de werkplek meten; daarna stelt de gemeente de subsidie vast op de gemeten loonwaarde (Pw art. 10d lid 5)")
            award.addCondition("Loonwaarde binnen \(months) maanden laten meten; het forfait stopt daarna, de loonkostensubsidie loopt door op de gemeten loonwaarde.")
        }
        let hours = try ctx.countedHours()

        // Where the subsidy stops within the contract: the contract end, or the AOW date where the region says so.
        var end = request.end
        if let aow = try ctx.aowDate(), aow <= request.end {
            if ctx.settings[.endsAtAOW] == true {
                if aow <= request.start {
                    return .notEligible("de kandidaat heeft de AOW-leeftijd al bereikt (\(aow)); de regio stopt loonkostensubsidie bij de AOW-leeftijd")
                }
                end = aow.adding(days: -1)
                ctx.note("regio stopt loonkostensubsidie op de AOW-datum \(aow): laatste dag \(end), een deel van een maand naar rato van de kalenderdagen")
                award.addCondition("De subsidie stopt op de AOW-datum \(aow).")
            } else {
                ctx.warn(.assumption, "de kandidaat bereikt op \(aow) de AOW-leeftijd, binnen het contract; de Participatiewet stopt de subsidie dan niet, de verordening van de gemeente kan dat wel")
            }
        }
        // The flat rate covers at most the first months; the rest of the subsidy follows the measurement.
        var knownEnd = end
        var pendingFrom: CalendarDate?
        if let flatMonths {
            let flatEnd = request.start.adding(months: flatMonths)
            if flatEnd <= end {
                knownEnd = flatEnd.adding(days: -1)
                pendingFrom = flatEnd
            }
        }
        // Periods: the amount is set again every 1 January (Pw art. 10d lid 7) and follows the employee's age
        // (the minimum wage of Pw art. 2 is the one for his age below 21).
        let startAge = request.dateOfBirth.age(on: request.start)
        var cuts: [CalendarDate] = []
        var january = CalendarDate(year: request.start.year + 1, month: 1, day: 1)!
        while january <= knownEnd { cuts.append(january); january = january.adding(years: 1) }
        if startAge < 21 {
            for turning in (startAge + 1)...21 { cuts.append(request.dateOfBirth.birthday(turning: turning)) }
        }
        var periods: [SchedulePeriod] = []
        var first: Money?
        for (from, to) in splitPeriods(start: request.start, end: knownEnd, at: cuts) {
            // The amount as set on the start of the job, or on the last 1 January since.
            let setOn = max(request.start, from.startOfYear)
            let minimumWage = try ctx.scheduled(.minimumWageReferenceMonth, on: setOn)
            let holiday = try ctx.scheduled(.holidayAllowance, on: setOn)
            let employerCosts = try ctx.scheduled(.employerCostsAllowance, on: setOn)
            let age = request.dateOfBirth.age(on: from)
            let youth = try ctx.scheduledYouthPercentage(age: age, on: from)
            // All percentages are folded into one division, so the exact amount is divided and rounded once.
            var numerator = percentage * minimumWage.value * (100 + holiday.value) * hours.counted * (100 + employerCosts.value)
            var denominator = Int128(100 * 100 * 100 * hours.basis)
            if let youth {
                numerator = numerator * youth.value
                denominator *= 100
            }
            let monthly = numerator.roundedToCents(dividingBy: denominator)
            let scaleSuffix = ctx.youthScaleSuffix
            let wageText = youth.map { "\(minimumWage.text) × \($0.text)% (\(age) jaar\(scaleSuffix))" } ?? minimumWage.text
            if first == nil {
                first = monthly
                ctx.note("per maand = \(percentageText)% × \(wageText) × (100% + \(holiday.text)%) × \(hours.counted)/\(hours.basis) × (100% + \(employerCosts.text)%) → \(plain: monthly)")
            }
            let share = MonthShare(from: from, through: to)
            var values = [minimumWage.use, holiday.use, employerCosts.use]
            if let youth { values.insert(youth.use, at: 1) }
            let projected = values.contains(where: \.projected)
            periods.append(SchedulePeriod(
                from: from, to: to, basis: .perMonth, rate: monthly, amount: share.apply(to: monthly), share: share.text,
                parameters: values, projected: projected, pending: nil,
                note: "\(percentageText)% × \(wageText) × \(hours.counted)/\(hours.basis), vastgesteld per \(setOn)", warnings: []))
            if projected {
                ctx.warn(.stale, "het minimumloon voor \(from) staat niet in de catalogus; de laatst bekende waarde is doorgetrokken (geprojecteerd)")
            }
        }
        if let pendingFrom {
            periods.append(SchedulePeriod(
                from: pendingFrom, to: end, basis: .perMonth, rate: nil, amount: nil,
                share: MonthShare(from: pendingFrom, through: end).text, parameters: [], projected: false,
                pending: "bedrag volgt uit de loonwaardemeting (Pw art. 10d lid 5, tweede zin)",
                note: "de loonkostensubsidie loopt door; de gemeente stelt het bedrag vast op de gemeten loonwaarde", warnings: []))
            ctx.note("vanaf \(pendingFrom): bedrag volgt uit de loonwaardemeting; de subsidie stopt niet")
        }
        ctx.note("een loon boven het minimumloon verhoogt de subsidie niet; de werkgever betaalt het verschil")
        if request.otherMunicipalWageSubsidy == nil {
            award.addCondition("Geen andere loonsubsidie van de gemeente voor deze baan (Pw art. 10d lid 9).")
        }
        award.monthly = first
        award.months = MonthShare(from: request.start, through: knownEnd).roundedDownMonths
        award.schedule = PaymentSchedule(periods: periods)
        return .eligible(award)
    }

    // MARK: Job coaching (Pw 10da; regional policy; UWV for WIA/Wajong)

    static func jobcoaching(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        guard ctx.request.activity == .paidEmployment else { return .notEligible(Rules.onlyForEmployment) }
        let request = ctx.request
        if request.benefit == .wia || request.benefit == .wajong {
            let minimumHours = try ctx.whole(.uwvCoachingMinimumHours)
            let minimumMonths = try ctx.whole(.uwvCoachingMinimumMonths)
            if request.hoursPerWeek < minimumHours {
                return .notEligible("UWV-jobcoaching vraagt ten minste \(minimumHours) uur per week; het contract heeft \(request.hoursPerWeek) uur")
            }
            if request.contractMonths < minimumMonths {
                return .notEligible("UWV-jobcoaching vraagt een contract van ten minste \(minimumMonths) maanden; het contract duurt \(request.contractMonths) maanden")
            }
            return .needsInformation(missing: "het tarief van UWV-jobcoaching staat niet (bevestigd) in de catalogus",
                                     settledBy: "jobcoaching aanvragen bij UWV; UWV stelt het tarief vast")
        }
        guard request.benefit.isMunicipalClient else {
            return .notEligible("jobcoaching van de gemeente is voor bijstandsgerechtigden en niet-uitkeringsgerechtigden; UWV-jobcoaching is er voor WIA en Wajong")
        }
        let lksTargetGroup = request.targetGroupRegister || request.shelteredWorkIndication
        guard ctx.hasParameter(for: .coachingMonthlyFullTime) else {
            if lksTargetGroup {
                return .needsInformation(missing: "recht op ondersteuning op de werkplek (Pw art. 10da), maar deze regio heeft geen tarief in de catalogus",
                                         settledBy: "het tarief uit de verordening van de gemeente opnemen in catalog/regions/")
            }
            return .notEligible("buiten de doelgroep loonkostensubsidie bestaat jobcoaching alleen volgens regionaal beleid, en deze regio heeft er geen")
        }
        let rate = try ctx.figure(.coachingMonthlyFullTime)
        if let minimumMonths = try ctx.optionalWhole(.coachingMinimumIntendedMonths), request.contractMonths < minimumMonths {
            return .notEligible("de werkgever moet een contract van ten minste \(minimumMonths) maanden beogen; dit contract duurt \(request.contractMonths) maanden")
        }
        switch request.coachingFoundNecessary {
        case false?: return .notEligible("de regisseur begeleiding vindt jobcoaching niet nodig")
        case nil: return .needsInformation(missing: "het oordeel van de regisseur begeleiding over noodzaak en omvang van jobcoaching",
                                           settledBy: "de regisseur begeleiding laten beoordelen of begeleiding nodig is en hoeveel")
        case true?: break
        }
        let hours = try ctx.countedHours(needsBasis: false)
        var periods: [SchedulePeriod] = []
        var first: Money?
        for (from, to) in splitPeriods(start: request.start, end: request.end,
                                       at: ctx.valueChangeDates(.coachingMonthlyFullTime, from: request.start, through: request.end)) {
            let periodRate = try ctx.scheduled(.coachingMonthlyFullTime, on: from)
            let monthly = (periodRate.value * hours.counted).roundedToCents(dividingBy: Int128(hours.fullTime))
            if first == nil { ctx.note("per maand = \(rate.text) × \(hours.counted)/\(hours.fullTime) → \(plain: monthly)"); first = monthly }
            let share = MonthShare(from: from, through: to)
            periods.append(SchedulePeriod(from: from, to: to, basis: .perMonth, rate: monthly, amount: share.apply(to: monthly),
                                          share: share.text, parameters: [periodRate.use], projected: periodRate.use.projected,
                                          pending: nil, note: "\(periodRate.text) × \(hours.counted)/\(hours.fullTime)", warnings: []))
        }
        var award = Award(monthly: first, months: request.contractMonths)
        award.schedule = PaymentSchedule(periods: periods)
        return .eligible(award)
    }

    // MARK: No-riskpolis (ZW 29b)

    static func noRiskPolis(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        guard ctx.request.activity == .paidEmployment else { return .notEligible(Rules.onlyForEmployment) }
        let request = ctx.request
        // ZW art. 29b lid 2: no time limit. Each ground names its own point of lid 2.
        var unlimitedBecause: String?
        if request.benefit == .wajong {
            unlimitedBecause = "Wajong (ZW art. 29b lid 2 onder a)"
        } else if request.wswEmployee {
            unlimitedBecause = "Wsw-dienstbetrekking of -indicatie vóór deze baan (ZW art. 29b lid 2 onder b en d)"
        } else if request.targetGroupRegister || municipalWageValueBelowMinimum(request) {
            // Lid 2 onder e names the person the municipality supports (Pw art. 7 lid 1 a, or LKS under 10d lid 2)
            // of whom UWV found he cannot earn the minimum wage or the municipality measured a loonwaarde below it;
            // lid 11 extends it to the register (Wfsv art. 38b). A measured loonwaarde below 100% suffices by itself.
            if ctx.flag(.noRiskRegisterRoute, on: request.start) {
                unlimitedBecause = request.targetGroupRegister
                    ? "doelgroepregister (ZW art. 29b lid 2 onder e en lid 11)"
                    : "door de gemeente vastgestelde loonwaarde \(request.wageValue!.percent)% onder het minimumloon, met ondersteuning van de gemeente (ZW art. 29b lid 2 onder e)"
            } else {
                ctx.note("lid 2 onder e geldt alleen voor een dienstbetrekking die op of na de ingangsdatum is begonnen")
            }
        }
        if unlimitedBecause == nil, request.shelteredWorkIndication {
            unlimitedBecause = "beschut werk (ZW art. 29b lid 2 onder f)"
        }
        if let unlimitedBecause {
            ctx.note("zonder einddatum: \(unlimitedBecause)")
            return .eligible(Award(openEnded: true))
        }
        // Lid 4: a WIA beneficiary who stays with his own employer: five years from the WIA decision, not from
        // the start of this contract (lid 1 onder a is for someone who had WIA immediately before a new job).
        if request.benefit == .wia, request.replacingOwnDisabledEmployee {
            let limit = try ctx.duration(.noRiskLimitedYears, on: request.start)
            let years = if case .months(let months) = limit { "\(months / 12) jaar" } else { "onbeperkt" }
            ctx.note("WIA-gerechtigde blijft bij de eigen werkgever: ZW art. 29b lid 4, \(years) na de vaststelling van het WIA-recht")
            var award = Award()
            award.addCondition("Ziekte die begint binnen \(years) na de vaststelling van het recht op WIA-uitkering (ZW art. 29b lid 4); die datum bepaalt de einddatum, niet de start van dit contract.")
            return .eligible(award)
        }
        var limitedBecause: String?
        var condition: String?
        // Lid 1 onder b: less than 35% arbeidsongeschikt at the WIA assessment (1°–3°, UWV's finding), and the job
        // starts within the window after the day that finding refers to (4°).
        var below35WithinWindow = false
        var below35Window = "de termijn"
        if let since = request.wiaBelow35PercentSince, request.benefit != .wia {
            switch try ctx.duration(.noRiskBelow35StartWindowYears, on: request.start) {
            case .unlimited: below35WithinWindow = request.start >= since
            case .months(let window):
                below35Window = "\(window / 12) jaar"
                below35WithinWindow = request.start >= since && request.start < since.adding(months: window)
            }
        }
        if request.benefit == .wia {
            limitedBecause = "WIA-uitkering direct vóór de dienstbetrekking (ZW art. 29b lid 1 onder a)"
        } else if below35WithinWindow, let since = request.wiaBelow35PercentSince {
            limitedBecause = "minder dan 35% arbeidsongeschikt bij de WIA-beoordeling per \(since), baan binnen \(below35Window) daarna (ZW art. 29b lid 1 onder b)"
            condition = "UWV stelde in een arbeidskundig onderzoek vast dat de kandidaat per \(since) minder dan 35% arbeidsongeschikt was en geen eigen of andere passende arbeid bij de eigen werkgever kon doen (ZW art. 29b lid 1 onder b 1° tot en met 3°)."
        } else if request.hadEducationObstacle {
            limitedBecause = "belemmering bij het volgen van onderwijs door ziekte of gebrek (ZW art. 29b lid 1 onder c en d)"
            condition = "De dienstbetrekking begint binnen vijf jaar na afronding van het onderwijs (ZW art. 29b lid 1 onder c en d); UWV geeft op verzoek een no-riskverklaring (lid 10)."
        }
        guard let limitedBecause else {
            if let since = request.wiaBelow35PercentSince, request.benefit != .wia {
                return .notEligible("minder dan 35% arbeidsongeschikt per \(since), maar de dienstbetrekking begint niet binnen \(below35Window) na die dag (ZW art. 29b lid 1 onder b 4°)")
            }
            return .notEligible("geen doelgroep no-riskpolis: geen Wajong, Wsw, doelgroepregister of loonwaarde onder het minimumloon, beschut werk, WIA, minder dan 35% arbeidsongeschikt of no-riskverklaring")
        }
        guard case .months(let limit) = try ctx.duration(.noRiskLimitedYears, on: request.start) else {
            return .eligible(Award(openEnded: true))
        }
        let months = min(limit, request.contractMonths)
        ctx.note("\(limitedBecause): \(limit) maanden vanaf de start van het dienstverband; binnen dit contract \(months) maanden")
        var award = Award(months: months)
        if let condition { award.addCondition(TraceText(stringLiteral: condition)) }
        return .eligible(award)
    }

    /// A client of the municipality with a loonwaarde below 100% measured under Pw art. 10d (ZW art. 29b lid 2 onder e).
    private static func municipalWageValueBelowMinimum(_ request: InstrumentRequest) -> Bool {
        guard let wageValue = request.wageValue else { return false }
        return request.benefit.isMunicipalClient && wageValue.percent < 100
    }

    // MARK: Proefplaatsing (Pw 6 lid 1 h, 8a lid 2 d; WW/WIA via UWV)

    static func proefplaatsing(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        let request = ctx.request
        let limit: Int
        let standard: Int
        switch request.benefit {
        case .wajong:
            return try uwvTrialPlacement(&ctx, law: "Wajong art. 2:24", conditionsParagraph: "lid 3")
        case .wia:
            return try uwvTrialPlacement(&ctx, law: "Wet WIA art. 37", conditionsParagraph: "lid 2")
        case .ww:
            // WW art. 76a has the same structure as WIA art. 37: UWV's permission, at most six months (lid 1), the
            // conditions of lid 3 only. The municipal conditions and the region's figures do not apply.
            return try uwvTrialPlacement(&ctx, law: "WW art. 76a", conditionsParagraph: "lid 3")
        case .nugger:
            return .notEligible("een niet-uitkeringsgerechtigde ontvangt geen algemene bijstand: geen proefplaatsing met behoud van uitkering via Pw art. 8a lid 2 onder d; een werkervarings- of proefplek als voorziening van de re-integratieverordening (Pw art. 7 lid 1 onder a, 10) kan wel, zonder uitkering")
        case .participatiewet:
            ctx.note("route: Pw art. 8a lid 2 onder d (algemene bijstand, uitkering loopt door)")
            let base = try ctx.whole(.trialBaseMonths)
            let extensionMonths = try ctx.whole(.trialMaxExtensionMonths)
            if let regional = try ctx.optionalWhole(.trialRegionalMaxMonths) {
                // The region's figure is a maximum: without a request the statutory two months apply.
                limit = min(regional, base + extensionMonths)
                standard = min(base, limit)
                ctx.note("wet: \(base) maanden + ten hoogste \(extensionMonths) verlenging; de regio staat ten hoogste \(regional) maanden toe; zonder verzoek \(standard) maanden")
            } else {
                limit = base + extensionMonths
                standard = base
                ctx.note("wet: \(base) maanden, te verlengen met ten hoogste \(extensionMonths) (samen \(limit)); de verordening van de gemeente bepaalt de termijn")
            }
        }
        let intendedMonths = try ctx.optionalWhole(.trialMinimumIntendedMonths)
        // The three conditions in order: the first one not met decides; otherwise every unconfirmed one is
        // asked for. Texts are only built when they are needed (most requests meet all three).
        let conditions = [request.employerIntendsLongerContract, request.noDisplacement, request.insuranceArranged]
        if !conditions.allSatisfy({ $0 == true }) {
            let texts = [
                intendedMonths.map { "de werkgever is van plan de kandidaat daarna langer dan \($0) maanden in dienst te nemen" }
                    ?? "de werkgever is van plan de kandidaat daarna in dienst te nemen",
                "er is geen verdringing van regulier werk en geen concurrentievervalsing",
                "werkgever en kandidaat zijn verzekerd (aansprakelijkheid en ongevallen)",
            ]
            if let failed = conditions.firstIndex(of: false) { return .notEligible("niet voldaan: \(texts[failed])") }
            let unknown = conditions.indices.filter { conditions[$0] == nil }.map { texts[$0] }
            return .needsInformation(missing: "nog niet bevestigd: " + unknown.joined(separator: "; "),
                                     settledBy: "bevestiging van de werkgever vastleggen in de aanvraag")
        }
        var months = standard
        if let requested = request.requestedTrialMonths, requested > 0 {
            months = min(requested, limit)
            if requested > limit { ctx.warn(.reminder, "gevraagd \(requested) maanden; ten hoogste \(limit) maanden toegestaan") }
        }
        var award = Award(months: months)
        award.addCondition("Na de proefplaatsing geen proeftijd in het contract dat volgt.")
        if request.workLimitation, !request.targetGroupRegister, !request.shelteredWorkIndication, request.benefit.isMunicipalClient {
            award.addCondition("Gebruik de proefplaatsing om de loonwaarde op de werkplek te meten (praktijkroute naar loonkostensubsidie).")
        }
        ctx.note("duur \(months) maanden; de uitkering loopt door, de werkgever betaalt geen loon")
        return .eligible(award)
    }

    /// WW art. 76a, Wet WIA art. 37 and Wajong art. 2:24 (the same text): UWV (for WIA also the employer carrying its own risk)
    /// may allow a WW beneficiary, a partly fit WIA beneficiary, or a Wajong beneficiary with a right to arbeidsondersteuning, to do
    /// unpaid work on a trial place for at most six months (lid 1), on the conditions of WW lid 3 / WIA lid 2 / Wajong lid 3
    /// only: work within his capacity (a), the employer's liability insurance (b), not earlier unpaid at this
    /// employer (c), and a real prospect of a following job of the same or more hours for at least six months (d).
    /// The municipal conditions (no displacement, the region's intended duration) are not among them.
    private static func uwvTrialPlacement(_ ctx: inout RuleContext, law: String, conditionsParagraph: String) throws(Unsettled) -> RuleResult {
        let request = ctx.request
        let limit = try ctx.whole(.uwvTrialMaxMonths)
        let standard = try ctx.whole(.uwvTrialStandardMonths)
        let followUp = try ctx.whole(.uwvTrialMinimumFollowUpMonths)
        ctx.note("\(request.benefit.dutchName): UWV staat ten hoogste \(limit) maanden toe (\(law) lid 1), standaard \(standard)")
        let conditions = [request.employerIntendsLongerContract, request.insuranceArranged]
        let texts = [
            "reëel uitzicht op een aansluitende dienstbetrekking van dezelfde of grotere omvang voor ten minste \(followUp) maanden (\(law) \(conditionsParagraph) onder d)",
            "de werkgever heeft een aansprakelijkheidsverzekering voor de kandidaat afgesloten (\(law) \(conditionsParagraph) onder b)",
        ]
        if let failed = conditions.firstIndex(of: false) { return .notEligible("niet voldaan: \(texts[failed])") }
        let unknown = conditions.indices.filter { conditions[$0] == nil }.map { texts[$0] }
        if !unknown.isEmpty {
            return .needsInformation(missing: "nog niet bevestigd: " + unknown.joined(separator: "; "),
                                     settledBy: "bevestiging van de werkgever vastleggen in de aanvraag")
        }
        var months = standard
        if let requested = request.requestedTrialMonths, requested > 0 {
            months = min(requested, limit)
            if requested > limit { ctx.warn(.reminder, "gevraagd \(requested) maanden; ten hoogste \(limit) maanden toegestaan") }
        }
        var award = Award(months: months)
        if request.benefit == .ww {
            award.addCondition("Alleen voor een werknemer met recht op een WW-uitkering (WW art. 76a lid 1); toestemming van UWV; de WW-uitkering blijft bestaan over de periode waarvoor UWV toestemming gaf (art. 76a lid 2); een periode van ziekte telt niet mee voor de duur (art. 76a lid 4).")
        } else if request.benefit == .wajong {
            award.addCondition("Alleen met recht op arbeidsondersteuning, niet bij volledige en duurzame arbeidsongeschiktheid (Wajong art. 2:24 lid 1, art. 2:30 lid 1); toestemming van UWV; de Wajong-uitkering loopt door (art. 2:24 lid 2).")
        } else {
            award.addCondition("Alleen voor een gedeeltelijk arbeidsgeschikte met een WIA-uitkering (Wet WIA art. 37 lid 1); toestemming van UWV of de eigenrisicodrager.")
        }
        award.addCondition("Werk dat de kandidaat met zijn krachten en bekwaamheden kan doen, en dat hij niet eerder onbeloond op een proefplaats bij deze werkgever deed (\(law) \(conditionsParagraph) onder a en c).")
        award.addCondition("Na de proefplaatsing geen proeftijd in het contract dat volgt.")
        ctx.note("duur \(months) maanden; de uitkering loopt door, de werkgever betaalt geen loon")
        return .eligible(award)
    }

    // MARK: Loonkostenvoordeel (Wet tegemoetkomingen loondomein)

    private struct LKVKind {
        var name: String
        /// The articles: conditions, duration, amount.
        var articles: String
        var hourly: ParameterRole, cap: ParameterRole, years: ParameterRole
    }

    static func loonkostenvoordeel(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        guard ctx.request.activity == .paidEmployment else { return .notEligible(Rules.onlyForEmployment) }
        let request = ctx.request
        if request.shelteredWorkIndication {
            return .notEligible("geen loonkostenvoordeel bij beschut werk (Wtl art. 2.2 lid 2 b, 2.6 lid 3 b, 2.10 lid 2 b, 2.14 lid 2 b)")
        }
        let start = request.start
        // In the order the law names them (Wtl art. 2.1): at equal amounts the first one named is granted (art. 4.1 lid 3).
        var kinds: [LKVKind] = []
        var priorEmploymentExcludes: [String] = []
        let priorEmployment = request.employedByEmployerInPreviousSixMonths == true
        if request.benefit != .nugger {
            let olderAge = try ctx.whole(.lkvOlderMinimumAge, on: start)
            if request.dateOfBirth.age(on: start) >= olderAge {
                let kind = LKVKind(name: "oudere werknemer (\(olderAge)+ uit een uitkering)", articles: "Wtl art. 2.2, 2.4, 2.5",
                                   hourly: .lkvOlderHourly, cap: .lkvOlderYearCap, years: .lkvOlderYears)
                if priorEmployment { priorEmploymentExcludes.append(kind.name) } else { kinds.append(kind) }
            }
        }
        if request.benefit == .wia {
            let kind = LKVKind(name: "arbeidsgehandicapte werknemer", articles: "Wtl art. 2.6, 2.8, 2.9",
                               hourly: .lkvDisabledHourly, cap: .lkvDisabledYearCap, years: .lkvDisabledYears)
            if priorEmployment { priorEmploymentExcludes.append(kind.name) } else { kinds.append(kind) }
        }
        if request.targetGroupRegister {
            let kind = LKVKind(name: "doelgroep banenafspraak", articles: "Wtl art. 2.10, 2.12, 2.13",
                               hourly: .lkvBanenafspraakHourly, cap: .lkvBanenafspraakYearCap, years: .lkvBanenafspraakYears)
            if priorEmployment { priorEmploymentExcludes.append(kind.name) } else { kinds.append(kind) }
        }
        if request.replacingOwnDisabledEmployee {
            // Re-placing is by definition the same employer: the six-month rule of the other kinds does not apply (art. 2.14).
            kinds.append(LKVKind(name: "herplaatsen arbeidsgehandicapte werknemer", articles: "Wtl art. 2.14, 2.16, 2.17",
                                 hourly: .lkvReplacementHourly, cap: .lkvReplacementYearCap, years: .lkvReplacementYears))
        }
        if !priorEmploymentExcludes.isEmpty {
            ctx.note("in de zes maanden vóór de indiensttreding al bij deze werkgever in dienst: geen LKV \(priorEmploymentExcludes.joined(separator: ", ")) (Wtl art. 2.2 lid 1 c, 2.6 lid 1 b, 2.10 lid 1 b)")
        }
        guard !kinds.isEmpty else {
            if !priorEmploymentExcludes.isEmpty {
                return .notEligible("de werknemer was in de zes maanden vóór de indiensttreding al bij deze werkgever in dienst (Wtl art. 2.2 lid 1 c, 2.6 lid 1 b, 2.10 lid 1 b)")
            }
            return .notEligible("geen doelgroep loonkostenvoordeel: geen doelgroepverklaring, geen WIA, geen herplaatsing en geen oudere werknemer uit een uitkering")
        }
        // None from the AOW date on (art. 2.2 lid 2 a, 2.6 lid 3 a, 2.10 lid 2 a, 2.14 lid 2 a).
        var lastDay = request.end
        if let aow = try ctx.aowDate(), aow <= request.end {
            if aow <= start { return .notEligible("geen loonkostenvoordeel na de AOW-leeftijd (AOW-datum \(aow))") }
            lastDay = aow.adding(days: -1)
            ctx.note("loonkostenvoordeel stopt bij de AOW-leeftijd: laatste dag \(lastDay)")
        }
        let weeks = try ctx.figure(.weeksPerYear, on: start)
        // Each kind runs for its duration from the start of the employment; a period that ends inside an
        // aangiftetijdvak runs to the end of it (art. 2.4 lid 2, 2.8 lid 2, 2.12 lid 2, 2.16 lid 2; a monthly
        // aangiftetijdvak assumed).
        // A kind whose duration has ended before the start (the older-worker LKV for jobs from 2026) gives nothing.
        var abolished: [String] = []
        var current: [LKVKind] = []
        for kind in kinds {
            if try ctx.valueIfInForce(kind.years, on: start) == nil { abolished.append(kind.name) } else { current.append(kind) }
        }
        guard !current.isEmpty else {
            return .notEligible("loonkostenvoordeel \(abolished.joined(separator: ", ")) wordt niet verstrekt over periodes na de einddatum in de wet (Wtl art. 2.4 lid 1); dit dienstverband start op \(start)")
        }
        kinds = current
        var windowEnds: [CalendarDate?] = []
        for kind in kinds {
            switch try ctx.duration(kind.years, on: start) {
            case .unlimited: windowEnds.append(nil)
            case .months(let months): windowEnds.append(start.adding(months: months).adding(days: -1).endOfMonth)
            }
        }
        // Per calendar year: hours paid in that year × the rate of that year, capped per year; only the highest
        // kind of that year (art. 4.1 lid 3).
        var periods: [SchedulePeriod] = []
        var chosen: [String] = []
        for year in start.year...lastDay.year {
            let yearStart = CalendarDate(year: year, month: 1, day: 1)!
            let from = max(start, yearStart)
            var best: (period: SchedulePeriod, name: String)?
            for (index, kind) in kinds.enumerated() {
                let to = min(lastDay, windowEnds[index] ?? lastDay, CalendarDate(year: year, month: 12, day: 31)!)
                guard to >= from else { continue }
                guard let hourlyRef = try ctx.valueIfInForce(kind.hourly, on: from), let hourly = ctx.exact(hourlyRef) else {
                    ctx.note("\(year): geen LKV \(kind.name) meer (niet verstrekt over periodes na de einddatum in de wet)")
                    continue
                }
                let hourlyValue = try ctx.scheduled(kind.hourly, on: from)
                let cap = try ctx.scheduled(kind.cap, on: from)
                let share = MonthShare(from: from, through: to)
                let (numerator, denominator) = share.fraction
                // hours paid in the period = hours a week × weeks a year × share ÷ 12
                let uncapped = hourly * request.hoursPerWeek * weeks.value * Int(numerator)
                let capTimes = cap.value * (12 * Int(denominator))
                let amount = uncapped < capTimes ? uncapped.roundedToCents(dividingBy: 12 * denominator) : cap.value.roundedToCents()
                let fullYear = hourly * request.hoursPerWeek * weeks.value
                let rate = fullYear < cap.value ? fullYear.roundedToCents() : cap.value.roundedToCents()
                let period = SchedulePeriod(
                    from: from, to: to, basis: .perYear, rate: rate, amount: amount, share: "\(share.text) van 12",
                    parameters: [hourlyValue.use, cap.use], projected: hourlyValue.use.projected || cap.use.projected, pending: nil,
                    note: "LKV \(kind.name) (\(kind.articles)): min(\(hourlyValue.text) × \(request.hoursPerWeek) uur × \(weeks.text) weken × \(share.text) ÷ 12, \(cap.text))",
                    warnings: [])
                ctx.note("\(year): \(kind.name) → \(plain: amount)")
                if best == nil || amount > best!.period.amount! { best = (period, kind.name) }
            }
            if let best {
                periods.append(best.period)
                if !chosen.contains(best.name) { chosen.append(best.name) }
            }
        }
        guard let firstPeriod = periods.first else {
            return .notEligible("loonkostenvoordeel \(kinds.map(\.name).joined(separator: ", ")) wordt niet verstrekt over de periode van dit dienstverband (vanaf \(start))")
        }
        if kinds.count > 1 { ctx.note("per kalenderjaar alleen het hoogste loonkostenvoordeel (Wtl art. 4.1 lid 3): \(chosen.joined(separator: ", daarna "))") }
        var award = Award(monthly: firstPeriod.rate.map { Money(cents: ($0.cents * 2 + 12) / 24) }, months: nil)
        award.months = MonthShare(from: start, through: periods.last!.to!).roundedDownMonths
        award.schedule = PaymentSchedule(periods: periods)
        let deadline = try ctx.whole(.lkvStatementDeadlineMonths, on: start)
        if chosen == ["doelgroep banenafspraak"], !ctx.flag(.lkvBanenafspraakStatementRequired, on: start) {
            award.addCondition("Geen aparte doelgroepverklaring nodig: het loonkostenvoordeel banenafspraak loopt zolang het dienstverband duurt.")
        } else {
            award.addCondition("Doelgroepverklaring binnen \(deadline) maanden na de start aanvragen bij UWV (Wtl art. 2.3, 2.7, 2.11, 2.15).")
        }
        if request.employedByEmployerInPreviousSixMonths == nil, kinds.contains(where: { $0.hourly != .lkvReplacementHourly }) {
            award.addCondition("De werknemer was in de zes maanden vóór de indiensttreding niet bij deze werkgever in dienst (Wtl art. 2.2 lid 1 c, 2.6 lid 1 b, 2.10 lid 1 b).")
        }
        award.addCondition("Loonkostenvoordeel opgeven in de loonaangifte; de Belastingdienst betaalt het per kalenderjaar uit (Wtl art. 4.1, 4.2).")
        return .eligible(award)
    }

    // MARK: Drechtsteden

    static func baanbonus(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        let request = ctx.request
        guard request.benefit.isMunicipalClient else {
            return .notEligible("de baanbonus is er voor werk aan een bijstandsgerechtigde of niet-uitkeringsgerechtigde van de gemeente")
        }
        guard request.activity == .paidEmployment else { return .notEligible("de baanbonus is er alleen voor betaald werk met een contract") }
        let minimumHours = try ctx.whole(.baanbonusMinimumHours)
        if request.hoursPerWeek < minimumHours {
            return .notEligible("de baanbonus vraagt ten minste \(minimumHours) uur per week; het contract heeft \(request.hoursPerWeek) uur")
        }
        let longMonths = try ctx.whole(.baanbonusLongMinimumMonths)
        let shortMonths = try ctx.whole(.baanbonusShortMinimumMonths)
        let amount: ExactDecimal
        if request.contractMonths >= longMonths {
            let figure = try ctx.figure(.baanbonusLongAmount)
            amount = figure.value
            ctx.note("contract \(request.contractMonths) maanden ≥ \(longMonths): \(figure.text)")
        } else if request.contractMonths >= shortMonths {
            let figure = try ctx.figure(.baanbonusShortAmount)
            amount = figure.value
            ctx.note("contract \(request.contractMonths) maanden ≥ \(shortMonths): \(figure.text)")
        } else {
            return .notEligible("de baanbonus vraagt een contract van ten minste \(shortMonths) maanden; dit contract duurt \(request.contractMonths) maanden")
        }
        var award = Award(oneOff: amount.roundedToCents())
        award.schedule = PaymentSchedule(oneOffs: [OneOffPayment(date: request.start, amount: amount.roundedToCents(),
                                                                 note: "eenmalig, aan te vragen bij de start van het dienstverband")])
        // Pw art. 10d lid 9: beside LKS the municipality grants no other subsidy for the wage costs of the same job.
        if request.targetGroupRegister || request.shelteredWorkIndication || request.schoolLeaverRoute || request.workLimitation {
            ctx.warn(.assumption, "als voor deze baan loonkostensubsidie wordt verleend, verleent de gemeente geen andere subsidie voor de loonkosten (Pw art. 10d lid 9); de baanbonus alleen als de regio hem niet als loonkostensubsidie aanmerkt — navragen bij de Sociale Dienst Drechtsteden")
            award.addCondition("Niet naast loonkostensubsidie voor dezelfde baan als de gemeente de baanbonus als subsidie voor de loonkosten aanmerkt (Pw art. 10d lid 9).")
        }
        return .eligible(award)
    }

    static func ikDoeMeePremie(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        let request = ctx.request
        guard request.benefit.isMunicipalClient else { return .notEligible("de Ik-doe-mee premie is voor inwoners met bijstand of zonder uitkering") }
        guard request.activity == .volunteering || request.activity == .participationPlace else {
            return .notEligible("de Ik-doe-mee premie beloont vrijwilligerswerk of maatschappelijke participatie, geen betaald of onbetaald werk bij een werkgever")
        }
        let minimumMonths = try ctx.whole(.ikDoeMeeMinimumMonths)
        let minimumHours = try ctx.whole(.ikDoeMeeMinimumHours)
        if request.contractMonths < minimumMonths {
            return .notEligible("de activiteit moet ten minste \(minimumMonths) maanden duren; gepland \(request.contractMonths)")
        }
        if request.hoursPerWeek < minimumHours {
            return .notEligible("gemiddeld ten minste \(minimumHours) uur per week nodig; gepland \(request.hoursPerWeek)")
        }
        return .needsInformation(missing: "het bedrag van de Ik-doe-mee premie is niet gepubliceerd",
                                 settledBy: "het bedrag van Drechtsteden opnemen in de catalogus zodra het bekend is")
    }

    // MARK: Werkplekaanpassing / werkvoorzieningen (Pw 10; WIA 35; Wajong 2:22)

    /// Who provides a workplace adaptation depends on the benefit; the need itself is never known in advance.
    static func werkplekaanpassing(_ ctx: inout RuleContext) -> RuleResult {
        let request = ctx.request
        guard request.activity == .paidEmployment || request.activity == .unpaidWork else {
            return .notEligible("alleen bij werk (of een proefplaats) bij een werkgever")
        }
        switch request.benefit {
        case .participatiewet, .nugger:
            ctx.note("gemeente: voorziening gericht op arbeidsinschakeling (Pw art. 10 lid 1; verordening, Pw art. 8a lid 2 onder f)")
            return .needsInformation(missing: "de noodzaak en de kosten van de aanpassing van de werkplek of het hulpmiddel",
                                     settledBy: "de gemeente beoordeelt de aanvraag volgens haar re-integratieverordening (Pw art. 10, 8a lid 2 onder f)")
        case .wia:
            ctx.note("UWV: voorzieningen voor WIA-gerechtigden (Wet WIA art. 35)")
            return .needsInformation(missing: "de noodzaak en de kosten van de werkvoorziening",
                                     settledBy: "de werkgever of werknemer vraagt de voorziening aan bij UWV (Wet WIA art. 35)")
        case .wajong:
            ctx.note("UWV: voorzieningen voor Wajong-gerechtigden (Wajong art. 2:22)")
            return .needsInformation(missing: "de noodzaak en de kosten van de werkvoorziening",
                                     settledBy: "de werkgever of werknemer vraagt de voorziening aan bij UWV (Wajong art. 2:22)")
        case .ww:
            return .notEligible("voor WW-gerechtigden staat geen werkvoorziening in de catalogus; vraag UWV")
        }
    }

    // MARK: Vrijlating doelgroep loonkostensubsidie (Pw 31 lid 2 z, aa; national, candidate side)

    /// 15% of the income from a job with LKS, capped, for twelve months after the six months of n (z); after
    /// that only if the college finds more hours not possible (aa, open-ended). Not where y applies.
    static func vrijlatingLks(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        let request = ctx.request
        guard request.benefit == .participatiewet else { return .notEligible("alleen voor wie algemene bijstand ontvangt (Pw art. 31 lid 2 onder z)") }
        guard request.activity == .paidEmployment else { return .notEligible(Rules.onlyForEmployment) }
        guard request.targetGroupRegister || request.shelteredWorkIndication || request.schoolLeaverRoute else {
            return .notEligible("alleen in een dienstbetrekking met loonkostensubsidie van iemand uit de doelgroep loonkostensubsidie (Pw art. 31 lid 2 onder z: 'artikel 10d, eerste of tweede lid')")
        }
        guard !request.medicalHoursLimitation else {
            return .notEligible("de vrijlating bij een medische urenbeperking gaat voor (Pw art. 31 lid 2 onder z: 'tenzij onderdeel y van toepassing is')")
        }
        if let unsettled = partialBenefitCheck(ctx) { return unsettled }
        let nMonths = try ctx.whole(.disregardPartTimeMonths)
        let minimumAge = try ctx.whole(.disregardMinimumAge)
        var from = request.start
        if request.dateOfBirth.age(on: request.start) >= minimumAge {
            from = request.start.adding(months: nMonths)
            ctx.note("na de \(nMonths) maanden van onderdeel n: vanaf \(from)")
        } else {
            ctx.warn(.assumption, "onder \(minimumAge) jaar geldt onderdeel n niet (Pw art. 31 lid 5); aangenomen dat de twaalf maanden van onderdeel z bij de start beginnen")
        }
        guard from <= request.end else {
            return .notEligible("de vrijlating z begint na de \(nMonths) maanden van onderdeel n; het contract eindigt eerder")
        }
        let zMonths = try ctx.whole(.disregardLksMonths)
        let zEnd = min(request.end, from.adding(months: zMonths).adding(days: -1))
        let (monthly, schedule) = try disregardSchedule(&ctx, percent: .disregardLksPercent, cap: .disregardLksCap,
                                                        from: from, to: zEnd, article: "Pw art. 31 lid 2 onder z")
        var periods = schedule.periods
        if zEnd < request.end {
            let aaFrom = zEnd.adding(days: 1)
            periods.append(SchedulePeriod(
                from: aaFrom, to: request.end, basis: .perMonth, rate: nil, amount: nil,
                share: MonthShare(from: aaFrom, through: request.end).text, parameters: [], projected: false,
                pending: "onderdeel aa: alleen als het college een uitbreiding van de arbeidsomvang niet mogelijk acht",
                note: "Pw art. 31 lid 2 onder aa", warnings: []))
        }
        var award = Award(monthly: monthly, months: MonthShare(from: from, through: zEnd).roundedDownMonths)
        award.schedule = PaymentSchedule(periods: periods)
        return .eligible(award)
    }

    // MARK: Wierden (Pw 31 lid 2 j, n, r, y; municipal premiums)

    /// The facts every Wierden income item shares; nil when they hold, else the failing reason. Pw art. 31
    /// lid 5: n, r and the premium j do not apply below 27, except j for someone in the LKS target group.
    static func wierdenBasics(_ ctx: inout RuleContext, checkAge: Bool, activity: PlacementActivity, premium: Bool = false) throws(Unsettled) -> String? {
        let request = ctx.request
        guard request.benefit == .participatiewet else { return "alleen voor wie algemene bijstand ontvangt (Participatiewet)" }
        if checkAge {
            let minimumAge = try ctx.whole(.wierdenMinimumAge)
            let age = request.dateOfBirth.age(on: ctx.peildatum)
            if age < minimumAge {
                if premium, request.targetGroupRegister || request.shelteredWorkIndication {
                    ctx.note("jonger dan \(minimumAge), maar in de doelgroep loonkostensubsidie: de premie mag (Pw art. 31 lid 5)")
                } else {
                    return "alleen vanaf \(minimumAge) jaar (Pw art. 31 lid 5); de kandidaat is \(age)"
                }
            }
        }
        guard request.activity == activity else {
            return switch activity {
            case .paidEmployment: "alleen bij betaald werk"
            case .unpaidWork: "alleen bij onbetaald werk"
            case .participationPlace: "alleen bij een participatieplaats"
            case .volunteering: "alleen bij vrijwilligerswerk"
            }
        }
        return nil
    }

    static func partialBenefitCheck(_ ctx: RuleContext) -> RuleResult? {
        switch ctx.request.keepsPartialBenefit {
        case false?: return .notEligible("de kandidaat houdt naast het loon geen bijstand; er is niets vrij te laten")
        case nil: return .needsInformation(missing: "of de kandidaat naast het loon een aanvullende bijstandsuitkering houdt",
                                           settledBy: "de inkomensconsulent laat de aanvullende bijstand berekenen")
        case true?: return nil
        }
    }

    /// Whether the disregard n runs in the first months: from 27 (Pw art. 31 lid 5).
    static func partTimeDisregardRuns(_ ctx: inout RuleContext) throws(Unsettled) -> Bool {
        ctx.request.dateOfBirth.age(on: ctx.peildatum) >= (try ctx.whole(.wierdenMinimumAge))
    }

    /// A disregard of Pw art. 31 lid 2 over `from`…`to`, period by period: min(percentage × income, cap), the
    /// cap as in force in each period. Income is the net income per month when given (lid 3: the disregard
    /// applies to net income); otherwise the gross wage × hours × weeks ÷ 12, and the amount is a maximum.
    static func disregardSchedule(_ ctx: inout RuleContext, percent: ParameterRole, cap: ParameterRole,
                                  from: CalendarDate, to: CalendarDate, article: String) throws(Unsettled) -> (first: Money, schedule: PaymentSchedule) {
        let rate = try ctx.figure(percent)
        let income: ExactDecimal
        let incomeText: String
        if let net = ctx.request.netMonthlyIncome {
            income = ExactDecimal(units: Int128(net.cents) * 12, scale: 2)
            incomeText = "netto \(net.plain) per maand"
        } else {
            let weeks = try ctx.figure(.weeksPerYear)
            income = ExactDecimal(units: Int128(ctx.request.hourlyWage.cents), scale: 2) * ctx.request.hoursPerWeek * weeks.value
            incomeText = "bruto \(ctx.request.hourlyWage.plain) × \(ctx.request.hoursPerWeek) uur × \(weeks.text) weken ÷ 12"
            ctx.warn(.assumption, "berekend op het brutoloon: de vrijlating gaat over de netto-inkomsten (Pw art. 31 lid 3), dus dit bedrag is een maximum; geef het netto-inkomen op voor het juiste bedrag")
        }
        // income is 12 × the monthly income; share = income × rate ÷ 1200.
        let share = income * rate.value
        var periods: [SchedulePeriod] = []
        var first: Money?
        for (periodFrom, periodTo) in splitPeriods(start: from, end: to, at: ctx.valueChangeDates(cap, from: from, through: to)) {
            let maximum = try ctx.scheduled(cap, on: periodFrom)
            let monthly = share < maximum.value * 1200 ? share.roundedToCents(dividingBy: 1200) : maximum.value.roundedToCents()
            if first == nil {
                first = monthly
                ctx.note("per maand = min(\(rate.text)% × \(incomeText), \(maximum.text)) → \(plain: monthly) (\(article))")
            }
            let months = MonthShare(from: periodFrom, through: periodTo)
            periods.append(SchedulePeriod(
                from: periodFrom, to: periodTo, basis: .perMonth, rate: monthly, amount: months.apply(to: monthly), share: months.text,
                parameters: [maximum.use], projected: maximum.use.projected, pending: nil,
                note: "min(\(rate.text)% van de inkomsten, \(maximum.text)) — \(article)", warnings: []))
            if maximum.use.projected {
                ctx.warn(.stale, "het maximum van \(article) voor \(periodFrom) staat niet in de catalogus; de laatst bekende waarde is doorgetrokken (geprojecteerd)")
            }
        }
        return (first!, PaymentSchedule(periods: periods))
    }

    static func wierdenVrijlatingDeeltijd(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        if let reason = try wierdenBasics(&ctx, checkAge: true, activity: .paidEmployment) { return .notEligible(reason) }
        if let unsettled = partialBenefitCheck(ctx) { return unsettled }
        let request = ctx.request
        let months = min(try ctx.whole(.disregardPartTimeMonths), request.contractMonths)
        let to = request.start.adding(months: months).adding(days: -1)
        let (monthly, schedule) = try disregardSchedule(&ctx, percent: .disregardPartTimePercent, cap: .disregardPartTimeCap,
                                                        from: request.start, to: to, article: "Pw art. 31 lid 2 onder n")
        if request.medicalHoursLimitation { ctx.note("onderdeel n gaat voor: de vrijlating bij een medische urenbeperking (y) volgt daarna") }
        var award = Award(monthly: monthly, months: months)
        award.schedule = schedule
        return .eligible(award)
    }

    static func wierdenVrijlatingAlleenstaandeOuder(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        if let reason = try wierdenBasics(&ctx, checkAge: true, activity: .paidEmployment) { return .notEligible(reason) }
        guard ctx.request.singleParentWithChildUnder12 else { return .notEligible("alleen voor een alleenstaande ouder met een kind onder 12 jaar") }
        guard !ctx.request.medicalHoursLimitation else {
            return .notEligible("gaat niet samen met de vrijlating bij een medische urenbeperking (Pw art. 31 lid 2 onder r: 'onderdeel y, z of aa niet van toepassing')")
        }
        guard !(ctx.request.targetGroupRegister || ctx.request.shelteredWorkIndication) else {
            return .needsInformation(missing: "of de vrijlating voor de doelgroep loonkostensubsidie (Pw art. 31 lid 2 onder z/aa) van toepassing is; dan geldt onderdeel r niet",
                                     settledBy: "de inkomensconsulent beoordeelt welke vrijlating geldt")
        }
        if let unsettled = partialBenefitCheck(ctx) { return unsettled }
        let request = ctx.request
        // r starts once the six months of n have passed (Pw art. 31 lid 2 onder r, 2°).
        let nMonths = try ctx.whole(.disregardPartTimeMonths)
        let from = request.start.adding(months: nMonths)
        guard from <= request.end else {
            return .notEligible("de vrijlating r begint pas na de \(nMonths) maanden van onderdeel n; het contract eindigt eerder")
        }
        let rMonths = try ctx.whole(.disregardSingleParentMonths)
        let to = min(request.end, from.adding(months: rMonths).adding(days: -1))
        let (monthly, schedule) = try disregardSchedule(&ctx, percent: .disregardSingleParentPercent, cap: .disregardSingleParentCap,
                                                        from: from, to: to, article: "Pw art. 31 lid 2 onder r")
        ctx.note("na de \(nMonths) maanden van onderdeel n: vanaf \(from), ten hoogste \(rMonths) maanden")
        var award = Award(monthly: monthly, months: MonthShare(from: from, through: to).roundedDownMonths)
        award.schedule = schedule
        award.addCondition("De vrijlating gaat in na afloop van de vrijlating n (vanaf \(from)).")
        return .eligible(award)
    }

    static func wierdenVrijlatingMedisch(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        if let reason = try wierdenBasics(&ctx, checkAge: false, activity: .paidEmployment) { return .notEligible(reason) }
        guard ctx.request.medicalHoursLimitation else { return .notEligible("alleen bij een medisch vastgestelde urenbeperking") }
        if let unsettled = partialBenefitCheck(ctx) { return unsettled }
        let request = ctx.request
        // y applies 'tenzij onderdeel n van toepassing is': after the months of n, or from the start below 27.
        var from = request.start
        if try partTimeDisregardRuns(&ctx) {
            from = request.start.adding(months: try ctx.whole(.disregardPartTimeMonths))
            ctx.note("onderdeel n gaat voor; de vrijlating y loopt vanaf \(from)")
        }
        guard from <= request.end else {
            return .notEligible("in de eerste maanden geldt de vrijlating n (Pw art. 31 lid 2 onder y: 'tenzij onderdeel n van toepassing is'); het contract eindigt eerder")
        }
        let (monthly, schedule) = try disregardSchedule(&ctx, percent: .disregardMedicalPercent, cap: .disregardMedicalCap,
                                                        from: from, to: request.end, article: "Pw art. 31 lid 2 onder y")
        var award = Award(monthly: monthly, months: MonthShare(from: from, through: request.end).roundedDownMonths)
        award.schedule = schedule
        return .eligible(award)
    }

    static func rungCheck(_ ctx: RuleContext, minimum: Int? = nil, maximum: Int? = nil) -> RuleResult? {
        guard let rung = ctx.request.ladderRung?.rawValue else {
            return .needsInformation(missing: "de trede op de participatieladder", settledBy: "de klantmanager legt de huidige trede vast")
        }
        if let minimum, rung < minimum { return .notEligible("alleen vanaf trede \(minimum) van de participatieladder; de kandidaat staat op trede \(rung)") }
        if let maximum, rung > maximum { return .notEligible("alleen tot en met trede \(maximum) van de participatieladder; de kandidaat staat op trede \(rung)") }
        return nil
    }

    /// A premium under Pw art. 31 lid 2 onder j is paid once or twice a calendar year: here at the end of each
    /// half year of the activity. `perHalfYear` pays a fixed amount per completed half year; otherwise the
    /// monthly amount × the months of that half year.
    static func halfYearlyPremiums(from: CalendarDate, to: CalendarDate, monthly: Money?, perHalfYear: Money?, note: String) -> [OneOffPayment] {
        var payments: [OneOffPayment] = []
        var blockStart = from
        while blockStart <= to {
            let fullEnd = blockStart.adding(months: 6).adding(days: -1)
            let blockEnd = min(fullEnd, to)
            if let perHalfYear {
                if blockEnd == fullEnd { payments.append(OneOffPayment(date: blockEnd, amount: perHalfYear, note: note)) }
            } else if let monthly {
                let share = MonthShare(from: blockStart, through: blockEnd)
                payments.append(OneOffPayment(date: blockEnd, amount: share.apply(to: monthly), note: "\(note): \(monthly.plain) × \(share.text)"))
            }
            blockStart = fullEnd.adding(days: 1)
        }
        return payments
    }

    static func wierdenPremieDeeltijdwerk(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        if let reason = try wierdenBasics(&ctx, checkAge: true, activity: .paidEmployment, premium: true) { return .notEligible(reason) }
        if let result = rungCheck(ctx, minimum: try ctx.whole(.premiumWorkMinimumRung)) { return result }
        if let unsettled = partialBenefitCheck(ctx) { return unsettled }
        let request = ctx.request
        // Not together with the disregards n and r: the premium runs only in the months after them.
        var excluded = 0
        if try partTimeDisregardRuns(&ctx) {
            excluded = try ctx.whole(.disregardPartTimeMonths)
            if request.singleParentWithChildUnder12, !request.medicalHoursLimitation {
                excluded += try ctx.whole(.disregardSingleParentMonths)
            }
        }
        let from = request.start.adding(months: excluded)
        guard from <= request.end else {
            return .notEligible("gaat niet samen met de vrijlating deeltijd of alleenstaande ouder, die de hele contractduur lopen")
        }
        let weeks = try ctx.figure(.weeksPerYear)
        let rate = try ctx.figure(.premiumPartTimeWorkPercent)
        let maximum = try ctx.figure(.premiumPartTimeWorkCap)
        let share = ExactDecimal(units: Int128(request.hourlyWage.cents), scale: 2) * request.hoursPerWeek * weeks.value * rate.value
        let monthly = share < maximum.value * 1200 ? share.roundedToCents(dividingBy: 1200) : maximum.value.roundedToCents()
        ctx.note("per maand = min(\(rate.text)% × \(plain: request.hourlyWage) × \(request.hoursPerWeek) uur × \(weeks.text) weken ÷ 12, \(maximum.text)) → \(plain: monthly)")
        var award = Award(monthly: monthly, months: MonthShare(from: from, through: request.end).roundedDownMonths)
        award.schedule = PaymentSchedule(oneOffs: halfYearlyPremiums(from: from, to: request.end, monthly: monthly, perHalfYear: nil,
                                                                    note: "premie per half jaar (Pw art. 31 lid 2 onder j: een- of tweemaal per kalenderjaar)"))
        if excluded > 0 {
            ctx.note("niet naast vrijlating n/r: premie vanaf maand \(excluded + 1), \(award.months!) maanden")
            award.addCondition("De premie gaat in na afloop van de vrijlating (vanaf maand \(excluded + 1)).")
        }
        award.addCondition("De premie wordt per half jaar uitbetaald (Pw art. 31 lid 2 onder j).")
        return .eligible(award)
    }

    static func wierdenHalfYearPremium(_ ctx: inout RuleContext, amount role: ParameterRole, activity: PlacementActivity,
                                       minimumRung: ParameterRole?, maximumRung: ParameterRole?) throws(Unsettled) -> RuleResult {
        if let reason = try wierdenBasics(&ctx, checkAge: true, activity: activity, premium: true) { return .notEligible(reason) }
        if let result = rungCheck(ctx, minimum: try minimumRung.map { role throws(Unsettled) in try ctx.whole(role) },
                                  maximum: try maximumRung.map { role throws(Unsettled) in try ctx.whole(role) }) { return result }
        let request = ctx.request
        let perHalfYear = try ctx.figure(role)
        let amount = perHalfYear.value.roundedToCents()
        let payments = halfYearlyPremiums(from: request.start, to: request.end, monthly: nil, perHalfYear: amount,
                                          note: "premie na elk volledig half jaar (Pw art. 31 lid 2 onder j)")
        ctx.note("\(plain: amount) per volledig half jaar; \(payments.count) × in \(request.contractMonths) maanden")
        guard !payments.isEmpty else {
            return .notEligible("de premie volgt na een volledig half jaar; de activiteit duurt \(request.contractMonths) maanden")
        }
        var award = Award(months: request.contractMonths)
        award.schedule = PaymentSchedule(oneOffs: payments)
        award.addCondition("De premie wordt per volledig half jaar uitbetaald (€ 500 per 6 maanden, Pw art. 31 lid 2 onder j).")
        return .eligible(award)
    }

    static func wierdenPremieOnbetaaldWerk(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        try wierdenHalfYearPremium(&ctx, amount: .premiumUnpaidWorkHalfYear, activity: .unpaidWork,
                                   minimumRung: .premiumWorkMinimumRung, maximumRung: nil)
    }

    static func wierdenPremieParticipatieplaats(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        try wierdenHalfYearPremium(&ctx, amount: .premiumParticipationHalfYear, activity: .participationPlace,
                                   minimumRung: nil, maximumRung: .premiumParticipationMaximumRung)
    }

    static func wierdenUitstroompremie(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        if let reason = try wierdenBasics(&ctx, checkAge: true, activity: .paidEmployment, premium: true) { return .notEligible(reason) }
        switch ctx.request.leavesBenefit {
        case false?: return .notEligible("de kandidaat blijft een uitkering houden; de uitstroompremie is voor wie de bijstand verlaat")
        case nil: return .needsInformation(missing: "of de baan de bijstand helemaal beëindigt", settledBy: "de inkomensconsulent berekent of er nog aanvullende bijstand nodig is")
        case true?: break
        }
        let monthsOff = try ctx.whole(.exitPremiumMonthsOffBenefit)
        guard ctx.request.contractMonths > monthsOff else {
            return .notEligible("de premie volgt na meer dan \(monthsOff) maanden zonder uitkering; dit contract duurt \(ctx.request.contractMonths) maanden")
        }
        let amount = try ctx.number(.exitPremiumAmount).roundedToCents()
        var award = Award(oneOff: amount)
        let date = ctx.request.start.adding(months: monthsOff)
        award.schedule = PaymentSchedule(oneOffs: [OneOffPayment(date: date, amount: amount, note: "na meer dan \(monthsOff) maanden zonder uitkering")])
        award.addCondition("Uitbetaling na meer dan \(monthsOff) maanden zonder uitkering (niet vóór \(date)).")
        return .eligible(award)
    }
}
