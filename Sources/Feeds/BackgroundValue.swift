import Foundation

/// A value computed on a thread of its own from the moment this is created, so that start-up work which needs
/// no answer yet (the reference data, the title mapper's tables) overlaps with work that does not depend on it
/// (opening the database, the feed's fetch). The thread is a plain one, not a Swift concurrency thread: the
/// work is seconds of CPU at most and must not hold one of the pool's (two on the production machine).
///
/// Read it from async code with ``value`` (suspends, blocks no thread) or, on a thread of one's own such as the
/// feed parser's, with ``wait()``.
public final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    // Guarded by `condition`: the outcome once the work has ended, and the tasks waiting for it until then.
    private let condition = NSCondition()
    private var outcome: Result<Value, any Error>?
    private var waiting: [CheckedContinuation<Value, any Error>] = []

    public init(_ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            let result = Result { try work() }
            condition.lock()
            outcome = result
            let continuations = waiting
            waiting = []
            condition.broadcast()
            condition.unlock()
            for continuation in continuations { continuation.resume(with: result) }
        }
        // The same stack as the parser's threads: the work may parse (TSV files) and recurse a little.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Blocks the calling thread until the work has ended. Never call it on a Swift concurrency thread.
    public func wait() throws -> Value {
        condition.lock()
        while outcome == nil { condition.wait() }
        let result = outcome!
        condition.unlock()
        return try result.get()
    }

    /// Suspends the calling task (no thread blocked) until the work has ended.
    public var value: Value {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                condition.lock()
                if let outcome {
                    condition.unlock()
                    continuation.resume(with: outcome)
                } else {
                    waiting.append(continuation)
                    condition.unlock()
                }
            }
        }
    }
}
