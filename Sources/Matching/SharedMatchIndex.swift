import Synchronization

/// The index as the app holds it: the store's change handlers write through ``update(_:)`` while request
/// handlers query a ``snapshot``. A snapshot is a copy of the value (arrays are shared until the next write),
/// so a long batch never blocks a write and never sees half an update.
public final class SharedMatchIndex: Sendable {
    private let state: Mutex<MatchIndex>

    public init(_ index: MatchIndex) {
        state = Mutex(index)
    }

    /// Applies a change (upsert, remove, rebuild, a new peildatum) atomically.
    public func update(_ change: (inout MatchIndex) -> Void) {
        state.withLock { change(&$0) }
    }

    /// The index as it is now, to query without holding the lock.
    public var snapshot: MatchIndex {
        state.withLock { $0 }
    }
}
