import Domain
import Foundation
import GRDB
import Repositories

extension MatchpuntStore: QuoteRepository {
    public func insertDraft(_ draft: NewQuoteDraft) async throws -> StoredQuote {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO quote (candidateId, vacancyId, employerId, supersedesId, status, snapshot, contentHash, createdAt, createdBy)
                VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?)
                """, arguments: [draft.candidateId, draft.vacancyId, draft.employerId, draft.supersedesId,
                                 String(decoding: draft.snapshot, as: UTF8.self), draft.contentHash, Timestamp.string(draft.createdAt),
                                 draft.createdBy])
            let id = db.lastInsertedRowID
            try Self.appendHistory(db, quoteId: id, from: nil, to: .draft, at: draft.createdAt, actor: draft.createdBy, reason: nil)
            return try Self.fetchQuote(db, id: id)!
        }
    }

    public func replaceDraft(id: Int64, snapshot: Data, contentHash: String, by actor: String, at: Date) async throws -> StoredQuote {
        try await pool.write { db in
            guard let current = try Self.fetchQuote(db, id: id) else { throw QuoteRepositoryError.notFound(id) }
            guard current.status == .draft else { throw QuoteRepositoryError.wrongStatus(id: id, status: current.status, wanted: .draft) }
            try db.execute(sql: "UPDATE quote SET snapshot = ?, contentHash = ? WHERE id = ? AND status = 'draft'",
                           arguments: [String(decoding: snapshot, as: UTF8.self), contentHash, id])
            // A draft's decisions count in the overview's per-instrument table, so a re-run is a change too.
            try ChangeLogTable.append(db, quotes: [id])
            return try Self.fetchQuote(db, id: id)!
        }
    }

    public func issue(id: Int64, year: Int, _ issue: QuoteIssue) async throws -> StoredQuote {
        try await pool.write { db in
            guard let current = try Self.fetchQuote(db, id: id) else { throw QuoteRepositoryError.notFound(id) }
            guard current.status == .draft else { throw QuoteRepositoryError.wrongStatus(id: id, status: current.status, wanted: .issued) }
            let number: String
            let version: Int
            var numberYear: Int
            var sequence: Int
            if let previousId = current.supersedesId {
                // A revision keeps the number and takes the next version; the previous one is superseded.
                guard let previous = try Self.fetchQuote(db, id: previousId), let previousNumber = previous.number else {
                    throw QuoteRepositoryError.notFound(previousId)
                }
                guard previous.status.allowedNext.contains(.superseded) else {
                    throw QuoteRepositoryError.wrongStatus(id: previousId, status: previous.status, wanted: .superseded)
                }
                let highest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM quote WHERE number = ?", arguments: [previousNumber]) ?? 1
                number = previousNumber
                version = highest + 1
                let row = try Row.fetchOne(db, sql: "SELECT year, sequence FROM quote WHERE id = ?", arguments: [previousId])!
                numberYear = row["year"]
                sequence = row["sequence"]
                try db.execute(sql: "UPDATE quote SET status = 'superseded' WHERE id = ?", arguments: [previousId])
                try Self.appendHistory(db, quoteId: previousId, from: previous.status, to: .superseded, at: issue.issuedAt, actor: issue.issuedBy,
                                       reason: "vervangen door versie \(version)")
            } else {
                // The per-year counter, in this write transaction: SQLite allows one writer at a time, so two
                // issues never read the same value, and a rollback gives the number back.
                try db.execute(sql: "INSERT INTO quoteCounter (year, last) VALUES (?, 0) ON CONFLICT(year) DO NOTHING", arguments: [year])
                try db.execute(sql: "UPDATE quoteCounter SET last = last + 1 WHERE year = ?", arguments: [year])
                sequence = try Int.fetchOne(db, sql: "SELECT last FROM quoteCounter WHERE year = ?", arguments: [year])!
                numberYear = year
                guard sequence <= 999_999 else { throw StoreError.conflict("quote numbers of \(year) are exhausted") }
                number = Self.quoteNumber(year: year, sequence: sequence)
                version = 1
            }
            let (snapshot, contentHash) = try issue.finalize(number, version)
            try db.execute(sql: """
                UPDATE quote SET number = ?, year = ?, sequence = ?, version = ?, status = 'issued', snapshot = ?, contentHash = ?,
                    issuedAt = ?, issuedBy = ?, validUntil = ?, tokenHash = ?
                WHERE id = ? AND status = 'draft'
                """, arguments: [number, numberYear, sequence, version, String(decoding: snapshot, as: UTF8.self), contentHash,
                                 Timestamp.string(issue.issuedAt), issue.issuedBy, issue.validUntil, issue.tokenHash, id])
            try Self.appendHistory(db, quoteId: id, from: .draft, to: .issued, at: issue.issuedAt, actor: issue.issuedBy, reason: nil)
            return try Self.fetchQuote(db, id: id)!
        }
    }

    public func transition(id: Int64, to status: QuoteStatus, from: Set<QuoteStatus>, by actor: String, at: Date, reason: String?) async throws
        -> StoredQuote {
        try await pool.write { db in
            guard let current = try Self.fetchQuote(db, id: id) else { throw QuoteRepositoryError.notFound(id) }
            guard from.contains(current.status), current.status.allowedNext.contains(status) else {
                throw QuoteRepositoryError.wrongStatus(id: id, status: current.status, wanted: status)
            }
            try db.execute(sql: "UPDATE quote SET status = ? WHERE id = ?", arguments: [status.rawValue, id])
            try Self.appendHistory(db, quoteId: id, from: current.status, to: status, at: at, actor: actor, reason: reason)
            return try Self.fetchQuote(db, id: id)!
        }
    }

    public func quote(id: Int64) async throws -> StoredQuote? {
        try await pool.read { db in try Self.fetchQuote(db, id: id) }
    }

    public func quote(number: String, version: Int?) async throws -> StoredQuote? {
        try await pool.read { db in
            let row: Row?
            if let version {
                row = try Row.fetchOne(db, sql: "SELECT * FROM quote WHERE number = ? AND version = ?", arguments: [number, version])
            } else {
                row = try Row.fetchOne(db, sql: "SELECT * FROM quote WHERE number = ? ORDER BY version DESC LIMIT 1", arguments: [number])
            }
            return try row.map(Self.storedQuote)
        }
    }

    public func quote(tokenHash: String) async throws -> StoredQuote? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM quote WHERE tokenHash = ?", arguments: [tokenHash]).map(Self.storedQuote)
        }
    }

    public func quotes(status: QuoteStatus?, limit: Int) async throws -> [StoredQuote] {
        try await pool.read { db in
            if let status {
                return try Row.fetchAll(db, sql: "SELECT * FROM quote WHERE status = ? ORDER BY id DESC LIMIT ?", arguments: [status.rawValue, limit])
                    .map(Self.storedQuote)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM quote ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Self.storedQuote)
        }
    }

    public func statusHistory(quoteId: Int64) async throws -> [QuoteStatusChange] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM quoteStatusChange WHERE quoteId = ? ORDER BY id", arguments: [quoteId]).map { row in
                QuoteStatusChange(quoteId: row["quoteId"], from: (row["fromStatus"] as String?).flatMap(QuoteStatus.init(rawValue:)),
                                  to: QuoteStatus(rawValue: row["toStatus"]) ?? .draft, at: Timestamp.date(row["at"]) ?? .distantPast,
                                  actor: row["actor"], reason: row["reason"])
            }
        }
    }

    public func recordNameConsent(_ consent: NameConsent) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO candidateNameConsent (candidateId, displayName, consentedOn, recordedBy, recordedAt) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(candidateId) DO UPDATE SET displayName = excluded.displayName, consentedOn = excluded.consentedOn,
                    recordedBy = excluded.recordedBy, recordedAt = excluded.recordedAt
                """, arguments: [consent.candidateId, consent.displayName, consent.consentedOn, consent.recordedBy,
                                 Timestamp.string(consent.recordedAt)])
        }
    }

    public func nameConsent(candidateId: String) async throws -> NameConsent? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM candidateNameConsent WHERE candidateId = ?", arguments: [candidateId]).map { row in
                NameConsent(candidateId: row["candidateId"], displayName: row["displayName"], consentedOn: row["consentedOn"],
                            recordedBy: row["recordedBy"], recordedAt: Timestamp.date(row["recordedAt"]) ?? .distantPast)
            }
        }
    }

    /// "MP-2026-000001".
    static func quoteNumber(year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "MP-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    private static func appendHistory(_ db: Database, quoteId: Int64, from: QuoteStatus?, to: QuoteStatus, at: Date, actor: String,
                                      reason: String?) throws {
        try db.execute(sql: "INSERT INTO quoteStatusChange (quoteId, fromStatus, toStatus, at, actor, reason) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [quoteId, from?.rawValue, to.rawValue, Timestamp.string(at), actor, reason])
        // In the change log too, so that a cache keyed on its sequence (the management overview) sees the change.
        try ChangeLogTable.append(db, quotes: [quoteId])
    }

    private static func fetchQuote(_ db: Database, id: Int64) throws -> StoredQuote? {
        try Row.fetchOne(db, sql: "SELECT * FROM quote WHERE id = ?", arguments: [id]).map(storedQuote)
    }

    static func storedQuote(_ row: Row) throws -> StoredQuote {
        guard let status = QuoteStatus(rawValue: row["status"]) else { throw StoreError.invalidRecord("quote status \(row["status"] as String? ?? "")") }
        let snapshot: String = row["snapshot"]
        return StoredQuote(
            id: row["id"], number: row["number"], version: row["version"], supersedesId: row["supersedesId"], candidateId: row["candidateId"],
            vacancyId: row["vacancyId"], employerId: row["employerId"], status: status, snapshot: Data(snapshot.utf8),
            contentHash: row["contentHash"], createdAt: Timestamp.date(row["createdAt"]) ?? .distantPast, createdBy: row["createdBy"],
            issuedAt: (row["issuedAt"] as String?).flatMap(Timestamp.date), issuedBy: row["issuedBy"], validUntil: row["validUntil"])
    }
}
