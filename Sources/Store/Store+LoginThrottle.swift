import Foundation
import GRDB
import Repositories

extension MatchpuntStore {
    /// The login back-off's counts, per key (account or client address). Appended after the other migrations.
    static func registerLoginThrottleMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("login-throttle-1 shared failed-login counts") { db in
            // Milliseconds, so that a block computed from the last failure ends when the in-memory one did.
            try db.create(table: "loginFailure") { t in
                t.primaryKey("key", .text)
                t.column("failures", .integer).notNull()
                t.column("lastFailedAtMilliseconds", .integer).notNull()
            }
            try db.create(index: "loginFailure_on_lastFailedAt", on: "loginFailure", columns: ["lastFailedAtMilliseconds"])
        }
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}

extension MatchpuntStore: LoginThrottleRepository {
    public func recordLoginFailure(keys: [String], at: Date, forgetBefore: Date, cap: Int) async throws {
        let now = Self.milliseconds(at), cutoff = Self.milliseconds(forgetBefore)
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM loginFailure WHERE lastFailedAtMilliseconds < ?", arguments: [cutoff])
            for key in keys {
                // One statement per key: the count is raised in the database, not read and written back, so
                // concurrent failures (another connection, another process) are all counted.
                try db.execute(sql: """
                    INSERT INTO loginFailure (key, failures, lastFailedAtMilliseconds) VALUES (?, 1, ?)
                    ON CONFLICT (key) DO UPDATE SET failures = MIN(failures + 1, ?),
                        lastFailedAtMilliseconds = MAX(lastFailedAtMilliseconds, excluded.lastFailedAtMilliseconds)
                    """, arguments: [key, now, cap])
            }
        }
    }

    public func loginFailures(keys: [String], forgetBefore: Date) async throws -> [String: LoginFailures] {
        guard !keys.isEmpty else { return [:] }
        let cutoff = Self.milliseconds(forgetBefore)
        return try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT key, failures, lastFailedAtMilliseconds FROM loginFailure
                WHERE key IN (\(databaseQuestionMarks(count: keys.count))) AND lastFailedAtMilliseconds >= ?
                """, arguments: StatementArguments(keys) + [cutoff])
            var result: [String: LoginFailures] = [:]
            for row in rows {
                let milliseconds: Int64 = row["lastFailedAtMilliseconds"]
                result[row["key"]] = LoginFailures(failures: row["failures"], lastFailedAt: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
            }
            return result
        }
    }

    public func clearLoginFailures(key: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM loginFailure WHERE key = ?", arguments: [key])
        }
    }
}
