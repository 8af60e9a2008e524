import Domain
import Foundation
import Logging
import PostgresNIO
import Repositories

/// Matchpunt's repositories on a shared PostgreSQL database, for several `serve` instances behind a load
/// balancer. It behaves as the SQLite store does (same transactions, change log, leases, audit rule); where
/// PostgreSQL differs (several concurrent writers) the comments say how the same guarantee is kept.
///
/// A `PostgresClient` is a connection pool that must be run: the store runs it in a task of its own from
/// ``open(_:logger:)`` until ``close()``.
public final class PostgresStore: Sendable {
    public let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    /// The store's caches keyed on the change log (the dashboard's counts, candidate search totals).
    let changeCaches = ChangeLoggedCaches()

    private init(location: PostgresLocation, client: PostgresClient, runner: Task<Void, Never>, logger: Logger) {
        self.location = location
        self.client = client
        self.runner = runner
        self.logger = logger
    }

    /// Connects to the database at `location` and applies the migrations it lacks.
    /// Throws ``StoreError/cannotOpen(path:reason:)`` naming the database (never its password).
    public static func open(_ location: PostgresLocation, logger: Logger = Logger(label: "matchpunt.store.postgres")) async throws -> PostgresStore {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: .disable)
        configuration.options.maximumConnections = location.maximumConnections
        // A server that is down must fail `open` quickly rather than make every caller wait.
        configuration.options.connectTimeout = .seconds(5)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        let store = PostgresStore(location: location, client: client, runner: runner, logger: logger)
        do {
            // An unreachable server must fail start-up with a reason, not leave it waiting for a connection.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.migrate() }
                group.addTask {
                    try await Task.sleep(for: .seconds(60))
                    throw StoreError.cannotOpen(path: location.description, reason: "no answer from the server within 60 s")
                }
                try await group.next()
                group.cancelAll()
            }
        } catch let error as StoreError {
            store.close()
            throw error
        } catch {
            store.close()
            throw StoreError.cannotOpen(path: location.description, reason: PostgresStore.reason(error))
        }
        return store
    }

    /// Stops the connection pool; calls afterwards fail.
    public func close() {
        runner.cancel()
    }

    var isClosed: Bool { runner.isCancelled }

    /// The dashboard's counts, as the SQLite store makes them: candidates and vacancies once per change-log
    /// sequence number (every write to them is logged in its transaction), the rest on every call. The sequence
    /// is read before the counts (see ``ChangeSequenceCache``), so a cached count is never older than its key.
    public func counts() async throws -> StoreCounts {
        let sequence = try await latestChangeSequence()
        let logged: ChangeLoggedCounts
        if let known = changeCaches.counts.value(for: "counts", at: sequence) {
            logged = known
        } else {
            let row = try await one("""
                SELECT (SELECT count(*) FROM candidate), (SELECT count(*) FROM vacancy), (SELECT count(*) FROM vacancy WHERE status = 'open')
                """) { row in try row.decode((Int, Int, Int).self) }
            logged = ChangeLoggedCounts(candidates: row?.0 ?? 0, vacancies: row?.1 ?? 0, openVacancies: row?.2 ?? 0)
            changeCaches.counts.store(logged, for: "counts", at: sequence)
        }
        let row = try await one("SELECT (SELECT count(*) FROM employer), (SELECT count(*) FROM feed), (SELECT count(*) FROM quote)") { row in
            try row.decode((Int, Int, Int).self)
        }
        return StoreCounts(candidates: logged.candidates, employers: row?.0 ?? 0, vacancies: logged.vacancies, openVacancies: logged.openVacancies,
                           feeds: row?.1 ?? 0, quotes: row?.2 ?? 0)
    }

    /// True when the database answers a query; used by `/health`.
    public func isHealthy() async -> Bool {
        (try? await one("SELECT 1") { try $0.decode(Int.self) }) == 1
    }

    /// True when the database has no candidates, employers or vacancies (a `--demo` seed may run).
    public func isEmpty() async throws -> Bool {
        let counts = try await counts()
        return counts.candidates == 0 && counts.employers == 0 && counts.vacancies == 0
    }

    /// Writes a consistent copy of the database with `pg_dump` (custom format, restorable with `pg_restore`)
    /// to `destination`. PostgreSQL has no in-process backup API like SQLite's, so this runs the server's own
    /// tool; it must be on PATH or in /usr/lib/postgresql/*/bin. Returns the `pg_dump` used.
    @discardableResult
    public func backup(to destination: String) async throws -> String {
        if FileManager.default.fileExists(atPath: destination) {
            throw StoreError.conflict("backup destination \(destination) already exists")
        }
        guard let tool = PostgresTools.find("pg_dump") else {
            throw StoreError.cannotOpen(path: location.description, reason: "pg_dump not found (install Debian's postgresql-client)")
        }
        var arguments = ["--format=custom", "--file=\(destination)", "--host=\(location.host)", "--port=\(location.port)",
                         "--username=\(location.username)", "--no-password", location.database]
        if location.database.isEmpty { arguments.removeLast() }
        var environment = ProcessInfo.processInfo.environment
        // The password goes through the environment, never the command line (which `ps` shows).
        if let password = location.password { environment["PGPASSWORD"] = password }
        let (status, errorOutput) = try await PostgresTools.run(tool, arguments: arguments, environment: environment)
        guard status == 0 else {
            try? FileManager.default.removeItem(atPath: destination)
            throw StoreError.cannotOpen(path: location.description, reason: "pg_dump failed: \(errorOutput.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return tool
    }

    // MARK: - Query helpers

    /// All rows of a query, each turned into a value.
    func all<T>(_ query: PostgresQuery, on connection: PostgresConnection? = nil,
                _ transform: (PostgresRow) throws -> T) async throws -> [T] {
        let rows = if let connection { try await connection.query(query, logger: logger) } else { try await client.query(query, logger: logger) }
        var values: [T] = []
        for try await row in rows { values.append(try transform(row)) }
        return values
    }

    func one<T>(_ query: PostgresQuery, on connection: PostgresConnection? = nil,
                _ transform: (PostgresRow) throws -> T) async throws -> T? {
        try await all(query, on: connection, transform).first
    }

    /// Runs a statement; returns how many rows it affected (from the command tag).
    @discardableResult
    func execute(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> Int {
        let rows = if let connection { try await connection.query(query, logger: logger) } else { try await client.query(query, logger: logger) }
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    /// One transaction: committed when `body` returns, rolled back when it throws. The underlying error is
    /// unwrapped from postgres-nio's transaction error, so callers see the database's reason.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.beginError ?? error.commitError ?? error
        }
    }

    /// The SQLSTATE of a server error (e.g. 23505 unique violation), nil for other errors.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func isUniqueViolation(_ error: any Error) -> Bool { sqlState(error) == "23505" }

    /// A one-line reason for an operator: the server's message when there is one.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)"
        }
        return "\(error)"
    }
}
