import Domain
import Foundation
import PostgresNIO
import Repositories

/// Quotes on PostgreSQL, as the SQLite store keeps them. SQLite has one writer at a time; here several
/// instances issue at once, so each transaction locks what it decides on: the quote (and the one it
/// supersedes) with `FOR UPDATE`, and the year's counter row through its upsert. A second issuer waits for the
/// first to commit, then reads the committed state, so numbers are distinct and consecutive, and a rollback
/// gives its number back.
extension PostgresStore: QuoteRepository {
    static let quoteSelect = """
        id, number, version, supersedes_id, candidate_id, vacancy_id, employer_id, status, snapshot, content_hash, created_at,
        created_by, issued_at, issued_by, valid_until::text AS valid_until
        """

    public func insertDraft(_ draft: NewQuoteDraft) async throws -> StoredQuote {
        let snapshot = String(decoding: draft.snapshot, as: UTF8.self)
        return try await transaction { connection in
            guard let id = try await self.one("""
                INSERT INTO quote (candidate_id, vacancy_id, employer_id, supersedes_id, status, snapshot, content_hash, created_at, created_by)
                VALUES (\(draft.candidateId), \(draft.vacancyId), \(draft.employerId), \(draft.supersedesId), 'draft', \(snapshot),
                        \(draft.contentHash), \(draft.createdAt), \(draft.createdBy))
                RETURNING id
                """, on: connection, { try $0.decode(Int64.self) }) else { throw StoreError.notFound("new quote") }
            try await Self.appendHistory(self, connection, quoteId: id, from: nil, to: .draft, at: draft.createdAt, actor: draft.createdBy, reason: nil)
            let inserted = try await self.fetchQuote(id: id, on: connection)!
            try await ChangeLogTable.append(self, connection, quotes: [id])  // last (see issue)
            return inserted
        }
    }

    public func replaceDraft(id: Int64, snapshot: Data, contentHash: String, by actor: String, at: Date) async throws -> StoredQuote {
        let text = String(decoding: snapshot, as: UTF8.self)
        return try await transaction { connection in
            guard let current = try await self.fetchQuote(id: id, on: connection, forUpdate: true) else { throw QuoteRepositoryError.notFound(id) }
            guard current.status == .draft else { throw QuoteRepositoryError.wrongStatus(id: id, status: current.status, wanted: .draft) }
            try await self.execute("UPDATE quote SET snapshot = \(text), content_hash = \(contentHash) WHERE id = \(id) AND status = 'draft'",
                                   on: connection)
            let replaced = try await self.fetchQuote(id: id, on: connection)!
            // A draft's decisions count in the overview's per-instrument table, so a re-run is a change too.
            try await ChangeLogTable.append(self, connection, quotes: [id])  // last (see issue)
            return replaced
        }
    }

    public func issue(id: Int64, year: Int, _ issue: QuoteIssue) async throws -> StoredQuote {
        try await transaction { connection in
            guard let current = try await self.fetchQuote(id: id, on: connection, forUpdate: true) else { throw QuoteRepositoryError.notFound(id) }
            guard current.status == .draft else { throw QuoteRepositoryError.wrongStatus(id: id, status: current.status, wanted: .issued) }
            let number: String
            let version: Int
            let numberYear: Int
            let sequence: Int
            if let previousId = current.supersedesId {
                // A revision keeps the number and takes the next version; the previous one is superseded. Its row
                // lock makes a second revision of the same quote wait, then find it superseded.
                guard let previous = try await self.fetchQuote(id: previousId, on: connection, forUpdate: true), let previousNumber = previous.number else {
                    throw QuoteRepositoryError.notFound(previousId)
                }
                guard previous.status.allowedNext.contains(.superseded) else {
                    throw QuoteRepositoryError.wrongStatus(id: previousId, status: previous.status, wanted: .superseded)
                }
                let highest = try await self.one("SELECT max(version) FROM quote WHERE number = \(previousNumber)", on: connection) {
                    try $0.decode(Int?.self)
                } ?? nil
                number = previousNumber
                version = (highest ?? 1) + 1
                guard let row = try await self.one("SELECT year, sequence FROM quote WHERE id = \(previousId)", on: connection, {
                    try $0.decode((Int, Int).self)
                }) else { throw QuoteRepositoryError.notFound(previousId) }
                (numberYear, sequence) = row
                try await self.execute("UPDATE quote SET status = 'superseded' WHERE id = \(previousId)", on: connection)
                try await Self.appendHistory(self, connection, quoteId: previousId, from: previous.status, to: .superseded, at: issue.issuedAt,
                                             actor: issue.issuedBy, reason: "vervangen door versie \(version)")
            } else {
                // The per-year counter in this transaction: the upsert locks the year's row until commit, so a
                // concurrent issue (on any instance) waits and then counts on from the committed value.
                guard let taken = try await self.one("""
                    INSERT INTO quote_counter (year, last) VALUES (\(year), 1)
                    ON CONFLICT (year) DO UPDATE SET last = quote_counter.last + 1
                    RETURNING last
                    """, on: connection, { try $0.decode(Int.self) }) else { throw StoreError.notFound("quote counter \(year)") }
                guard taken <= 999_999 else { throw StoreError.conflict("quote numbers of \(year) are exhausted") }
                numberYear = year
                sequence = taken
                number = Self.quoteNumber(year: year, sequence: taken)
                version = 1
            }
            let (snapshot, contentHash) = try issue.finalize(number, version)
            let text = String(decoding: snapshot, as: UTF8.self)
            try await self.execute("""
                UPDATE quote SET number = \(number), year = \(numberYear), sequence = \(sequence), version = \(version), status = 'issued',
                    snapshot = \(text), content_hash = \(contentHash), issued_at = \(issue.issuedAt), issued_by = \(issue.issuedBy),
                    valid_until = \(issue.validUntil.description)::date, token_hash = \(issue.tokenHash)
                WHERE id = \(id) AND status = 'draft'
                """, on: connection)
            try await Self.appendHistory(self, connection, quoteId: id, from: .draft, to: .issued, at: issue.issuedAt, actor: issue.issuedBy, reason: nil)
            let issued = try await self.fetchQuote(id: id, on: connection)!
            // Last, like every change-log append (it holds the log's lock to commit): the management overview's
            // cache is keyed on the log's sequence.
            try await ChangeLogTable.append(self, connection, quotes: [current.supersedesId, id].compactMap { $0 })
            return issued
        }
    }

    public func transition(id: Int64, to status: QuoteStatus, from: Set<QuoteStatus>, by actor: String, at: Date, reason: String?) async throws
        -> StoredQuote {
        try await transaction { connection in
            guard let current = try await self.fetchQuote(id: id, on: connection, forUpdate: true) else { throw QuoteRepositoryError.notFound(id) }
            guard from.contains(current.status), current.status.allowedNext.contains(status) else {
                throw QuoteRepositoryError.wrongStatus(id: id, status: current.status, wanted: status)
            }
            try await self.execute("UPDATE quote SET status = \(status.rawValue) WHERE id = \(id)", on: connection)
            try await Self.appendHistory(self, connection, quoteId: id, from: current.status, to: status, at: at, actor: actor, reason: reason)
            let changed = try await self.fetchQuote(id: id, on: connection)!
            try await ChangeLogTable.append(self, connection, quotes: [id])  // last (see issue)
            return changed
        }
    }

    public func quote(id: Int64) async throws -> StoredQuote? {
        try await fetchQuote(id: id, on: nil)
    }

    public func quote(number: String, version: Int?) async throws -> StoredQuote? {
        if let version {
            return try await one(PostgresQuery(unsafeSQL: "SELECT \(Self.quoteSelect) FROM quote WHERE number = $1 AND version = $2",
                                               binds: Self.binds(number, version)), Self.storedQuote)
        }
        return try await one(PostgresQuery(unsafeSQL: "SELECT \(Self.quoteSelect) FROM quote WHERE number = $1 ORDER BY version DESC LIMIT 1",
                                           binds: Self.binds(number)), Self.storedQuote)
    }

    public func quote(tokenHash: String) async throws -> StoredQuote? {
        try await one(PostgresQuery(unsafeSQL: "SELECT \(Self.quoteSelect) FROM quote WHERE token_hash = $1", binds: Self.binds(tokenHash)),
                      Self.storedQuote)
    }

    public func quotes(status: QuoteStatus?, limit: Int) async throws -> [StoredQuote] {
        let limit = max(0, limit)
        if let status {
            return try await all(PostgresQuery(unsafeSQL: "SELECT \(Self.quoteSelect) FROM quote WHERE status = $1 ORDER BY id DESC LIMIT $2",
                                               binds: Self.binds(status.rawValue, limit)), Self.storedQuote)
        }
        return try await all(PostgresQuery(unsafeSQL: "SELECT \(Self.quoteSelect) FROM quote ORDER BY id DESC LIMIT $1", binds: Self.binds(limit)),
                             Self.storedQuote)
    }

    public func statusHistory(quoteId: Int64) async throws -> [QuoteStatusChange] {
        try await all("""
            SELECT quote_id, from_status, to_status, at, actor, reason FROM quote_status_change WHERE quote_id = \(quoteId) ORDER BY id
            """) { row in
            let (quoteId, from, to, at, actor, reason) = try row.decode((Int64, String?, String, Date, String, String?).self)
            return QuoteStatusChange(quoteId: quoteId, from: from.flatMap(QuoteStatus.init(rawValue:)), to: QuoteStatus(rawValue: to) ?? .draft,
                                     at: at, actor: actor, reason: reason)
        }
    }

    public func recordNameConsent(_ consent: NameConsent) async throws {
        try await execute("""
            INSERT INTO candidate_name_consent (candidate_id, display_name, consented_on, recorded_by, recorded_at)
            VALUES (\(consent.candidateId), \(consent.displayName), \(consent.consentedOn.description)::date, \(consent.recordedBy), \(consent.recordedAt))
            ON CONFLICT (candidate_id) DO UPDATE SET display_name = EXCLUDED.display_name, consented_on = EXCLUDED.consented_on,
                recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at
            """)
    }

    public func nameConsent(candidateId: String) async throws -> NameConsent? {
        try await one("""
            SELECT candidate_id, display_name, consented_on::text, recorded_by, recorded_at FROM candidate_name_consent
            WHERE candidate_id = \(candidateId)
            """) { row in
            let (candidateId, name, consentedOn, recordedBy, recordedAt) = try row.decode((String, String, String, String, Date).self)
            guard let date = CalendarDate(iso: consentedOn) else { throw StoreError.invalidRecord("name consent of \(candidateId) has no valid date") }
            return NameConsent(candidateId: candidateId, displayName: name, consentedOn: date, recordedBy: recordedBy, recordedAt: recordedAt)
        }
    }

    /// "MP-2026-000001".
    static func quoteNumber(year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "MP-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    private static func appendHistory(_ store: PostgresStore, _ connection: PostgresConnection, quoteId: Int64, from: QuoteStatus?,
                                      to: QuoteStatus, at: Date, actor: String, reason: String?) async throws {
        try await store.execute("""
            INSERT INTO quote_status_change (quote_id, from_status, to_status, at, actor, reason)
            VALUES (\(quoteId), \(from?.rawValue), \(to.rawValue), \(at), \(actor), \(reason))
            """, on: connection)
    }

    private func fetchQuote(id: Int64, on connection: PostgresConnection?, forUpdate: Bool = false) async throws -> StoredQuote? {
        try await one(PostgresQuery(unsafeSQL: "SELECT \(Self.quoteSelect) FROM quote WHERE id = $1" + (forUpdate ? " FOR UPDATE" : ""),
                                    binds: Self.binds(id)), on: connection, Self.storedQuote)
    }

    static func storedQuote(_ row: PostgresRow) throws -> StoredQuote {
        let r = row.makeRandomAccess()
        let id: Int64 = try r.value("id")
        let statusText: String = try r.value("status")
        guard let status = QuoteStatus(rawValue: statusText) else { throw StoreError.invalidRecord("quote \(id) status \(statusText)") }
        let snapshot: String = try r.value("snapshot")
        return StoredQuote(
            id: id, number: try r.value("number"), version: try r.value("version"), supersedesId: try r.value("supersedes_id"),
            candidateId: try r.value("candidate_id"), vacancyId: try r.value("vacancy_id"), employerId: try r.value("employer_id"), status: status,
            snapshot: Data(snapshot.utf8), contentHash: try r.value("content_hash"), createdAt: try r.value("created_at"),
            createdBy: try r.value("created_by"), issuedAt: try r.value("issued_at"), issuedBy: try r.value("issued_by"),
            validUntil: try r.date("valid_until"))
    }

    static func binds<A: PostgresDynamicTypeEncodable, B: PostgresDynamicTypeEncodable>(_ a: A, _ b: B) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(a)
        binds.append(b)
        return binds
    }
}
