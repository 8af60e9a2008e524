import Domain
import Foundation
import Repositories

/// Group commit for the audit log. Every request awaits the commit of its own events before it answers, but
/// requests arriving while a transaction is being written wait for the *next* one and share it: under load
/// the number of SQLite commits grows with the write latency, not with the number of requests.
///
/// No timer: the first caller starts a flush at once; whoever arrives while it is waiting or writing joins
/// the following flush. With one caller at a time this is one transaction per call, as before.
actor AuditGroupCommit {
    let repository: any AuditRepository
    private var pending: [AuditEvent] = []
    /// The flush that will take `pending`; callers that arrive now await it.
    private var next: Task<Void, any Error>?
    /// The flush currently writing; the next one starts only after it, so batches stay in order.
    private var writing: Task<Void, any Error>?
    private(set) var transactions = 0

    init(repository: any AuditRepository) {
        self.repository = repository
    }

    func record(_ events: [AuditEvent]) async throws {
        guard !events.isEmpty else { return }
        pending.append(contentsOf: events)
        if let next {
            return try await next.value
        }
        let previous = writing
        let flush = Task {
            // An earlier batch's failure is reported to its own callers, not to this batch.
            _ = try? await previous?.value
            try await self.writePending()
        }
        next = flush
        try await flush.value
    }

    private func writePending() async throws {
        let batch = pending
        pending = []
        writing = next
        next = nil
        transactions += 1
        try await repository.record(batch)
    }
}
