import Domain
import Foundation

// Storage for staff access: passwords, API tokens, persistent sessions and the audit retention. Secrets are
// never stored: tokens and session ids arrive here as SHA-256 digests (hex) made by the caller.

/// A logged-in browser session. `idDigest` is the SHA-256 of the cookie value; the cookie value itself is
/// never stored, so a copy of the database does not hand out live sessions.
public struct StaffSession: Sendable, Equatable {
    public var idDigest: String
    public var userId: Int64
    /// The CSRF token every form of this session carries.
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    /// Absolute expiry: however active the session, it ends here.
    public var expiresAt: Date

    public init(idDigest: String, userId: Int64, csrfToken: String, createdAt: Date, lastSeenAt: Date, expiresAt: Date) {
        self.idDigest = idDigest
        self.userId = userId
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }
}

/// An API token as stored: its digest, never the token.
public struct APITokenRecord: Sendable, Equatable {
    public var id: Int64
    public var userId: Int64
    public var digest: String
    public var createdAt: Date
    public var expiresAt: Date?

    public init(id: Int64 = 0, userId: Int64, digest: String, createdAt: Date, expiresAt: Date?) {
        self.id = id
        self.userId = userId
        self.digest = digest
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

public protocol StaffAccessRepository: Sendable {
    /// Replaces the password hash and ends every session of the user in the same transaction.
    func updatePassword(userId: Int64, passwordHash: String) async throws
    func setRegions(userId: Int64, regions: [Int]) async throws
    /// Sets the role; sessions and tokens stay (each request reads the account, so the new role applies at once).
    func setRole(userId: Int64, role: StaffRole) async throws
    /// Removes the user; their sessions and tokens go with them (in the same transaction). False when unknown.
    func removeUser(username: String) async throws -> Bool

    func insertToken(_ token: APITokenRecord) async throws -> APITokenRecord
    /// The user owning an unexpired token with this digest.
    func user(tokenDigest: String, now: Date) async throws -> StaffUser?
    /// The same, with the token's expiry (nil: none), so that a cached answer can stop at it.
    func tokenOwner(digest: String, now: Date) async throws -> (user: StaffUser, expiresAt: Date?)?
    /// Revokes (deletes) every token of the user; returns how many.
    func revokeTokens(userId: Int64) async throws -> Int

    func insertSession(_ session: StaffSession) async throws
    func session(idDigest: String) async throws -> StaffSession?
    func touchSession(idDigest: String, at: Date) async throws
    /// Removes the session (logout); the change log says so in the same transaction, for other instances' caches.
    func removeSession(idDigest: String) async throws
    /// Deletes sessions past their absolute expiry or idle since before `idleBefore`.
    func removeStaleSessions(now: Date, idleBefore: Date) async throws -> Int
}

public protocol AuditRetentionRepository: Sendable {
    /// Deletes the audit events older than `cutoff` — the only deletion the append-only table allows — and
    /// records `purge` (who did it, how many) in the same transaction. Returns the number deleted.
    func purgeAuditEvents(olderThan cutoff: Date, recording purge: @escaping @Sendable (Int) -> AuditEvent) async throws -> Int
    /// Events in `from ..< to` (either open), oldest first, at most `limit`, after id `afterId`.
    func auditEvents(from: Date?, to: Date?, afterId: Int64, limit: Int) async throws -> [AuditEvent]
}

/// Which candidates a search covers: the active ones (the default, as matching sees them), the deactivated
/// ones (so that staff can find and reactivate them), or both.
public enum CandidateStatusFilter: String, Sendable, Codable, CaseIterable {
    case active
    case inactive
    case all
}

/// A search over candidates. Every field narrows; nil means "any". `municipalities` is how the caller's region
/// scope reaches the query (nil: unrestricted, empty: nobody).
public struct CandidateQuery: Sendable, Hashable {
    public var municipalities: [String]?
    /// Active (default), deactivated or all.
    public var status: CandidateStatusFilter
    public var municipality: String?
    /// Ids starting with this text.
    public var idPrefix: String?
    public var ladderRung: Int?
    public var targetGroupRegister: Bool?
    /// An ESCO occupation id among the candidate's desired occupations.
    public var desiredOccupation: String?
    /// Hours a week the candidate can work: within their available range (minimum ≤ hours ≤ maximum).
    public var hoursPerWeek: Int?
    public var limit: Int
    public var offset: Int

    public init(municipalities: [String]? = nil, municipality: String? = nil, idPrefix: String? = nil, ladderRung: Int? = nil,
                targetGroupRegister: Bool? = nil, desiredOccupation: String? = nil, status: CandidateStatusFilter = .active,
                limit: Int = 50, offset: Int = 0) {
        self.municipalities = municipalities
        self.status = status
        self.municipality = municipality
        self.idPrefix = idPrefix
        self.ladderRung = ladderRung
        self.targetGroupRegister = targetGroupRegister
        self.desiredOccupation = desiredOccupation
        self.limit = limit
        self.offset = offset
    }
}

/// One page of a candidate search with the number of all matches.
public struct CandidatePage: Sendable {
    public var candidates: [Candidate]
    public var total: Int
    /// The ids on this page of deactivated candidates (only a search with status `inactive` or `all` has any).
    public var inactiveIds: Set<String>

    public init(candidates: [Candidate], total: Int, inactiveIds: Set<String> = []) {
        self.candidates = candidates
        self.total = total
        self.inactiveIds = inactiveIds
    }
}

public protocol CandidateSearchRepository: Sendable {
    /// Candidates matching the query, ordered by id, with the total count.
    func searchCandidates(_ query: CandidateQuery) async throws -> CandidatePage
}

/// A search over vacancies; every field narrows, nil means "any". Ordered by id.
public struct VacancyQuery: Sendable, Equatable {
    /// Words that must all occur in the title (case-insensitive).
    public var text: String?
    public var status: VacancyStatus?
    public var employerId: Int64?
    /// The source: a feed's name, or `manual` for vacancies entered by staff.
    public var source: String?
    /// An ESCO occupation id.
    public var occupation: String?
    /// How the caller's region scope reaches the query: manual vacancies only when their postcode lies in one of
    /// these four-digit areas (a feed's vacancies are unaffected). Nil: unrestricted.
    public var manualPostcodeAreas: [Int]?
    public var limit: Int
    public var offset: Int

    public init(text: String? = nil, status: VacancyStatus? = nil, employerId: Int64? = nil, source: String? = nil, occupation: String? = nil,
                manualPostcodeAreas: [Int]? = nil, limit: Int = 50, offset: Int = 0) {
        self.manualPostcodeAreas = manualPostcodeAreas
        self.text = text
        self.status = status
        self.employerId = employerId
        self.source = source
        self.occupation = occupation
        self.limit = limit
        self.offset = offset
    }
}

/// A search over employers by name (words, case-insensitive) or KvK number. Ordered by id.
public struct EmployerQuery: Sendable, Equatable {
    public var text: String?
    public var kvkNumber: String?
    /// The caller's region scope: only employers whose address lies in one of these four-digit postcode areas.
    /// Nil: unrestricted; empty: none.
    public var postcodeAreas: [Int]?
    public var limit: Int
    public var offset: Int

    public init(text: String? = nil, kvkNumber: String? = nil, postcodeAreas: [Int]? = nil, limit: Int = 50, offset: Int = 0) {
        self.postcodeAreas = postcodeAreas
        self.text = text
        self.kvkNumber = kvkNumber
        self.limit = limit
        self.offset = offset
    }
}

/// One page of a search with the number of all matches.
public struct SearchPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int

    public init(items: [Item], total: Int) {
        self.items = items
        self.total = total
    }
}

public protocol VacancySearchRepository: Sendable {
    func searchVacancies(_ query: VacancyQuery) async throws -> SearchPage<Vacancy>
    func searchEmployers(_ query: EmployerQuery) async throws -> SearchPage<Employer>
}
