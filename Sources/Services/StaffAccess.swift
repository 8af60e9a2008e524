import Crypto
import Domain
import Foundation
import Logging
import Repositories

/// How long a browser session lives: `absolute` from login whatever happens, `idle` since the last request.
public struct SessionPolicy: Sendable {
    public var absolute: TimeInterval
    public var idle: TimeInterval
    /// The last-seen time is written at most this often, so a busy session does not cost a write per request.
    public var touchInterval: TimeInterval

    public init(absolute: TimeInterval = 8 * 3600, idle: TimeInterval = 30 * 60, touchInterval: TimeInterval = 60) {
        self.absolute = absolute
        self.idle = idle
        self.touchInterval = touchInterval
    }
}

public enum StaffAccessError: Error, Equatable, CustomStringConvertible {
    case unknownUser(String)
    case invalidExpiry(Int)

    public var description: String {
        switch self {
        case .unknownUser(let name): "no staff account named \(name)"
        case .invalidExpiry(let days): "token expiry must be 1 to 3650 days, got \(days)"
        }
    }
}

/// Tokens, sessions and account changes. Secrets (tokens, session cookies) are random 256-bit values shown
/// once; only their SHA-256 is stored, so checking one costs a hash and an indexed read, not a bcrypt.
/// Password hashing itself stays with the caller (the App owns bcrypt), which hands in the hash.
public struct StaffAccess: Sendable {
    static let logger = Logger(label: "matchpunt.access")
    let users: any UserRepository & StaffAccessRepository
    let audit: AuditLog
    public let sessionPolicy: SessionPolicy
    let now: @Sendable () -> Date
    /// Answers token and session checks from memory; nil: every check reads the database (the CLI).
    public let cache: StaffAccessCache?

    public init(users: any UserRepository & StaffAccessRepository, audit: AuditLog, sessionPolicy: SessionPolicy = SessionPolicy(),
                cache: StaffAccessCache? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.users = users
        self.audit = audit
        self.sessionPolicy = sessionPolicy
        self.cache = cache
        self.now = now
    }

    /// SHA-256 as lowercase hex. (Runs on every request: hex by table, not by a format string per byte.)
    public static func digest(_ secret: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        let hash = SHA256.hash(data: Array(secret.utf8))
        return String(unsafeUninitializedCapacity: 2 * SHA256.byteCount) { buffer in
            var position = 0
            for byte in hash {
                buffer[position] = hex[Int(byte >> 4)]
                buffer[position + 1] = hex[Int(byte & 0x0f)]
                position += 2
            }
            return position
        }
    }

    /// 32 random bytes from the system's cryptographic generator, as URL-safe base64 without padding.
    public static func newSecret(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    // MARK: API tokens

    /// Makes a token for the user and returns it: the only time it is ever seen.
    public func createToken(username: String, expiresInDays: Int?, by actor: AuditActor) async throws -> String {
        guard let user = try await users.user(username: username) else { throw StaffAccessError.unknownUser(username) }
        if let days = expiresInDays, !(1...3650).contains(days) { throw StaffAccessError.invalidExpiry(days) }
        let token = Self.newSecret(prefix: "mp_")
        let created = now()
        let expires = expiresInDays.map { created.addingTimeInterval(TimeInterval($0) * 86_400) }
        let record = try await users.insertToken(APITokenRecord(userId: user.id, digest: Self.digest(token), createdAt: created, expiresAt: expires))
        try await audit.record(.tokenCreated, by: actor, subjectType: "user", subjectId: String(user.id),
                               detail: "token \(record.id)" + (expiresInDays.map { ", \($0) dagen geldig" } ?? ", zonder vervaldatum"))
        return token
    }

    public func revokeTokens(username: String, by actor: AuditActor) async throws -> Int {
        guard let user = try await users.user(username: username) else { throw StaffAccessError.unknownUser(username) }
        let count = try await users.revokeTokens(userId: user.id)
        cache?.invalidate(userIds: [user.id])
        try await audit.record(.tokensRevoked, by: actor, subjectType: "user", subjectId: String(user.id), detail: "\(count) token(s)")
        return count
    }

    /// The owner of a valid bearer token.
    public func user(bearer token: String) async throws -> StaffUser? {
        // Bound the input before hashing: a token is ~46 characters.
        guard !token.isEmpty, token.utf8.count <= 200 else { return nil }
        let digest = Self.digest(token), at = now()
        guard let cache else { return try await users.user(tokenDigest: digest, now: at) }
        if let user = cache.tokenOwner(digest, at: at) { return user }
        let generation = cache.generation
        guard let (user, expiresAt) = try await users.tokenOwner(digest: digest, now: at) else { return nil }
        cache.storeToken(digest, user: user, expiresAt: expiresAt, at: at, generation: generation)
        return user
    }

    // MARK: Sessions

    /// A new session for a user who just proved their password; returns the cookie value and the session.
    public func startSession(for user: StaffUser) async throws -> (cookie: String, session: StaffSession) {
        let cookie = Self.newSecret()
        let at = now()
        let session = StaffSession(idDigest: Self.digest(cookie), userId: user.id, csrfToken: Self.newSecret(), createdAt: at, lastSeenAt: at,
                                   expiresAt: at.addingTimeInterval(sessionPolicy.absolute))
        try await users.insertSession(session)
        return (cookie, session)
    }

    /// The live session behind a cookie value and its user; an expired (absolute or idle) session is deleted.
    public func session(cookie: String) async throws -> (session: StaffSession, user: StaffUser)? {
        guard !cookie.isEmpty, cookie.utf8.count <= 200 else { return nil }
        let digest = Self.digest(cookie)
        let at = now()
        // A hit is a session seen within the touch interval (shorter than the idle limit): live, and no write due.
        let touchInterval = min(sessionPolicy.touchInterval, sessionPolicy.idle)
        if let hit = cache?.session(digest, at: at, touchInterval: touchInterval) { return hit }
        let generation = cache?.generation
        guard var session = try await users.session(idDigest: digest) else { return nil }
        guard at < session.expiresAt, at.timeIntervalSince(session.lastSeenAt) < sessionPolicy.idle else {
            try await users.removeSession(idDigest: digest)
            cache?.invalidate(sessionDigest: digest)
            return nil
        }
        // Removed users take their sessions with them (cascade); this read is the belt to those braces.
        guard let user = try await users.user(id: session.userId) else { return nil }
        let sinceSeen = at.timeIntervalSince(session.lastSeenAt)
        if sinceSeen >= sessionPolicy.touchInterval {
            if sinceSeen < sessionPolicy.idle / 2 {
                // Far from the idle limit the answer does not wait for the write: on SQLite it queues behind a feed
                // run's store transaction (one writer), which held every request of the session for up to its
                // length each minute. Should it fail, a later request writes it; from half the idle time on, the
                // request waits for it, so a session cannot lapse for want of a touch.
                Task { [users] in
                    do { try await users.touchSession(idDigest: digest, at: at) } catch {
                        Self.logger.warning("session last-seen time not written", metadata: ["reason": "\(error)"])
                    }
                }
            } else {
                try await users.touchSession(idDigest: digest, at: at)
            }
            session.lastSeenAt = at
        }
        if let cache, let generation { cache.storeSession(session, user: user, at: at, generation: generation) }
        return (session, user)
    }

    public func endSession(cookie: String) async throws {
        guard !cookie.isEmpty, cookie.utf8.count <= 200 else { return }
        let digest = Self.digest(cookie)
        try await users.removeSession(idDigest: digest)
        cache?.invalidate(sessionDigest: digest)
    }

    // MARK: Accounts

    /// Stores a new password hash; every session of the account ends.
    public func changePassword(username: String, passwordHash: String, by actor: AuditActor) async throws {
        guard let user = try await users.user(username: username) else { throw StaffAccessError.unknownUser(username) }
        try await users.updatePassword(userId: user.id, passwordHash: passwordHash)
        cache?.invalidate(userIds: [user.id])
        try await audit.record(.passwordChanged, by: actor, subjectType: "user", subjectId: String(user.id))
    }

    /// Removes the account with its sessions and tokens.
    public func removeUser(username: String, by actor: AuditActor) async throws {
        guard let user = try await users.user(username: username) else { throw StaffAccessError.unknownUser(username) }
        _ = try await users.removeUser(username: username)
        cache?.invalidate(userIds: [user.id])
        try await audit.record(.userRemoved, by: actor, subjectType: "user", subjectId: String(user.id))
    }

    /// Changes an account's role. Refused for the actor's own account and for the last admin, so that no change
    /// here can leave the system without an admin.
    public func setRole(username: String, role: StaffRole, by actor: AuditActor) async throws {
        guard let user = try await users.user(username: username) else { throw StaffAccessError.unknownUser(username) }
        guard user.role != role else { return }
        if user.role == .admin {
            guard user.username.lowercased() != actor.name.lowercased() else { throw RoleChangeError.ownAccount }
            guard try await users.users().contains(where: { $0.role == .admin && $0.id != user.id }) else { throw RoleChangeError.lastAdmin }
        }
        try await users.setRole(userId: user.id, role: role)
        cache?.invalidate(userIds: [user.id])
        try await audit.record(.userRoleChanged, by: actor, subjectType: "user", subjectId: String(user.id), detail: role.rawValue)
    }

    public enum RoleChangeError: Error, Equatable {
        case ownAccount
        case lastAdmin
    }

    public func setRegions(username: String, regions: [Int], by actor: AuditActor) async throws {
        guard let user = try await users.user(username: username) else { throw StaffAccessError.unknownUser(username) }
        try await users.setRegions(userId: user.id, regions: regions)
        cache?.invalidate(userIds: [user.id])
        try await audit.record(.userRegionsChanged, by: actor, subjectType: "user", subjectId: String(user.id),
                               detail: Set(regions).sorted().map(String.init).joined(separator: ","))
    }
}
