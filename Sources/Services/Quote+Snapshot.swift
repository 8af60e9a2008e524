import Catalog
import Domain
import Foundation

/// What a quote promised, frozen at issue: the terms, the parties, the decisions with their schedules and
/// trace, the catalog's content hash, the parameter values used, and the net cost table. Stored as JSON with
/// its SHA-256; the renderings are built from it, never recomputed from today's catalog.
///
/// This is the *staff* record: it holds the decisions as the rules gave them, and their reasons and trace may
/// name medical facts (the wage value, a work limitation). An employer never sees it — only
/// ``EmployerQuoteView``, which is built from it and has no field for any of those.
public struct QuoteSnapshot: Sendable, Codable, Equatable {
    /// Bumped when the JSON shape changes, so an old snapshot can still be read as what it was.
    public var format: Int = 1
    public var number: String?
    public var version: Int
    public var issuedOn: CalendarDate?
    public var validUntil: CalendarDate?
    public var createdOn: CalendarDate
    /// The facts the adviser stated, so a draft can be re-run and a revision start from them.
    public var facts: StatedPlacementFacts
    public var terms: PlacementTerms
    public var peildatum: CalendarDate
    public var region: String
    public var candidate: QuoteCandidate
    public var employer: QuoteEmployer
    public var vacancy: QuoteVacancy
    public var wsp: QuoteWSP
    public var decisions: [InstrumentDecision]
    public var netCost: NetCostTable
    /// SHA-256 over the catalog files the decisions were made with.
    public var catalogHash: String
    /// Every parameter value the decisions and the net cost used (id, value, valid from).
    public var parametersUsed: [QuoteParameterValue]
    /// The instruments' own catalog texts at the time (conditions), by instrument id.
    public var instrumentConditions: [String: [String]]
}

/// The candidate as a quote refers to them. `label` is what an employer sees: the pseudonym, or the name when
/// the candidate's consent to share it is recorded (`consent` says when and by whom).
public struct QuoteCandidate: Sendable, Codable, Equatable {
    public var id: String
    public var label: String
    public var consent: NameConsent?
}

public struct QuoteEmployer: Sendable, Codable, Equatable {
    public var id: Int64?
    public var name: String
    public var kvkNumber: String?
}

public struct QuoteVacancy: Sendable, Codable, Equatable {
    public var id: Int64
    public var title: String
}

/// A parameter value a quote rests on: by whom it was used (a rule's role, or the net cost table).
public struct QuoteParameterValue: Sendable, Codable, Hashable {
    public var id: String
    public var role: String
    public var value: String
    public var unit: String
    public var validFrom: CalendarDate
}

public struct QuoteWSP: Sendable, Codable, Equatable {
    /// The issuing adviser (the staff member's username until staff names are stored).
    public var adviser: String
    public var contact: WSPContact
}

extension QuoteSnapshot {
    /// Sorted keys, no whitespace: the same snapshot always gives the same bytes, so the hash is stable.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> QuoteSnapshot {
        try JSONDecoder().decode(QuoteSnapshot.self, from: data)
    }
}

// MARK: - The employer's view

/// The quote as the employer may see it. Built only from ``QuoteSnapshot`` by ``init(_:status:)`` and
/// rendered only from itself: it has no field for the wage value, a work limitation, an education obstacle,
/// the reason for a register statement, a decision's reason or trace, or the candidate's own (income-side)
/// instruments — so no rendering of it can show them.
public struct EmployerQuoteView: Sendable, Codable, Equatable {
    public var number: String?
    public var version: Int
    public var status: QuoteStatus
    public var issuedOn: CalendarDate?
    public var validUntil: CalendarDate?
    public var employer: QuoteEmployer
    public var vacancy: QuoteVacancy
    /// "kandidaat K00042", or the name with recorded consent.
    public var candidate: String
    public var wsp: QuoteWSP
    public var startDate: CalendarDate
    public var endDate: CalendarDate
    public var hoursPerWeek: Int
    public var contractMonths: Int
    public var hourlyWage: Money
    public var instruments: [EmployerInstrument]
    public var netCost: NetCostTable

    public init(_ snapshot: QuoteSnapshot, status: QuoteStatus) {
        number = snapshot.number
        version = snapshot.version
        self.status = status
        issuedOn = snapshot.issuedOn
        validUntil = snapshot.validUntil
        employer = snapshot.employer
        vacancy = snapshot.vacancy
        candidate = snapshot.candidate.label
        wsp = snapshot.wsp
        startDate = snapshot.terms.startDate
        endDate = snapshot.terms.endDate
        hoursPerWeek = snapshot.terms.hoursPerWeek
        contractMonths = snapshot.terms.contractMonths
        hourlyWage = snapshot.terms.hourlyWage
        // Employer-side and service instruments that apply or may apply; a "no" and its reason (which can
        // name a medical fact) stay with the adviser.
        instruments = snapshot.decisions
            .filter { $0.side != .candidate && $0.status != .notEligible }
            .map(EmployerInstrument.init)
        netCost = snapshot.netCost
    }
}

/// One instrument for the employer: status, amounts per period, duration, total, what to do, legal basis.
public struct EmployerInstrument: Sendable, Codable, Equatable {
    public struct Period: Sendable, Codable, Equatable {
        public var from: CalendarDate
        public var to: CalendarDate?
        /// "per maand" or "per jaar".
        public var basis: String
        public var rate: Money?
        public var amount: Money?
        public var share: String
        /// The value is carried forward (not yet published): the amount may change.
        public var projected: Bool
        /// Why the amount is not known yet (a fact about the procedure, never about the candidate).
        public var pending: String?
    }

    public struct OneOff: Sendable, Codable, Equatable {
        public var date: CalendarDate
        public var amount: Money
    }

    public var instrumentId: String
    public var name: String
    /// "komt in aanmerking" or "nog niet vastgesteld".
    public var status: String
    public var eligible: Bool
    public var paidBy: String
    public var executedBy: String
    public var monthlyAmount: Money?
    public var durationMonths: Int?
    public var openEnded: Bool
    public var total: Money?
    public var totalCoversKnownPartOnly: Bool
    public var periods: [Period]
    public var oneOffs: [OneOff]
    /// What the employer must do and meet to get it.
    public var actions: [String]
    public var legalBasis: [String]

    init(_ decision: InstrumentDecision) {
        instrumentId = decision.instrumentId
        name = decision.instrumentName
        eligible = decision.status == .eligible
        status = eligible ? "komt in aanmerking" : "nog niet vastgesteld: de adviseur vraagt de ontbrekende gegevens op"
        paidBy = decision.paidBy.dutchName
        executedBy = decision.executedBy.dutchName
        monthlyAmount = eligible ? decision.monthlyAmount : nil
        durationMonths = eligible ? decision.durationMonths : nil
        openEnded = eligible && decision.openEnded
        total = eligible ? decision.total : nil
        totalCoversKnownPartOnly = decision.schedule?.incomplete ?? false
        periods = eligible ? (decision.schedule?.periods ?? []).map {
            Period(from: $0.from, to: $0.to, basis: $0.basis == .perMonth ? "per maand" : "per jaar", rate: $0.rate, amount: $0.amount,
                   share: $0.share, projected: $0.projected, pending: $0.pending)
        } : []
        oneOffs = eligible ? (decision.schedule?.oneOffs ?? []).map { OneOff(date: $0.date, amount: $0.amount) } : []
        actions = eligible ? decision.conditions : []
        legalBasis = decision.legalBasis
    }
}
