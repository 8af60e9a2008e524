import Domain
import Foundation
import Repositories
import Synchronization

/// Whose token or session a request carries, remembered in memory so that a request does not read the database
/// for it (the token and session checks were two of the three reads of every API request).
///
/// **Correct across processes.** Every store change that ends or narrows an account's access — tokens revoked,
/// password changed (its sessions end), account removed, role or regions changed, a session ended — commits a
/// `user` row to the change log in the same transaction. The change is seen:
/// - at once on the instance that made it: ``StaffAccess`` drops the account's entries right after the write;
/// - on every other instance when its ``IndexFollower`` reads that row: each follow round (1 s by default,
///   `AppConfiguration.indexFollowInterval`, earlier on PostgreSQL's NOTIFY), the same bound as every other
///   cross-instance change (the matching index follows the same log);
/// - and in any case within ``maximumAge`` (60 s), should following stall (a database error): an entry older than
///   that is read again.
///
/// A lookup that read the database while an invalidation happened does not store its (possibly stale) answer:
/// each invalidation bumps a generation, and a store carries the generation seen before the read.
/// Token expiry is checked on every hit; a session hit needs its last-seen time to be within the touch interval
/// (then it is not idle and needs no write), otherwise the database path runs, touches and refreshes it.
public final class StaffAccessCache: Sendable {
    struct TokenEntry {
        var user: StaffUser
        var expiresAt: Date?
        var cachedAt: Date
    }

    struct SessionEntry {
        var session: StaffSession
        var user: StaffUser
        var cachedAt: Date
    }

    private struct State {
        var tokens: [String: TokenEntry] = [:]
        var sessions: [String: SessionEntry] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())
    /// The longest an answer is reused without reading the database again.
    public let maximumAge: TimeInterval
    /// Tokens and sessions each; a full cache drops an arbitrary entry for a new one.
    let capacity: Int

    public init(maximumAge: TimeInterval = 60, capacity: Int = 10_000) {
        self.maximumAge = maximumAge
        self.capacity = max(0, capacity)
    }

    /// The generation to hand back to ``storeToken(_:user:expiresAt:at:generation:)`` after a database read.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// The owner of a cached, unexpired token digest.
    func tokenOwner(_ digest: String, at now: Date) -> StaffUser? {
        state.withLock { state -> StaffUser? in
            guard let entry = state.tokens[digest] else { return nil }
            guard now.timeIntervalSince(entry.cachedAt) < maximumAge, entry.expiresAt.map({ now < $0 }) ?? true else {
                state.tokens.removeValue(forKey: digest)
                return nil
            }
            return entry.user
        }
    }

    func storeToken(_ digest: String, user: StaffUser, expiresAt: Date?, at now: Date, generation: UInt64) {
        guard capacity > 0 else { return }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.tokens.count >= capacity, state.tokens[digest] == nil, let any = state.tokens.keys.first { state.tokens.removeValue(forKey: any) }
            state.tokens[digest] = TokenEntry(user: user, expiresAt: expiresAt, cachedAt: now)
        }
    }

    /// A cached session and its user while it needs neither a touch nor an expiry check against the database.
    func session(_ digest: String, at now: Date, touchInterval: TimeInterval) -> (session: StaffSession, user: StaffUser)? {
        state.withLock { state -> (StaffSession, StaffUser)? in
            guard let entry = state.sessions[digest] else { return nil }
            guard now.timeIntervalSince(entry.cachedAt) < maximumAge, now < entry.session.expiresAt,
                  now.timeIntervalSince(entry.session.lastSeenAt) < touchInterval else {
                state.sessions.removeValue(forKey: digest)
                return nil
            }
            return (entry.session, entry.user)
        }
    }

    func storeSession(_ session: StaffSession, user: StaffUser, at now: Date, generation: UInt64) {
        guard capacity > 0 else { return }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.sessions.count >= capacity, state.sessions[session.idDigest] == nil, let any = state.sessions.keys.first {
                state.sessions.removeValue(forKey: any)
            }
            state.sessions[session.idDigest] = SessionEntry(session: session, user: user, cachedAt: now)
        }
    }

    /// Drops everything cached about these accounts (their access changed, here or in another process).
    public func invalidate(userIds: some Collection<Int64>) {
        guard !userIds.isEmpty else { return }
        let ids = Set(userIds)
        state.withLock { state in
            state.generation &+= 1
            state.tokens = state.tokens.filter { !ids.contains($0.value.user.id) }
            state.sessions = state.sessions.filter { !ids.contains($0.value.user.id) && !ids.contains($0.value.session.userId) }
        }
    }

    /// Drops one session (logout or expiry on this instance).
    func invalidate(sessionDigest: String) {
        state.withLock { state in
            state.generation &+= 1
            state.sessions.removeValue(forKey: sessionDigest)
        }
    }

    /// Entries held now (tests).
    public var count: (tokens: Int, sessions: Int) { state.withLock { ($0.tokens.count, $0.sessions.count) } }
}
