import Foundation

/// When a feed is next due. Pure: the caller supplies the clock and the random source.
///
/// - A healthy feed runs every `interval`, shifted by up to ±`jitter` of it, so that feeds added together
///   do not all hit their servers in the same second.
/// - After `n` consecutive failures the wait doubles per failure (`interval × 2ⁿ`), capped at `maximumBackOff`,
///   so a broken source is asked less often and recovers by itself once it answers again.
public struct ImportSchedule: Sendable {
    public var jitter: Double
    public var maximumBackOff: TimeInterval

    public init(jitter: Double = 0.1, maximumBackOff: TimeInterval = 24 * 3600) {
        self.jitter = jitter
        self.maximumBackOff = maximumBackOff
    }

    /// Seconds to wait after a run, before the next one.
    public func delay(interval: TimeInterval, consecutiveFailures: Int, using random: inout some RandomNumberGenerator) -> TimeInterval {
        let base: TimeInterval
        if consecutiveFailures > 0 {
            let factor = pow(2.0, Double(min(consecutiveFailures, 20)))
            base = min(interval * factor, max(interval, maximumBackOff))
        } else {
            base = interval
        }
        let spread = base * jitter
        return max(1, base + Double.random(in: -spread...spread, using: &random))
    }

    /// The moment a feed is next due, given when its last run finished (nil: never ran, so due now).
    public func nextRun(after lastFinished: Date?, interval: TimeInterval, consecutiveFailures: Int,
                        using random: inout some RandomNumberGenerator) -> Date? {
        guard let lastFinished else { return nil }
        return lastFinished.addingTimeInterval(delay(interval: interval, consecutiveFailures: consecutiveFailures, using: &random))
    }
}
