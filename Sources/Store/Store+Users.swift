import Domain
import Foundation
import GRDB

extension MatchpuntStore {
    public func insert(_ user: StaffUser) async throws -> StaffUser {
        do {
            let id = try await pool.write { db in
                try db.execute(sql: "INSERT INTO user (username, passwordHash, role, createdAt, regions) VALUES (?, ?, ?, ?, ?)",
                               arguments: [user.username, user.passwordHash, user.role.rawValue, Timestamp.string(user.createdAt),
                                           Self.regionsText(user.regions)])
                return db.lastInsertedRowID
            }
            var saved = user
            saved.id = id
            return saved
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict("user \(user.username) already exists")
        }
    }

    public func user(username: String) async throws -> StaffUser? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user WHERE username = ?", arguments: [username]).map(Self.staffUser)
        }
    }

    public func user(id: Int64) async throws -> StaffUser? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ?", arguments: [id]).map(Self.staffUser)
        }
    }

    public func users() async throws -> [StaffUser] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY id").map(Self.staffUser) }
    }

    static func staffUser(_ row: Row) -> StaffUser {
        StaffUser(id: row["id"], username: row["username"], passwordHash: row["passwordHash"],
                  role: StaffRole(rawValue: row["role"]) ?? .consultant, createdAt: Timestamp.date(row["createdAt"]) ?? .distantPast,
                  regions: regions(row["regions"]))
    }

    /// Region numbers as a comma-separated list ("7,12"); an unreadable entry is dropped (it can only narrow access).
    static func regionsText(_ regions: [Int]) -> String {
        Set(regions).sorted().map(String.init).joined(separator: ",")
    }

    static func regions(_ text: String?) -> [Int] {
        (text ?? "").split(separator: ",").compactMap { Int($0) }
    }
}
