import Foundation
import StorePostgres
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process for the tests: started with posix_spawn, its stdout and stderr written to a file, its exit
/// collected with waitpid on a thread of its own, and every wait bounded by a deadline.
///
/// Why not Foundation's `Process`: on Linux it sometimes misses a child's exit, and `waitUntilExit()` then
/// never returns. That hung a CI run for its whole 90 minutes with the output of a passing suite on screen.
/// `PostgresTools.run` in the product avoids `Process` for the same reason.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    /// Where the child's stdout and stderr go (removed by ``remove()``).
    public let outputPath: String
    /// Our end of the child's stdin when it was asked for; closing it tells a well-behaved child to exit.
    private let stdinWriter: Mutex<Int32?>
    private let exitStatus = ExitBox()

    private final class ExitBox: Sendable {
        let value = Mutex<Termination?>(nil)
    }

    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): "exit status \(status)"
            case .signaled(let signal): "terminated by signal \(signal)"
            }
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// The outcome of ``run(_:_:environment:directory:timeout:)``.
    public struct Outcome: Sendable {
        public var termination: Termination
        public var output: String
        public var exitedNormally: Bool { if case .exited = termination { true } else { false } }
        public var status: Int32 { if case .exited(let status) = termination { status } else { -1 } }
    }

    private init(pid: pid_t, outputPath: String, stdinWriter: Int32?) {
        self.pid = pid
        self.outputPath = outputPath
        self.stdinWriter = Mutex(stdinWriter)
        let child = pid
        let box = exitStatus
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(child, &status, 0) == -1 && errno == EINTR {}
            // WIFEXITED / WEXITSTATUS / WTERMSIG by hand (they are C macros).
            let termination: Termination = (status & 0x7f) == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
            box.value.withLock { $0 = termination }
        }
    }

    /// Starts `executable arguments…`. `environment` is added to this process's environment; `directory` is the
    /// working directory; with `keepStdinOpen` the child reads from a pipe we hold (see ``closeStdin()``),
    /// otherwise from /dev/null.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                             directory: String? = nil, keepStdinOpen: Bool = false) throws -> ChildProcess {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("matchpunt-child-\(UUID().uuidString).log").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeEnds: [Int32] = [-1, -1]
        if keepStdinOpen {
            guard pipe(&pipeEnds) == 0 else { throw Failure("pipe failed: \(String(cString: strerror(errno)))") }
            // Close-on-exec, so no other child inherits our end and keeps this child's stdin open (a child started
            // by another thread in between could still inherit it; stop() sends SIGTERM as well).
            _ = fcntl(pipeEnds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(pipeEnds[1], F_SETFD, FD_CLOEXEC)
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours: an inherited pipe end would keep some other child's reader waiting.
        PostgresTools.closeInheritedDescriptors(&actions)
        // A working directory through the shell: posix_spawn_file_actions_addchdir_np is not in every libc.
        var argumentList = [executable] + arguments
        var path = executable
        if let directory {
            path = "/bin/sh"
            argumentList = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory] + argumentList
        }
        let argv = argumentList.map { strdup($0) } + [nil]
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let env = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            env.forEach { free($0) }
        }
        var pid: pid_t = 0
        // posix_spawnp: a bare name such as "python3" is looked up on PATH.
        let spawned = posix_spawnp(&pid, path, &actions, nil, argv, env)
        if keepStdinOpen { close(pipeEnds[0]) }
        guard spawned == 0 else {
            if keepStdinOpen { close(pipeEnds[1]) }
            throw Failure("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        return ChildProcess(pid: pid, outputPath: outputPath, stdinWriter: keepStdinOpen ? pipeEnds[1] : nil)
    }

    /// Runs a command to its end (at most `timeout`, then it is killed) and returns how it ended and what it wrote.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           directory: String? = nil, timeout: Duration = .seconds(300)) async throws -> Outcome {
        let child = try start(executable, arguments, environment: environment, directory: directory)
        defer { child.remove() }
        guard let termination = await child.wait(timeout: timeout) else {
            await child.stop()
            throw Failure("\(executable) \(arguments.joined(separator: " ")) did not end within \(timeout); killed. Output: \(child.output.suffix(2000))")
        }
        return Outcome(termination: termination, output: child.output)
    }

    /// How the child ended, or nil while it runs.
    public var termination: Termination? { exitStatus.value.withLock { $0 } }
    public var isRunning: Bool { termination == nil }

    /// Everything the child has written so far.
    public var output: String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// Waits for the child to end, at most `timeout`; nil when it is still running then.
    public func wait(timeout: Duration) async -> Termination? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let termination { return termination }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return termination
    }

    /// Waits (at most `timeout`) until the child's output has a line starting with `prefix`; returns that line.
    public func waitForLine(startingWith prefix: String, timeout: Duration) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            // Only complete lines: the last piece may still be being written.
            let complete = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            if let line = complete.first(where: { $0.hasPrefix(prefix) }) { return String(line) }
            if !isRunning { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Closes our end of the child's stdin (a child that reads it to the end then exits).
    public func closeStdin() {
        stdinWriter.withLock { fd in
            if let descriptor = fd { close(descriptor) }
            fd = nil
        }
    }

    /// Ends the child: stdin closed, SIGTERM, and SIGKILL after `grace`; waits for its exit (bounded).
    public func stop(grace: Duration = .seconds(5)) async {
        closeStdin()
        guard isRunning else { return }
        kill(pid, SIGTERM)
        if await wait(timeout: grace) == nil {
            kill(pid, SIGKILL)
            _ = await wait(timeout: .seconds(10))
        }
    }

    /// The same as ``stop(grace:)`` for code that cannot await (a deinit); never waits unbounded.
    public func stopBlocking(grace: TimeInterval = 5) {
        closeStdin()
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning, Date() < deadline { usleep(20_000) }
        if isRunning { kill(pid, SIGKILL) }
    }

    /// Removes the output file.
    public func remove() {
        try? FileManager.default.removeItem(atPath: outputPath)
    }
}

/// The text of a PDF as `pdftotext -layout` reads it (poppler-utils, installed by scripts/setup.sh).
public func pdfText(_ pdf: [UInt8]) async throws -> String {
    guard let pdftotext = pdftotextPath else { throw ChildProcess.Failure("pdftotext is missing: scripts/setup.sh installs poppler-utils") }
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("matchpunt-pdf-\(UUID().uuidString).pdf")
    let text = file.deletingPathExtension().appendingPathExtension("txt")
    try Data(pdf).write(to: file)
    defer {
        try? FileManager.default.removeItem(at: file)
        try? FileManager.default.removeItem(at: text)
    }
    // The text to a file of its own, so a warning on stderr never mixes into it.
    let outcome = try await ChildProcess.run(pdftotext, ["-layout", file.path, text.path], timeout: .seconds(120))
    guard outcome.status == 0 else { throw ChildProcess.Failure("pdftotext ended with \(outcome.termination): \(outcome.output)") }
    return try String(contentsOf: text, encoding: .utf8)
}

/// pdftotext on this machine, or nil.
public let pdftotextPath: String? = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first(where: FileManager.default.isExecutableFile)
