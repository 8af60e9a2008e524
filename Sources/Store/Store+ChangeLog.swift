import Domain
import GRDB
import Repositories

/// Appends change-log rows inside the caller's write transaction: the change and its log row commit together
/// or not at all. SQLite has one writer, so sequence order is commit order and a follower reading
/// `sequence > cursor` never skips a row committed later with a smaller number.
enum ChangeLogTable {
    static func append(_ db: Database, candidates ids: [String], kind: ChangeKind) throws {
        let statement = try db.cachedStatement(sql: #"INSERT INTO "change" (entity, entityId, kind) VALUES ('candidate', ?, ?)"#)
        for id in ids { try statement.execute(arguments: [id, kind.rawValue]) }
    }

    /// A staff account whose access changed: other instances drop their cached tokens and sessions of it.
    static func append(_ db: Database, users ids: [Int64]) throws {
        let statement = try db.cachedStatement(sql: #"INSERT INTO "change" (entity, entityId, kind) VALUES ('user', ?, 'saved')"#)
        for id in ids { try statement.execute(arguments: [String(id)]) }
    }

    /// A vacancy is always logged as saved: closing is an update, and the follower reads the status.
    /// An import logs up to 100k ids: one statement over a JSON array of them instead of a statement per id.
    /// `json_each` yields the ids in array order, so the sequence numbers follow `ids`; the integer becomes the
    /// same text as `String(id)` in the TEXT column.
    static func append(_ db: Database, vacancies ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        var list = "["
        list.reserveCapacity(ids.count * 8)
        for (index, id) in ids.enumerated() {
            if index > 0 { list += "," }
            list += String(id)
        }
        list += "]"
        try db.execute(sql: #"INSERT INTO "change" (entity, entityId, kind) SELECT 'vacancy', value, 'saved' FROM json_each(?) ORDER BY key"#,
                       arguments: [list])
    }

    /// A quote's status changed; logged with its status-history row.
    static func append(_ db: Database, quotes ids: [Int64]) throws {
        let statement = try db.cachedStatement(sql: #"INSERT INTO "change" (entity, entityId, kind) VALUES ('quote', ?, 'saved')"#)
        for id in ids { try statement.execute(arguments: [String(id)]) }
    }
}

extension MatchpuntStore: ChangeLogRepository {
    public func latestChangeSequence() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: #"SELECT MAX(sequence) FROM "change""#) ?? 0 }
    }

    public func changes(after sequence: Int64, limit: Int) async throws -> [Change] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: #"SELECT sequence, entity, entityId, kind FROM "change" WHERE sequence > ? ORDER BY sequence LIMIT ?"#,
                             arguments: [sequence, limit]).compactMap { row -> Change? in
                guard let entity = ChangeEntity(rawValue: row["entity"]), let kind = ChangeKind(rawValue: row["kind"]) else { return nil }
                return Change(sequence: row["sequence"], entity: entity, entityId: row["entityId"], kind: kind)
            }
        }
    }

    public func indexSnapshot() async throws -> IndexSnapshot {
        // One read transaction (WAL snapshot): the rows and the log position agree.
        try await pool.read { db in
            IndexSnapshot(
                candidates: try CandidateRecord.active.order(Column("id")).fetchAll(db).map(\.candidate),
                openVacancies: try VacancyRecord.filter(Column("status") == VacancyStatus.open.rawValue).order(Column("id")).fetchAll(db).map(\.vacancy),
                sequence: try Int64.fetchOne(db, sql: #"SELECT MAX(sequence) FROM "change""#) ?? 0)
        }
    }
}
