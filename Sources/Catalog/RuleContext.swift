import Domain
import Foundation

/// A fact the rule cannot do without: becomes a *needs information* decision.
struct Unsettled: Error {
    var missing: String
    var settledBy: String
}

/// What a rule found.
enum RuleResult {
    case eligible(Award)
    case notEligible(String)
    case needsInformation(missing: String, settledBy: String)
}

/// The money and time an eligible instrument gives. Amounts are already rounded (see `InstrumentDecision`).
struct Award {
    var monthly: Money?
    var oneOff: Money?
    var months: Int?
    var openEnded = false
    var conditions: [String] = []
    /// For an instrument settled per year rather than paid per month: the exact total, rounded once.
    /// (Exact amount, divisor): the total is the quotient rounded once to the cent.
    var exactTotal: (amount: ExactDecimal, divisor: Int)?
    /// The payments period by period; when present, the total is the schedule's total.
    var schedule: PaymentSchedule?

    /// Adds a condition; the list is made once with room for the two or three a rule adds.
    mutating func addCondition(_ text: TraceText) {
        if conditions.isEmpty { conditions.reserveCapacity(3) }
        conditions.append(text.text)
    }

    var total: Money? {
        if let schedule { return schedule.total }
        if let oneOff { return oneOff }
        if let exactTotal { return exactTotal.amount.roundedToCents(dividingBy: Int128(exactTotal.divisor)) }
        if let monthly, let months { return monthly * months }
        return nil
    }
}

/// A duration that may have no upper limit.
enum DurationLimit {
    case months(Int)
    case unlimited
}

/// The state of one rule evaluation: the request, the region's parameter binding, and what the rule used,
/// warned about and did (for the decision's trace).
///
/// Values are handled by position (`ValueRef`) rather than copied: a `DatedValue` or `Parameter` copy
/// retains every text it holds, and the rules look up a dozen values per instrument.
struct RuleContext {
    let parameters: [Parameter]
    let request: InstrumentRequest
    let binding: [Int?]
    let settings: [PolicySetting: Bool]
    var used: [ParameterUse] = []
    /// Bit p set: parameter p (catalog position < 128) may already be in `used`. A clear bit spares the
    /// search for a repeat, which compares ids and texts; parameters beyond 128 are always searched.
    private var maybeUsed: UInt128 = 0
    var warnings: [DecisionWarning] = []
    var trace: [String] = []

    /// Room to reserve for the parameters used at the first one, so the list is allocated once, not grown
    /// (and not at all for a decision that uses none).
    private let expectedUses: Int

    init(parameters: [Parameter], request: InstrumentRequest, binding: [Int?], settings: [PolicySetting: Bool], expectedUses: Int = 4) {
        self.parameters = parameters
        self.request = request
        self.binding = binding
        self.settings = settings
        self.expectedUses = expectedUses
    }

    /// One dated value of one parameter, by position in the catalog.
    struct ValueRef: Equatable {
        var parameter: Int
        var value: Int
    }

    /// The date on which eligibility is judged and the figures that decide it are looked up: the contract
    /// start (the request's facts are those known on its peildatum). Amounts come per schedule period.
    var peildatum: CalendarDate { request.start }

    mutating func note(_ line: TraceText) {
        if trace.isEmpty { trace.reserveCapacity(4) }
        trace.append(line.text)
    }

    mutating func warn(_ kind: WarningKind, _ text: TraceText) { warn(kind, text: text.text) }

    mutating func warn(_ kind: WarningKind, text: String) {
        if !warnings.contains(where: { $0.kind == kind && $0.text == text }) { warnings.append(DecisionWarning(kind: kind, text: text)) }
    }

    /// The catalog position of the parameter bound to `role`, nil when the region leaves it unbound.
    func parameterIndex(for role: ParameterRole) -> Int? { binding[role.ordinal] }

    func hasParameter(for role: ParameterRole) -> Bool { binding[role.ordinal] != nil }

    func value(_ ref: ValueRef) -> DatedValue { parameters[ref.parameter].values[ref.value] }
    func text(_ ref: ValueRef) -> String { parameters[ref.parameter].values[ref.value].text }
    func exact(_ ref: ValueRef) -> ExactDecimal? { parameters[ref.parameter].values[ref.value].exact }
    func whole(_ ref: ValueRef) -> Int? { parameters[ref.parameter].values[ref.value].whole }

    /// The value in force for `role` on `date`, recorded in the decision with its stale/unconfirmed warnings.
    /// Nil when the value was ended before `date`. Throws when the date lies before the first known value or
    /// the role is unbound: never a silent zero.
    mutating func valueIfInForce(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> ValueRef? {
        let date = date ?? peildatum
        guard let index = binding[role.ordinal] else {
            throw Unsettled(missing: "geen parameter voor '\(role.rawValue)' in deze regio",
                            settledBy: "de parameter in catalog/regions/ aan de rol koppelen")
        }
        switch parameters[index].lookupIndex(on: date) {
        case .inForce(let valueIndex, let stale):
            let ref = ValueRef(parameter: index, value: valueIndex)
            recordUse(ref, role: role, text: text(ref))
            if stale { warn(.stale, text: parameters[index].values[valueIndex].staleWarning) }
            return ref
        case .ended(let valueIndex):
            note("\(parameters[index].id): geldt niet meer na \(parameters[index].values[valueIndex].until!)")
            return nil
        case .notYetKnown:
            let parameter = parameters[index]
            throw Unsettled(missing: "geen waarde voor \(parameter.id) (\(parameter.description)) op \(date)"
                                + (parameter.values.first.map { "; de catalogus heeft waarden vanaf \($0.from)" } ?? ""),
                            settledBy: "de waarde die op \(date) gold toevoegen aan \(parameter.file)")
        }
    }

    /// A number that must be in force on `date`, with its text for the trace.
    mutating func figure(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> (value: ExactDecimal, text: String) {
        guard let ref = try valueIfInForce(role, on: date) else {
            let parameter = parameters[parameterIndex(for: role)!]
            throw Unsettled(missing: "\(parameter.id) geldt niet meer op \(date ?? peildatum)",
                            settledBy: "een nieuwe waarde toevoegen aan \(parameter.file), of de regel beëindigen")
        }
        // Every `.number` value has its exact form (checked at load); other quantities have none.
        guard let number = exact(ref) else {
            throw Unsettled(missing: "\(role.rawValue): verwacht een getal", settledBy: "de parameter in de catalogus corrigeren")
        }
        return (number, text(ref))
    }

    /// A number in force on `date` for one schedule period, with the value as the period shows it. A value
    /// past its indexation period is carried forward and marked projected.
    mutating func scheduled(_ role: ParameterRole, on date: CalendarDate) throws(Unsettled) -> (value: ExactDecimal, text: String, use: ScheduleValue) {
        let figure = try figure(role, on: date)
        let index = parameterIndex(for: role)!
        guard case .inForce(let valueIndex, let stale) = parameters[index].lookupIndex(on: date) else {
            throw Unsettled(missing: "\(role.rawValue) geldt niet op \(date)", settledBy: "de catalogus bijwerken")
        }
        let dated = parameters[index].values[valueIndex]
        let use = ScheduleValue(id: parameters[index].id, value: dated.text, unit: parameters[index].unit.rawValue,
                                validFrom: dated.from, projected: stale, source: dated.source ?? parameters[index].legalReference,
                                unconfirmed: dated.unconfirmed ?? parameters[index].unconfirmed)
        return (figure.value, figure.text, use)
    }

    /// Which youth scale applies: an employee in a BBL programme has the lower BBL percentages (Besluit
    /// minimumjeugdloonregeling art. 3, on WML art. 7 lid 3 and 8 lid 3); everyone else the normal scale (art. 2).
    var youthRole: ParameterRole { request.followsBBL ? .youthPercentageBBL : .youthPercentage }

    /// Said next to the age wherever a youth percentage is shown, so a reader sees which scale was used.
    var youthScaleSuffix: String { request.followsBBL ? " (bbl)" : "" }

    /// The youth percentage for `age` on `date` as a schedule value; nil for the adult amount.
    mutating func scheduledYouthPercentage(age: Int, on date: CalendarDate) throws(Unsettled) -> (value: ExactDecimal, text: String, use: ScheduleValue)? {
        let role = youthRole
        guard let ref = try valueIfInForceQuiet(role, on: date), case .byAge = value(ref).quantity else {
            throw Unsettled(missing: "tabel jeugdpercentages minimumloon\(request.followsBBL ? " (bbl)" : "") op \(date)",
                            settledBy: "de tabel in de catalogus opnemen")
        }
        let dated = parameters[ref.parameter].values[ref.value]
        if let percent = dated.exactByAge[age] {
            recordUse(ref, role: role, text: "\(age) jaar\(youthScaleSuffix): \(percent.text)")
            let use = ScheduleValue(id: parameters[ref.parameter].id, value: "\(age) jaar\(youthScaleSuffix): \(percent.text)", unit: "percent",
                                    validFrom: dated.from, projected: false, source: dated.source ?? parameters[ref.parameter].legalReference,
                                    unconfirmed: dated.unconfirmed)
            return (percent.value, percent.text, use)
        }
        if let highest = dated.oldestAge, age > highest { return nil }
        throw Unsettled(missing: "geen wettelijk minimumloon voor leeftijd \(age)", settledBy: "controleer de geboortedatum")
    }

    mutating func number(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> ExactDecimal {
        try figure(role, on: date).value
    }

    /// A number, or nil when the region does not bind the role (a policy it does not have).
    mutating func optionalNumber(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> ExactDecimal? {
        guard hasParameter(for: role) else { return nil }
        return try number(role, on: date)
    }

    /// A whole number (months, hours, an age, a rung).
    mutating func whole(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> Int {
        guard let ref = try valueIfInForce(role, on: date) else {
            throw Unsettled(missing: "\(parameters[parameterIndex(for: role)!].id) geldt niet meer op \(date ?? peildatum)",
                            settledBy: "een nieuwe waarde toevoegen aan de catalogus, of de regel beëindigen")
        }
        guard let whole = whole(ref) else {
            throw Unsettled(missing: "\(role.rawValue): verwacht een heel getal", settledBy: "de parameter in de catalogus corrigeren")
        }
        return whole
    }

    mutating func optionalWhole(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> Int? {
        guard hasParameter(for: role) else { return nil }
        return try whole(role, on: date)
    }

    mutating func duration(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> DurationLimit {
        guard let ref = try valueIfInForce(role, on: date) else {
            throw Unsettled(missing: "\(role.rawValue) geldt niet meer", settledBy: "de catalogus bijwerken")
        }
        switch parameters[ref.parameter].values[ref.value].quantity {
        case .unlimited: return .unlimited
        case .number:
            guard let whole = whole(ref) else { throw Unsettled(missing: "\(role.rawValue): verwacht een heel getal", settledBy: "de catalogus corrigeren") }
            return .months(parameters[ref.parameter].unit == .years ? whole * 12 : whole)
        case .byAge: throw Unsettled(missing: "\(role.rawValue): verwacht een duur", settledBy: "de catalogus corrigeren")
        }
    }

    /// A rule switch from the law: true while a value 1 is in force. Before the first value and after the end
    /// the rule did not (or no longer does) exist, which is a "no", not an unknown.
    mutating func flag(_ role: ParameterRole, on date: CalendarDate? = nil) -> Bool {
        guard let index = parameterIndex(for: role) else { return false }
        let date = date ?? peildatum
        if case .inForce(let valueIndex, _) = parameters[index].lookupIndex(on: date) {
            let ref = ValueRef(parameter: index, value: valueIndex)
            recordUse(ref, role: role, text: text(ref))
            return whole(ref) == 1
        }
        note("\(parameters[index].id): niet van kracht op \(date)")
        return false
    }

    /// Adds the value to the decision's parameters used, once per parameter, date and text.
    mutating func recordUse(_ ref: ValueRef, role: ParameterRole, text: String) {
        // The date first: it is the cheapest comparison and usually already differs.
        let from = parameters[ref.parameter].values[ref.value].from
        let bit: UInt128 = ref.parameter < 128 ? 1 << ref.parameter : 0
        let seen = bit == 0 || maybeUsed & bit != 0
        maybeUsed |= bit
        if !seen || !used.contains(where: { $0.validFrom == from && $0.id == parameters[ref.parameter].id && $0.value == text }) {
            if used.isEmpty { used.reserveCapacity(expectedUses) }
            used.append(ParameterUse(id: parameters[ref.parameter].id, role: role.rawValue, value: text,
                                     unit: parameters[ref.parameter].unit.rawValue, validFrom: from))
        }
        if let warning = parameters[ref.parameter].values[ref.value].unconfirmedWarning { warn(.unconfirmed, text: warning) }
    }

    // MARK: shared steps

    /// The reference month minimum wage for the candidate's age on the peildatum: the adult amount and, below
    /// the adult age, the youth percentage to apply to it (the caller folds it into one exact division).
    mutating func referenceMonthMinimumWage() throws(Unsettled) -> (adult: ExactDecimal, youthPercent: ExactDecimal?, text: String) {
        let adult = try figure(.minimumWageReferenceMonth)
        let age = request.dateOfBirth.age(on: peildatum)
        guard let youth = try youthPercentage(age: age) else { return (adult.value, nil, adult.text) }
        return (adult.value, youth.value, "\(adult.text) × \(youth.text)% (\(age) jaar\(youthScaleSuffix))")
    }

    /// The youth percentage for `age`, nil for the adult amount (ages above the table).
    mutating func youthPercentage(age: Int) throws(Unsettled) -> (value: ExactDecimal, text: String)? {
        let role = youthRole
        guard let ref = try valueIfInForceQuiet(role), case .byAge = value(ref).quantity else {
            throw Unsettled(missing: "tabel jeugdpercentages minimumloon\(request.followsBBL ? " (bbl)" : "")", settledBy: "de tabel in de catalogus opnemen")
        }
        if let percent = parameters[ref.parameter].values[ref.value].exactByAge[age] {
            recordUse(ref, role: role, text: "\(age) jaar\(youthScaleSuffix): \(percent.text)")
            return (percent.value, percent.text)
        }
        if let highest = parameters[ref.parameter].values[ref.value].oldestAge, age > highest { return nil }
        throw Unsettled(missing: "geen wettelijk minimumloon voor leeftijd \(age)", settledBy: "controleer de geboortedatum")
    }

    /// Like `valueIfInForce` but records nothing (the caller records the part it used).
    mutating func valueIfInForceQuiet(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> ValueRef? {
        guard let index = parameterIndex(for: role) else { return nil }
        let peildatum = date ?? self.peildatum
        switch parameters[index].lookupIndex(on: peildatum) {
        case .inForce(let valueIndex, _): return ValueRef(parameter: index, value: valueIndex)
        case .ended: return nil
        case .notYetKnown:
            let parameter = parameters[index]
            throw Unsettled(missing: "geen waarde voor \(parameter.id) op \(peildatum)" + (parameter.values.first.map { "; waarden vanaf \($0.from)" } ?? ""),
                            settledBy: "de waarde toevoegen aan \(parameter.file)")
        }
    }

    /// The hours that count for a pro-rata amount, and the full-time week they are measured against.
    /// Hours above the sector's full-time week do not count. Without the sector week, hours up to the basis
    /// count against the basis; above it the rule cannot know how many count.
    /// `needsBasis` false: the caller only pro-rates against the full-time week, so a known sector week
    /// makes the statutory basis irrelevant (it need not exist on the peildatum).
    mutating func countedHours(needsBasis: Bool = true) throws(Unsettled) -> (counted: Int, basis: Int, fullTime: Int) {
        let hours = request.hoursPerWeek
        if let fullTime = request.sectorFullTimeHours {
            let counted = min(hours, fullTime)
            let basis = needsBasis ? try whole(.hoursBasis) : fullTime
            if needsBasis {
                note("uren: \(hours) per week, voltijd in de sector \(fullTime) → telt \(counted) van basis \(basis)")
            } else {
                note("uren: \(hours) per week, voltijd in de sector \(fullTime) → telt \(counted)")
            }
            return (counted, basis, fullTime)
        }
        let basis = try whole(.hoursBasis)
        guard hours <= basis else {
            throw Unsettled(missing: "normale voltijdse arbeidsduur in de sector (contract \(hours) uur, meer dan de basis van \(basis) uur)",
                            settledBy: "de voltijdse werkweek uit de cao opgeven (sectorFullTimeHours); uren daarboven tellen niet mee")
        }
        note("uren: \(hours) per week ≤ basis \(basis); voltijd in de sector niet opgegeven, aangenomen ≥ \(basis)")
        warn(.assumption, "voltijdse werkweek van de sector niet opgegeven; aangenomen dat die minstens \(basis) uur is")
        return (hours, basis, basis)
    }

    /// The day the candidate reaches the AOW age, or nil when that is certainly after the contract.
    ///
    /// The AOW age depends on the year in which it is reached, so the date is the birth date plus the value in
    /// force on that very date. When the table does not cover that year, the lowest age in the table is a
    /// lower bound (the AOW age has only risen since 2013): if even that falls after the contract, it does not
    /// matter; otherwise the catalog must be extended.
    mutating func aowDate() throws(Unsettled) -> CalendarDate? {
        guard let index = parameterIndex(for: .aowAge) else {
            throw Unsettled(missing: "AOW-leeftijd niet gekoppeld in deze regio", settledBy: "rol aowAge koppelen")
        }
        let birth = request.dateOfBirth
        var lowest: Int?
        let values = parameters[index].values
        for valueIndex in values.indices {
            guard let months = values[valueIndex].whole else { continue }
            lowest = min(lowest ?? months, months)
            let date = birth.adding(months: months)
            // The value in force on that date is this one (dates are unique, so the same position).
            if case .inForce(let inForce, _) = parameters[index].lookupIndex(on: date), inForce == valueIndex {
                let ref = ValueRef(parameter: index, value: valueIndex)
                recordUse(ref, role: .aowAge, text: text(ref))
                note("AOW-leeftijd \(months / 12) jaar \(months % 12) mnd → AOW-datum \(date)")
                return date
            }
        }
        if let lowest, birth.adding(months: lowest) > request.end {
            return nil
        }
        throw Unsettled(missing: "AOW-leeftijd voor het jaar waarin de kandidaat die bereikt",
                        settledBy: "de AOW-leeftijd van dat jaar (SVB) toevoegen aan \(parameters[index].file)")
    }

    /// The dates in `from`…`through` on which the value for `role` changes, or becomes projected (carried
    /// forward past its indexation period): the places to start a new schedule period.
    func valueChangeDates(_ role: ParameterRole, from: CalendarDate, through: CalendarDate) -> [CalendarDate] {
        guard let index = parameterIndex(for: role) else { return [] }
        var candidates = parameters[index].values.map(\.from).filter { $0 > from && $0 <= through }
        var halfYear = from.nextHalfYearStart
        while halfYear <= through { candidates.append(halfYear); halfYear = halfYear.nextHalfYearStart }
        func state(_ date: CalendarDate) -> String {
            switch parameters[index].lookupIndex(on: date) {
            case .inForce(let value, let stale): "\(value)\(stale)"
            case .ended(let value): "ended\(value)"
            case .notYetKnown: "unknown"
            }
        }
        var cuts: [CalendarDate] = []
        var current = state(from)
        for date in Set(candidates).sorted() {
            let next = state(date)
            if next != current { cuts.append(date); current = next }
        }
        return cuts
    }

    /// Whole months from the contract start until `date` (a started month does not count).
    func wholeMonths(until date: CalendarDate) -> Int {
        let start = request.start
        var months = (date.year - start.year) * 12 + (date.month - start.month)
        if start.adding(months: months) > date { months -= 1 }
        return max(0, months)
    }

}

extension BenefitType {
    /// The municipality, not UWV, is responsible for re-integration: bijstand and people without benefit.
    var isMunicipalClient: Bool { self == .participatiewet || self == .nugger }
}
