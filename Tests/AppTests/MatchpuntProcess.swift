import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The `matchpunt` executable built beside the tests, run as a real process: `serve` instances in the
/// background, CLI commands to completion. Spawned with posix_spawn and reaped with waitpid (as
/// `PostgresTools` does); output goes to a file that a failing test can show.
final class MatchpuntProcess: Sendable {
    let child: ChildProcess
    var pid: pid_t { child.pid }
    var outputPath: String { child.outputPath }

    /// `.build/<triple>/debug/matchpunt`, found beside the test bundle (or under the repository's `.build`).
    static let executable: String? = {
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("matchpunt").path]
        for configuration in ["debug", "release"] {
            candidates.append(repositoryRoot.appendingPathComponent(".build/\(configuration)/matchpunt").path)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    private init(child: ChildProcess) {
        self.child = child
    }

    /// Starts `matchpunt arguments…` with `environment` added to this process's.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> MatchpuntProcess {
        guard let executable else { throw ProcessFailure("matchpunt executable not built") }
        return MatchpuntProcess(child: try ChildProcess.start(executable, arguments, environment: environment))
    }

    /// Runs a command to completion (at most `timeout`); returns its exit status and its output (stdout and stderr).
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(300)) async throws -> (status: Int32, output: String) {
        guard let executable else { throw ProcessFailure("matchpunt executable not built") }
        let outcome = try await ChildProcess.run(executable, arguments, environment: environment, timeout: timeout)
        return (Self.code(outcome.termination), outcome.output)
    }

    var output: String { child.output }

    /// The exit status, or 128 + the signal number as a shell reports it.
    static func code(_ termination: ChildProcess.Termination) -> Int32 {
        switch termination {
        case .exited(let status): status
        case .signaled(let signal): 128 + signal
        }
    }

    /// SIGTERM (serve shuts down gracefully), SIGKILL if it has not ended after `grace`; then reaped.
    @discardableResult
    func stop(grace: Duration = .seconds(20)) async -> Int32 {
        kill(pid, SIGTERM)
        var termination = await child.wait(timeout: grace)
        if termination == nil {
            kill(pid, SIGKILL)
            termination = await child.wait(timeout: .seconds(30))
        }
        child.remove()
        return termination.map(Self.code) ?? -1
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
