import Domain
import Foundation
import PostgresNIO
import Repositories

extension PostgresStore: UserRepository {
    public func insert(_ user: StaffUser) async throws -> StaffUser {
        do {
            let id = try await one("""
                INSERT INTO staff_user (username, password_hash, role, created_at, regions)
                VALUES (\(user.username), \(user.passwordHash), \(user.role.rawValue), \(user.createdAt), \(Self.regionList(user.regions)))
                RETURNING id
                """) { try $0.decode(Int64.self) }
            var saved = user
            saved.id = id ?? 0
            return saved
        } catch let error where Self.isUniqueViolation(error) {
            throw StoreError.conflict("user \(user.username) already exists")
        }
    }

    /// Case-insensitive, as usernames are unique regardless of case.
    public func user(username: String) async throws -> StaffUser? {
        try await one(PostgresQuery(unsafeSQL: "SELECT \(Self.userColumns()) FROM staff_user WHERE lower(username) = lower($1)", binds: Self.binds(username)),
                      Self.staffUser)
    }

    public func user(id: Int64) async throws -> StaffUser? {
        try await one(PostgresQuery(unsafeSQL: "SELECT \(Self.userColumns()) FROM staff_user WHERE id = $1", binds: Self.binds(id)), Self.staffUser)
    }

    public func users() async throws -> [StaffUser] {
        try await all(PostgresQuery(unsafeSQL: "SELECT \(Self.userColumns()) FROM staff_user ORDER BY id"), Self.staffUser)
    }

    static func userColumns(prefix: String = "") -> String {
        ["id", "username", "password_hash", "role", "created_at", "regions"].map { prefix + $0 }.joined(separator: ", ")
    }

    static func staffUser(_ row: PostgresRow) throws -> StaffUser {
        let (id, username, hash, role, createdAt, regions) = try row.decode((Int64, String, String, String, Date, [Int64]).self)
        return StaffUser(id: id, username: username, passwordHash: hash, role: StaffRole(rawValue: role) ?? .consultant, createdAt: createdAt,
                         regions: regions.map { Int($0) })
    }

    /// Sorted and without repeats, as the SQLite store keeps them.
    static func regionList(_ regions: [Int]) -> [Int64] {
        Set(regions).sorted().map { Int64($0) }
    }
}

extension PostgresStore: AuditRepository {
    public func record(_ event: AuditEvent) async throws {
        try await record([event])
    }

    /// Records several events in one statement, hence one transaction.
    public func record(_ events: [AuditEvent]) async throws {
        guard !events.isEmpty else { return }
        for batch in events.chunks(of: 1_000) {
            var values = Values()
            var rows: [String] = []
            for event in batch {
                let start = values.placeholders.count
                values.add(event.at)
                values.add(event.actor)
                values.add(event.action)
                values.add(event.subjectType)
                values.add(event.subjectId)
                values.add(event.detail, cast: "text")
                values.add(event.requestId, cast: "text")
                rows.append("(" + values.placeholders[start...].joined(separator: ", ") + ")")
            }
            try await execute(PostgresQuery(
                unsafeSQL: "INSERT INTO audit_event (at, actor, action, subject_type, subject_id, detail, request_id) VALUES \(rows.joined(separator: ", "))",
                binds: values.binds))
        }
    }

    public func recentSubjects(actor: String, action: String, subjectType: String, limit: Int) async throws -> [String] {
        // The newest event per subject among this actor's last 5,000 such events (as the SQLite store bounds it).
        try await all("""
            SELECT subject_id FROM (
                SELECT subject_id, id FROM audit_event
                WHERE actor = \(actor) AND action = \(action) AND subject_type = \(subjectType)
                ORDER BY id DESC LIMIT 5000) AS latest
            GROUP BY subject_id ORDER BY max(id) DESC LIMIT \(limit)
            """) { try $0.decode(String.self) }
    }

    /// Most recent first; optionally only those about one subject.
    public func auditEvents(subjectType: String? = nil, subjectId: String? = nil, limit: Int = 100) async throws -> [AuditEvent] {
        let select = "SELECT id, at, actor, action, subject_type, subject_id, detail, request_id FROM audit_event"
        let query: PostgresQuery = if let subjectType, let subjectId {
            "\(unescaped: select) WHERE subject_type = \(subjectType) AND subject_id = \(subjectId) ORDER BY id DESC LIMIT \(limit)"
        } else {
            "\(unescaped: select) ORDER BY id DESC LIMIT \(limit)"
        }
        return try await all(query) { row in
            let (id, at, actor, action, subjectType, subjectId, detail, requestId) = try row.decode((Int64, Date, String, String, String, String, String?, String?).self)
            return AuditEvent(id: id, at: at, actor: actor, action: action, subjectType: subjectType, subjectId: subjectId, detail: detail,
                              requestId: requestId)
        }
    }
}

extension PostgresStore: StoreStatusRepository {}
