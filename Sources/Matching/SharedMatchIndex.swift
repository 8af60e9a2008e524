import Synchronization

/// The index as the app holds it: the store's change handlers write through ``update(_:)`` while request
/// handlers query a ``snapshot``. A snapshot is a copy of the value (arrays are shared until the next write),
/// so a long batch never blocks a write and never sees half an update.
public final class SharedMatchIndex: Sendable {
    /// What readers see; held only to copy the value out or to swap a new one in.
    private let state: Mutex<(index: MatchIndex, version: UInt64)>
    /// Serialises writers. A change is made on a private copy outside `state`, so a request asking for a snapshot
    /// never waits for one (a follow round of 10,000 vacancies computes their features and copies the arrays
    /// that snapshots still share: tens of milliseconds to seconds on a loaded machine).
    private let writer = Mutex(())

    public init(_ index: MatchIndex) {
        state = Mutex((index, 0))
    }

    /// Applies a change (upsert, remove, rebuild, a new peildatum) atomically; the version goes up by one.
    public func update(_ change: (inout MatchIndex) -> Void) {
        writer.withLock { _ in
            var working = state.withLock { $0.index }
            change(&working)
            state.withLock { state in
                state.index = working
                state.version &+= 1
            }
        }
    }

    /// The index as it is now, to query without holding the lock.
    public var snapshot: MatchIndex {
        state.withLock { $0.index }
    }

    /// The index with its version: two snapshots with the same version answer every query alike, so a result
    /// computed from one may be reused for the other (the ranking cache keys on it).
    public var versionedSnapshot: (index: MatchIndex, version: UInt64) {
        state.withLock { ($0.index, $0.version) }
    }

    /// How many updates the index has seen since it was made.
    public var version: UInt64 {
        state.withLock { $0.version }
    }
}
