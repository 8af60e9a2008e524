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
}

/// Who acted: a staff member over HTTP (with the request id) or a person at the command line.
public struct AuditActor: Sendable, Equatable {
    public var name: String
    public var requestId: String?

    public init(name: String, requestId: String? = nil) {
        self.name = name
        self.requestId = requestId
    }

    /// A staff member through the web app or API; `requestId` ties the event to the request log.
    public static func staff(_ username: String?, requestId: String?) -> AuditActor {
        AuditActor(name: username ?? "?", requestId: requestId)
    }

    /// Someone running the CLI, by their login name.
    public static func commandLine(_ user: String) -> AuditActor {
        AuditActor(name: "cli:\(user)")
    }
}

/// The one place audit events are built. Every view of a candidate's data is recorded with who, what, which
/// candidate, why (the purpose in words) and, over HTTP, the request id.
public struct AuditLog: Sendable {
    let repository: any AuditRepository
    let now: @Sendable () -> Date

    public init(repository: any AuditRepository, now: @escaping @Sendable () -> Date = { Date() }) {
        self.repository = repository
        self.now = now
    }

    /// One action on one candidate.
    public func record(_ action: AuditAction, by actor: AuditActor, candidate id: String, purpose: String? = nil) async throws {
        try await repository.record([event(action, actor, subjectType: "candidate", subjectId: id, purpose: purpose, at: now())])
    }

    /// Each candidate a ranking showed, in one transaction.
    public func recordListed(candidates ids: [String], by actor: AuditActor, purpose: String, action: AuditAction = .listed) async throws {
        let at = now()
        try await repository.record(ids.map { event(action, actor, subjectType: "candidate", subjectId: $0, purpose: purpose, at: at) })
    }

    public func recordLogin(user: StaffUser, requestId: String?) async throws {
        try await repository.record([event(.login, AuditActor(name: user.username, requestId: requestId), subjectType: "user",
                                           subjectId: String(user.id), purpose: nil, at: now())])
    }

    private func event(_ action: AuditAction, _ actor: AuditActor, subjectType: String, subjectId: String, purpose: String?, at: Date) -> AuditEvent {
        AuditEvent(at: at, actor: actor.name, action: action.rawValue, subjectType: subjectType, subjectId: subjectId, detail: purpose,
                   requestId: actor.requestId)
    }
}
