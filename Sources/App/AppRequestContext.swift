import Domain
import Hummingbird
import HummingbirdAuth
import NIOCore
import Repositories
import Services

/// The request context of every Matchpunt route: the logged-in staff member (if any) and their session.
public struct AppRequestContext: AuthRequestContext, SessionRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: StaffUser?
    /// Unused since sessions live in the database (`staffSession`); kept so that code written against the
    /// Hummingbird session context still compiles.
    public let sessions: SessionContext<Int64>
    /// The browser session the request came with (nil for bearer-token and anonymous requests).
    public var staffSession: StaffSession?
    /// The connected peer's address (behind a proxy: the proxy's).
    public let peerAddress: String
    /// The client's address, for login throttling and the login audit: the peer's, or — when the peer is one of
    /// the configured trusted proxies — the address it forwarded (``ClientAddressMiddleware``).
    public var clientAddress: String

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        sessions = .init()
        staffSession = nil
        peerAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        clientAddress = peerAddress
    }
}

extension AppRequestContext {
    /// Who the audit log records for this request — the logged-in staff member and the request id — and which
    /// regions' candidates they may see.
    var auditActor: AuditActor {
        guard let identity else { return AuditActor(name: "?", requestId: id, regions: []) }
        return .staff(identity, requestId: id)
    }
}
