import Catalog
import Domain

/// One instrument decision as a card: status, the amount per period from the payment schedule, duration, total,
/// conditions, what the employer must do, warnings (stale, unconfirmed, projected) and the trace folded away.
struct InstrumentCardView: Sendable {
    struct Period: Sendable {
        let from: String
        let to: String
        let rate: String
        let share: String
        let amount: String
        let projected: Bool
        let pendingText: String?
        let note: String?
    }

    struct OneOff: Sendable {
        let date: String
        let amount: String
        let note: String
    }

    struct Warning: Sendable {
        let kind: String
        let text: String
    }

    struct Parameter: Sendable {
        let id: String
        let role: String
        let value: String
        let validFrom: String
    }

    let instrumentId: String
    let name: String
    let statusLabel: String
    let statusClass: String
    let side: String
    let organisations: String
    let headline: String?
    let duration: String?
    let totalText: String?
    let periods: [Period]
    let hasPeriods: Bool
    let oneOffs: [OneOff]
    let hasOneOffs: Bool
    let conditions: [String]
    let hasConditions: Bool
    let actions: [String]
    let hasActions: Bool
    let actionsHeading: String
    let reason: String?
    let settledBy: String?
    let warnings: [Warning]
    let hasWarnings: Bool
    let legalBasis: String
    let ruleId: String
    let trace: [String]
    let parameters: [Parameter]

    init(_ d: InstrumentDecision, policy: PolicyCatalog) {
        instrumentId = d.instrumentId
        name = d.instrumentName
        statusLabel = d.status.dutchName
        statusClass = switch d.status {
        case .eligible: "ok"
        case .notEligible: "no"
        case .needsInformation: "info"
        }
        side = switch d.side {
        case .employer: "voor de werkgever"
        case .candidate: "voor de kandidaat"
        case .service: "dienstverlening"
        }
        organisations = d.paidBy == d.executedBy ? "betaald en uitgevoerd door \(d.paidBy.dutchName)"
            : "betaald door \(d.paidBy.dutchName), uitgevoerd door \(d.executedBy.dutchName)"
        let perYear = d.schedule?.periods.first?.basis == .perYear
        headline = d.monthlyAmount.map { "\($0.description) \(perYear ? "per jaar" : "per maand")\((d.schedule?.periods.count ?? 0) > 1 ? " (eerste periode)" : "")" }
            ?? d.oneOffAmount.map { "\($0.description) eenmalig" }
        duration = d.openEnded ? "zonder einddatum" : d.durationMonths.map { $0 == 1 ? "1 maand" : "\($0) maanden" }
        totalText = d.total.map { $0.description + ((d.schedule?.incomplete ?? false) ? " (alleen het bekende deel)" : "") }
        periods = (d.schedule?.periods ?? []).map { p in
            Period(from: PageFormat.date(p.from), to: p.to.map { PageFormat.date($0) } ?? "open",
                   rate: p.rate.map { "\($0.description) \(p.basis == .perYear ? "per jaar" : "per maand")" } ?? "—",
                   share: p.share, amount: p.amount?.description ?? "—", projected: p.projected, pendingText: p.pending, note: p.note)
        }
        hasPeriods = !periods.isEmpty
        oneOffs = (d.schedule?.oneOffs ?? []).map { OneOff(date: PageFormat.date($0.date), amount: $0.amount.description, note: $0.note) }
        hasOneOffs = !oneOffs.isEmpty
        conditions = d.conditions
        hasConditions = !conditions.isEmpty
        actions = policy.instrument(d.instrumentId)?.actions ?? []
        hasActions = !actions.isEmpty
        actionsHeading = d.side == .candidate ? "Wat de kandidaat moet doen" : "Wat de werkgever moet doen"
        reason = d.reason
        settledBy = d.settledBy
        var warnings = d.warnings.map { Warning(kind: Self.label($0.kind), text: $0.text) }
        if d.schedule?.projected == true {
            warnings.append(Warning(kind: "geprojecteerd", text: "Een bedrag in het schema rust op een doorgetrokken waarde: de waarde voor die periode is nog niet bekend."))
        }
        for period in d.schedule?.periods ?? [] {
            warnings += period.warnings.map { Warning(kind: "let op", text: $0) }
        }
        self.warnings = warnings
        hasWarnings = !warnings.isEmpty
        legalBasis = d.legalBasis.joined(separator: "; ")
        ruleId = d.ruleId
        trace = d.trace
        parameters = d.parametersUsed.map { Parameter(id: $0.id, role: $0.role, value: "\($0.value) \($0.unit)", validFrom: PageFormat.date($0.validFrom)) }
    }

    static func label(_ kind: WarningKind) -> String {
        switch kind {
        case .stale: "verouderd"
        case .unconfirmed: "onbevestigd"
        case .assumption: "aanname"
        case .reminder: "let op"
        }
    }
}
