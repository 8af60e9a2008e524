import Domain
import Logging
import PostgresNIO
import Repositories

/// Appends change-log rows inside the caller's transaction, and wakes followers with NOTIFY.
///
/// Unlike SQLite, PostgreSQL has many concurrent writers, and a plain sequence hands out numbers in the order
/// transactions *ask*, not the order they *commit*: a follower could read 6, move its cursor past 5 and never
/// see 5 when its transaction commits later. So the numbers are taken under a transaction-scoped advisory lock,
/// held until commit: whoever holds a lower number has committed (and is visible) before a higher one can be
/// taken. Writers serialise only for this last step of their transaction; callers append last.
enum ChangeLogTable {
    /// The channel followers LISTEN on. The payload is empty: a notification only says "read the log".
    static let channel = "matchpunt_change"

    static func append(_ store: PostgresStore, _ connection: PostgresConnection, candidates ids: [String], kind: ChangeKind) async throws {
        try await append(store, connection, entity: .candidate, ids: ids, kind: kind)
    }

    /// A staff account whose access changed: other instances drop their cached tokens and sessions of it.
    static func append(_ store: PostgresStore, _ connection: PostgresConnection, users ids: [Int64]) async throws {
        try await append(store, connection, entity: .user, ids: ids.map(String.init), kind: .saved)
    }

    /// A vacancy is always logged as saved: closing is an update, and the follower reads the status.
    static func append(_ store: PostgresStore, _ connection: PostgresConnection, vacancies ids: [Int64]) async throws {
        try await append(store, connection, entity: .vacancy, ids: ids.map(String.init), kind: .saved)
    }

    /// A quote's status changed; logged with its status-history row.
    static func append(_ store: PostgresStore, _ connection: PostgresConnection, quotes ids: [Int64]) async throws {
        try await append(store, connection, entity: .quote, ids: ids.map(String.init), kind: .saved)
    }

    private static func append(_ store: PostgresStore, _ connection: PostgresConnection, entity: ChangeEntity, ids: [String], kind: ChangeKind) async throws {
        guard !ids.isEmpty else { return }
        try await store.execute("SELECT pg_advisory_xact_lock(\(PostgresStore.changeLogLock))", on: connection)
        // One statement per batch: the ids are unnested in order, each taking the next number.
        for batch in ids.chunks(of: 10_000) {
            try await store.execute("""
                INSERT INTO change (sequence, entity, entity_id, kind)
                SELECT nextval('change_sequence'), \(entity.rawValue), entity_id, \(kind.rawValue)
                FROM unnest(\(Array(batch))::text[]) WITH ORDINALITY AS t(entity_id, position) ORDER BY position
                """, on: connection)
        }
        // Delivered at commit, and not at all on rollback; repeated notifications in one transaction fold into one.
        try await store.execute("SELECT pg_notify(\(channel), '')", on: connection)
    }
}

extension PostgresStore: ChangeLogRepository {
    public func latestChangeSequence() async throws -> Int64 {
        try await one("SELECT coalesce(max(sequence), 0) FROM change") { try $0.decode(Int64.self) } ?? 0
    }

    public func changes(after sequence: Int64, limit: Int) async throws -> [Change] {
        try await all("SELECT sequence, entity, entity_id, kind FROM change WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)") { row in
            let (sequence, entity, entityId, kind) = try row.decode((Int64, String, String, String).self)
            guard let entity = ChangeEntity(rawValue: entity), let kind = ChangeKind(rawValue: kind) else { return nil }
            return Change(sequence: sequence, entity: entity, entityId: entityId, kind: kind)
        }.compactMap { $0 }
    }

    /// The rows and the log position from one REPEATABLE READ transaction: one snapshot, so they agree.
    public func indexSnapshot() async throws -> IndexSnapshot {
        try await transaction { connection in
            try await self.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", on: connection)
            let sequence = try await self.one("SELECT coalesce(max(sequence), 0) FROM change", on: connection) { try $0.decode(Int64.self) } ?? 0
            let candidates = try await self.all(PostgresQuery(unsafeSQL: "SELECT \(CandidateRow.select) FROM candidate WHERE active ORDER BY id"), on: connection,
                                                CandidateRow.candidate)
            let vacancies = try await self.all(PostgresQuery(unsafeSQL: "SELECT \(VacancyRow.select) FROM vacancy WHERE status = 'open' ORDER BY id"),
                                               on: connection, VacancyRow.vacancy)
            return IndexSnapshot(candidates: candidates, openVacancies: vacancies, sequence: sequence)
        }
    }

    /// Wake-ups for a follower: one element each time another transaction appended to the change log (and at
    /// start). The log stays the truth: a lost notification (e.g. while reconnecting) only delays the next
    /// poll's catch-up; it never loses a change. The stream ends when the consuming task is cancelled.
    public func changeNotifications() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let task = Task { [client, logger] in
            while !Task.isCancelled && !self.isClosed {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: ChangeLogTable.channel) { notifications in
                            continuation.yield()
                            for try await _ in notifications { continuation.yield() }
                        }
                    }
                } catch {
                    if Task.isCancelled || self.isClosed { break }
                    logger.warning("LISTEN for change-log wake-ups failed; polling carries on", metadata: ["error": "\(String(reflecting: error))"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
