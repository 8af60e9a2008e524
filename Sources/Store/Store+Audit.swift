import Domain
import Foundation
import GRDB
import Repositories

extension MatchpuntStore: AuditRepository {
    public func record(_ event: AuditEvent) async throws {
        try await record([event])
    }

    /// Records several events in one transaction (e.g. every candidate a ranking showed).
    public func record(_ events: [AuditEvent]) async throws {
        guard !events.isEmpty else { return }
        try await auditPool.write { db in
            for event in events { try Self.insert(event, db) }
        }
    }

    static func insert(_ event: AuditEvent, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO auditEvent (at, actor, action, subjectType, subjectId, detail, requestId) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [Timestamp.string(event.at), event.actor, event.action, event.subjectType, event.subjectId, event.detail,
                        event.requestId])
    }

    static func auditEvent(_ row: Row) -> AuditEvent {
        AuditEvent(id: row["id"], at: Timestamp.date(row["at"]) ?? .distantPast, actor: row["actor"], action: row["action"],
                   subjectType: row["subjectType"], subjectId: row["subjectId"], detail: row["detail"], requestId: row["requestId"])
    }

    public func recentSubjects(actor: String, action: String, subjectType: String, limit: Int) async throws -> [String] {
        try await auditPool.read { db in
            // Newest first through the (actor, action) index (its entries end in the row id), stopping at `limit`
            // distinct subjects or after a bounded number of events, so a long history costs no more than that.
            let rows = try Row.fetchCursor(db, sql: "SELECT subjectId FROM auditEvent WHERE actor = ? AND action = ? AND subjectType = ? ORDER BY id DESC",
                                           arguments: [actor, action, subjectType])
            var seen: Set<String> = []
            var subjects: [String] = []
            var read = 0
            while subjects.count < limit, read < 5_000, let row = try rows.next() {
                read += 1
                let id: String = row["subjectId"]
                if seen.insert(id).inserted { subjects.append(id) }
            }
            return subjects
        }
    }

    /// Most recent first; optionally only those about one subject.
    public func auditEvents(subjectType: String? = nil, subjectId: String? = nil, limit: Int = 100) async throws -> [AuditEvent] {
        try await auditPool.read { db in
            var sql = "SELECT * FROM auditEvent"
            var arguments: StatementArguments = []
            if let subjectType, let subjectId {
                sql += " WHERE subjectType = ? AND subjectId = ?"
                arguments = [subjectType, subjectId]
            }
            sql += " ORDER BY id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.auditEvent)
        }
    }
}
