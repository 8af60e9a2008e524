import Foundation

public enum StaffRole: String, Sendable, Codable, CaseIterable {
    case consultant
    case admin
}

/// A WSP staff member who logs in. The password is stored only as a bcrypt hash made by the caller.
public struct StaffUser: Sendable, Equatable, Codable {
    public var id: Int64
    public var username: String
    public var passwordHash: String
    public var role: StaffRole
    public var createdAt: Date

    public init(id: Int64 = 0, username: String, passwordHash: String, role: StaffRole, createdAt: Date) {
        self.id = id
        self.username = username
        self.passwordHash = passwordHash
        self.role = role
        self.createdAt = createdAt
    }
}
