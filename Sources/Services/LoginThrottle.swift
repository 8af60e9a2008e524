import Foundation
import Repositories

/// Exponential back-off for failed logins, per account and per client address. After `freeFailures` failures
/// a key is blocked for `base · 2^(n − freeFailures)` seconds from its last failure, at most `maximum`.
/// Unknown accounts are counted like known ones, so the answers do not reveal which accounts exist.
///
/// The counts live in the database (``LoginThrottleRepository``), not in this process: instances behind a
/// load balancer share them, so alternating between instances gives an attacker no extra attempts, and a
/// restart does not forget them. A key is forgotten `forgetAfter` seconds after its last failure.
public struct LoginThrottle: Sendable {
    let store: any LoginThrottleRepository
    let freeFailures: Int
    let base: TimeInterval
    let maximum: TimeInterval
    let forgetAfter: TimeInterval
    /// Counts stop here: the wait reaches `maximum` long before, and the number stays small.
    static let failureCap = 64

    public init(store: any LoginThrottleRepository, freeFailures: Int = 3, base: TimeInterval = 1, maximum: TimeInterval = 900,
                forgetAfter: TimeInterval = 86_400) {
        self.store = store
        self.freeFailures = freeFailures
        self.base = base
        self.maximum = maximum
        // Never forget a key while it may still be blocked.
        self.forgetAfter = max(forgetAfter, maximum)
    }

    private static func keys(account: String, address: String) -> [String] {
        ["account:" + account.lowercased(), "address:" + address]
    }

    /// How long a key with `failures` failures stays blocked after its last one; nil while attempts are free.
    func blockDuration(failures: Int) -> TimeInterval? {
        let over = failures - freeFailures
        guard over >= 0 else { return nil }
        // 2^over grows past `maximum` quickly; cap the exponent so the arithmetic stays in range.
        return min(maximum, base * pow(2, Double(min(over, 30))))
    }

    /// Seconds to wait before another attempt is considered; nil when an attempt may be made now.
    public func retryAfter(account: String, address: String, now: Date) async throws -> TimeInterval? {
        let counts = try await store.loginFailures(keys: Self.keys(account: account, address: address),
                                                   forgetBefore: now.addingTimeInterval(-forgetAfter))
        let waits = counts.values.compactMap { entry in
            blockDuration(failures: entry.failures).map { entry.lastFailedAt.addingTimeInterval($0).timeIntervalSince(now) }
        }.filter { $0 > 0 }
        return waits.max()
    }

    public func failed(account: String, address: String, now: Date) async throws {
        try await store.recordLoginFailure(keys: Self.keys(account: account, address: address), at: now,
                                           forgetBefore: now.addingTimeInterval(-forgetAfter), cap: Self.failureCap)
    }

    /// A successful login clears its account; the address keeps its history (one address, many accounts).
    public func succeeded(account: String) async throws {
        try await store.clearLoginFailures(key: "account:" + account.lowercased())
    }
}
