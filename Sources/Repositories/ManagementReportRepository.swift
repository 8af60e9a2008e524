import Domain
import Foundation

/// Candidates counted by the facts the management overview groups on; no record leaves the store.
public struct CandidateCount: Sendable, Equatable {
    public var municipality: String
    public var ladderRung: Int
    public var targetGroupRegister: Bool
    public var statusHolder: Bool
    public var count: Int

    public init(municipality: String, ladderRung: Int, targetGroupRegister: Bool, statusHolder: Bool, count: Int) {
        self.municipality = municipality
        self.ladderRung = ladderRung
        self.targetGroupRegister = targetGroupRegister
        self.statusHolder = statusHolder
        self.count = count
    }
}

/// What the yearly management overview reads. A protocol of its own (not part of `QuoteRepository`) so that
/// another store (PostgreSQL) can add it separately; every method is one grouped or bounded read.
public protocol ManagementReportRepository: Sendable {
    /// Every quote status change with `from <= at < to`, oldest first (the moments quotes were made,
    /// issued, accepted …).
    func quoteStatusChanges(from: Date, to: Date) async throws -> [QuoteStatusChange]
    /// The quotes with these ids (any order); unknown ids are left out.
    func quotes(ids: [Int64]) async throws -> [StoredQuote]
    /// Candidates counted per municipality, ladder rung, register and status-holder flag; `municipalities`
    /// limits the count (nil: all).
    func candidateCounts(municipalities: [String]?) async throws -> [CandidateCount]
}
