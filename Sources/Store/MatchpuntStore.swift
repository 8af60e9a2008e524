import Domain
import Foundation
import GRDB
import Logging
import Repositories

/// The one owner of Matchpunt's SQLite database: a GRDB `DatabasePool` in WAL mode (one writer, many
/// readers). Every SQL statement of the product lives in this target; callers see domain types only.
public final class MatchpuntStore: Sendable {
    public let path: String
    let pool: DatabasePool
    /// The audit log's own file (see `Store+AuditFile.swift`): its commits never wait for a feed run's.
    let auditPool: DatabasePool
    let logger: Logger
    /// The store's caches keyed on the change log (the dashboard's counts, candidate search totals).
    let changeCaches = ChangeLoggedCaches()

    /// Upper bound of the memory map per connection (address space, not memory: pages are the kernel's file
    /// cache). 1 GiB covers a region-scale database (about 85 MB) many times over.
    static let memoryMapBytes = 1 << 30

    /// Opens (creating when absent) and migrates the database at `path`.
    /// Throws ``StoreError`` with a one-line reason naming the path.
    public init(path: String, logger: Logger = Logger(label: "matchpunt.store")) throws {
        self.path = path
        self.logger = logger
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError.cannotOpen(path: path, reason: "directory \(directory) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw StoreError.cannotOpen(path: path, reason: "directory \(directory) is not writable")
        }
        if FileManager.default.fileExists(atPath: path), !FileManager.default.isWritableFile(atPath: path) {
            throw StoreError.cannotOpen(path: path, reason: "file is not writable")
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.label = "matchpunt"
        // Reads through a memory map instead of read(2) into each connection's page cache. Every staff request
        // commits audit events, and a commit makes every reader connection drop its page cache, so without the
        // map each page view copied its index and table pages from the kernel again (a third of the candidate
        // list's time under wrk was pread). The map shares the kernel's pages; the WAL is still read as before.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA mmap_size = \(Self.memoryMapBytes)")
        }
        do {
            var auditConfiguration = configuration
            auditConfiguration.label = "matchpunt-audit"
            auditPool = try DatabasePool(path: Self.auditPath(for: path), configuration: auditConfiguration)
            try Self.auditMigrator.migrate(auditPool)
            pool = try DatabasePool(path: path, configuration: configuration)
            try MatchpuntStore.migrator(auditLog: auditPool).migrate(pool)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw StoreError.notADatabase(path: path)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Names of the migrations applied, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await pool.read { [auditPool] db in try MatchpuntStore.migrator(auditLog: auditPool).appliedMigrations(db) }
    }

    /// The dashboard's counts. Candidates and vacancies (120,000 rows at region scale, most of the cost) are
    /// counted once per change-log sequence number: every write to them is logged in its transaction, so the
    /// counts stay right while the log stands still, also after another process writes. The small tables whose
    /// writes are not logged (employers, feeds) and quotes are counted on every call.
    public func counts() async throws -> StoreCounts {
        try await pool.read { db in
            // One read transaction: the sequence number and the counts are of the same snapshot.
            let sequence = try Int64.fetchOne(db, sql: #"SELECT MAX(sequence) FROM "change""#) ?? 0
            let logged: ChangeLoggedCounts
            if let known = self.changeCaches.counts.value(for: "counts", at: sequence) {
                logged = known
            } else {
                logged = ChangeLoggedCounts(
                    candidates: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM candidate") ?? 0,
                    vacancies: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM vacancy") ?? 0,
                    openVacancies: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM vacancy WHERE status = 'open'") ?? 0)
                self.changeCaches.counts.store(logged, for: "counts", at: sequence)
            }
            return StoreCounts(
                candidates: logged.candidates,
                employers: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM employer") ?? 0,
                vacancies: logged.vacancies,
                openVacancies: logged.openVacancies,
                feeds: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM feed") ?? 0,
                quotes: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quote") ?? 0)
        }
    }

    /// True when the database answers a query; used by `/health`.
    public func isHealthy() async -> Bool {
        guard (try? await pool.read({ db in try Int.fetchOne(db, sql: "SELECT 1") })) == 1 else { return false }
        return (try? await auditPool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    /// Writes a consistent online copy of the database to `destination` and of the audit log to its `-audit`
    /// file beside it (SQLite backup API): readers and writers carry on meanwhile. The copy is a normal database
    /// that `MatchpuntStore(path:)` opens, audit included.
    public func backup(to destination: String) async throws {
        let auditDestination = Self.auditPath(for: destination)
        for file in [destination, auditDestination] where FileManager.default.fileExists(atPath: file) {
            throw StoreError.conflict("backup destination \(file) already exists")
        }
        do {
            for (source, file) in [(pool, destination), (auditPool, auditDestination)] {
                let target = try DatabaseQueue(path: file)
                try source.backup(to: target)
                try target.close()
            }
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: destination, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Closes both files (used at shutdown and before restoring a backup in tests).
    public func close() throws {
        try pool.close()
        try auditPool.close()
    }
}
