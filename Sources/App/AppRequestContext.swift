import Domain
import Hummingbird
import HummingbirdAuth
import Services

/// The request context of every Matchpunt route: the logged-in staff member (if any) and their session.
public struct AppRequestContext: AuthRequestContext, SessionRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: StaffUser?
    /// The session holds only the staff member's id.
    public let sessions: SessionContext<Int64>

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        sessions = .init()
    }
}

extension AppRequestContext {
    /// Who the audit log records for this request: the logged-in staff member and the request id.
    var auditActor: AuditActor { .staff(identity?.username, requestId: id) }
}
