import Foundation
import Testing
import TestSupport

/// The fixture HTTP server (`fixtures/feeds/server.py`) on 127.0.0.1 with an ephemeral port, run as a child
/// process for the duration of one test. It also exits by itself when our end of its stdin closes (so a test
/// process that dies leaves no server behind), and after 30 minutes at most.
final class FeedServer: Sendable {
    static let fixtures: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/feeds")

    let child: ChildProcess
    let port: Int

    private init(child: ChildProcess, port: Int) {
        self.child = child
        self.port = port
    }

    /// Starts the server and reads "PORT <n>" from its first line (at most 30 s).
    static func start(mounts: [String: String] = [:]) async throws -> FeedServer {
        var arguments = [fixtures.appendingPathComponent("server.py").path, "--max-seconds", "1800"]
        for (name, path) in mounts { arguments += ["--mount", "\(name)=\(path)"] }
        let child = try ChildProcess.start("python3", arguments, keepStdinOpen: true)
        guard let line = await child.waitForLine(startingWith: "PORT ", timeout: .seconds(30)), let port = Int(line.dropFirst(5)) else {
            await child.stop()
            defer { child.remove() }
            throw ServerError(message: "fixture server did not report its port within 30 s: \(child.output.suffix(2000))")
        }
        return FeedServer(child: child, port: port)
    }

    struct ServerError: Error { var message: String }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Closes the server's stdin (it exits on EOF), sends SIGTERM, and after 5 s SIGKILL; never waits unbounded.
    func stop() async {
        await child.stop()
        child.remove()
    }

    deinit { child.stopBlocking() }
}

/// Runs `body` with a fresh server and stops it afterwards, also when `body` throws.
func withFeedServer<T>(mounts: [String: String] = [:], _ body: (FeedServer) async throws -> T) async throws -> T {
    let server = try await FeedServer.start(mounts: mounts)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}

func offThread(_ work: @escaping @Sendable () -> Void) async {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { work(); continuation.resume() }
    }
}

/// A port nothing listens on: bound, then closed again.
func closedPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    let port = Int(UInt16(bigEndian: address.sin_port))
    close(fd)
    return port
}
