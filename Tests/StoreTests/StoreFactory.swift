import Domain
import PostgresTestSupport
import Foundation
import Repositories
import Store
@testable import StorePostgres
import Testing

/// The two implementations of the repositories; the shared store tests run against both.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// What the store tests use beyond the repository protocols; both stores provide it.
protocol TestableStore: MatchpuntRepositories, QuoteRepository, StaffAccessRepository, AuditRetentionRepository, CandidateSearchRepository,
    CandidateIntakeRepository, ManagementReportRepository, VacancyLocationRepository,
    VacancySearchRepository, LoginThrottleRepository {
    func appliedMigrations() async throws -> [String]
    func isEmpty() async throws -> Bool
    func seed(employers: [Employer], candidates: [Candidate], vacancies: [Vacancy]) async throws
    func employer(kvkNumber: KvKNumber) async throws -> Employer?
    func employer(named name: String) async throws -> Employer?
    func record(_ event: AuditEvent) async throws
    /// Raw SQL, to prove the database itself refuses something (the triggers).
    func executeForTesting(_ sql: String) async throws
    /// The same where the audit log lives (its own file on SQLite).
    func executeInAuditLogForTesting(_ sql: String) async throws
    /// The plan the database chooses for `sql` (EXPLAIN QUERY PLAN / EXPLAIN), to prove index use.
    func queryPlanForTesting(_ sql: String, arguments: [Int]) async throws -> String
}

extension MatchpuntStore: TestableStore {}
extension PostgresStore: TestableStore {}

/// One database under test: a SQLite file in a temporary folder, or a fresh database on the throwaway
/// PostgreSQL cluster. ``open()`` gives another store instance on the same database each time (standing for
/// another process); everything is closed and removed when ``with(_:_:)`` ends.
final class StoreFixture: @unchecked Sendable {
    let kind: StoreKind
    private let directory: TemporaryDirectory?
    let location: PostgresLocation?
    private var opened: [any TestableStore] = []
    private let lock = NSLock()

    private init(kind: StoreKind, directory: TemporaryDirectory?, location: PostgresLocation?) {
        self.kind = kind
        self.directory = directory
        self.location = location
    }

    /// The SQLite store's migrations, oldest first.
    static let sqliteMigrations = [
        "v1 schema", "v2 change log, feed leases, audit request id", "quotes-1 numbered immutable quotes, status history, name consent",
        "security-1 tokens, sessions, regions, append-only audit", "candidate-intake-1 version and active flag",
        "audit-actor-1 index for a user's recent subjects", "login-throttle-1 shared failed-login counts",
        "vacancy-location-1 partial index of open vacancies without a postcode", "audit-file-1 audit log moved to its own database file",
    ]

    /// The migrations each store applies to an empty database.
    var expectedMigrations: [String] {
        switch kind {
        case .sqlite: Self.sqliteMigrations
        case .postgres: PostgresStore.migrations.map(\.name)
        }
    }

    func open() async throws -> any TestableStore {
        let store: any TestableStore = switch kind {
        case .sqlite: try MatchpuntStore(path: directory!.path("store.sqlite"))
        case .postgres: try await PostgresStore.open(location!)
        }
        lock.withLock { opened.append(store) }
        return store
    }

    /// Runs `body` on a fresh database of `kind`. A PostgreSQL case is cancelled (reported as skipped, with the
    /// reason) when the machine has no PostgreSQL binaries.
    static func with<T>(_ kind: StoreKind, _ body: (StoreFixture) async throws -> T) async throws -> T {
        let fixture: StoreFixture
        switch kind {
        case .sqlite:
            fixture = StoreFixture(kind: kind, directory: try TemporaryDirectory(), location: nil)
        case .postgres:
            if let reason = PostgresCluster.unavailableReason { try Test.cancel(Comment(rawValue: reason)) }
            fixture = StoreFixture(kind: kind, directory: nil, location: try await PostgresCluster.shared.createDatabase())
        }
        do {
            let result = try await body(fixture)
            try await fixture.tearDown()
            return result
        } catch {
            try? await fixture.tearDown()
            throw error
        }
    }

    private func tearDown() async throws {
        let stores = lock.withLock { opened }
        for store in stores {
            if let store = store as? MatchpuntStore { try? store.close() }
            if let store = store as? PostgresStore { store.close() }
        }
        if let location { try await PostgresCluster.shared.dropDatabase(location) }
    }
}

extension TestableStore {
    func vacancies() async throws -> [Vacancy] { try await vacancies(status: nil) }
    func importRuns(feedId: Int64?) async throws -> [ImportRun] { try await importRuns(feedId: feedId, limit: 50) }
}
