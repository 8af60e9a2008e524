import Domain
import Foundation

// The storage seen from the application: async protocols over domain types, no SQL. The SQLite store
// (`Store`, GRDB) implements them today; a PostgreSQL store can implement the same protocols later.
// Every method is `async` so that database work never blocks the cooperative thread pool.

public protocol CandidateRepository: Sendable {
    /// Inserts or replaces a candidate after validating it; appends a change-log row in the same transaction.
    func save(_ candidate: Candidate) async throws
    func candidate(id: String) async throws -> Candidate?
    /// The municipality of an active candidate, nil when there is none: all the region rule needs, for a view that
    /// shows something about the candidate but not their record (a ranking), without reading the whole record.
    func candidateMunicipality(id: String) async throws -> String?
    /// All candidates, ordered by id.
    func candidates() async throws -> [Candidate]
    /// The candidates with these ids that exist, ordered by id.
    func candidates(ids: [String]) async throws -> [Candidate]
    func removeCandidate(id: String) async throws -> Bool
}

public protocol VacancyRepository: Sendable {
    func insert(_ vacancy: Vacancy) async throws -> Vacancy
    func update(_ vacancy: Vacancy) async throws
    func vacancy(id: Int64) async throws -> Vacancy?
    /// Vacancies ordered by id; `status` nil gives all.
    func vacancies(status: VacancyStatus?) async throws -> [Vacancy]
    /// The vacancies with these ids that exist, ordered by id.
    func vacancies(ids: [Int64]) async throws -> [Vacancy]
}

public protocol EmployerRepository: Sendable {
    func insert(_ employer: Employer) async throws -> Employer
    func employer(id: Int64) async throws -> Employer?
    func employers() async throws -> [Employer]
}

public protocol UserRepository: Sendable {
    func insert(_ user: StaffUser) async throws -> StaffUser
    func user(username: String) async throws -> StaffUser?
    func user(id: Int64) async throws -> StaffUser?
    func users() async throws -> [StaffUser]
}

public protocol AuditRepository: Sendable {
    /// Records the events in one transaction.
    func record(_ events: [AuditEvent]) async throws
    /// Most recent first; optionally only those about one subject.
    func auditEvents(subjectType: String?, subjectId: String?, limit: Int) async throws -> [AuditEvent]
    /// The distinct subjects of one actor's events with this action and subject type, most recent first, at most
    /// `limit` (the dashboard's "my recent candidates": read from the record, so it survives a restart and is
    /// the same on every instance).
    func recentSubjects(actor: String, action: String, subjectType: String, limit: Int) async throws -> [String]
}

/// Feeds, their runs, and the import itself (one transaction per run).
public protocol FeedRepository: Sendable {
    func insert(_ feed: FeedDefinition) async throws -> FeedDefinition
    func feeds() async throws -> [FeedDefinition]
    func feed(named name: String) async throws -> FeedDefinition?
    func feed(id: Int64) async throws -> FeedDefinition?
    func removeFeed(named name: String) async throws -> Bool
    func importRuns(feedId: Int64?, limit: Int) async throws -> [ImportRun]
    func quarantinedRecords(importRunId: Int64) async throws -> [QuarantinedRecord]
    func applyImport(
        feed: FeedDefinition, startedAt: Date, finishedAt: Date, fetch: FetchFacts, vacancies: [IncomingVacancy],
        quarantined: [QuarantinedRecord], completeBody: Bool, problem: String?, minimumSnapshotShare: Double
    ) async throws -> ImportRun
    func recordRun(feed: FeedDefinition, status: ImportRunStatus, startedAt: Date, finishedAt: Date, fetch: FetchFacts,
                   message: String?) async throws -> ImportRun
}

extension FeedRepository {
    /// The usual call: a complete body closes what a snapshot no longer lists unless it shrank below half.
    public func applyImport(
        feed: FeedDefinition, startedAt: Date, finishedAt: Date, fetch: FetchFacts, vacancies: [IncomingVacancy],
        quarantined: [QuarantinedRecord], completeBody: Bool = true, problem: String? = nil
    ) async throws -> ImportRun {
        try await applyImport(feed: feed, startedAt: startedAt, finishedAt: finishedAt, fetch: fetch, vacancies: vacancies,
                              quarantined: quarantined, completeBody: completeBody, problem: problem, minimumSnapshotShare: 0.5)
    }
}

/// At most one run per feed across every process: a lease row with a holder and an expiry. A holder that
/// dies without releasing blocks the feed only until the expiry.
public protocol FeedLeaseRepository: Sendable {
    /// Takes the feed's lease for `holder` until `expiresAt` when it is free, expired, or already this holder's
    /// (then it is extended). False when another holder's lease is still running at `now`.
    func acquireFeedLease(feedId: Int64, holder: String, now: Date, expiresAt: Date) async throws -> Bool
    /// Gives the lease back; a lease that another holder took over after expiry is left alone.
    func releaseFeedLease(feedId: Int64, holder: String) async throws
}

/// Which kind of record a change-log row is about.
public enum ChangeEntity: String, Sendable, Codable {
    case candidate
    case vacancy
    /// A staff account's access changed (tokens revoked, password, role, regions, removed, a session ended): every
    /// instance drops what it cached about the account (entity id: the user id).
    case user
    /// A quote's status changed (made, issued, accepted, withdrawn, expired, superseded). The match index does
    /// not follow quotes; the row is there so that anything derived from quotes (the management overview) can
    /// be cached per log sequence number and still be right across processes.
    case quote
}

public enum ChangeKind: String, Sendable, Codable {
    /// Inserted or updated (for a vacancy also closed: the follower reads its status).
    case saved
    case removed
}

/// One row of the durable change log: committed in the same transaction as the change it describes.
public struct Change: Sendable, Equatable {
    public var sequence: Int64
    public var entity: ChangeEntity
    public var entityId: String
    public var kind: ChangeKind

    public init(sequence: Int64, entity: ChangeEntity, entityId: String, kind: ChangeKind) {
        self.sequence = sequence
        self.entity = entity
        self.entityId = entityId
        self.kind = kind
    }
}

/// What the matching index is built from, read in one transaction together with the log position it
/// corresponds to, so following the log from `sequence` misses nothing and repeats nothing.
public struct IndexSnapshot: Sendable {
    public var candidates: [Candidate]
    public var openVacancies: [Vacancy]
    public var sequence: Int64

    public init(candidates: [Candidate], openVacancies: [Vacancy], sequence: Int64) {
        self.candidates = candidates
        self.openVacancies = openVacancies
        self.sequence = sequence
    }
}

public protocol ChangeLogRepository: Sendable {
    /// The highest sequence number committed (0 for an empty log).
    func latestChangeSequence() async throws -> Int64
    /// Rows after `sequence`, in order, at most `limit`.
    func changes(after sequence: Int64, limit: Int) async throws -> [Change]
    func indexSnapshot() async throws -> IndexSnapshot
}

/// Health, counts and demo seeding.
public protocol StoreStatusRepository: Sendable {
    func counts() async throws -> StoreCounts
    func isHealthy() async -> Bool
}

/// Everything the application services need from storage, as one value to pass around.
public typealias MatchpuntRepositories = CandidateRepository & VacancyRepository & EmployerRepository & UserRepository
    & AuditRepository & FeedRepository & FeedLeaseRepository & ChangeLogRepository & StoreStatusRepository

/// A candidate as stored, with the version that optimistic concurrency compares (1 when created, one more on
/// every change) and whether the record is active. A deactivated candidate stays in the database (history,
/// quotes, audit) but is left out of matching, searches and the index.
public struct StoredCandidate: Sendable, Equatable {
    public var candidate: Candidate
    public var version: Int
    public var active: Bool

    public init(candidate: Candidate, version: Int, active: Bool) {
        self.candidate = candidate
        self.version = version
        self.active = active
    }
}

/// A write was based on an older version of the candidate than the one stored (someone else changed it).
public struct CandidateVersionConflict: Error, Equatable, Sendable {
    public var id: String
    public var currentVersion: Int

    public init(id: String, currentVersion: Int) {
        self.id = id
        self.currentVersion = currentVersion
    }
}

/// What a candidate import wrote.
public struct CandidateImportCounts: Sendable, Equatable {
    public var inserted: Int
    public var updated: Int

    public init(inserted: Int, updated: Int) {
        self.inserted = inserted
        self.updated = updated
    }
}

/// Staff entering and changing candidates (API, forms, CSV import). Each write appends its change-log row in
/// the same transaction, so every process's matching index follows. Validation and the region rule are the
/// service's (`CandidateIntake`); this protocol only stores.
public protocol CandidateIntakeRepository: Sendable {
    /// The candidate with its version, active or not; nil when unknown.
    func storedCandidate(id: String) async throws -> StoredCandidate?
    /// The stored candidates (active or not) among these ids, ordered by id.
    func storedCandidates(ids: [String]) async throws -> [StoredCandidate]
    /// Inserts a new active candidate at version 1. Throws `StoreError.conflict` when the id exists (active or not).
    func insertCandidate(_ candidate: Candidate) async throws -> StoredCandidate
    /// Replaces the candidate's fields when the stored version is `expectedVersion`, and bumps the version.
    /// Throws `StoreError.notFound`, or `CandidateVersionConflict` when the stored version differs.
    func updateCandidate(_ candidate: Candidate, expectedVersion: Int) async throws -> StoredCandidate
    /// Deactivates (`active` false) or reactivates a candidate and bumps the version; when `expectedVersion` is
    /// given it must match. The change log gets `removed` on deactivation (the index drops the candidate) and
    /// `saved` on reactivation.
    func setCandidateActive(id: String, active: Bool, expectedVersion: Int?) async throws -> StoredCandidate
    /// Inserts the new and replaces the existing candidates (keeping their active flag, bumping their version),
    /// all in one transaction: everything or nothing.
    func importCandidates(_ candidates: [Candidate]) async throws -> CandidateImportCounts
}
