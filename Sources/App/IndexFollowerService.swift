import Logging
import ServiceLifecycle
import Services
import Synchronization

/// Runs the index follower beside the HTTP server in `matchpunt serve`: a poll of the change log every
/// second, so imports by cron, the CLI or another server reach this process's matching index. On PostgreSQL
/// a NOTIFY from a committing writer also wakes it early; the poll stays, so a lost notification only waits
/// for the next round.
struct IndexFollowerService: Service {
    let follower: IndexFollower
    let interval: Duration
    var wakeUps: (@Sendable () -> AsyncStream<Void>)? = nil
    var logger = Logger(label: "matchpunt.follower")

    func run() async throws {
        guard let wakeUps else {
            await cancelWhenGracefulShutdown {
                await follower.follow(every: interval)
            }
            return
        }
        let doorbell = Doorbell()
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in wakeUps() { doorbell.ring() }
                }
                group.addTask {
                    // One loop applies the log, so rounds never overlap; a ring only shortens the wait.
                    while !Task.isCancelled {
                        do {
                            try await follower.catchUp()
                        } catch is CancellationError {
                            break
                        } catch {
                            logger.warning("matching index could not follow the change log; retrying", metadata: ["error": "\(error)"])
                        }
                        await doorbell.wait(upTo: interval)
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
    }
}

/// A wake-up that can be rung before anyone waits (it is remembered once) and a wait that ends at a ring, at
/// the time-out, or when the task is cancelled.
final class Doorbell: Sendable {
    private let state = Mutex<(rung: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.rung = true
            return nil
        }
        waiter?.resume()
    }

    func wait(upTo timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.nextRing() }
            await group.next()
            group.cancelAll()
        }
        // Whichever ended the wait, a waiter left behind by the cancelled child is released.
        release()
    }

    private func nextRing() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    // Checked under the lock that the cancellation handler takes too: either it already ran
                    // (then the flag is set) or it will find this waiter and release it.
                    if Task.isCancelled { return true }
                    if state.rung {
                        state.rung = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            release()
        }
    }

    private func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
