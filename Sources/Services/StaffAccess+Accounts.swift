import Domain
import Foundation
import Repositories

extension StaffAccessError {
    /// Account names are what people type at the login form: keep them plain.
    public static func usernameProblems(_ username: String) -> [String] {
        guard (2...64).contains(username.count),
              username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }) else {
            return ["gebruikersnaam moet 2 tot 64 letters, cijfers, punten, - of _ zijn"]
        }
        return []
    }
}

/// Adding and listing accounts, for the admin pages (the CLI's `users add` / `users list` do the same
/// through the store at start-up time, before any server runs).
extension StaffAccess {
    public enum AddUserError: Error, Equatable {
        case exists(String)
    }

    /// Every account, by name. Password hashes stay in the value; pages show name, role and regions only.
    public func accounts() async throws -> [StaffUser] {
        try await users.users().sorted { $0.username < $1.username }
    }

    /// Stores a new account with an already hashed password; audited with its role and regions.
    public func addUser(username: String, passwordHash: String, role: StaffRole, regions: [Int], by actor: AuditActor) async throws -> StaffUser {
        guard try await users.user(username: username) == nil else { throw AddUserError.exists(username) }
        let user = try await users.insert(StaffUser(username: username, passwordHash: passwordHash, role: role, createdAt: now(),
                                                    regions: Array(Set(regions)).sorted()))
        try await audit.record(.userAdded, by: actor, subjectType: "user", subjectId: String(user.id),
                               detail: "\(role.rawValue)" + (regions.isEmpty ? "" : ", regio's \(Array(Set(regions)).sorted().map(String.init).joined(separator: ","))"))
        return user
    }
}
