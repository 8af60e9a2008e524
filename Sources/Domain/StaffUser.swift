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
    /// The labour-market region numbers whose residents a consultant may see (data minimisation). An admin
    /// sees every candidate whatever this says.
    public var regions: [Int]

    public init(id: Int64 = 0, username: String, passwordHash: String, role: StaffRole, createdAt: Date, regions: [Int] = []) {
        self.id = id
        self.regions = regions
        self.username = username
        self.passwordHash = passwordHash
        self.role = role
        self.createdAt = createdAt
    }
}
