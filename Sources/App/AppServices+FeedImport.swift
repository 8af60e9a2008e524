import Feeds
import Foundation
import Logging
import Reference
import Repositories
import Services

/// What a `matchpunt import` run needs and nothing more: the store, the reference data (for the title mapper and
/// the place names) and the audit log.
///
/// ``AppServices/start(_:logger:clock:)`` also loads the policy catalog, the matching profiles and quotes, and
/// builds the in-memory match index from every stored candidate and vacancy (seconds on a full database): an
/// import run uses none of them, and they were about a fifth of its start-up on an empty database (issue 10).
public struct FeedImportServices: Sendable {
    public let repositories: any MatchpuntRepositories
    public let reference: ReferenceData
    public let audit: AuditLog
}

extension AppServices {
    /// The store, the reference data and the audit log only. With demo seeding asked for, the full start (the demo
    /// needs the matcher).
    public static func startForFeedImport(_ configuration: AppConfiguration, logger: Logger) async throws -> FeedImportServices {
        if configuration.seedDemoData {
            let services = try await start(configuration, logger: logger)
            return FeedImportServices(repositories: services.repositories, reference: services.reference, audit: services.audit)
        }
        let (database, reference) = try await openDatabaseAndReference(configuration, logger: logger)
        let store = database.repositories
        return FeedImportServices(repositories: store, reference: reference, audit: AuditLog(repository: store))
    }
}

extension AppServices {
    /// Opens the database and loads the reference data at the same time, for every start (`serve`, the CLI, an
    /// import): the reference data on a thread of its own (TSV parsing, CPU, not on a Swift concurrency thread),
    /// the database meanwhile (file I/O and migrations). A broken reference file is a ``StartupError``.
    static func openDatabaseAndReference(_ configuration: AppConfiguration, logger: Logger) async throws -> (OpenedDatabase, ReferenceData) {
        let started = ContinuousClock.now
        let loading = BackgroundValue { try ReferenceData.load(from: configuration.referenceDirectory) }
        let database = try await openDatabase(configuration, logger: logger)
        let reference: ReferenceData
        do {
            reference = try await loading.value
        } catch let error as ReferenceDataError {
            throw StartupError(error.description)
        }
        logger.info("reference data loaded", metadata: [
            "occupations": "\(reference.occupations.count)", "skills": "\(reference.skills.count)",
            "pc4": "\(reference.postcodeAreas.count)", "duration": "\(ContinuousClock.now - started)",
        ])
        return (database, reference)
    }
}
