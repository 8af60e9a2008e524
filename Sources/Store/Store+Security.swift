import Domain
import Foundation
import GRDB
import Repositories

extension MatchpuntStore {
    /// Staff access (regions, API tokens, sessions) and the append-only audit. Appended after the other migrations.
    static func registerSecurityMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("security-1 tokens, sessions, regions, append-only audit") { db in
            try db.alter(table: "user") { t in
                t.add(column: "regions", .text).notNull().defaults(to: "")
            }
            // Only the SHA-256 of a token is stored; the token is shown once when made.
            try db.create(table: "apiToken") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("user", onDelete: .cascade).notNull()
                t.column("digest", .text).notNull().unique()
                t.column("createdAt", .text).notNull()
                t.column("expiresAtSeconds", .integer)
            }
            // Sessions survive a restart; the cookie value is stored only as its SHA-256.
            try db.create(table: "staffSession") { t in
                t.primaryKey("idDigest", .text)
                t.belongsTo("user", onDelete: .cascade).notNull()
                t.column("csrfToken", .text).notNull()
                t.column("createdAtSeconds", .integer).notNull()
                t.column("lastSeenAtSeconds", .integer).notNull()
                t.column("expiresAtSeconds", .integer).notNull()
            }
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
            try db.create(index: "auditEvent_on_at", on: "auditEvent", columns: ["at"])
        }
    }
}

extension MatchpuntStore: StaffAccessRepository {
    public func updatePassword(userId: Int64, passwordHash: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE id = ?", arguments: [passwordHash, userId])
            // A new password ends every session: whoever knew the old one is logged out.
            try db.execute(sql: "DELETE FROM staffSession WHERE userId = ?", arguments: [userId])
            try ChangeLogTable.append(db, users: [userId])
        }
    }

    public func setRegions(userId: Int64, regions: [Int]) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE user SET regions = ? WHERE id = ?", arguments: [Self.regionsText(regions), userId])
            try ChangeLogTable.append(db, users: [userId])
        }
    }

    public func setRole(userId: Int64, role: StaffRole) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE user SET role = ? WHERE id = ?", arguments: [role.rawValue, userId])
            try ChangeLogTable.append(db, users: [userId])
        }
    }

    public func removeUser(username: String) async throws -> Bool {
        try await pool.write { db in
            // Sessions and tokens cascade with the user row.
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM user WHERE username = ?", arguments: [username])
            try db.execute(sql: "DELETE FROM user WHERE username = ?", arguments: [username])
            let removed = db.changesCount > 0
            try ChangeLogTable.append(db, users: ids)
            return removed
        }
    }

    public func insertToken(_ token: APITokenRecord) async throws -> APITokenRecord {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO apiToken (userId, digest, createdAt, expiresAtSeconds) VALUES (?, ?, ?, ?)",
                           arguments: [token.userId, token.digest, Timestamp.string(token.createdAt), token.expiresAt.map(Self.seconds)])
            var saved = token
            saved.id = db.lastInsertedRowID
            return saved
        }
    }

    public func user(tokenDigest: String, now: Date) async throws -> StaffUser? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT user.* FROM apiToken JOIN user ON user.id = apiToken.userId
                WHERE apiToken.digest = ? AND (apiToken.expiresAtSeconds IS NULL OR apiToken.expiresAtSeconds > ?)
                """, arguments: [tokenDigest, Self.seconds(now)]).map(Self.staffUser)
        }
    }

    public func tokenOwner(digest: String, now: Date) async throws -> (user: StaffUser, expiresAt: Date?)? {
        try await pool.read { db in
            // A cached statement: this runs for every bearer request that the access cache cannot answer.
            let statement = try db.cachedStatement(sql: """
                SELECT user.*, apiToken.expiresAtSeconds AS tokenExpiresAtSeconds FROM apiToken JOIN user ON user.id = apiToken.userId
                WHERE apiToken.digest = ? AND (apiToken.expiresAtSeconds IS NULL OR apiToken.expiresAtSeconds > ?)
                """)
            return try Row.fetchOne(statement, arguments: [digest, Self.seconds(now)]).map { row in
                (Self.staffUser(row), (row["tokenExpiresAtSeconds"] as Int64?).map(Self.date))
            }
        }
    }

    public func revokeTokens(userId: Int64) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM apiToken WHERE userId = ?", arguments: [userId])
            let count = db.changesCount
            try ChangeLogTable.append(db, users: [userId])
            return count
        }
    }

    public func insertSession(_ session: StaffSession) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO staffSession (idDigest, userId, csrfToken, createdAtSeconds, lastSeenAtSeconds, expiresAtSeconds)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [session.idDigest, session.userId, session.csrfToken, Self.seconds(session.createdAt),
                                 Self.seconds(session.lastSeenAt), Self.seconds(session.expiresAt)])
        }
    }

    public func session(idDigest: String) async throws -> StaffSession? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM staffSession WHERE idDigest = ?", arguments: [idDigest]).map { row in
                StaffSession(idDigest: row["idDigest"], userId: row["userId"], csrfToken: row["csrfToken"],
                             createdAt: Self.date(row["createdAtSeconds"]), lastSeenAt: Self.date(row["lastSeenAtSeconds"]),
                             expiresAt: Self.date(row["expiresAtSeconds"]))
            }
        }
    }

    public func touchSession(idDigest: String, at: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE staffSession SET lastSeenAtSeconds = ? WHERE idDigest = ?", arguments: [Self.seconds(at), idDigest])
        }
    }

    public func removeSession(idDigest: String) async throws {
        try await pool.write { db in
            let owners = try Int64.fetchAll(db, sql: "SELECT userId FROM staffSession WHERE idDigest = ?", arguments: [idDigest])
            try db.execute(sql: "DELETE FROM staffSession WHERE idDigest = ?", arguments: [idDigest])
            try ChangeLogTable.append(db, users: owners)
        }
    }

    public func removeStaleSessions(now: Date, idleBefore: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM staffSession WHERE expiresAtSeconds <= ? OR lastSeenAtSeconds < ?",
                           arguments: [Self.seconds(now), Self.seconds(idleBefore)])
            return db.changesCount
        }
    }

    /// Whole seconds since 1970, saturating (dates come from our own clock, but no conversion may trap).
    static func seconds(_ date: Date) -> Int64 {
        let value = date.timeIntervalSince1970.rounded(.down)
        guard value.isFinite else { return 0 }
        return value >= 9e18 ? .max : value <= -9e18 ? .min : Int64(value)
    }

    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
}

extension MatchpuntStore: AuditRetentionRepository {
    public func purgeAuditEvents(olderThan cutoff: Date, recording purge: @escaping @Sendable (Int) -> AuditEvent) async throws -> Int {
        try await auditPool.write { db in
            let cutoffText = Timestamp.string(cutoff)
            try db.execute(sql: "INSERT INTO auditRetentionMarker (cutoff) VALUES (?)", arguments: [cutoffText])
            try db.execute(sql: "DELETE FROM auditEvent WHERE at < ?", arguments: [cutoffText])
            let deleted = db.changesCount
            try db.execute(sql: "DELETE FROM auditRetentionMarker")
            let event = purge(deleted)
            try Self.insert(event, db)
            return deleted
        }
    }

    public func auditEvents(from: Date?, to: Date?, afterId: Int64, limit: Int) async throws -> [AuditEvent] {
        try await auditPool.read { db in
            var sql = "SELECT * FROM auditEvent WHERE id > ?"
            var arguments: StatementArguments = [afterId]
            if let from { sql += " AND at >= ?"; arguments += [Timestamp.string(from)] }
            if let to { sql += " AND at < ?"; arguments += [Timestamp.string(to)] }
            sql += " ORDER BY id LIMIT ?"
            arguments += [max(0, limit)]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.auditEvent)
        }
    }
}

extension MatchpuntStore {
    /// Runs raw SQL in a write transaction. For tests that prove the database itself refuses something (the
    /// quote triggers); product code never calls it.
    public func executeForTesting(_ sql: String) async throws {
        try await pool.write { db in try db.execute(sql: sql) }
    }

    /// The same in the audit log's own file (its append-only triggers).
    public func executeInAuditLogForTesting(_ sql: String) async throws {
        try await auditPool.write { db in try db.execute(sql: sql) }
    }
}

extension MatchpuntStore: CandidateSearchRepository {
    public func searchCandidates(_ query: CandidateQuery) async throws -> CandidatePage {
        try await pool.read { db in
            var request = CandidateRecord.all()
            switch query.status {
            case .active: request = request.filter(Column("active") == true)
            case .inactive: request = request.filter(Column("active") == false)
            case .all: break
            }
            if let municipalities = query.municipalities { request = request.filter(municipalities.contains(Column("municipality"))) }
            if let municipality = query.municipality { request = request.filter(Column("municipality") == municipality) }
            if let prefix = query.idPrefix {
                // A prefix match on the primary key; LIKE's own wildcards in the input are escaped.
                let escaped = prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_")
                request = request.filter(sql: "id LIKE ? ESCAPE '\\'", arguments: [escaped + "%"])
            }
            if let rung = query.ladderRung { request = request.filter(Column("ladderRung") == rung) }
            if let register = query.targetGroupRegister { request = request.filter(Column("targetGroupRegister") == register) }
            if let occupation = query.desiredOccupation {
                request = request.filter(sql: "EXISTS (SELECT 1 FROM json_each(candidate.desiredOccupations) WHERE value = ?)", arguments: [occupation])
            }
            if let hours = query.hoursPerWeek { request = request.filter(Column("hoursMin") <= hours && Column("hoursMax") >= hours) }
            // The total per search (the filters, not the page) is counted once per change-log sequence number,
            // read in this same snapshot: paging through a list and repeating a search do not count 20,000 rows
            // each time. Every candidate write is logged, so the total stays right while the log stands still.
            let sequence = try Int64.fetchOne(db, sql: #"SELECT MAX(sequence) FROM "change""#) ?? 0
            var filters = query
            (filters.limit, filters.offset) = (0, 0)
            let total: Int
            if let known = self.changeCaches.candidateTotals.value(for: filters, at: sequence) {
                total = known
            } else {
                total = try request.fetchCount(db)
                self.changeCaches.candidateTotals.store(total, for: filters, at: sequence)
            }
            let rows = try request.asRequest(of: Row.self).order(Column("id")).limit(max(0, query.limit), offset: max(0, query.offset)).fetchAll(db)
            let page = try rows.map { try CandidateRecord(row: $0).candidate }
            let inactive = zip(page, rows).filter { !($0.1["active"] as Bool? ?? true) }.map(\.0.id)
            return CandidatePage(candidates: page, total: total, inactiveIds: Set(inactive))
        }
    }
}
