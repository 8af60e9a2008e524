import Foundation
import PostgresNIO
import Repositories

extension PostgresStore: FeedLeaseRepository {
    /// One statement decides: the insert, or on conflict the update guarded by "mine or expired", under the
    /// row lock PostgreSQL takes for ON CONFLICT. Two instances racing for a free lease: one inserts, the other
    /// waits for that row and then finds it held. A row back means the lease is ours.
    public func acquireFeedLease(feedId: Int64, holder: String, now: Date, expiresAt: Date) async throws -> Bool {
        let rows = try await execute("""
            INSERT INTO feed_lease AS lease (feed_id, holder, expires_at) VALUES (\(feedId), \(holder), \(expiresAt))
            ON CONFLICT (feed_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
            WHERE lease.holder = EXCLUDED.holder OR lease.expires_at <= \(now)
            RETURNING feed_id
            """)
        return rows > 0
    }

    /// Gives the lease back; a lease that another holder took over after expiry is left alone.
    public func releaseFeedLease(feedId: Int64, holder: String) async throws {
        try await execute("DELETE FROM feed_lease WHERE feed_id = \(feedId) AND holder = \(holder)")
    }
}
