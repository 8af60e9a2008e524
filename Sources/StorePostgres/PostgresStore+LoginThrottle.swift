import Foundation
import PostgresNIO
import Repositories

/// The login back-off's counts on PostgreSQL: one row per key in the shared database, so every instance
/// behind the load balancer counts the same failures.
extension PostgresStore: LoginThrottleRepository {
    public func recordLoginFailure(keys: [String], at: Date, forgetBefore: Date, cap: Int) async throws {
        let cap = Int32(clamping: cap)
        // Separate statements, no transaction around them: each upsert is atomic on its own, and holding one
        // key's row lock while waiting for another could deadlock two instances.
        try await execute("DELETE FROM login_failure WHERE last_failed_at < \(forgetBefore)")
        for key in keys {
            // Raised in the database (the upsert locks the row), not read and written back, so failures on two
            // instances at once are both counted.
            try await execute("""
                INSERT INTO login_failure (key, failures, last_failed_at) VALUES (\(key), 1, \(at))
                ON CONFLICT (key) DO UPDATE SET failures = LEAST(login_failure.failures + 1, \(cap)),
                    last_failed_at = GREATEST(login_failure.last_failed_at, EXCLUDED.last_failed_at)
                """)
        }
    }

    public func loginFailures(keys: [String], forgetBefore: Date) async throws -> [String: LoginFailures] {
        guard !keys.isEmpty else { return [:] }
        let rows = try await all("""
            SELECT key, failures, last_failed_at FROM login_failure WHERE key = ANY(\(keys)) AND last_failed_at >= \(forgetBefore)
            """) { row in
            let (key, failures, last) = try row.decode((String, Int32, Date).self)
            return (key, LoginFailures(failures: Int(failures), lastFailedAt: last))
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    public func clearLoginFailures(key: String) async throws {
        try await execute("DELETE FROM login_failure WHERE key = \(key)")
    }
}
