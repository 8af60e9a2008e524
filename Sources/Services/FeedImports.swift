import Domain
import Feeds
import Foundation
import Logging
import Metrics
import Repositories

/// One import run of one feed, at most one per feed across every process: the run takes the feed's lease in
/// the database first, renews it while running, and gives it back after. A process that dies mid-run blocks
/// the feed only until its lease expires.
public struct FeedImports: Sendable {
    public enum Outcome: Sendable {
        case ran(ImportRun?)
        /// Another process holds the feed's lease: nothing was done.
        case skippedLeaseHeld
    }

    let leases: any FeedLeaseRepository
    let runFeed: @Sendable (FeedDefinition) async -> ImportRun?
    let holder: String
    let leaseDuration: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    /// - Parameters:
    ///   - holder: names this process in the lease row (host and pid by default), for an operator reading it.
    ///   - leaseDuration: how long a lease lasts without renewal; the run renews it at a third of this.
    public init(leases: any FeedLeaseRepository, holder: String = FeedImports.defaultHolder(), leaseDuration: Duration = .seconds(120),
                now: @escaping @Sendable () -> Date = { Date() }, logger: Logger,
                runFeed: @escaping @Sendable (FeedDefinition) async -> ImportRun?) {
        self.leases = leases
        self.holder = holder
        self.leaseDuration = leaseDuration
        self.now = now
        self.logger = logger
        self.runFeed = runFeed
    }

    /// The importer's run, under the lease.
    public init(leases: any FeedLeaseRepository, importer: FeedImporter, today: @escaping @Sendable () -> CalendarDate, logger: Logger) {
        self.init(leases: leases, logger: logger) { feed in await importer.run(feed, today: today()) }
    }

    public static func defaultHolder() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
    }

    public func run(_ feed: FeedDefinition) async throws -> Outcome {
        let seconds = TimeInterval(leaseDuration.components.seconds)
        guard try await leases.acquireFeedLease(feedId: feed.id, holder: holder, now: now(), expiresAt: now().addingTimeInterval(seconds)) else {
            logger.info("feed run skipped: another process holds its lease", metadata: ["feed": "\(feed.name)"])
            Counter(label: "matchpunt_import_runs_total", dimensions: [("status", "skipped")]).increment()
            return .skippedLeaseHeld
        }
        let started = ContinuousClock.now
        // Renew while the run lasts, so a long import keeps the feed and a dead process loses it.
        let renewal = Task { [leases, holder, now, feed] in
            while !Task.isCancelled {
                try? await Task.sleep(for: leaseDuration / 3)
                if Task.isCancelled { break }
                _ = try? await leases.acquireFeedLease(feedId: feed.id, holder: holder, now: now(), expiresAt: now().addingTimeInterval(seconds))
            }
        }
        let run = await runFeed(feed)
        renewal.cancel()
        _ = await renewal.result
        do {
            try await leases.releaseFeedLease(feedId: feed.id, holder: holder)
        } catch {
            logger.warning("feed lease not released; it expires by itself", metadata: ["feed": "\(feed.name)", "error": "\(error)"])
        }
        Counter(label: "matchpunt_import_runs_total", dimensions: [("status", run?.status.rawValue ?? "unrecorded")]).increment()
        Metrics.Timer(label: "matchpunt_import_run_seconds", preferredDisplayUnit: .seconds)
            .recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        return .ran(run)
    }
}
