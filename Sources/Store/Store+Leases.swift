import Foundation
import GRDB
import Repositories

extension MatchpuntStore: FeedLeaseRepository {
    /// Decided inside one write transaction (SQLite's single writer serialises every process), so two
    /// processes can never both see the lease as free.
    public func acquireFeedLease(feedId: Int64, holder: String, now: Date, expiresAt: Date) async throws -> Bool {
        let nowMillis = Self.millis(now), untilMillis = Self.millis(expiresAt)
        return try await pool.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT holder, expiresAtMillis FROM feedLease WHERE feedId = ?", arguments: [feedId]) {
                let current: String = row["holder"]
                let expires: Int64 = row["expiresAtMillis"]
                guard current == holder || expires <= nowMillis else { return false }
                try db.execute(sql: "UPDATE feedLease SET holder = ?, expiresAtMillis = ? WHERE feedId = ?",
                               arguments: [holder, untilMillis, feedId])
            } else {
                try db.execute(sql: "INSERT INTO feedLease (feedId, holder, expiresAtMillis) VALUES (?, ?, ?)",
                               arguments: [feedId, holder, untilMillis])
            }
            return true
        }
    }

    public func releaseFeedLease(feedId: Int64, holder: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM feedLease WHERE feedId = ? AND holder = ?", arguments: [feedId, holder])
        }
    }

    /// Milliseconds since 1970, clamped: a lease time is ours, not input, but no date may trap the conversion.
    private static func millis(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        guard value.isFinite else { return 0 }
        return Int64(max(min(value, 9e15), -9e15))
    }
}
