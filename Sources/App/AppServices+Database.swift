import Domain
import Foundation
import Logging
import Repositories
import Store
import StorePostgres

/// Everything the application needs from a store: the shared repositories plus quotes, staff access, the audit
/// retention, the candidate search and intake, the vacancy and employer search, and the login back-off's counts.
public typealias AppRepositories = MatchpuntRepositories & QuoteRepository & StaffAccessRepository & AuditRetentionRepository
    & CandidateSearchRepository & CandidateIntakeRepository & VacancySearchRepository & LoginThrottleRepository

/// The database a configuration names, opened and migrated: SQLite for a file path (one machine), PostgreSQL
/// for a `postgres://` URL (several instances sharing one database). The rest of the application sees only
/// ``repositories``; the few operations outside the repository protocols (migrations, backup, demo seeding)
/// are dispatched here.
public enum OpenedDatabase: Sendable {
    case sqlite(MatchpuntStore)
    case postgres(PostgresStore)

    public var repositories: any AppRepositories {
        switch self {
        case .sqlite(let store): store
        case .postgres(let store): store
        }
    }

    /// The database for messages: the file path, or the URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let store): store.path
        case .postgres(let store): store.location.description
        }
    }

    public func appliedMigrations() async throws -> [String] {
        switch self {
        case .sqlite(let store): try await store.appliedMigrations()
        case .postgres(let store): try await store.appliedMigrations()
        }
    }

    /// Writes a backup to `destination` and says how: SQLite's online backup API, or `pg_dump`.
    public func backup(to destination: String) async throws -> String {
        switch self {
        case .sqlite(let store):
            try await store.backup(to: destination)
            return "SQLite online backup of \(store.path) written to \(destination)"
        case .postgres(let store):
            let tool = try await store.backup(to: destination)
            return "pg_dump (\(tool), custom format; restore with pg_restore) of \(store.location) written to \(destination)"
        }
    }

    public func isEmpty() async throws -> Bool {
        switch self {
        case .sqlite(let store): try await store.isEmpty()
        case .postgres(let store): try await store.isEmpty()
        }
    }

    public func seed(employers: [Employer], candidates: [Candidate], vacancies: [Vacancy]) async throws {
        switch self {
        case .sqlite(let store): try await store.seed(employers: employers, candidates: candidates, vacancies: vacancies)
        case .postgres(let store): try await store.seed(employers: employers, candidates: candidates, vacancies: vacancies)
        }
    }

    /// Wake-ups when another process appends to the change log: PostgreSQL's LISTEN/NOTIFY. SQLite has none
    /// (followers poll the file).
    public var changeNotifications: (@Sendable () -> AsyncStream<Void>)? {
        switch self {
        case .sqlite: nil
        case .postgres(let store): { store.changeNotifications() }
        }
    }

    public func close() {
        switch self {
        case .sqlite(let store): try? store.close()
        case .postgres(let store): store.close()
        }
    }
}

extension AppServices {
    /// Opens (and migrates) the database the configuration names, choosing the store by the URL scheme:
    /// `postgres://` or `postgresql://` is PostgreSQL, anything else a SQLite file path.
    public static func openDatabase(_ configuration: AppConfiguration, logger: Logger = Logger(label: "matchpunt.store")) async throws -> OpenedDatabase {
        if PostgresLocation.isPostgresURL(configuration.databasePath) {
            do {
                return .postgres(try await PostgresStore.open(try PostgresLocation(url: configuration.databasePath), logger: logger))
            } catch let error as StoreError {
                throw StartupError(error.description)
            }
        }
        return .sqlite(try openStore(configuration, logger: logger))
    }
}
