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
        if request.targetGroupRegister {
            ctx.note("doelgroep: doelgroepverklaring banenafspraak")
        } else if request.shelteredWorkIndication {
            ctx.note("doelgroep: indicatie beschut werk")
        } else if request.workLimitation {
            return .needsInformation(
                missing: "vaststelling dat de kandidaat tot de doelgroep loonkostensubsidie hoort: arbeidsbeperking zonder doelgroepverklaring of indicatie beschut werk",
                settledBy: "praktijkroute: een proefplaatsing met loonwaardemeting op de werkplek; bij een loonwaarde onder 100% volgt ook opname in het doelgroepregister (Wfsv art. 38b lid 1 onder a)")
        } else {
            return .notEligible("niet in de doelgroep loonkostensubsidie: geen doelgroepverklaring, geen indicatie beschut werk en geen arbeidsbeperking")
        }
        if request.otherMunicipalWageSubsidy == true {
            return .notEligible("er loopt al een andere loonsubsidie van de gemeente voor deze baan; die gaat niet samen met loonkostensubsidie (Pw art. 10d lid 9)")
        }
        var award = Award()
        // The subsidy percentage of (WML + holiday allowance): the wage-value gap up to the cap, or the flat rate.
        let percentage: ExactDecimal
        let percentageText: String
        var maximumMonths: Int?
        if let wageValue = request.wageValue {
            if wageValue.percent >= 100 {
                return .notEligible("loonwaarde \(wageValue.percent)% (gemeten \(wageValue.measuredOn)): de kandidaat kan het minimumloon verdienen, dus geen loonkostensubsidie")
            }
            let cap = try ctx.figure(.lksCap)
            let gap = ExactDecimal(100 - wageValue.percent)
            percentage = min(gap, cap.value)
            percentageText = gap < cap.value ? "\(100 - wageValue.percent)" : cap.text
            ctx.note("subsidiepercentage = min(100% − \(wageValue.percent)%, \(cap.text)%) = \(percentageText)%")
        } else {
            let flat = try ctx.figure(.flatRateWithoutWageValue)
            let months = try ctx.whole(.flatRateMaxMonths)
            maximumMonths = months
            percentage = flat.value
            percentageText = flat.text
            ctx.note("geen gemeten loonwaarde: forfaitair \(flat.text)% voor ten hoogste \(months) maanden")
            ctx.warn(.reminder, "laat de loonwaarde binnen \(months) maanden op de werkplek meten; daarna stelt de gemeente de subsidie vast op de gemeten loonwaarde")
            award.addCondition("Loonwaarde binnen \(months) maanden laten meten; het forfait stopt daarna.")
        }
        let hours = try ctx.countedHours()
        let minimumWage = try ctx.referenceMonthMinimumWage()
        let holiday = try ctx.figure(.holidayAllowance)
        let employerCosts = try ctx.figure(.employerCostsAllowance)
        // All percentages are folded into one division, so the exact amount is divided and rounded once.
        var numerator = percentage * minimumWage.adult * (100 + holiday.value) * hours.counted * (100 + employerCosts.value)
        var denominator = Int128(100 * 100 * 100 * hours.basis)
        if let youth = minimumWage.youthPercent {
            numerator = numerator * youth
            denominator *= 100
        }
        let monthly = numerator.roundedToCents(dividingBy: denominator)
        ctx.note("per maand = \(percentageText)% × \(minimumWage.text) × (100% + \(holiday.text)%) × \(hours.counted)/\(hours.basis) × (100% + \(employerCosts.text)%) → \(plain: monthly)")
        ctx.note("een loon boven het minimumloon verhoogt de subsidie niet; de werkgever betaalt het verschil")
        if request.end.year > ctx.peildatum.year {
            ctx.note("het totaal rekent met het bedrag van de peildatum; de gemeente stelt het bedrag elk jaar per 1 januari opnieuw vast")
        }

        var months = request.contractMonths
        if let maximumMonths, maximumMonths < months {
            months = maximumMonths
            ctx.note("duur beperkt tot het forfait: \(months) maanden")
        }
        if let aow = try ctx.aowDate(), aow <= request.end {
            if ctx.settings[.endsAtAOW] == true {
                let untilAOW = ctx.wholeMonths(until: aow)
                if untilAOW == 0 {
                    let when = aow <= request.start ? "heeft de AOW-leeftijd al bereikt (\(aow))" : "bereikt de AOW-leeftijd op \(aow), binnen de eerste maand van het contract"
                    return .notEligible("de kandidaat \(when); de regio stopt loonkostensubsidie bij de AOW-leeftijd")
                }
                if untilAOW < months {
                    months = untilAOW
                    ctx.note("regio stopt loonkostensubsidie op de AOW-datum \(aow): \(months) hele maanden")
                    award.addCondition("De subsidie stopt op de AOW-datum \(aow).")
                }
            } else {
                ctx.warn(.assumption, "de kandidaat bereikt op \(aow) de AOW-leeftijd, binnen het contract; de Participatiewet stopt de subsidie dan niet, de verordening van de gemeente kan dat wel")
            }
        }
        if request.otherMunicipalWageSubsidy == nil {
            award.addCondition("Geen andere loonsubsidie van de gemeente voor deze baan (Pw art. 10d lid 9).")
        }
        award.monthly = monthly
        award.months = months
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
        let monthly = (rate.value * hours.counted).roundedToCents(dividingBy: Int128(hours.fullTime))
        ctx.note("per maand = \(rate.text) × \(hours.counted)/\(hours.fullTime) → \(plain: monthly)")
        return .eligible(Award(monthly: monthly, months: request.contractMonths))
    }

    // MARK: No-riskpolis (ZW 29b)

    static func noRiskPolis(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        guard ctx.request.activity == .paidEmployment else { return .notEligible(Rules.onlyForEmployment) }
        let request = ctx.request
        var unlimitedBecause: String?
        if request.benefit == .wajong {
            unlimitedBecause = "Wajong (ZW art. 29b lid 2)"
        } else if request.shelteredWorkIndication {
            unlimitedBecause = "indicatie beschut werk (ZW art. 29b lid 2)"
        } else if request.targetGroupRegister {
            if ctx.flag(.noRiskRegisterRoute, on: request.start) {
                unlimitedBecause = "doelgroepregister (ZW art. 29b lid 2)"
            } else {
                ctx.note("doelgroepregister: de no-riskpolis geldt niet voor een dienstverband met deze startdatum")
            }
        } else if request.wswEmployee {
            unlimitedBecause = "Wsw-dienstbetrekking (ZW art. 29b lid 2)"
        }
        if let unlimitedBecause {
            ctx.note("zonder einddatum: \(unlimitedBecause)")
            return .eligible(Award(openEnded: true))
        }
        var limitedBecause: String?
        if request.benefit == .wia {
            limitedBecause = "WIA-uitkering (ZW art. 29b lid 1)"
        } else if request.hadEducationObstacle {
            limitedBecause = "problemen in het onderwijs door ziekte of handicap (no-riskverklaring, ZW art. 29b lid 1)"
        }
        guard let limitedBecause else {
            return .notEligible("geen doelgroep no-riskpolis: geen doelgroepregister, beschut werk, Wajong, Wsw, WIA of no-riskverklaring")
        }
        guard case .months(let limit) = try ctx.duration(.noRiskLimitedYears, on: request.start) else {
            return .eligible(Award(openEnded: true))
        }
        let months = min(limit, request.contractMonths)
        ctx.note("\(limitedBecause): \(limit) maanden vanaf de start van het dienstverband; binnen dit contract \(months) maanden")
        return .eligible(Award(months: months))
    }

    // MARK: Proefplaatsing (Pw 6 lid 1 h, 8a lid 2 d; WW/WIA via UWV)

    static func proefplaatsing(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        let request = ctx.request
        let limit: Int
        let standard: Int
        switch request.benefit {
        case .wajong:
            return .needsInformation(missing: "de termijn van een proefplaatsing met Wajong staat niet in de catalogus",
                                     settledBy: "UWV vragen naar de mogelijkheden en de termijn")
        case .ww, .wia:
            limit = try ctx.whole(.uwvTrialMaxMonths)
            standard = try ctx.whole(.uwvTrialStandardMonths)
            ctx.note("\(request.benefit.dutchName): UWV staat ten hoogste \(limit) maanden toe, standaard \(standard)")
        case .participatiewet, .nugger:
            let base = try ctx.whole(.trialBaseMonths)
            let extensionMonths = try ctx.whole(.trialMaxExtensionMonths)
            if let regional = try ctx.optionalWhole(.trialRegionalMaxMonths) {
                limit = min(regional, base + extensionMonths)
                standard = limit
                ctx.note("wet: \(base) maanden + ten hoogste \(extensionMonths) verlenging; de regio staat ten hoogste \(regional) maanden toe")
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

    // MARK: Loonkostenvoordeel (Wet tegemoetkomingen loondomein)

    private struct LKVKind {
        var name: String
        var hourly: ParameterRole, cap: ParameterRole, years: ParameterRole
    }

    static func loonkostenvoordeel(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        guard ctx.request.activity == .paidEmployment else { return .notEligible(Rules.onlyForEmployment) }
        let request = ctx.request
        if request.shelteredWorkIndication {
            return .notEligible("geen loonkostenvoordeel bij beschut werk")
        }
        // The employment's start date fixes which LKV rules apply to it (e.g. no LKV oudere werknemer for
        // jobs starting from 2026), so the LKV figures are taken as in force on the start date.
        let start = request.start
        var kinds: [LKVKind] = []
        if request.targetGroupRegister {
            kinds.append(LKVKind(name: "doelgroep banenafspraak", hourly: .lkvBanenafspraakHourly, cap: .lkvBanenafspraakYearCap, years: .lkvBanenafspraakYears))
        }
        if request.benefit == .wia {
            kinds.append(LKVKind(name: "arbeidsgehandicapte werknemer", hourly: .lkvDisabledHourly, cap: .lkvDisabledYearCap, years: .lkvDisabledYears))
        }
        if request.replacingOwnDisabledEmployee {
            kinds.append(LKVKind(name: "herplaatsen arbeidsgehandicapte werknemer", hourly: .lkvReplacementHourly, cap: .lkvReplacementYearCap, years: .lkvReplacementYears))
        }
        if request.benefit != .nugger {
            let olderAge = try ctx.whole(.lkvOlderMinimumAge, on: start)
            if request.dateOfBirth.age(on: start) >= olderAge {
                kinds.append(LKVKind(name: "oudere werknemer (\(olderAge)+ uit een uitkering)", hourly: .lkvOlderHourly, cap: .lkvOlderYearCap, years: .lkvOlderYears))
            }
        }
        guard !kinds.isEmpty else {
            return .notEligible("geen doelgroep loonkostenvoordeel: geen doelgroepverklaring, geen WIA, geen herplaatsing en geen oudere werknemer uit een uitkering")
        }
        var monthsLeft = request.contractMonths
        if let aow = try ctx.aowDate(), aow <= request.end {
            monthsLeft = ctx.wholeMonths(until: aow)
            if monthsLeft == 0 { return .notEligible("geen loonkostenvoordeel na de AOW-leeftijd (AOW-datum \(aow))") }
            ctx.note("loonkostenvoordeel stopt bij de AOW-leeftijd: \(monthsLeft) hele maanden")
        }
        let weeks = try ctx.figure(.weeksPerYear, on: start)
        var best: (kind: LKVKind, yearly: ExactDecimal, months: Int)?
        var abolished: [String] = []
        for kind in kinds {
            // Only a `.number` value has an exact form.
            guard let hourlyValue = try ctx.valueIfInForce(kind.hourly, on: start), let hourly = ctx.exact(hourlyValue) else {
                abolished.append(kind.name)
                continue
            }
            let cap = try ctx.figure(kind.cap, on: start)
            let limit = try ctx.duration(kind.years, on: start)
            let yearly = min(hourly * request.hoursPerWeek * weeks.value, cap.value)
            var months = monthsLeft
            if case .months(let limitMonths) = limit { months = min(months, limitMonths) }
            ctx.note("\(kind.name): min(\(ctx.text(hourlyValue)) × \(request.hoursPerWeek) uur × \(weeks.text) weken, \(cap.text)) per jaar; \(months) maanden")
            if best == nil || yearly > best!.yearly || (yearly == best!.yearly && months > best!.months) {
                best = (kind, yearly, months)
            }
        }
        guard let best else {
            return .notEligible("loonkostenvoordeel \(abolished.joined(separator: ", ")) bestaat niet meer voor een dienstverband dat start op \(start)")
        }
        if kinds.count - abolished.count > 1 { ctx.note("alleen het hoogste loonkostenvoordeel geldt: \(best.kind.name)") }
        let monthly = best.yearly.roundedToCents(dividingBy: 12)
        ctx.note("per maand = jaarbedrag ÷ 12 → \(plain: monthly)")
        var award = Award(monthly: monthly, months: best.months)
        // LKV is settled per year, not paid per month: the total is rounded once from the exact amount.
        award.exactTotal = (best.yearly * best.months, 12)
        let deadline = try ctx.whole(.lkvStatementDeadlineMonths, on: start)
        if best.kind.hourly == .lkvBanenafspraakHourly, !ctx.flag(.lkvBanenafspraakStatementRequired, on: start) {
            award.addCondition("Geen aparte doelgroepverklaring nodig: het loonkostenvoordeel banenafspraak loopt zolang het dienstverband duurt.")
        } else {
            award.addCondition("Doelgroepverklaring binnen \(deadline) maanden na de start aanvragen bij UWV.")
        }
        award.addCondition("Loonkostenvoordeel \(best.kind.name) opgeven in de loonaangifte.")
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
        return .eligible(Award(oneOff: amount.roundedToCents()))
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

    // MARK: Wierden (Pw 31 lid 2 n, r, y; municipal premiums)

    /// The facts every Wierden income item shares; nil when they hold, else the failing reason.
    static func wierdenBasics(_ ctx: inout RuleContext, checkAge: Bool, activity: PlacementActivity) throws(Unsettled) -> String? {
        let request = ctx.request
        guard request.benefit == .participatiewet else { return "alleen voor wie bijstand ontvangt (Participatiewet)" }
        if checkAge {
            let minimumAge = try ctx.whole(.wierdenMinimumAge)
            let age = request.dateOfBirth.age(on: ctx.peildatum)
            if age < minimumAge { return "alleen vanaf \(minimumAge) jaar; de kandidaat is \(age)" }
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

    /// min(percentage × monthly earnings, cap), with monthly earnings = hourly wage × hours × weeks ÷ 12,
    /// computed with one division and rounded once.
    static func disregard(_ ctx: inout RuleContext, percent: ParameterRole, cap: ParameterRole) throws(Unsettled) -> Money {
        let weeks = try ctx.figure(.weeksPerYear)
        let rate = try ctx.figure(percent)
        let maximum = try ctx.figure(cap)
        let wage = ctx.request.hourlyWage
        // share = wage × hours × weeks × rate ÷ 1200, compared with the cap without dividing.
        let share = ExactDecimal(units: Int128(wage.cents), scale: 2) * ctx.request.hoursPerWeek * weeks.value * rate.value
        let monthly = share < maximum.value * 1200 ? share.roundedToCents(dividingBy: 1200) : maximum.value.roundedToCents()
        ctx.note("per maand = min(\(rate.text)% × \(plain: wage) × \(ctx.request.hoursPerWeek) uur × \(weeks.text) weken ÷ 12, \(maximum.text)) → \(plain: monthly)")
        return monthly
    }

    /// Whether n (part-time disregard) or r (single parent) could run: the medical disregard y excludes both.
    static func partTimeDisregardApplies(_ ctx: RuleContext) -> Bool { !ctx.request.medicalHoursLimitation }

    static func wierdenVrijlatingDeeltijd(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        if let reason = try wierdenBasics(&ctx, checkAge: true, activity: .paidEmployment) { return .notEligible(reason) }
        guard partTimeDisregardApplies(ctx) else { return .notEligible("gaat niet samen met de vrijlating bij een medische urenbeperking (Pw art. 31 lid 2 onder y)") }
        if let unsettled = partialBenefitCheck(ctx) { return unsettled }
        let monthly = try disregard(&ctx, percent: .disregardPartTimePercent, cap: .disregardPartTimeCap)
        let months = min(try ctx.whole(.disregardPartTimeMonths), ctx.request.contractMonths)
        return .eligible(Award(monthly: monthly, months: months))
    }

    static func wierdenVrijlatingAlleenstaandeOuder(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        if let reason = try wierdenBasics(&ctx, checkAge: true, activity: .paidEmployment) { return .notEligible(reason) }
        guard ctx.request.singleParentWithChildUnder12 else { return .notEligible("alleen voor een alleenstaande ouder met een kind onder 12 jaar") }
        guard partTimeDisregardApplies(ctx) else { return .notEligible("gaat niet samen met de vrijlating bij een medische urenbeperking (Pw art. 31 lid 2 onder y)") }
        if let unsettled = partialBenefitCheck(ctx) { return unsettled }
        let monthly = try disregard(&ctx, percent: .disregardSingleParentPercent, cap: .disregardSingleParentCap)
        let months = min(try ctx.whole(.disregardSingleParentMonths), ctx.request.contractMonths)
        return .eligible(Award(monthly: monthly, months: months))
    }

    static func wierdenVrijlatingMedisch(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        if let reason = try wierdenBasics(&ctx, checkAge: false, activity: .paidEmployment) { return .notEligible(reason) }
        guard ctx.request.medicalHoursLimitation else { return .notEligible("alleen bij een medisch vastgestelde urenbeperking") }
        if let unsettled = partialBenefitCheck(ctx) { return unsettled }
        let monthly = try disregard(&ctx, percent: .disregardMedicalPercent, cap: .disregardMedicalCap)
        return .eligible(Award(monthly: monthly, months: ctx.request.contractMonths))
    }

    static func rungCheck(_ ctx: RuleContext, minimum: Int? = nil, maximum: Int? = nil) -> RuleResult? {
        guard let rung = ctx.request.ladderRung?.rawValue else {
            return .needsInformation(missing: "de trede op de participatieladder", settledBy: "de klantmanager legt de huidige trede vast")
        }
        if let minimum, rung < minimum { return .notEligible("alleen vanaf trede \(minimum) van de participatieladder; de kandidaat staat op trede \(rung)") }
        if let maximum, rung > maximum { return .notEligible("alleen tot en met trede \(maximum) van de participatieladder; de kandidaat staat op trede \(rung)") }
        return nil
    }

    static func wierdenPremieDeeltijdwerk(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        if let reason = try wierdenBasics(&ctx, checkAge: true, activity: .paidEmployment) { return .notEligible(reason) }
        if let result = rungCheck(ctx, minimum: try ctx.whole(.premiumWorkMinimumRung)) { return result }
        if let unsettled = partialBenefitCheck(ctx) { return unsettled }
        // Not together with the disregards n and r: the premium runs only in the months after them.
        var excluded = 0
        if partTimeDisregardApplies(ctx) {
            excluded = try ctx.whole(.disregardPartTimeMonths)
            if ctx.request.singleParentWithChildUnder12 { excluded = max(excluded, try ctx.whole(.disregardSingleParentMonths)) }
        }
        let months = ctx.request.contractMonths - excluded
        if months <= 0 {
            return .notEligible("gaat niet samen met de vrijlating deeltijd of alleenstaande ouder, die de hele contractduur lopen")
        }
        let monthly = try disregard(&ctx, percent: .premiumPartTimeWorkPercent, cap: .premiumPartTimeWorkCap)
        var award = Award(monthly: monthly, months: months)
        if excluded > 0 {
            ctx.note("niet naast vrijlating n/r: premie vanaf maand \(excluded + 1), \(months) maanden")
            award.addCondition("De premie gaat in na afloop van de vrijlating (vanaf maand \(excluded + 1)).")
        }
        return .eligible(award)
    }

    static func wierdenPremieOnbetaaldWerk(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        if let reason = try wierdenBasics(&ctx, checkAge: true, activity: .unpaidWork) { return .notEligible(reason) }
        if let result = rungCheck(ctx, minimum: try ctx.whole(.premiumWorkMinimumRung)) { return result }
        let monthly = try ctx.number(.premiumUnpaidWorkMonthly).roundedToCents()
        return .eligible(Award(monthly: monthly, months: ctx.request.contractMonths))
    }

    static func wierdenPremieParticipatieplaats(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        if let reason = try wierdenBasics(&ctx, checkAge: true, activity: .participationPlace) { return .notEligible(reason) }
        if let result = rungCheck(ctx, maximum: try ctx.whole(.premiumParticipationMaximumRung)) { return result }
        let monthly = try ctx.number(.premiumParticipationMonthly).roundedToCents()
        return .eligible(Award(monthly: monthly, months: ctx.request.contractMonths))
    }

    static func wierdenUitstroompremie(_ ctx: inout RuleContext) throws(Unsettled) -> RuleResult {
        if let reason = try wierdenBasics(&ctx, checkAge: true, activity: .paidEmployment) { return .notEligible(reason) }
        switch ctx.request.leavesBenefit {
        case false?: return .notEligible("de kandidaat blijft een uitkering houden; de uitstroompremie is voor wie de bijstand verlaat")
        case nil: return .needsInformation(missing: "of de baan de bijstand helemaal beëindigt", settledBy: "de inkomensconsulent berekent of er nog aanvullende bijstand nodig is")
        case true?: break
        }
        let monthsOff = try ctx.whole(.exitPremiumMonthsOffBenefit)
        guard ctx.request.contractMonths > monthsOff else {
            return .notEligible("de premie volgt na meer dan \(monthsOff) maanden zonder uitkering; dit contract duurt \(ctx.request.contractMonths) maanden")
        }
        var award = Award(oneOff: try ctx.number(.exitPremiumAmount).roundedToCents())
        award.addCondition("Uitbetaling na meer dan \(monthsOff) maanden zonder uitkering.")
        return .eligible(award)
    }
}
