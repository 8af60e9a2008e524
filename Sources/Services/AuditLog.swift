import Domain
import Foundation
import Repositories

/// What an audited actor did. The raw values are what the `auditEvent` table stores.
public enum AuditAction: String, Sendable, CaseIterable {
    /// Opened a candidate's record.
    case view
    /// Asked for a candidate's best vacancies.
    case matches
    /// A candidate appeared in a ranking for a vacancy (a view of that candidate too).
    case listed
    /// Evaluated employer instruments for a candidate.
    case instruments
    case login
    /// Created or re-ran a quote draft for a candidate.
    case quoteDraft
    /// Issued a quote (its number and employer link were created).
    case quoteIssue
    /// Opened a quote (staff: JSON, HTML or PDF).
    case quoteView
    /// A candidate appeared in a list of quotes.
    case quoteListed
    /// Withdrew a quote.
    case quoteWithdraw
    /// The employer opened the quote through its link, or answered it.
    case quoteEmployerView
    case quoteAnswer
    /// Recorded the candidate's consent to show their name in quotes.
    case nameConsent
    /// A login refused (wrong password, unknown user, or throttled); the subject is the name tried.
    case loginFailed = "login-failed"
    case logout
    case tokenCreated = "token-created"
    case tokensRevoked = "tokens-revoked"
    case passwordChanged = "password-changed"
    case userRemoved = "user-removed"
    case userRegionsChanged = "user-regions-changed"
    /// An admin changed an account's role (detail: the new role).
    case userRoleChanged = "user-role-changed"
    /// An admin added a staff account (web page).
    case userAdded = "user-added"
    /// The retention command deleted events past the retention period.
    case auditPurged = "audit-purged"
    /// An admin read or exported the audit log.
    case auditRead = "audit-read"
    /// An admin created, removed or started a feed.
    case feedChanged = "feed-changed"
    /// A candidate was refused to this actor because they live outside the actor's regions.
    case refused
    /// Staff entered a new candidate (form, API).
    case candidateCreated = "candidate-created"
    /// Staff changed a candidate's record; the detail names the version written.
    case candidateUpdated = "candidate-updated"
    /// Deactivated (soft: kept, out of matching) or reactivated.
    case candidateDeactivated = "candidate-deactivated"
    case candidateReactivated = "candidate-reactivated"
    /// A candidate was inserted or updated by a CSV import (one event per candidate written).
    case candidateImported = "candidate-imported"
    /// A CSV import of candidates ran (subject: the file name; detail: the counts, dry run or not).
    case candidateImport = "candidate-import"
    /// Someone started a feed run by hand (API or CLI); the scheduler's own runs are not a person's act.
    case feedRun = "feed-run"
    /// A backup of the database was written (subject: the target file).
    case backup
    /// Staff created, changed or closed a manual vacancy.
    case vacancyChanged = "vacancy-changed"
}

/// Who acted: a staff member over HTTP (with the request id) or a person at the command line.
public struct AuditActor: Sendable, Equatable {
    public var name: String
    public var requestId: String?
    /// The labour-market regions whose candidates this actor may see; nil: every region (admins, the CLI).
    public var regions: Set<Int>?

    public init(name: String, requestId: String? = nil, regions: Set<Int>? = nil) {
        self.name = name
        self.requestId = requestId
        self.regions = regions
    }

    /// A staff member through the web app or API; `requestId` ties the event to the request log.
    public static func staff(_ username: String?, requestId: String?) -> AuditActor {
        AuditActor(name: username ?? "?", requestId: requestId)
    }

    /// A logged-in staff member: an admin sees every region, a consultant only their own (none when unset).
    public static func staff(_ user: StaffUser, requestId: String?) -> AuditActor {
        AuditActor(name: user.username, requestId: requestId, regions: user.role == .admin ? nil : Set(user.regions))
    }

    /// Someone running the CLI, by their login name.
    public static func commandLine(_ user: String) -> AuditActor {
        AuditActor(name: "cli:\(user)")
    }
}

/// The one place audit events are built. Every view of a candidate's data is recorded with who, what, which
/// candidate, why (the purpose in words) and, over HTTP, the request id.
/// Each call returns once its events are durable (committed); concurrent calls share one transaction through
/// the ``AuditGroupCommit`` batcher, so auditing every read does not cap throughput at one commit per request.
public struct AuditLog: Sendable {
    let batcher: AuditGroupCommit
    let now: @Sendable () -> Date

    public init(repository: any AuditRepository, now: @escaping @Sendable () -> Date = { Date() }) {
        self.batcher = AuditGroupCommit(repository: repository)
        self.now = now
    }

    /// How many transactions the audit has written (group commit makes this smaller than the number of calls).
    public var transactionsWritten: Int { get async { await batcher.transactions } }

    /// One action on one candidate.
    public func record(_ action: AuditAction, by actor: AuditActor, candidate id: String, purpose: String? = nil) async throws {
        try await batcher.record([event(action, actor, subjectType: "candidate", subjectId: id, purpose: purpose, at: now())])
    }

    /// Each candidate a ranking showed, in one transaction.
    public func recordListed(candidates ids: [String], by actor: AuditActor, purpose: String, action: AuditAction = .listed) async throws {
        let at = now()
        try await batcher.record(ids.map { event(action, actor, subjectType: "candidate", subjectId: $0, purpose: purpose, at: at) })
    }

    /// A login, with the client's address (behind a trusted proxy: the address it forwarded).
    public func recordLogin(user: StaffUser, requestId: String?, address: String? = nil) async throws {
        try await batcher.record([event(.login, AuditActor(name: user.username, requestId: requestId), subjectType: "user",
                                        subjectId: String(user.id), purpose: address.map { "adres \($0)" }, at: now())])
    }

    /// Any other action, on any subject (a user, a token, the audit itself).
    public func record(_ action: AuditAction, by actor: AuditActor, subjectType: String, subjectId: String, detail: String? = nil) async throws {
        try await batcher.record([event(action, actor, subjectType: subjectType, subjectId: subjectId, purpose: detail, at: now())])
    }

    /// The event `record` would write, for a repository that writes it inside its own transaction (retention).
    public func makeEvent(_ action: AuditAction, by actor: AuditActor, subjectType: String, subjectId: String, detail: String?) -> AuditEvent {
        event(action, actor, subjectType: subjectType, subjectId: subjectId, purpose: detail, at: now())
    }

    private func event(_ action: AuditAction, _ actor: AuditActor, subjectType: String, subjectId: String, purpose: String?, at: Date) -> AuditEvent {
        AuditEvent(at: at, actor: actor.name, action: action.rawValue, subjectType: subjectType, subjectId: subjectId, detail: purpose,
                   requestId: actor.requestId)
    }
}
