import Domain
import Foundation

extension PolicyCatalog {
    /// Evaluates every instrument the candidate's region offers, in the region file's order.
    ///
    /// Throws for input no rule may quote: impossible placement terms, both register and sheltered work, a
    /// wage value outside 0–100%, an age without a statutory minimum wage, or a contract wage below the
    /// statutory minimum for the candidate's age (except Wajong, where UWV's wage dispensation allows it).
    public func evaluate(_ request: InstrumentRequest) throws(InvalidInstrumentRequest) -> [InstrumentDecision] {
        let (regionID, isKnown) = region(forMunicipality: request.municipality)
        let region = regions[regionID]!
        var requestWarnings: [DecisionWarning] = []
        if !isKnown {
            requestWarnings.append(DecisionWarning(kind: .assumption,
                text: "gemeente '\(request.municipality)' staat niet in de regiotabel; alleen landelijk beleid is toegepast"))
        }
        try validate(request, region: region, warnings: &requestWarnings)
        var decisions: [InstrumentDecision] = []
        decisions.reserveCapacity(region.offers.count)
        for offer in region.offers {
            decisions.append(decide(offer, request: request, region: region, requestWarnings: requestWarnings))
        }
        return decisions
    }

    func decide(_ offer: OfferedInstrument, request: InstrumentRequest, region: ResolvedRegion,
                requestWarnings: [DecisionWarning]) -> InstrumentDecision {
        var ctx = RuleContext(parameters: parameters, request: request, binding: offer.binding, settings: offer.settings,
                              expectedUses: offer.expectedUses)
        let result: RuleResult
        do {
            result = try Rules.evaluate(offer.rule, &ctx)
        } catch {
            result = .needsInformation(missing: error.missing, settledBy: error.settledBy)
        }
        var status = DecisionStatus.notEligible
        var award = Award()
        var reason: String?
        var settledBy: String?
        var conditions: [String] = []
        switch result {
        case .eligible(let eligible):
            status = .eligible
            award = eligible
            // The instrument's and the region's texts are joined once at load (`baseConditions`).
            conditions = award.conditions.isEmpty ? offer.baseConditions : offer.baseConditions + award.conditions
        case .notEligible(let why):
            reason = why
        case .needsInformation(let missing, let settle):
            status = .needsInformation
            reason = missing
            settledBy = settle
        }
        // Built in one go: the decision is large, and assigning its fields afterwards copies it.
        return instruments[offer.instrumentIndex].decision(
            ruleId: offer.rule.rawValue, region: region.id, peildatum: request.peildatum, status: status,
            monthlyAmount: award.monthly, oneOffAmount: award.oneOff, durationMonths: award.months, openEnded: award.openEnded,
            total: award.total, conditions: conditions, reason: reason, settledBy: settledBy, parametersUsed: ctx.used,
            warnings: requestWarnings.isEmpty ? ctx.warnings : requestWarnings + ctx.warnings, trace: ctx.trace,
            schedule: status == .eligible ? award.schedule : nil)
    }

    private func validate(_ request: InstrumentRequest, region: ResolvedRegion, warnings: inout [DecisionWarning]) throws(InvalidInstrumentRequest) {
        var problems: [String] = []
        if !(1...60).contains(request.hoursPerWeek) { problems.append("uren per week moeten tussen 1 en 60 liggen") }
        if !(1...600).contains(request.contractMonths) { problems.append("contractduur moet tussen 1 en 600 maanden liggen") }
        let paid = request.activity == .paidEmployment
        if paid, request.hourlyWage.cents <= 0 { problems.append("uurloon moet positief zijn") }
        if request.targetGroupRegister && request.shelteredWorkIndication {
            problems.append("doelgroepregister en indicatie beschut werk sluiten elkaar uit")
        }
        if let wageValue = request.wageValue, !(0...100).contains(wageValue.percent) {
            problems.append("loonwaarde moet tussen 0 en 100% liggen")
        }
        if let fullTime = request.sectorFullTimeHours, !(1...60).contains(fullTime) {
            problems.append("voltijdse werkweek van de sector moet tussen 1 en 60 uur liggen")
        }
        if request.dateOfBirth >= request.start { problems.append("geboortedatum ligt niet vóór de startdatum") }
        if let net = request.netMonthlyIncome, !(0...10_000_000).contains(net.cents) {
            problems.append("netto-inkomen per maand moet tussen 0 en 100.000 euro liggen")
        }
        // Unpaid activities have no wage to test; a Wajong wage may lie below the minimum (loondispensatie).
        if problems.isEmpty, paid, request.benefit != .wajong {
            if let problem = minimumWageProblem(request, region: region, warnings: &warnings) { problems.append(problem) }
        }
        if !problems.isEmpty { throw InvalidInstrumentRequest(problems: problems) }
    }

    /// The statutory hourly minimum for the candidate's age on the contract start, compared with the contract
    /// wage: below it the request is invalid. The minimum also rises during the contract (1 January, 1 July,
    /// a birthday below 21): where the contract wage falls below it, a warning says by when and to what the
    /// wage must rise. The youth hourly minimum is the adult amount times the youth percentage, rounded to the
    /// cent as the published tables are. Before the hourly minimum existed (2024) the check cannot be made: warn.
    private func minimumWageProblem(_ request: InstrumentRequest, region: ResolvedRegion, warnings: inout [DecisionWarning]) -> String? {
        let start = request.start
        let age = request.dateOfBirth.age(on: start)
        switch minimumHourlyWage(age: age, on: start, region: region) {
        case .noMinimum(let youngest):
            return "geen wettelijk minimumloon onder \(youngest) jaar; de kandidaat is \(age): geen geldige offerte"
        case .unknown:
            warnings.append(DecisionWarning(kind: .assumption,
                text: "het uurloon kon niet aan een wettelijk minimumuurloon worden getoetst op \(start) (geen minimumuurloon in de catalogus); controleer het loon tegen het maandbedrag"))
            return nil
        case .amount(let minimum, let value, let stale):
            // The wage check stands behind every decision, so a stale or unconfirmed minimum wage is said on each.
            if stale { warnings.append(DecisionWarning(kind: .stale, text: "toets uurloon aan minimumloon: " + value.staleWarning)) }
            if let caveat = value.unconfirmedWarning { warnings.append(DecisionWarning(kind: .unconfirmed, text: "toets uurloon aan minimumloon: " + caveat)) }
            if request.hourlyWage < minimum {
                return "uurloon \(request.hourlyWage) ligt onder het wettelijk minimumloon van \(minimum) per uur voor \(age) jaar op \(start) (Wet minimumloon); dat is geen geldige offerte"
            }
        }
        // Every date in the contract on which the minimum can rise: 1 January, 1 July, and birthdays below 21.
        let end = request.end
        var dates: [CalendarDate] = []
        var cursor = start.nextHalfYearStart
        while cursor <= end { dates.append(cursor); cursor = cursor.nextHalfYearStart }
        for turning in (age + 1)...max(age + 1, 21) where turning <= 21 {
            let birthday = request.dateOfBirth.birthday(turning: turning)
            if birthday > start, birthday <= end { dates.append(birthday) }
        }
        // Said once per rise: a minimum carried forward unchanged to a later date is no new step.
        var previous: Money?
        for date in Set(dates).sorted() {
            let ageThen = request.dateOfBirth.age(on: date)
            guard case .amount(let minimum, _, let stale) = minimumHourlyWage(age: ageThen, on: date, region: region) else { continue }
            defer { previous = minimum }
            guard request.hourlyWage < minimum, minimum != previous else { continue }
            warnings.append(DecisionWarning(kind: .reminder,
                text: "het loon moet per \(date) stijgen naar ten minste \(minimum) per uur (wettelijk minimumloon voor \(ageThen) jaar\(stale ? ", doorgetrokken waarde" : ""); Wet minimumloon art. 8 en 9)"))
        }
        return nil
    }

    private enum HourlyMinimum {
        case amount(Money, DatedValue, stale: Bool)
        case noMinimum(youngest: Int)
        case unknown
    }

    private func minimumHourlyWage(age: Int, on date: CalendarDate, region: ResolvedRegion) -> HourlyMinimum {
        var youthPercent: ExactDecimal?
        if let index = region.globalBinding[ParameterRole.youthPercentage.ordinal],
           case .inForce(let valueIndex, _) = parameters[index].lookupIndex(on: date),
           case .byAge = parameters[index].values[valueIndex].quantity {
            let table = parameters[index].values[valueIndex]
            if let youngest = table.youngestAge, age < youngest { return .noMinimum(youngest: youngest) }
            youthPercent = table.exactByAge[age]?.value
        }
        // Only a `.number` value has an exact form.
        guard let index = region.globalBinding[ParameterRole.minimumWageHourly.ordinal],
              case .inForce(let valueIndex, let stale) = parameters[index].lookupIndex(on: date),
              let adult = parameters[index].values[valueIndex].exact else { return .unknown }
        let minimum = youthPercent.map { (adult * $0).roundedToCents(dividingBy: 100) } ?? adult.roundedToCents()
        return .amount(minimum, parameters[index].values[valueIndex], stale: stale)
    }
}

extension Instrument {
    /// A decision about this instrument; reads the instrument's texts in place rather than copying it.
    func decision(ruleId: String, region: String, peildatum: CalendarDate, status: DecisionStatus, monthlyAmount: Money?,
                  oneOffAmount: Money?, durationMonths: Int?, openEnded: Bool, total: Money?, conditions: [String],
                  reason: String?, settledBy: String?, parametersUsed: [ParameterUse], warnings: [DecisionWarning],
                  trace: [String], schedule: PaymentSchedule? = nil) -> InstrumentDecision {
        InstrumentDecision(
            instrumentId: id, instrumentName: name, ruleId: ruleId, region: region, peildatum: peildatum, status: status,
            side: side, paidBy: paidBy, executedBy: executedBy, legalBasis: legalBasis, monthlyAmount: monthlyAmount,
            oneOffAmount: oneOffAmount, durationMonths: durationMonths, openEnded: openEnded, total: total,
            conditions: conditions, reason: reason, settledBy: settledBy, parametersUsed: parametersUsed,
            warnings: warnings, trace: trace, schedule: schedule)
    }
}
