import Domain
import Foundation

/// What to store for a new draft.
public struct NewQuoteDraft: Sendable {
    public var candidateId: String
    public var vacancyId: Int64
    public var employerId: Int64?
    public var supersedesId: Int64?
    public var snapshot: Data
    public var contentHash: String
    public var createdAt: Date
    public var createdBy: String

    public init(candidateId: String, vacancyId: Int64, employerId: Int64?, supersedesId: Int64?, snapshot: Data, contentHash: String,
                createdAt: Date, createdBy: String) {
        self.candidateId = candidateId
        self.vacancyId = vacancyId
        self.employerId = employerId
        self.supersedesId = supersedesId
        self.snapshot = snapshot
        self.contentHash = contentHash
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// What issuing fixes, besides the number the store assigns.
public struct QuoteIssue: Sendable {
    public var issuedAt: Date
    public var issuedBy: String
    public var validUntil: CalendarDate
    /// SHA-256 (hex) of the employer link's token; the token itself is never stored.
    public var tokenHash: String
    /// Builds the final snapshot and its hash from the number and version the store assigned (inside the
    /// issuing transaction, so the frozen document carries its own number).
    public var finalize: @Sendable (_ number: String, _ version: Int) throws -> (snapshot: Data, contentHash: String)

    public init(issuedAt: Date, issuedBy: String, validUntil: CalendarDate, tokenHash: String,
                finalize: @escaping @Sendable (_ number: String, _ version: Int) throws -> (snapshot: Data, contentHash: String)) {
        self.issuedAt = issuedAt
        self.issuedBy = issuedBy
        self.validUntil = validUntil
        self.tokenHash = tokenHash
        self.finalize = finalize
    }
}

public enum QuoteRepositoryError: Error, Equatable, CustomStringConvertible {
    case notFound(Int64)
    /// The quote is not in a status that allows this (e.g. issuing an issued quote, answering twice).
    case wrongStatus(id: Int64, status: QuoteStatus, wanted: QuoteStatus)

    public var description: String {
        switch self {
        case .notFound(let id): "quote \(id) not found"
        case .wrongStatus(let id, let status, let wanted): "quote \(id) is \(status.rawValue): it cannot become \(wanted.rawValue)"
        }
    }
}

/// Quotes, their numbering, status history and the employer-link tokens. Issued content is immutable in
/// storage (the SQLite store enforces it with triggers); only the status moves on.
public protocol QuoteRepository: Sendable {
    func insertDraft(_ draft: NewQuoteDraft) async throws -> StoredQuote
    /// Replaces a draft's snapshot (a re-run); refused for anything but a draft.
    func replaceDraft(id: Int64, snapshot: Data, contentHash: String, by actor: String, at: Date) async throws -> StoredQuote
    /// In one write transaction: takes the next number of `issuedAt`'s year (a gapless per-year counter; a
    /// revision keeps the number of the quote it supersedes and takes the next version), freezes the
    /// snapshot, stores the token hash, records the history row, and marks a superseded quote as such.
    func issue(id: Int64, year: Int, _ issue: QuoteIssue) async throws -> StoredQuote
    /// Moves the status when it is one of `from` (checked inside the transaction) and records who, when, why.
    func transition(id: Int64, to status: QuoteStatus, from: Set<QuoteStatus>, by actor: String, at: Date, reason: String?) async throws
        -> StoredQuote
    func quote(id: Int64) async throws -> StoredQuote?
    /// The given version of a number, or its highest version when `version` is nil.
    func quote(number: String, version: Int?) async throws -> StoredQuote?
    /// The issued quote whose token has this SHA-256 (hex).
    func quote(tokenHash: String) async throws -> StoredQuote?
    /// Newest first; `status` nil gives all.
    func quotes(status: QuoteStatus?, limit: Int) async throws -> [StoredQuote]
    func statusHistory(quoteId: Int64) async throws -> [QuoteStatusChange]

    func recordNameConsent(_ consent: NameConsent) async throws
    func nameConsent(candidateId: String) async throws -> NameConsent?
}
