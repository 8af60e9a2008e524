import Catalog
import Domain
import Foundation
import Logging
import Matching
import Reference
import Store

/// The long-lived parts the routes and commands share: the store and the reference data.
public struct AppServices: Sendable {
    public let store: MatchpuntStore
    public let reference: ReferenceData
    public let policy: PolicyCatalog
    public let matcher: Matcher
    /// The in-memory matching index; the store stays the source of truth and keeps it current.
    public let matches: SharedMatchIndex
    public let logger: Logger

    /// Opens the database and loads the catalog; seeds the demo data into an empty database when asked.
    /// Each failure becomes a ``StartupError`` naming the path.
    public static func start(_ configuration: AppConfiguration, logger: Logger) throws -> AppServices {
        let store: MatchpuntStore
        do {
            let directory = URL(fileURLWithPath: configuration.databasePath).deletingLastPathComponent()
            if configuration.databasePath == AppConfiguration().databasePath {
                // The default location is ours to create; an explicit path must already have its directory.
                try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            store = try MatchpuntStore(path: configuration.databasePath, logger: logger)
        } catch let error as StoreError {
            throw StartupError(error.description)
        }
        let started = ContinuousClock.now
        let reference: ReferenceData
        do {
            reference = try ReferenceData.load(from: configuration.referenceDirectory)
        } catch let error as ReferenceDataError {
            throw StartupError(error.description)
        }
        logger.info("reference data loaded", metadata: [
            "occupations": "\(reference.occupations.count)", "skills": "\(reference.skills.count)",
            "pc4": "\(reference.postcodeAreas.count)", "duration": "\(ContinuousClock.now - started)",
        ])
        let policy = try loadPolicy(configuration)
        let matcher = try loadMatcher(configuration, reference: reference)
        if configuration.seedDemoData {
            try seedDemo(into: store, from: configuration.demoDirectory, logger: logger)
        }
        let matches = try buildIndex(store: store, matcher: matcher, logger: logger)
        return AppServices(store: store, reference: reference, policy: policy, matcher: matcher, matches: matches, logger: logger)
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

    /// Builds the index from every candidate and open vacancy, then follows the store's committed changes.
    static func buildIndex(store: MatchpuntStore, matcher: Matcher, logger: Logger) throws -> SharedMatchIndex {
        let started = ContinuousClock.now
        var index = MatchIndex(matcher: matcher, date: .today)
        index.rebuild(candidates: try store.candidates(), vacancies: try store.vacancies(status: .open))
        let shared = SharedMatchIndex(index)
        store.observe { change in
            shared.update { index in
                switch change {
                case .candidateSaved(let candidate): index.upsert(candidate)
                case .candidateRemoved(let id): index.removeCandidate(id: id)
                case .vacanciesSaved(let vacancies):
                    for vacancy in vacancies {
                        if vacancy.status == .open { index.upsert(vacancy) } else { index.removeVacancy(id: vacancy.id) }
                    }
                }
            }
        }
        logger.info("matching index built", metadata: [
            "duration": "\(ContinuousClock.now - started)", "memoryBytes": "\(index.memoryEstimateBytes)",
        ])
        return shared
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

    static func seedDemo(into store: MatchpuntStore, from directory: URL, logger: Logger) throws {
        if try store.users().isEmpty {
            _ = try store.insert(StaffUser(username: demoAccount.username, passwordHash: StaffPasswords.hash(demoAccount.password),
                                           role: .consultant, createdAt: Date()))
            logger.notice("demo staff account created", metadata: ["username": "\(demoAccount.username)"])
        }
        guard try store.isEmpty() else {
            logger.info("database already holds data; demo data not seeded")
            return
        }
        let demo: DemoDataGenerator.Output
        do {
            demo = try DemoFixtures.read(from: directory)
        } catch let error as DemoFixtureError {
            throw StartupError(error.description)
        }
        try store.seed(employers: demo.employers, candidates: demo.candidates, vacancies: demo.vacancies)
        logger.info("demo data seeded", metadata: [
            "candidates": "\(demo.candidates.count)", "employers": "\(demo.employers.count)", "vacancies": "\(demo.vacancies.count)",
        ])
    }
}
