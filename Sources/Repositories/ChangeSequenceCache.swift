import Synchronization

/// Values derived from the database (counts, the management overview) kept for as long as the change log stands
/// still. Every write to the tables such a value reads appends to the change log in the same transaction, so
/// while the log's latest sequence number is unchanged, so is the value — in this process and in any other on
/// the same database (they all write the one log). A new sequence number drops every entry at once.
///
/// The caller reads the latest sequence **before** computing a value and stores the value under that number.
/// The value then reflects at least every change up to it; should it also reflect a later change, that change
/// is committed, the latest sequence has already moved past the stored one, and the entry is never served.
public final class ChangeSequenceCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var sequence: Int64 = -1
        var values: [Key: Value] = [:]
    }

    private let state = Mutex(State())
    /// Entries per sequence number; when full, the entries are dropped (keys are few: a year and a region set,
    /// a search's filters), which keeps memory bounded without bookkeeping.
    public let capacity: Int

    public init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    /// The value stored for `key` at exactly this sequence number, if any.
    public func value(for key: Key, at sequence: Int64) -> Value? {
        state.withLock { $0.sequence == sequence ? $0.values[key] : nil }
    }

    /// Keeps `value` for `key` at `sequence`. A value for an older sequence than the newest seen is not kept.
    public func store(_ value: Value, for key: Key, at sequence: Int64) {
        state.withLock { state in
            if sequence > state.sequence {
                state = State(sequence: sequence, values: [:])
            } else if sequence < state.sequence {
                return
            }
            if state.values.count >= capacity, state.values[key] == nil { state.values.removeAll(keepingCapacity: true) }
            state.values[key] = value
        }
    }

    /// The value for `key` at `sequence`, computed by `compute` when not stored yet (two concurrent misses may
    /// both compute; both results are equal).
    public func value(for key: Key, at sequence: Int64, compute: () async throws -> Value) async throws -> Value {
        if let known = value(for: key, at: sequence) { return known }
        let computed = try await compute()
        store(computed, for: key, at: sequence)
        return computed
    }
}

/// The counts of the change-logged tables (candidates, vacancies, open vacancies): every write to them appends to
/// the change log, so both stores keep them per log sequence number.
public struct ChangeLoggedCounts: Sendable {
    public var candidates: Int
    public var vacancies: Int
    public var openVacancies: Int

    public init(candidates: Int, vacancies: Int, openVacancies: Int) {
        self.candidates = candidates
        self.vacancies = vacancies
        self.openVacancies = openVacancies
    }
}

/// The caches each store keeps on its change log, in one place for both stores.
public final class ChangeLoggedCaches: Sendable {
    /// The counts of the change-logged tables, per log sequence number (one entry).
    public let counts = ChangeSequenceCache<String, ChangeLoggedCounts>(capacity: 1)
    /// Candidate search totals per search (filters, not page) and log sequence number.
    public let candidateTotals = ChangeSequenceCache<CandidateQuery, Int>()

    public init() {}
}
