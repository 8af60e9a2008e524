import Domain
import Foundation
import PostgresNIO
import Repositories

/// Staff access on PostgreSQL: tokens and sessions live in the shared database (as digests), so a session made
/// through one instance is accepted by every other.
extension PostgresStore: StaffAccessRepository {
    public func updatePassword(userId: Int64, passwordHash: String) async throws {
        try await transaction { connection in
            try await self.execute("UPDATE staff_user SET password_hash = \(passwordHash) WHERE id = \(userId)", on: connection)
            // A new password ends every session: whoever knew the old one is logged out.
            try await self.execute("DELETE FROM staff_session WHERE user_id = \(userId)", on: connection)
            try await ChangeLogTable.append(self, connection, users: [userId])
        }
    }

    public func setRegions(userId: Int64, regions: [Int]) async throws {
        try await transaction { connection in
            try await self.execute("UPDATE staff_user SET regions = \(Self.regionList(regions)) WHERE id = \(userId)", on: connection)
            try await ChangeLogTable.append(self, connection, users: [userId])
        }
    }

    public func setRole(userId: Int64, role: StaffRole) async throws {
        try await transaction { connection in
            try await self.execute("UPDATE staff_user SET role = \(role.rawValue) WHERE id = \(userId)", on: connection)
            try await ChangeLogTable.append(self, connection, users: [userId])
        }
    }

    public func removeUser(username: String) async throws -> Bool {
        // Sessions and tokens cascade with the user row.
        try await transaction { connection in
            let ids = try await self.all("DELETE FROM staff_user WHERE lower(username) = lower(\(username)) RETURNING id", on: connection) {
                try $0.decode(Int64.self)
            }
            try await ChangeLogTable.append(self, connection, users: ids)
            return !ids.isEmpty
        }
    }

    public func insertToken(_ token: APITokenRecord) async throws -> APITokenRecord {
        let id = try await one("""
            INSERT INTO api_token (user_id, digest, created_at, expires_at) VALUES (\(token.userId), \(token.digest), \(token.createdAt), \(token.expiresAt))
            RETURNING id
            """) { try $0.decode(Int64.self) }
        var saved = token
        saved.id = id ?? 0
        return saved
    }

    public func user(tokenDigest: String, now: Date) async throws -> StaffUser? {
        try await one(PostgresQuery(unsafeSQL: """
            SELECT \(Self.userColumns(prefix: "u.")) FROM api_token t JOIN staff_user u ON u.id = t.user_id
            WHERE t.digest = $1 AND (t.expires_at IS NULL OR t.expires_at > $2)
            """, binds: Self.binds(tokenDigest, now)), Self.staffUser)
    }

    public func tokenOwner(digest: String, now: Date) async throws -> (user: StaffUser, expiresAt: Date?)? {
        try await one(PostgresQuery(unsafeSQL: """
            SELECT \(Self.userColumns(prefix: "u.")), t.expires_at FROM api_token t JOIN staff_user u ON u.id = t.user_id
            WHERE t.digest = $1 AND (t.expires_at IS NULL OR t.expires_at > $2)
            """, binds: Self.binds(digest, now))) { row in
            let (id, username, hash, role, createdAt, regions, expires) = try row.decode((Int64, String, String, String, Date, [Int64], Date?).self)
            let user = StaffUser(id: id, username: username, passwordHash: hash, role: StaffRole(rawValue: role) ?? .consultant, createdAt: createdAt,
                                 regions: regions.map { Int($0) })
            return (user, expires)
        }
    }

    public func revokeTokens(userId: Int64) async throws -> Int {
        try await transaction { connection in
            let count = try await self.execute("DELETE FROM api_token WHERE user_id = \(userId) RETURNING id", on: connection)
            try await ChangeLogTable.append(self, connection, users: [userId])
            return count
        }
    }

    public func insertSession(_ session: StaffSession) async throws {
        try await execute("""
            INSERT INTO staff_session (id_digest, user_id, csrf_token, created_at, last_seen_at, expires_at)
            VALUES (\(session.idDigest), \(session.userId), \(session.csrfToken), \(Self.wholeSeconds(session.createdAt)),
                    \(Self.wholeSeconds(session.lastSeenAt)), \(Self.wholeSeconds(session.expiresAt)))
            """)
    }

    public func session(idDigest: String) async throws -> StaffSession? {
        try await one("""
            SELECT id_digest, user_id, csrf_token, created_at, last_seen_at, expires_at FROM staff_session WHERE id_digest = \(idDigest)
            """) { row in
            let (digest, userId, csrf, created, lastSeen, expires) = try row.decode((String, Int64, String, Date, Date, Date).self)
            return StaffSession(idDigest: digest, userId: userId, csrfToken: csrf, createdAt: created, lastSeenAt: lastSeen, expiresAt: expires)
        }
    }

    public func touchSession(idDigest: String, at: Date) async throws {
        try await execute("UPDATE staff_session SET last_seen_at = \(Self.wholeSeconds(at)) WHERE id_digest = \(idDigest)")
    }

    public func removeSession(idDigest: String) async throws {
        try await transaction { connection in
            let owners = try await self.all("DELETE FROM staff_session WHERE id_digest = \(idDigest) RETURNING user_id", on: connection) {
                try $0.decode(Int64.self)
            }
            try await ChangeLogTable.append(self, connection, users: owners)
        }
    }

    public func removeStaleSessions(now: Date, idleBefore: Date) async throws -> Int {
        try await execute("""
            DELETE FROM staff_session WHERE expires_at <= \(Self.wholeSeconds(now)) OR last_seen_at < \(Self.wholeSeconds(idleBefore)) RETURNING id_digest
            """)
    }

    /// Session times in whole seconds, as the SQLite store keeps them, so both stores expire a session at the
    /// same instant.
    static func wholeSeconds(_ date: Date) -> Date {
        let value = date.timeIntervalSince1970.rounded(.down)
        return Date(timeIntervalSince1970: value.isFinite ? value : 0)
    }
}

extension PostgresStore: AuditRetentionRepository {
    /// The marker row exists only inside this transaction; the delete trigger admits exactly the events older
    /// than its cutoff. The purge is itself audited in the same transaction.
    public func purgeAuditEvents(olderThan cutoff: Date, recording purge: @escaping @Sendable (Int) -> AuditEvent) async throws -> Int {
        try await transaction { connection in
            try await self.execute("INSERT INTO audit_retention_marker (cutoff) VALUES (\(cutoff))", on: connection)
            let deleted = try await self.execute("DELETE FROM audit_event WHERE at < \(cutoff) RETURNING id", on: connection)
            try await self.execute("DELETE FROM audit_retention_marker", on: connection)
            let event = purge(deleted)
            try await self.execute("""
                INSERT INTO audit_event (at, actor, action, subject_type, subject_id, detail, request_id)
                VALUES (\(event.at), \(event.actor), \(event.action), \(event.subjectType), \(event.subjectId), \(event.detail), \(event.requestId))
                """, on: connection)
            return deleted
        }
    }

    public func auditEvents(from: Date?, to: Date?, afterId: Int64, limit: Int) async throws -> [AuditEvent] {
        var values = Values()
        var sql = "SELECT id, at, actor, action, subject_type, subject_id, detail, request_id FROM audit_event WHERE id > \(values.placeholder(afterId))"
        if let from { sql += " AND at >= \(values.placeholder(from))" }
        if let to { sql += " AND at < \(values.placeholder(to))" }
        sql += " ORDER BY id LIMIT \(values.placeholder(max(0, limit)))"
        return try await all(PostgresQuery(unsafeSQL: sql, binds: values.binds)) { row in
            let (id, at, actor, action, subjectType, subjectId, detail, requestId) = try row.decode((Int64, Date, String, String, String, String, String?, String?).self)
            return AuditEvent(id: id, at: at, actor: actor, action: action, subjectType: subjectType, subjectId: subjectId, detail: detail,
                              requestId: requestId)
        }
    }
}

extension PostgresStore: CandidateSearchRepository {
    public func searchCandidates(_ query: CandidateQuery) async throws -> CandidatePage {
        var values = Values()
        // Deactivated candidates stay stored; only a search that asks for them sees them.
        var conditions: [String] = []
        switch query.status {
        case .active: conditions.append("active")
        case .inactive: conditions.append("NOT active")
        case .all: break
        }
        if let municipalities = query.municipalities { conditions.append("municipality = ANY(\(values.placeholder(municipalities)))") }
        if let municipality = query.municipality { conditions.append("municipality = \(values.placeholder(municipality))") }
        if let prefix = query.idPrefix {
            // A prefix match on the primary key; LIKE's own wildcards in the input are escaped.
            let escaped = prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            conditions.append("id LIKE \(values.placeholder(escaped + "%")) ESCAPE '\\'")
        }
        if let rung = query.ladderRung { conditions.append("ladder_rung = \(values.placeholder(Int64(rung)))") }
        if let register = query.targetGroupRegister { conditions.append("target_group_register = \(values.placeholder(register))") }
        if let occupation = query.desiredOccupation { conditions.append("\(values.placeholder(occupation)) = ANY(desired_occupations)") }
        if let hours = query.hoursPerWeek {
            let bound = values.placeholder(Int64(hours))
            conditions.append("hours_min <= \(bound) AND hours_max >= \(bound)")
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let countBinds = values.binds
        let limit = values.placeholder(Int64(max(0, query.limit)))
        let offset = values.placeholder(Int64(max(0, query.offset)))
        // The total per search (the filters, not the page) is counted once per change-log sequence number, read
        // before the count (see ChangeSequenceCache); every candidate write is logged.
        let sequence = try await latestChangeSequence()
        var filters = query
        (filters.limit, filters.offset) = (0, 0)
        let total: Int
        if let known = changeCaches.candidateTotals.value(for: filters, at: sequence) {
            total = known
        } else {
            total = try await one(PostgresQuery(unsafeSQL: "SELECT count(*) FROM candidate" + filter, binds: countBinds)) { try $0.decode(Int.self) } ?? 0
            changeCaches.candidateTotals.store(total, for: filters, at: sequence)
        }
        let page = try await all(PostgresQuery(unsafeSQL: "SELECT \(CandidateRow.select) FROM candidate\(filter) ORDER BY id LIMIT \(limit) OFFSET \(offset)",
                                               binds: values.binds), CandidateRow.candidate)
        var inactive: Set<String> = []
        if query.status != .active, !page.isEmpty {
            var idValues = Values()
            let ids = idValues.placeholder(page.map(\.id))
            inactive = Set(try await all(PostgresQuery(unsafeSQL: "SELECT id FROM candidate WHERE id = ANY(\(ids)) AND NOT active", binds: idValues.binds)) {
                try $0.decode(String.self)
            })
        }
        return CandidatePage(candidates: page, total: total, inactiveIds: inactive)
    }
}

extension PostgresStore {
    /// Runs raw SQL outside any repository. For tests that prove the database itself refuses something (the
    /// audit and quote triggers); product code never calls it.
    public func executeForTesting(_ sql: String) async throws {
        try await execute(PostgresQuery(unsafeSQL: sql))
    }

    /// The audit log is a table of the one database here (row locks, no single writer to wait behind).
    public func executeInAuditLogForTesting(_ sql: String) async throws {
        try await executeForTesting(sql)
    }
}
