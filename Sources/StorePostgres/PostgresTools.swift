import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// PostgreSQL's command-line tools (`pg_dump`, `initdb`, `pg_ctl`): found on PATH or in Debian's
/// /usr/lib/postgresql/<version>/bin, newest version first.
public enum PostgresTools {
    public static func find(_ name: String) -> String? {
        var candidates: [String] = []
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >)
        candidates += versions.map { "/usr/lib/postgresql/\($0)/bin/\(name)" }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(directory)/\(name)")
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Adds "close every descriptor from 3 up" to a child's spawn actions (glibc's
    /// `posix_spawn_file_actions_addclosefrom_np`, glibc 2.34+, looked up at run time because Swift's Glibc module
    /// does not declare it; without it nothing is added). Add it last. Without it a child inherits every
    /// descriptor of ours that is not close-on-exec: a long-lived child (the PostgreSQL server that `pg_ctl start`
    /// leaves running) then holds the write end of some other child's output pipe, and whoever reads that pipe
    /// to its end waits for ever.
    public static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = closeFromSymbol else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }

    private nonisolated(unsafe) static let closeFromSymbol: UnsafeMutableRawPointer? =
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")

    /// Runs a tool to completion without blocking the cooperative pool; returns its exit status and its stderr.
    /// Spawned with posix_spawn and reaped with waitpid on a thread of its own: Foundation's Process missed the
    /// exit of `runuser` (left a zombie, never called back). Stderr goes to a temporary file, not a pipe:
    /// `pg_ctl start` leaves the server running with its descriptors inherited.
    public static func run(_ executable: String, arguments: [String], environment: [String: String]? = nil) async throws -> (Int32, String) {
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("matchpunt-tool-\(UUID().uuidString).err").path
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        closeInheritedDescriptors(&actions)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            env.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, env)
        guard spawned == 0 else { throw StoreError.cannotOpen(path: executable, reason: "cannot start: \(String(cString: strerror(spawned)))") }
        let child = pid
        let status: Int32 = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) == -1 && errno == EINTR {}
                // WIFEXITED / WEXITSTATUS by hand (they are C macros).
                continuation.resume(returning: (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
            }
        }
        let text = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        return (status, text)
    }
}
