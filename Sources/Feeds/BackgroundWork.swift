import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CPU-heavy work that must not hold a Swift concurrency thread (the cooperative pool has one thread per core,
/// two on the production machine, and the requests need them): a thread of its own, at a lower scheduling
/// priority, so that when requests and the work both want the CPU the requests get most of it. On Linux the nice
/// value is per thread, and threads the work starts (the feed scanner) inherit it. The caller's task waits
/// without blocking a thread.
public enum BackgroundWork {
    /// The nice value of the work's thread: 10 gives it about a tenth of a core's share against a request thread
    /// at 0 when both are runnable, and the whole core when the requests leave it idle.
    public static let niceness: Int32 = 10

    /// - Parameter lowerPriority: false runs the work at the process's own priority: for a process that serves
    ///   no requests (`matchpunt import` from cron or by hand), whose priority is its caller's to set (`nice`).
    public static func run<T: Sendable>(lowerPriority lower: Bool = true, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                if lower { lowerPriority() }
                continuation.resume(with: Result { try work() })
            }
            // Deep JSON recursion in the parsers stays within 256 levels.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Lowers the calling thread's priority (best effort: a refusal leaves it as it was).
    static func lowerPriority() {
        #if os(Linux)
        // who = 0 is the calling thread under Linux/NPTL, not the whole process.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
    }
}
