import Domain
import Foundation

/// The outcome of one instrument for one request.
public enum DecisionStatus: String, Sendable, Codable, CaseIterable {
    case eligible, notEligible, needsInformation

    public var dutchName: String {
        switch self {
        case .eligible: "komt in aanmerking"
        case .notEligible: "komt niet in aanmerking"
        case .needsInformation: "informatie nodig"
        }
    }
}

/// A parameter value a decision relied on, so the quote can be checked against the catalog later.
public struct ParameterUse: Sendable, Hashable, Codable {
    public var id: String
    public var role: String
    public var value: String
    public var unit: String
    public var validFrom: CalendarDate
}

public enum WarningKind: String, Sendable, Codable {
    /// A value older than its indexation period on the lookup date: a newer one probably exists.
    case stale
    /// A value without a primary source (marked in the catalog).
    case unconfirmed
    /// The rule had to assume something; the text says what.
    case assumption
    /// Something the adviser should act on (e.g. measure the wage value in time).
    case reminder
}

public struct DecisionWarning: Sendable, Hashable, Codable {
    public var kind: WarningKind
    public var text: String
}

/// One instrument evaluated for one request: what it is worth, under which conditions, and why.
///
/// Amounts: every amount is computed exactly (`ExactDecimal`, from the catalog's `Decimal` figures) and
/// rounded once to the cent, half away from zero — the rule of `Money.rounding` and
/// `PaymentSchedule.roundingRule`. With a `schedule`, `total` is the schedule's total (the sum of its
/// periods and one-off payments); `monthlyAmount` is the rate of the first period.
public struct InstrumentDecision: Sendable, Hashable, Codable {
    public var instrumentId: String
    public var instrumentName: String
    public var ruleId: String
    public var region: String
    public var peildatum: CalendarDate
    public var status: DecisionStatus
    /// Employer-side instruments belong in a quote to the employer; candidate-side ones (premiums, income
    /// disregards) are for the adviser and the candidate.
    public var side: InstrumentSide
    public var paidBy: Organisation
    public var executedBy: Organisation
    public var legalBasis: [String]
    public var monthlyAmount: Money?
    public var oneOffAmount: Money?
    public var durationMonths: Int?
    /// True when the instrument runs without an end date (e.g. the no-riskpolis for the register).
    public var openEnded: Bool
    public var total: Money?
    /// What the employer (or candidate) must do or meet to get it.
    public var conditions: [String]
    /// Not eligible: the failing condition. Needs information: what is missing.
    public var reason: String?
    /// Needs information: what would settle it.
    public var settledBy: String?
    public var parametersUsed: [ParameterUse]
    public var warnings: [DecisionWarning]
    /// The steps of the rule, in Dutch, for the adviser.
    public var trace: [String]
    /// Eligible money instruments: the payments per period and the one-off payments; `total` equals the
    /// schedule's total. Nil for instruments without an amount (e.g. the no-riskpolis, a trial placement).
    public var schedule: PaymentSchedule? = nil
}

extension InstrumentDecision {
    /// The decision in Dutch plain text; `withTrace` adds the rule's steps and the parameters used.
    public func dutchText(withTrace: Bool = true) -> String {
        var text = "\(instrumentName) — \(status.dutchName)\n"
        text += "  regel \(ruleId), regio \(region), peildatum \(peildatum); uitvoering \(executedBy.dutchName), betaald door \(paidBy.dutchName)\n"
        text += "  grondslag: \(legalBasis.joined(separator: "; "))\n"
        if let monthlyAmount { text += "  per maand: \(monthlyAmount)\n" }
        if let oneOffAmount { text += "  eenmalig: \(oneOffAmount)\n" }
        if openEnded { text += "  duur: zonder einddatum\n" } else if let durationMonths { text += "  duur: \(durationMonths) maanden\n" }
        if let total { text += "  totaal over de looptijd: \(total)\n" }
        if let schedule, !(schedule.periods.isEmpty && schedule.oneOffs.isEmpty) {
            text += "  betalingen per periode:\n" + schedule.dutchText
        }
        if let reason { text += "  \(status == .needsInformation ? "ontbreekt" : "reden"): \(reason)\n" }
        if let settledBy { text += "  op te lossen door: \(settledBy)\n" }
        if !conditions.isEmpty { text += "  voorwaarden:\n" + conditions.map { "    - \($0)\n" }.joined() }
        for warning in warnings { text += "  ! \(warning.kind.rawValue): \(warning.text)\n" }
        if withTrace {
            if !trace.isEmpty { text += "  berekening:\n" + trace.map { "    · \($0)\n" }.joined() }
            if !parametersUsed.isEmpty {
                text += "  parameters:\n" + parametersUsed.map { use in
                    let unit = ParameterUnit(rawValue: use.unit)?.dutchName ?? use.unit
                    return "    · \(use.id) = \(use.value) \(unit) (vanaf \(use.validFrom))\n"
                }.joined()
            }
        }
        return text
    }
}

extension Array where Element == InstrumentDecision {
    /// All decisions in Dutch, one block each.
    public func dutchText(withTrace: Bool = true) -> String {
        map { $0.dutchText(withTrace: withTrace) }.joined(separator: "\n")
    }
}
