import Foundation
import StorePostgres
#if canImport(Glibc)
import Glibc
#endif

/// The `matchpunt` executable built beside the tests, run as a real process: `serve` instances in the
/// background, CLI commands to completion. Spawned with posix_spawn and reaped with waitpid (as
/// `PostgresTools` does); output goes to a file that a failing test can show.
final class MatchpuntProcess: Sendable {
    let pid: pid_t
    let outputPath: String

    /// `.build/<triple>/debug/matchpunt`, found beside the test bundle (or under the repository's `.build`).
    static let executable: String? = {
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("matchpunt").path]
        for configuration in ["debug", "release"] {
            candidates.append(repositoryRoot.appendingPathComponent(".build/\(configuration)/matchpunt").path)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    private init(pid: pid_t, outputPath: String) {
        self.pid = pid
        self.outputPath = outputPath
    }

    /// Starts `matchpunt arguments…` with `environment` added to this process's.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> MatchpuntProcess {
        guard let executable else { throw ProcessFailure("matchpunt executable not built") }
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("matchpunt-process-\(UUID().uuidString).log").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        PostgresTools.closeInheritedDescriptors(&actions)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let env = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            env.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, env)
        guard spawned == 0 else { throw ProcessFailure("cannot start matchpunt: \(String(cString: strerror(spawned)))") }
        return MatchpuntProcess(pid: pid, outputPath: outputPath)
    }

    /// Runs a command to completion; returns its exit status and its output (stdout and stderr).
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        let process = try start(arguments, environment: environment)
        let status = await process.waitForExit()
        let output = process.output
        try? FileManager.default.removeItem(atPath: process.outputPath)
        return (status, output)
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// Waits for the process to end, off the cooperative pool.
    func waitForExit() async -> Int32 {
        let child = pid
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) == -1 && errno == EINTR {}
                // WIFEXITED / WEXITSTATUS by hand (they are C macros).
                continuation.resume(returning: (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
            }
        }
    }

    /// SIGTERM (serve shuts down gracefully), SIGKILL if it has not ended after `grace`; then reaped.
    @discardableResult
    func stop(grace: Duration = .seconds(20)) async -> Int32 {
        kill(pid, SIGTERM)
        let child = pid
        let killer = Task {
            try await Task.sleep(for: grace)
            kill(child, SIGKILL)
        }
        let status = await waitForExit()
        killer.cancel()
        try? FileManager.default.removeItem(atPath: outputPath)
        return status
    }

    /// A free TCP port on 127.0.0.1 (bound and released; the caller uses it right away).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProcessFailure("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw ProcessFailure("bind failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw ProcessFailure("getsockname failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
