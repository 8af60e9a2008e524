import Catalog
import Domain
import Foundation
import Logging
import Matching
import NIOPosix
import Reference
import Repositories
import Services
import Store

/// The long-lived parts the routes and commands share: the repositories, the reference data and catalog, and
/// the application services built on them. Routes and commands call the services; only this composition root
/// knows which store (SQLite or PostgreSQL) the repositories are.
public struct AppServices: Sendable {
    public let repositories: any MatchpuntRepositories
    public let reference: ReferenceData
    public let policy: PolicyCatalog
    public let matcher: Matcher
    /// Keeps the in-memory matching index in step with the store's change log (every process's writes).
    public let follower: IndexFollower
    public let audit: AuditLog
    public let rankings: Rankings
    public let instruments: InstrumentEvaluation
    /// Employer quotes (drafts, issue, employer link).
    public let quotes: Quotes
    public let logger: Logger
    /// Tokens, sessions and account changes.
    public let staffAccess: StaffAccess
    /// One candidate's record, limited to the actor's labour-market regions.
    public let candidateRecords: CandidateRecords
    /// Entering, changing, deactivating and importing candidates (API, staff forms, CLI).
    public let candidateIntake: CandidateIntake
    /// The candidate CSV import (API and CLI).
    public var candidateImport: CandidateImport { CandidateImport(repository: intakeRepository, intake: candidateIntake, audit: audit) }
    let intakeRepository: any CandidateIntakeRepository
    /// Employer and vacancy search; manual vacancies (create, update, close).
    public var vacancyRecords: VacancyRecords { VacancyRecords(store: vacancyStore, regions: Self.candidateRegions(reference), audit: audit) }
    let vacancyStore: any VacancyRepository & EmployerRepository & VacancySearchRepository
    /// The audit log as stored, for the admin view, the export and the retention command.
    public let auditRecords: any AuditRetentionRepository
    /// The login back-off's failure counts, in the database so that every instance shares them.
    public let loginFailures: any LoginThrottleRepository
    /// Management overviews per change-log sequence number, shared by every request of this process.
    let overviewCache = ManagementReport.Cache(capacity: 64)
    /// LISTEN/NOTIFY wake-ups for the follower on PostgreSQL (nil on SQLite); the 1 s poll stays the guarantee.
    public var changeNotifications: (@Sendable () -> AsyncStream<Void>)? = nil

    /// The in-memory matching index; the store stays the source of truth.
    public var matches: SharedMatchIndex { follower.index }

    /// Opens the database and loads the catalog; seeds the demo data into an empty database when asked.
    /// Each failure becomes a ``StartupError`` naming the path.
    /// - Parameter clock: the wall clock the index's peildatum follows (a test injects one to cross midnight).
    public static func start(_ configuration: AppConfiguration, logger: Logger,
                             clock: @escaping @Sendable () -> Date = { Date() }) async throws -> AppServices {
        let (database, reference) = try await openDatabaseAndReference(configuration, logger: logger)
        let store = database.repositories
        let policy = try loadPolicy(configuration)
        let matcher = try loadMatcher(configuration, reference: reference)
        if configuration.seedDemoData {
            try await seedDemo(into: database, from: configuration.demoDirectory, reference: reference, logger: logger)
        }
        // Token and session checks from memory; the follower drops an account's entries when another process
        // changes its access (the change log's `user` rows), this process's own changes drop them at once.
        let accessCache = StaffAccessCache()
        let follower = try await IndexFollower.start(matcher: matcher, repositories: store, clock: clock,
                                                     accountChanges: { ids in accessCache.invalidate(userIds: ids) }, logger: logger)
        let audit = AuditLog(repository: store)
        let regions = candidateRegions(reference)
        let instruments = InstrumentEvaluation(candidates: store, vacancies: store, policy: policy, audit: audit, regions: regions)
        return AppServices(
            repositories: store, reference: reference, policy: policy, matcher: matcher, follower: follower, audit: audit,
            rankings: Rankings(candidates: store, vacancies: store, index: follower.index, audit: audit, regions: regions),
            instruments: instruments,
            quotes: try makeQuotes(configuration, store: store, policy: policy, instruments: instruments, audit: audit, logger: logger, clock: clock),
            logger: logger,
            staffAccess: StaffAccess(users: store, audit: audit, sessionPolicy: configuration.sessionPolicy, cache: accessCache),
            candidateRecords: CandidateRecords(candidates: store, regions: regions, audit: audit),
            candidateIntake: CandidateIntake(repository: store, regions: regions, audit: audit, now: clock),
            intakeRepository: store, vacancyStore: store,
            auditRecords: store, loginFailures: store, changeNotifications: database.changeNotifications)
    }

    /// A candidate's labour-market region is that of their municipality of residence in the reference data.
    public static func candidateRegions(_ reference: ReferenceData) -> CandidateRegions {
        CandidateRegions(
            regionOf: { municipality in reference.region(ofMunicipality: municipality)?.number },
            municipalitiesIn: { regions in
                reference.regionByMunicipality.filter { regions.contains($0.value.number) }.keys.sorted()
            },
            municipalityOfPostcodeArea: { pc4 in reference.postcodeAreas[pc4]?.municipality },
            postcodeAreasIn: { regions in
                reference.postcodeAreas.values.filter { area in
                    reference.region(ofMunicipality: area.municipality).map { regions.contains($0.number) } ?? false
                }.map(\.pc4).sorted()
            })
    }

    /// Opens (and migrates) the SQLite store at the configured path; the default location's directory is created.
    public static func openStore(_ configuration: AppConfiguration, logger: Logger = Logger(label: "matchpunt.store")) throws -> MatchpuntStore {
        do {
            let directory = URL(fileURLWithPath: configuration.databasePath).deletingLastPathComponent()
            if configuration.databasePath == AppConfiguration().databasePath {
                // The default location is ours to create; an explicit path must already have its directory.
                try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            return try MatchpuntStore(path: configuration.databasePath, logger: logger)
        } catch let error as StoreError {
            throw StartupError(error.description)
        }
    }

    /// The matching profiles of `catalog/matching` over the reference data.
    public static func loadMatcher(_ configuration: AppConfiguration, reference: ReferenceData) throws -> Matcher {
        do {
            let profiles = try MatchingProfiles.load(from: configuration.catalogDirectory.appendingPathComponent("matching"), reference: reference)
            return Matcher(reference: reference, profiles: profiles)
        } catch let error as MatchingProfileError {
            throw StartupError(error.description)
        }
    }

    /// The policy catalog (parameters, instruments, regions); refuses to start on any problem in it.
    public static func loadPolicy(_ configuration: AppConfiguration) throws -> PolicyCatalog {
        do {
            return try PolicyCatalog.load(from: configuration.catalogDirectory)
        } catch {
            throw StartupError("\(configuration.catalogDirectory.path): \(error.description)")
        }
    }

    /// The staff account the demo creates, documented in the README. Never created outside `--demo`.
    public static let demoAccount = (username: "adviseur", password: "matchpunt-demo")

    static func seedDemo(into database: OpenedDatabase, from directory: URL, reference: ReferenceData, logger: Logger) async throws {
        let store = database.repositories
        let demo: DemoDataGenerator.Output
        do {
            demo = try DemoFixtures.read(from: directory)
        } catch let error as DemoFixtureError {
            throw StartupError(error.description)
        }
        if try await store.users().isEmpty {
            // The demo consultant works for every region the demo candidates live in, so the demo shows them all.
            let regions = Set(demo.candidates.compactMap { reference.region(ofMunicipality: $0.municipality)?.number }).sorted()
            // bcrypt is slow on purpose: hash on NIO's thread pool, not on the cooperative pool.
            let hash = try await NIOThreadPool.singleton.runIfActive { StaffPasswords.hash(demoAccount.password) }
            _ = try await store.insert(StaffUser(username: demoAccount.username, passwordHash: hash, role: .consultant, createdAt: Date(),
                                                 regions: regions))
            logger.notice("demo staff account created", metadata: ["username": "\(demoAccount.username)"])
        }
        guard try await database.isEmpty() else {
            logger.info("database already holds data; demo data not seeded")
            return
        }
        try await database.seed(employers: demo.employers, candidates: demo.candidates, vacancies: demo.vacancies)
        logger.info("demo data seeded", metadata: [
            "candidates": "\(demo.candidates.count)", "employers": "\(demo.employers.count)", "vacancies": "\(demo.vacancies.count)",
        ])
    }
}
