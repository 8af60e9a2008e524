import Foundation

/// Where a quote stands. A draft may be re-run and changed; from `issued` on its content is frozen (the
/// database refuses an UPDATE of it) and only the status moves on, each move recorded with who, when, why.
public enum QuoteStatus: String, Sendable, Codable, CaseIterable {
    case draft, issued, accepted, declined, expired, withdrawn, superseded

    public var dutchName: String {
        switch self {
        case .draft: "concept"
        case .issued: "uitgebracht"
        case .accepted: "geaccepteerd"
        case .declined: "afgewezen"
        case .expired: "verlopen"
        case .withdrawn: "ingetrokken"
        case .superseded: "vervangen door een nieuwe versie"
        }
    }

    /// The statuses a quote may move to from this one. Accepted, declined, withdrawn and superseded are final;
    /// an expired quote can still be replaced by a revision.
    public var allowedNext: Set<QuoteStatus> {
        switch self {
        case .draft: [.issued]
        case .issued: [.accepted, .declined, .expired, .withdrawn, .superseded]
        case .expired: [.superseded]
        case .accepted, .declined, .withdrawn, .superseded: []
        }
    }
}

/// A quote as stored: the columns the store indexes, and the snapshot (JSON written by the `Quotes` service,
/// opaque to storage) with its SHA-256.
public struct StoredQuote: Sendable, Equatable {
    public var id: Int64
    /// "MP-2026-000001"; nil while a draft.
    public var number: String?
    public var version: Int
    /// The quote this one revises (which becomes superseded when this one is issued).
    public var supersedesId: Int64?
    public var candidateId: String
    public var vacancyId: Int64
    public var employerId: Int64?
    public var status: QuoteStatus
    public var snapshot: Data
    public var contentHash: String
    public var createdAt: Date
    public var createdBy: String
    public var issuedAt: Date?
    public var issuedBy: String?
    /// The last day the employer can accept; the link's token expires with it.
    public var validUntil: CalendarDate?

    public init(id: Int64, number: String?, version: Int, supersedesId: Int64?, candidateId: String, vacancyId: Int64,
                employerId: Int64?, status: QuoteStatus, snapshot: Data, contentHash: String, createdAt: Date, createdBy: String,
                issuedAt: Date?, issuedBy: String?, validUntil: CalendarDate?) {
        self.id = id
        self.number = number
        self.version = version
        self.supersedesId = supersedesId
        self.candidateId = candidateId
        self.vacancyId = vacancyId
        self.employerId = employerId
        self.status = status
        self.snapshot = snapshot
        self.contentHash = contentHash
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.issuedAt = issuedAt
        self.issuedBy = issuedBy
        self.validUntil = validUntil
    }
}

/// One row of a quote's append-only status history.
public struct QuoteStatusChange: Sendable, Equatable, Codable {
    public var quoteId: Int64
    public var from: QuoteStatus?
    public var to: QuoteStatus
    public var at: Date
    /// A staff username, "cli:<user>", "werkgever: <name>" or "systeem".
    public var actor: String
    public var reason: String?

    public init(quoteId: Int64, from: QuoteStatus?, to: QuoteStatus, at: Date, actor: String, reason: String?) {
        self.quoteId = quoteId
        self.from = from
        self.to = to
        self.at = at
        self.actor = actor
        self.reason = reason
    }
}

/// The candidate's consent to show their name to employers in quotes: which name, given on which date,
/// recorded by whom. Without it a quote shows the pseudonym ("kandidaat K00042").
public struct NameConsent: Sendable, Equatable, Codable {
    public var candidateId: String
    public var displayName: String
    public var consentedOn: CalendarDate
    public var recordedBy: String
    public var recordedAt: Date

    public init(candidateId: String, displayName: String, consentedOn: CalendarDate, recordedBy: String, recordedAt: Date) {
        self.candidateId = candidateId
        self.displayName = displayName
        self.consentedOn = consentedOn
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}
