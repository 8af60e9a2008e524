import Foundation
import GRDB

/// The audit log lives in its own SQLite file next to the database (`FILE-audit`, like SQLite's own `-wal` and
/// `-shm`), with its own write lock.
///
/// Why: SQLite has one writer per file. Every staff request commits its audit events before it answers, and a
/// feed run applies its records in one transaction (all or nothing) that holds the writer for seconds at region
/// scale. With the audit in the same file every request waited behind that transaction: under `wrk` during a
/// 100k-posting import each of the 32 connections timed out once (2 s) and p99 rose to 24 ms. In its own file the
/// audit commits beside the import. A second gain: an audit commit no longer invalidates the page cache of every
/// reader connection of the main database.
///
/// The cost: a quote and its audit event, or a retention run and the event that records it, are no longer one
/// transaction across both files; each file's transaction is still atomic, and the audit event is committed
/// after the change it records (a crash between the two loses an audit line about a committed change, never
/// the reverse, which is the order a reviewer expects).
extension MatchpuntStore {
    /// The audit log's file for a database at `path`.
    public static func auditPath(for path: String) -> String { path + "-audit" }

    /// The audit file's own migrations: append-only like the main ones.
    static var auditMigrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("audit-1 append-only audit log") { db in
            try db.create(table: "auditEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("subjectType", .text).notNull()
                t.column("subjectId", .text).notNull()
                t.column("detail", .text)
                t.column("requestId", .text)
            }
            try db.create(index: "auditEvent_on_subject", on: "auditEvent", columns: ["subjectType", "subjectId"])
            try db.create(index: "auditEvent_on_actor_action", on: "auditEvent", columns: ["actor", "action"])
            try db.create(index: "auditEvent_on_at", on: "auditEvent", columns: ["at"])
            // Present (one row) only inside the retention transaction: the delete trigger lets through exactly
            // the events older than its cutoff, and nothing at any other time.
            try db.create(table: "auditRetentionMarker") { t in
                t.column("cutoff", .text).notNull()
            }
            try db.execute(sql: """
                CREATE TRIGGER auditEvent_append_only_update BEFORE UPDATE ON auditEvent
                BEGIN SELECT RAISE(ABORT, 'auditEvent is append-only'); END;
                CREATE TRIGGER auditEvent_append_only_delete BEFORE DELETE ON auditEvent
                WHEN NOT EXISTS (SELECT 1 FROM auditRetentionMarker WHERE OLD.at < cutoff)
                BEGIN SELECT RAISE(ABORT, 'auditEvent is append-only: only the retention command deletes, past the retention period'); END;
                """)
        }
        return migrator
    }

    /// The main database's last audit migration: copies the events written before the audit had its own file
    /// (ids kept, in batches) and then drops the old table. The copy ignores ids already there, so a crash between
    /// the copy and this migration's commit only repeats the copy on the next start.
    static func registerAuditFileMigration(_ migrator: inout DatabaseMigrator, auditLog: any DatabaseWriter) {
        migrator.registerMigration("audit-file-1 audit log moved to its own database file") { db in
            let columns = "id, at, actor, action, subjectType, subjectId, detail, requestId"
            var after: Int64 = 0
            while true {
                let rows = try Row.fetchAll(db, sql: "SELECT \(columns) FROM auditEvent WHERE id > ? ORDER BY id LIMIT 10000", arguments: [after])
                guard let last = rows.last else { break }
                try auditLog.write { audit in
                    let insert = try audit.cachedStatement(sql: "INSERT OR IGNORE INTO auditEvent (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    // The columns were selected in the insert's order.
                    for row in rows { try insert.execute(arguments: StatementArguments(Array(row.databaseValues))) }
                }
                after = last["id"]
            }
            // DROP is not an UPDATE or DELETE: the append-only triggers go with the table, the events are in the
            // audit file now.
            try db.execute(sql: """
                DROP TRIGGER auditEvent_append_only_update;
                DROP TRIGGER auditEvent_append_only_delete;
                DROP TABLE auditEvent;
                DROP TABLE auditRetentionMarker;
                """)
        }
    }
}
