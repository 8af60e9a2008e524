import Domain
import Foundation
import GRDB
import Repositories

/// The management overview's reads: grouped counts and bounded ranges, never a whole table of records.
extension MatchpuntStore: ManagementReportRepository {
    public func quoteStatusChanges(from: Date, to: Date) async throws -> [QuoteStatusChange] {
        try await pool.read { db in
            // `at` is stored as fixed-width ISO 8601 UTC text, so text order is time order.
            try Row.fetchAll(db, sql: "SELECT * FROM quoteStatusChange WHERE at >= ? AND at < ? ORDER BY at, id",
                             arguments: [Timestamp.string(from), Timestamp.string(to)]).map { row in
                QuoteStatusChange(quoteId: row["quoteId"], from: (row["fromStatus"] as String?).flatMap(QuoteStatus.init(rawValue:)),
                                  to: QuoteStatus(rawValue: row["toStatus"]) ?? .draft, at: Timestamp.date(row["at"]) ?? .distantPast,
                                  actor: row["actor"], reason: row["reason"])
            }
        }
    }

    public func quotes(ids: [Int64]) async throws -> [StoredQuote] {
        guard !ids.isEmpty else { return [] }
        return try await pool.read { db in
            var quotes: [StoredQuote] = []
            // In chunks, below SQLite's limit on bound parameters.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(ids.count, start + 500)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                quotes += try Row.fetchAll(db, sql: "SELECT * FROM quote WHERE id IN (\(marks))", arguments: StatementArguments(chunk))
                    .map(Self.storedQuote)
            }
            return quotes
        }
    }

    public func candidateCounts(municipalities: [String]?) async throws -> [CandidateCount] {
        try await pool.read { db in
            var sql = "SELECT municipality, ladderRung, targetGroupRegister, statusHolder, COUNT(*) AS n FROM candidate"
            var arguments = StatementArguments()
            if let municipalities {
                guard !municipalities.isEmpty else { return [] }
                sql += " WHERE municipality IN (\(Array(repeating: "?", count: municipalities.count).joined(separator: ",")))"
                arguments = StatementArguments(municipalities)
            }
            sql += " GROUP BY municipality, ladderRung, targetGroupRegister, statusHolder"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                CandidateCount(municipality: row["municipality"], ladderRung: row["ladderRung"], targetGroupRegister: row["targetGroupRegister"],
                               statusHolder: row["statusHolder"], count: row["n"])
            }
        }
    }
}
