import Domain
import Foundation
import Hummingbird
import HummingbirdAuth
import Services

/// The session cookie's name and attributes.
enum SessionCookie {
    static let name = "MATCHPUNT_SESSION"
    /// The double-submit cookie that guards the login form (there is no session yet to bind a token to).
    static let loginCSRFName = "MATCHPUNT_LOGIN_CSRF"

    static func make(name: String = name, value: String, maxAge: Int?, secure: Bool, path: String = "/") -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func expired(name: String = name, secure: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}

/// Looks the session cookie up in the database (absolute and idle expiry, the user still existing) and sets
/// the context's identity and session.
struct StaffSessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let access: StaffAccess

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let cookie = request.cookies[SessionCookie.name]?.value, let found = try await access.session(cookie: cookie) {
            context.identity = found.user
            context.staffSession = found.session
        }
        return try await next(request, context)
    }
}

/// API clients send `Authorization: Bearer mp_…`: one SHA-256 and one indexed read, no bcrypt. HTTP Basic is
/// not accepted.
struct BearerTokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = AppRequestContext
    let access: StaffAccess

    func authenticate(request: Request, context: AppRequestContext) async throws -> StaffUser? {
        guard context.identity == nil else { return context.identity }
        guard let bearer = request.headers.bearer else { return nil }
        return try await access.user(bearer: bearer.token)
    }
}

/// Staff API and pages for admins only (users, feeds, audit).
struct AdminOnlyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let identity = context.identity else { throw APIError(.unauthorized, code: "unauthenticated") }
        guard identity.role == .admin else { throw APIError(.forbidden, code: "forbidden") }
        return try await next(request, context)
    }
}

/// The API needs an identity (session or bearer token): otherwise 401 with a `WWW-Authenticate: Bearer` challenge.
struct APIAuthenticationRequiredMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity != nil else {
            var error = APIError(.unauthorized, code: "unauthenticated")
            error.headers[.wwwAuthenticate] = "Bearer realm=\"matchpunt\""
            throw error
        }
        return try await next(request, context)
    }
}
