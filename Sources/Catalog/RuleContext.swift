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
    var exactTotal: Decimal?

    var total: Money? {
        if let oneOff { return oneOff }
        if let exactTotal { return Money.rounding(exactTotal) }
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
struct RuleContext {
    let catalog: PolicyCatalog
    let request: InstrumentRequest
    let binding: [Int?]
    let settings: [PolicySetting: Bool]
    var used: [ParameterUse] = []
    var warnings: [DecisionWarning] = []
    var trace: [String] = []

    init(catalog: PolicyCatalog, request: InstrumentRequest, binding: [Int?], settings: [PolicySetting: Bool]) {
        self.catalog = catalog
        self.request = request
        self.binding = binding
        self.settings = settings
    }

    var peildatum: CalendarDate { request.peildatum }

    mutating func note(_ line: String) { trace.append(line) }

    mutating func warn(_ kind: WarningKind, _ text: String) {
        if !warnings.contains(where: { $0.kind == kind && $0.text == text }) { warnings.append(DecisionWarning(kind: kind, text: text)) }
    }

    func parameter(for role: ParameterRole) -> Parameter? {
        binding[ParameterRole.ordinal[role]!].map { catalog.parameters[$0] }
    }

    /// The value in force for `role` on `date`, recorded in the decision with its stale/unconfirmed warnings.
    /// Nil when the value was ended before `date`. Throws when the date lies before the first known value or
    /// the role is unbound: never a silent zero.
    mutating func valueIfInForce(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> DatedValue? {
        let date = date ?? peildatum
        guard let index = binding[ParameterRole.ordinal[role]!] else {
            throw Unsettled(missing: "geen parameter voor '\(role.rawValue)' in deze regio",
                            settledBy: "de parameter in catalog/regions/ aan de rol koppelen")
        }
        let parameter = catalog.parameters[index]
        switch parameter.lookup(on: date) {
        case .inForce(let value, let stale):
            recordUse(parameter, role: role, value: value, text: value.text)
            if stale { warn(.stale, value.staleWarning) }
            return value
        case .ended(let value):
            note("\(parameter.id): geldt niet meer na \(value.until!)")
            return nil
        case .notYetKnown(let first):
            throw Unsettled(missing: "geen waarde voor \(parameter.id) (\(parameter.description)) op \(date)"
                                + (first.map { "; de catalogus heeft waarden vanaf \($0)" } ?? ""),
                            settledBy: "de waarde die op \(date) gold toevoegen aan \(parameter.file)")
        }
    }

    /// A number that must be in force on `date`, with its text for the trace.
    mutating func figure(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> (value: Decimal, text: String) {
        guard let value = try valueIfInForce(role, on: date) else {
            let parameter = parameter(for: role)!
            throw Unsettled(missing: "\(parameter.id) geldt niet meer op \(date ?? peildatum)",
                            settledBy: "een nieuwe waarde toevoegen aan \(parameter.file), of de regel beëindigen")
        }
        guard case .number(let number) = value.quantity else {
            throw Unsettled(missing: "\(role.rawValue): verwacht een getal", settledBy: "de parameter in de catalogus corrigeren")
        }
        return (number, value.text)
    }

    mutating func number(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> Decimal {
        try figure(role, on: date).value
    }

    /// A number, or nil when the region does not bind the role (a policy it does not have).
    mutating func optionalNumber(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> Decimal? {
        guard parameter(for: role) != nil else { return nil }
        return try number(role, on: date)
    }

    /// A whole number (months, hours, an age, a rung).
    mutating func whole(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> Int {
        guard let value = try valueIfInForce(role, on: date) else {
            throw Unsettled(missing: "\(parameter(for: role)!.id) geldt niet meer op \(date ?? peildatum)",
                            settledBy: "een nieuwe waarde toevoegen aan de catalogus, of de regel beëindigen")
        }
        guard let whole = value.whole else {
            throw Unsettled(missing: "\(role.rawValue): verwacht een heel getal", settledBy: "de parameter in de catalogus corrigeren")
        }
        return whole
    }

    mutating func optionalWhole(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> Int? {
        guard parameter(for: role) != nil else { return nil }
        return try whole(role, on: date)
    }

    mutating func duration(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> DurationLimit {
        guard let value = try valueIfInForce(role, on: date) else {
            throw Unsettled(missing: "\(role.rawValue) geldt niet meer", settledBy: "de catalogus bijwerken")
        }
        let parameter = parameter(for: role)!
        switch value.quantity {
        case .unlimited: return .unlimited
        case .number:
            guard let whole = value.whole else { throw Unsettled(missing: "\(role.rawValue): verwacht een heel getal", settledBy: "de catalogus corrigeren") }
            return .months(parameter.unit == .years ? whole * 12 : whole)
        case .byAge: throw Unsettled(missing: "\(role.rawValue): verwacht een duur", settledBy: "de catalogus corrigeren")
        }
    }

    /// A rule switch from the law: true while a value 1 is in force. Before the first value and after the end
    /// the rule did not (or no longer does) exist, which is a "no", not an unknown.
    mutating func flag(_ role: ParameterRole, on date: CalendarDate? = nil) -> Bool {
        guard let parameter = parameter(for: role) else { return false }
        let date = date ?? peildatum
        if case .inForce(let value, _) = parameter.lookup(on: date) {
            recordUse(parameter, role: role, value: value, text: value.text)
            return value.whole == 1
        }
        note("\(parameter.id): niet van kracht op \(date)")
        return false
    }

    mutating func recordUse(_ parameter: Parameter, role: ParameterRole, value: DatedValue, text: String) {
        if !used.contains(where: { $0.id == parameter.id && $0.validFrom == value.from && $0.value == text }) {
            used.append(ParameterUse(id: parameter.id, role: role.rawValue, value: text, unit: parameter.unit.rawValue, validFrom: value.from))
        }
        if let warning = value.unconfirmedWarning { warn(.unconfirmed, warning) }
    }

    // MARK: shared steps

    /// The reference month minimum wage for the candidate's age on the peildatum: the adult amount and, below
    /// the adult age, the youth percentage to apply to it (the caller folds it into one exact division).
    mutating func referenceMonthMinimumWage() throws(Unsettled) -> (adult: Decimal, youthPercent: Decimal?, text: String) {
        let adult = try figure(.minimumWageReferenceMonth)
        let age = request.dateOfBirth.age(on: peildatum)
        guard let youth = try youthPercentage(age: age) else { return (adult.value, nil, adult.text) }
        return (adult.value, youth.value, "\(adult.text) × \(youth.text)% (\(age) jaar)")
    }

    /// The youth percentage for `age`, nil for the adult amount (ages above the table).
    mutating func youthPercentage(age: Int) throws(Unsettled) -> (value: Decimal, text: String)? {
        guard let value = try valueIfInForceQuiet(.youthPercentage), case .byAge(let table) = value.quantity else {
            throw Unsettled(missing: "tabel jeugdpercentages minimumloon", settledBy: "de tabel in de catalogus opnemen")
        }
        let parameter = parameter(for: .youthPercentage)!
        if let percent = table[age] {
            // Rare (ages 15–20), so formatting here is affordable.
            let text = percent.plainText
            recordUse(parameter, role: .youthPercentage, value: value, text: "\(age) jaar: \(text)")
            return (percent, text)
        }
        if let highest = table.keys.max(), age > highest { return nil }
        throw Unsettled(missing: "geen wettelijk minimumloon voor leeftijd \(age)", settledBy: "controleer de geboortedatum")
    }

    /// Like `valueIfInForce` but records nothing (the caller records the part it used).
    mutating func valueIfInForceQuiet(_ role: ParameterRole, on date: CalendarDate? = nil) throws(Unsettled) -> DatedValue? {
        guard let parameter = parameter(for: role) else { return nil }
        let peildatum = date ?? self.peildatum
        switch parameter.lookup(on: peildatum) {
        case .inForce(let value, _): return value
        case .ended: return nil
        case .notYetKnown(let first):
            throw Unsettled(missing: "geen waarde voor \(parameter.id) op \(peildatum)" + (first.map { "; waarden vanaf \($0)" } ?? ""),
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
            note("uren: \(hours) per week, voltijd in de sector \(fullTime) → telt \(counted)" + (needsBasis ? " van basis \(basis)" : ""))
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
        guard let parameter = parameter(for: .aowAge) else {
            throw Unsettled(missing: "AOW-leeftijd niet gekoppeld in deze regio", settledBy: "rol aowAge koppelen")
        }
        let birth = request.dateOfBirth
        var lowest: Int?
        for value in parameter.values {
            guard let months = value.whole else { continue }
            lowest = min(lowest ?? months, months)
            let date = birth.adding(months: months)
            if case .inForce(let inForce, _) = parameter.lookup(on: date), inForce.from == value.from {
                recordUse(parameter, role: .aowAge, value: value, text: value.text)
                note("AOW-leeftijd \(months / 12) jaar \(months % 12) mnd → AOW-datum \(date)")
                return date
            }
        }
        if let lowest, birth.adding(months: lowest) > request.end {
            return nil
        }
        throw Unsettled(missing: "AOW-leeftijd voor het jaar waarin de kandidaat die bereikt",
                        settledBy: "de AOW-leeftijd van dat jaar (SVB) toevoegen aan \(parameter.file)")
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
