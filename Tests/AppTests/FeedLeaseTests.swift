import Domain
import Foundation
import Logging
import Services
import Store
import Synchronization
import Testing

/// A value several tasks share (Mutex itself cannot be captured by an escaping closure).
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { value.withLock { body(&$0) } }
}

@Suite struct FeedLeaseTests {
    func feedOnFile() async throws -> (path: String, feed: FeedDefinition, cleanup: () -> Void) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lease-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("l.sqlite").path
        let feed = try await MatchpuntStore(path: path).insert(FeedDefinition(
            name: "shared", url: "https://example.org/s.json", format: "jsonld", kind: .snapshot, intervalSeconds: 3600, region: "Drechtsteden",
            createdAt: Date()))
        return (path, feed, { try? FileManager.default.removeItem(at: directory) })
    }

    /// Two processes (two stores on one file, two holders) start the same feed: while the first runs, the
    /// second is refused and runs nothing; once the first has finished, the feed is free again.
    @Test func twoProcessesNeverRunOneFeedAtOnce() async throws {
        let (path, feed, cleanup) = try await feedOnFile()
        defer { cleanup() }
        let runs = Shared<[String]>([])
        let second = FeedImports(leases: try MatchpuntStore(path: path), holder: "process-2", logger: Logger(label: "test")) { _ in
            runs.withLock { $0.append("process-2") }
            return nil
        }
        let secondOutcome = Shared<FeedImports.Outcome?>(nil)
        let first = FeedImports(leases: try MatchpuntStore(path: path), holder: "process-1", logger: Logger(label: "test")) { feed in
            runs.withLock { $0.append("process-1 start") }
            // The second process tries while the first is inside its run.
            let outcome = try? await second.run(feed)
            secondOutcome.withLock { $0 = outcome }
            runs.withLock { $0.append("process-1 end") }
            return nil
        }
        guard case .ran = try await first.run(feed) else { Issue.record("the first run did not take the lease"); return }
        guard case .skippedLeaseHeld = secondOutcome.withLock({ $0 }) else { Issue.record("the second run was not refused"); return }
        #expect(runs.withLock { $0 } == ["process-1 start", "process-1 end"])
        // Released after the run: the second process may run it now.
        guard case .ran = try await second.run(feed) else { Issue.record("the lease was not released"); return }
        #expect(runs.withLock { $0 }.last == "process-2")
    }

    /// A holder killed mid-run never releases its lease; the feed is blocked only until the lease expires.
    @Test func aLeaseLeftByAKilledHolderExpires() async throws {
        let (path, feed, cleanup) = try await feedOnFile()
        defer { cleanup() }
        let t0 = Date(timeIntervalSince1970: 1_795_000_000)
        // The killed process's last act: it took the lease for two minutes.
        #expect(try await MatchpuntStore(path: path).acquireFeedLease(feedId: feed.id, holder: "killed", now: t0, expiresAt: t0 + 120))
        let clock = TestClock(t0 + 60)
        let ran = Shared(0)
        let survivor = FeedImports(leases: try MatchpuntStore(path: path), holder: "survivor", now: { clock.now }, logger: Logger(label: "test")) { _ in
            ran.withLock { $0 += 1 }
            return nil
        }
        guard case .skippedLeaseHeld = try await survivor.run(feed) else { Issue.record("ran while the lease was valid"); return }
        clock.set(t0 + 121)
        guard case .ran = try await survivor.run(feed) else { Issue.record("the expired lease was not taken over"); return }
        #expect(ran.withLock { $0 } == 1)
    }
}
