import Foundation
import Testing

/// The fixture HTTP server (`fixtures/feeds/server.py`) on 127.0.0.1 with an ephemeral port, run as a child
/// process for the duration of one test. It also exits by itself when our end of its stdin closes.
final class FeedServer: @unchecked Sendable {
    static let fixtures: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/feeds")

    let process = Process()
    let stdin = Pipe()
    let stdout = Pipe()
    let port: Int

    init(mounts: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", Self.fixtures.appendingPathComponent("server.py").path, "--max-seconds", "1800"]
        for (name, path) in mounts { arguments += ["--mount", "\(name)=\(path)"] }
        process.arguments = arguments
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Read "PORT <n>\n" with a deadline.
        let handle = stdout.fileHandleForReading
        let box = LineBox()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var line = [UInt8]()
            while true {
                let data = handle.readData(ofLength: 1)
                guard let byte = data.first else { break }
                if byte == 0x0A { break }
                line.append(byte)
            }
            box.set(String(decoding: line, as: UTF8.self))
            done.signal()
        }
        guard done.wait(timeout: .now() + 15) == .success, let line = box.get(), line.hasPrefix("PORT "),
              let port = Int(line.dropFirst(5)) else {
            process.terminate()
            throw ServerError(message: "fixture server did not report its port within 15 s")
        }
        self.port = port
    }

    struct ServerError: Error { var message: String }

    final class LineBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: String?
        func set(_ v: String) { lock.lock(); value = v; lock.unlock() }
        func get() -> String? { lock.lock(); defer { lock.unlock() }; return value }
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Closes the server's stdin (it exits on EOF), sends SIGTERM, and after 5 s SIGKILL; never waits unbounded.
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        try? stdin.fileHandleForWriting.close()
        let pid = process.processIdentifier
        if process.isRunning { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(pid, SIGKILL) }
    }

    private let lock = NSLock()
    private var stopped = false

    deinit { stop() }
}

/// Runs `body` with a fresh server and stops it afterwards, also when `body` throws. Starting and stopping
/// block (process start, reading the port, waiting for exit), so they run on their own thread rather than
/// tying up one of the few threads Swift concurrency has for the tests running in parallel.
func withFeedServer<T>(mounts: [String: String] = [:], _ body: (FeedServer) async throws -> T) async throws -> T {
    let server: FeedServer = try await offThread { try FeedServer(mounts: mounts) }
    do {
        let result = try await body(server)
        await offThread { server.stop() }
        return result
    } catch {
        await offThread { server.stop() }
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
