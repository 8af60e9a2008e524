import Domain
import Feeds
import Foundation
import Logging
import Repositories
import ServiceLifecycle

/// Runs every feed on its own schedule inside `matchpunt serve`: interval with jitter, exponential back-off
/// after failures, never two runs of one feed at once. Stops cleanly on graceful shutdown: no new run starts,
/// and a run in flight is cancelled before its single write transaction (so it leaves no partial state).
public struct FeedScheduler: Service {
    public typealias FeedRunner = @Sendable (FeedDefinition) async -> ImportRun?

    let store: any FeedRepository
    let runFeed: FeedRunner
    let schedule: ImportSchedule
    let tick: Duration
    let logger: Logger

    public init(store: any FeedRepository, schedule: ImportSchedule = ImportSchedule(), tick: Duration = .seconds(5),
                logger: Logger, runFeed: @escaping FeedRunner) {
        self.store = store
        self.schedule = schedule
        self.tick = tick
        self.logger = logger
        self.runFeed = runFeed
    }

    public func run() async throws {
        let state = SchedulerState()
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    while !Task.isCancelled {
                        for feed in try await due(state: state) {
                            group.addTask {
                                let run = await runFeed(feed)
                                let failures = try? await store.feed(id: feed.id)?.consecutiveFailures
                                state.finished(feed: feed.id, at: Date(), failures: failures,
                                               interval: TimeInterval(feed.intervalSeconds), schedule: schedule)
                                if let run {
                                    logger.info("feed import finished", metadata: [
                                        "feed": "\(feed.name)", "status": "\(run.status.rawValue)", "new": "\(run.counts.new)",
                                        "updated": "\(run.counts.updated)", "closed": "\(run.counts.closed)", "quarantined": "\(run.counts.quarantined)",
                                    ])
                                }
                            }
                        }
                        try await Task.sleep(for: tick)
                    }
                    group.cancelAll()
                }
            }
        } catch is CancellationError {
            // Graceful shutdown cancels the loop and any run in flight: a normal end, not a failure.
        }
        logger.info("feed scheduler stopped")
    }

    /// Feeds due now that are not running; marks them running.
    private func due(state: SchedulerState) async throws -> [FeedDefinition] {
        let feeds = try await store.feeds()
        let now = Date()
        var due: [FeedDefinition] = []
        for feed in feeds {
            // Read before the claim (which holds a lock): the last run matters only at first sight of the feed.
            let lastFinished = state.needsHistory(feed: feed.id) ? try? await store.importRuns(feedId: feed.id, limit: 1).first?.finishedAt : nil
            if state.claim(feed: feed.id, now: now, lastFinished: { lastFinished },
                           interval: TimeInterval(feed.intervalSeconds), failures: feed.consecutiveFailures, schedule: schedule) {
                due.append(feed)
            }
        }
        return due
    }
}

/// Which feeds are running and when each is next due. Guarded by a lock: the loop and finishing runs touch it.
final class SchedulerState: @unchecked Sendable {
    private let lock = NSLock()
    private var running: Set<Int64> = []
    private var nextDue: [Int64: Date] = [:]
    private var random = SystemRandomNumberGenerator()

    func needsHistory(feed: Int64) -> Bool {
        lock.withLock { nextDue[feed] == nil }
    }

    func claim(feed: Int64, now: Date, lastFinished: () -> Date??, interval: TimeInterval, failures: Int, schedule: ImportSchedule) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !running.contains(feed) else { return false }
        if nextDue[feed] == nil {
            // First sight of this feed (start-up or newly added): continue from its last recorded run.
            let last = lastFinished() ?? nil
            nextDue[feed] = schedule.nextRun(after: last, interval: interval, consecutiveFailures: failures, using: &random) ?? now
        }
        guard let due = nextDue[feed], due <= now else { return false }
        running.insert(feed)
        return true
    }

    func finished(feed: Int64, at date: Date, failures: Int?, interval: TimeInterval, schedule: ImportSchedule) {
        lock.withLock {
            running.remove(feed)
            nextDue[feed] = date.addingTimeInterval(schedule.delay(interval: interval, consecutiveFailures: failures ?? 0, using: &random))
        }
    }
}
