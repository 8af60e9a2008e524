import Matching
import Synchronization

/// Top-k results kept per (subject, query, index version), so that asking the same ranking again does no scoring.
///
/// Correctness comes from the key, not from expiry: an entry is only ever answered for the index version it was
/// computed from, and the index's version goes up with every change it applies (a candidate or vacancy saved or
/// removed through the change log, a rebuild for a new peildatum). A newer version empties the cache at once, so
/// a changed candidate or vacancy is scored again on the next request. Only the scoring is cached: the region rule
/// and the audit run on every request (``Rankings``).
final class RankingCache: Sendable {
    /// What a ranking depends on besides the index: the subject, k, the filter, explanations, and (vacancy →
    /// candidates) the regions the actor may see.
    struct Key: Hashable, Sendable {
        enum Subject: Hashable, Sendable {
            case candidate(String)
            case vacancy(Int64)
        }
        var subject: Subject
        var k: Int
        var filter: MatchQueryFilter
        var explain: Bool
        var regions: Set<Int>?
    }

    private struct State {
        var version: UInt64 = 0
        var entries: [Key: [MatchResult]] = [:]
    }

    private let state = Mutex(State())
    /// At most this many rankings are kept; a full cache drops an arbitrary entry for a new one. With explanations
    /// a ranking of 20 is a few kilobytes, so the default stays in the tens of megabytes.
    let capacity: Int

    init(capacity: Int = 4_096) {
        self.capacity = max(0, capacity)
    }

    /// The cached ranking for `key` at `version`, or `compute()`'s answer, kept for the next request. The
    /// computation runs outside the lock (concurrent misses of the same key may both compute; the answers agree).
    func results(for key: Key, version: UInt64, compute: () -> [MatchResult]) -> [MatchResult] {
        if let hit = state.withLock({ $0.version == version ? $0.entries[key] : nil }) { return hit }
        let fresh = compute()
        guard capacity > 0 else { return fresh }
        state.withLock { state in
            if version > state.version {
                state.version = version
                state.entries.removeAll(keepingCapacity: true)
            }
            // A query that read an older snapshot than the cache's answers for itself only.
            guard version == state.version else { return }
            if state.entries.count >= capacity, state.entries[key] == nil, let any = state.entries.keys.first {
                state.entries.removeValue(forKey: any)
            }
            state.entries[key] = fresh
        }
        return fresh
    }

    /// Entries held now (tests, metrics).
    var count: Int { state.withLock { $0.entries.count } }
}
