import Foundation

/// At most `limit` bcrypt checks at once, with a bounded queue behind them. A burst of guesses then waits
/// (or is turned away) instead of occupying every core, so a real login still gets its turn and the rest of
/// the server keeps answering.
actor BcryptGate {
    let limit: Int
    let maximumWaiting: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int = 2, maximumWaiting: Int = 64) {
        self.limit = limit
        self.maximumWaiting = maximumWaiting
    }

    /// Runs `work` when a slot is free; nil when the queue is full (the caller answers 429).
    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async rethrows -> T? {
        if running >= limit {
            guard waiting.count < maximumWaiting else { return nil }
            await withCheckedContinuation { waiting.append($0) }
        } else {
            running += 1
        }
        defer {
            // Hand the slot straight to the next waiter (running stays the same) or free it.
            if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
        }
        return try await work()
    }
}
