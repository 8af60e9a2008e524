import Logging
import ServiceLifecycle
import Services

/// Runs the index follower beside the HTTP server in `matchpunt serve`: a poll of the change log every
/// second, so imports by cron, the CLI or another server reach this process's matching index.
struct IndexFollowerService: Service {
    let follower: IndexFollower
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await follower.follow(every: interval)
        }
    }
}
