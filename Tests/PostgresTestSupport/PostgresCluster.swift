import Foundation
import StorePostgres
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for the tests (a support library the product never links): `initdb` into a temporary folder (as the unprivileged user
/// `nobody` when the tests run as root, because initdb refuses root), a free port on 127.0.0.1, the socket in
/// the same folder, durability off (the data is thrown away). Started on first use, one per test process,
/// stopped and removed when the process exits. Each test gets a database of its own (``createDatabase()``),
/// dropped at its end.
public actor PostgresCluster {
    public static let shared = PostgresCluster()
    public static let user = "matchpunt"

    /// Why PostgreSQL tests cannot run here, or nil when they can.
    public static let unavailableReason: String? = {
        for tool in ["initdb", "pg_ctl", "createdb", "dropdb"] where PostgresTools.find(tool) == nil {
            return "PostgreSQL binaries not found (\(tool)): install Debian's postgresql (scripts/setup.sh does) to run the store tests against PostgreSQL"
        }
        return nil
    }()

    /// Started once: concurrent tests await the same start (the actor is re-entered at each await).
    private var starting: Task<Int, any Error>?
    private var counter = 0

    /// The folder and binaries of the running cluster, for the exit handler.
    private static let running = Mutex<(directory: String, pgCtl: String)?>(nil)

    public func start() async throws -> Int {
        if let starting { return try await starting.value }
        let task = Task { try await Self.startCluster() }
        starting = task
        return try await task.value
    }

    private static func startCluster() async throws -> Int {
        guard Self.unavailableReason == nil, let initdb = PostgresTools.find("initdb"), let pgCtl = PostgresTools.find("pg_ctl") else {
            throw ClusterError(Self.unavailableReason ?? "PostgreSQL binaries not found")
        }
        // scripts/test.sh names its run, so what it cleans up afterwards is this run's cluster and no other.
        let run = ProcessInfo.processInfo.environment["MATCHPUNT_TEST_RUN"].map { "\($0)-" } ?? ""
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("matchpunt-pg-\(run)\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // The unprivileged user must be able to create the data folder and the socket here.
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: directory)
        let port = try Self.freePort()
        try await Self.runAsUnprivileged(initdb, ["-D", "\(directory)/data", "-A", "trust", "-U", Self.user, "-E", "UTF8", "--no-sync", "--no-instructions"])
        let options = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        Self.running.withLock { $0 = (directory, pgCtl) }
        atexit { PostgresCluster.stopAtExit() }
        try await Self.runAsUnprivileged(pgCtl, ["-D", "\(directory)/data", "-o", options, "-l", "\(directory)/server.log", "-w", "-t", "60", "start"])
        return port
    }

    /// A fresh, empty database on the cluster.
    public func createDatabase() async throws -> PostgresLocation {
        let port = try await start()
        counter += 1
        let name = "matchpunt_test_\(getpid())_\(counter)"
        try await Self.run(PostgresTools.find("createdb")!, ["-h", "127.0.0.1", "-p", "\(port)", "-U", Self.user, name])
        return PostgresLocation(host: "127.0.0.1", port: port, username: Self.user, database: name)
    }

    /// Drops a test database, closing what still holds it.
    public func dropDatabase(_ location: PostgresLocation) async throws {
        try await Self.run(PostgresTools.find("dropdb")!, ["-h", "127.0.0.1", "-p", "\(location.port)", "-U", Self.user, "--force", location.database])
    }

    private static func run(_ tool: String, _ arguments: [String]) async throws {
        let (status, errors) = try await PostgresTools.run(tool, arguments: arguments)
        guard status == 0 else { throw ClusterError("\(tool) \(arguments.joined(separator: " ")) failed: \(errors)") }
    }

    private static func runAsUnprivileged(_ tool: String, _ arguments: [String]) async throws {
        if getuid() == 0 {
            try await run("/usr/sbin/runuser", ["-u", "nobody", "--", tool] + arguments)
        } else {
            try await run(tool, arguments)
        }
    }

    /// A port nobody listens on right now: bind port 0 and read what the kernel chose.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClusterError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ClusterError("could not find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Stops the cluster and removes its folder (registered with atexit when it starts). At exit no child
    /// process can be waited for reliably, so the server gets SIGQUIT (immediate shutdown) directly.
    private static func stopAtExit() {
        guard let cluster = running.withLock({ $0 }) else { return }
        let pidFile = "\(cluster.directory)/data/postmaster.pid"
        if let text = try? String(contentsOfFile: pidFile, encoding: .utf8), let line = text.split(separator: "\n").first,
           let pid = pid_t(line.trimmingCharacters(in: .whitespaces)) {
            kill(pid, SIGQUIT)
            for _ in 0..<50 where kill(pid, 0) == 0 { usleep(100_000) }
        }
        try? FileManager.default.removeItem(atPath: cluster.directory)
    }
}

public struct ClusterError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
