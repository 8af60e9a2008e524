import Foundation

/// The failed logins of one key (an account or a client address): how many, and when the last one was.
public struct LoginFailures: Sendable, Equatable {
    public var failures: Int
    public var lastFailedAt: Date

    public init(failures: Int, lastFailedAt: Date) {
        self.failures = failures
        self.lastFailedAt = lastFailedAt
    }
}

/// Where the login back-off keeps its counts: in the database, so that every instance behind a load balancer
/// sees the same failures and an attacker does not get a fresh allowance per instance. The policy (how many
/// are free, how long a block lasts) stays with the caller (`LoginThrottle`); the store only counts.
public protocol LoginThrottleRepository: Sendable {
    /// Counts one failure for each key, atomically per key (two instances failing the same key at once both
    /// count), at most `cap`. A key whose last failure is before `forgetBefore` starts again at 1; keys
    /// forgotten that way are deleted, so the table stays bounded by the failures of one forgetting period.
    func recordLoginFailure(keys: [String], at: Date, forgetBefore: Date, cap: Int) async throws
    /// The counts of those keys whose last failure is at or after `forgetBefore`.
    func loginFailures(keys: [String], forgetBefore: Date) async throws -> [String: LoginFailures]
    /// Forgets a key (a successful login clears its account).
    func clearLoginFailures(key: String) async throws
}
