import Domain
import Foundation
import Hummingbird
import HummingbirdAuth
import NIOPosix
import Repositories
import Services

/// Staff log in with username and password (form post) and get a session cookie backed by the database.
/// The login form is guarded by a double-submit CSRF cookie, attempts are throttled per account and per
/// client address (counted in the database, so all instances share the back-off), and bcrypt runs through a
/// bounded gate.
struct SessionController {
    let users: any UserRepository
    let access: StaffAccess
    let audit: AuditLog
    let templates: Templates
    let throttle: LoginThrottle
    let gate: BcryptGate
    let secureCookies: Bool

    /// A bcrypt hash of nothing anyone knows, at the same cost as real ones: an unknown username costs the
    /// same time as a wrong password, so timing does not tell which accounts exist.
    static let unknownUserHash = "$2b$12$C6UzMDM.H6dfI/f/IKxGhuXyNbFzXGVCZcXtVgTjqxkpxlzM9IdBK"
    static let refusal = "Onbekende gebruikersnaam of onjuist wachtwoord."

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/login") { request, context -> Response in
            // Reuse the visitor's login-CSRF cookie when present, so two open tabs both work.
            let token = request.cookies[SessionCookie.loginCSRFName]?.value ?? StaffAccess.newSecret()
            return try loginPage(token: token, error: nil, status: .ok, request: request, context: context)
        }
        router.post("/login") { request, context -> Response in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 16_384))
            let cookieToken = request.cookies[SessionCookie.loginCSRFName]?.value
            guard let cookieToken, let formToken = CSRFMiddleware.formValue(CSRFMiddleware.formField, in: body),
                  CSRFMiddleware.constantTimeEquals(cookieToken, formToken)
            else {
                throw APIError(.forbidden, code: "csrf", english: "missing or invalid CSRF token",
                               dutch: "het formulier is verlopen of ongeldig; laad de pagina opnieuw", field: CSRFMiddleware.formField)
            }
            guard let username = CSRFMiddleware.formValue("username", in: body), !username.isEmpty, username.utf8.count <= 200,
                  let password = CSRFMiddleware.formValue("password", in: body), password.utf8.count <= 1_000
            else {
                throw APIError.invalid("username", english: "username and password are required", dutch: "gebruikersnaam en wachtwoord zijn verplicht")
            }
            let now = Date()
            let failedActor = AuditActor(name: "?", requestId: context.id)
            if let wait = try await throttle.retryAfter(account: username, address: context.clientAddress, now: now) {
                context.logger.notice("login throttled")
                try await audit.record(.loginFailed, by: failedActor, subjectType: "login", subjectId: username,
                                       detail: "te veel pogingen; adres \(context.clientAddress)")
                var response = try loginPage(token: cookieToken, error: "Te veel mislukte pogingen. Probeer het over enkele minuten opnieuw.",
                                             status: .tooManyRequests, request: request, context: context)
                response.headers[.retryAfter] = String(Int(wait.rounded(.up)))
                return response
            }
            let user = try await users.user(username: username)
            let hash = user?.passwordHash ?? Self.unknownUserHash
            let checked = try await gate.run {
                try await NIOThreadPool.singleton.runIfActive { StaffPasswords.verify(password, against: hash) }
            }
            guard let valid = checked else {
                return try loginPage(token: cookieToken, error: "Het is nu te druk. Probeer het zo opnieuw.", status: .tooManyRequests,
                                     request: request, context: context)
            }
            guard let user, valid else {
                // Counted from now, after the bcrypt, so the back-off is not eaten by the check's own time.
                try await throttle.failed(account: username, address: context.clientAddress, now: Date())
                context.logger.notice("login refused")
                try await audit.record(.loginFailed, by: failedActor, subjectType: "login", subjectId: username, detail: "adres \(context.clientAddress)")
                return try loginPage(token: cookieToken, error: Self.refusal, status: .unauthorized, request: request, context: context)
            }
            try await throttle.succeeded(account: username)
            let (cookie, _) = try await access.startSession(for: user)
            try await audit.recordLogin(user: user, requestId: context.id, address: context.clientAddress)
            var response = Response.redirect(to: "/", type: .found)
            response.setCookie(SessionCookie.make(value: cookie, maxAge: Int(access.sessionPolicy.absolute), secure: secureCookies))
            response.setCookie(SessionCookie.expired(name: SessionCookie.loginCSRFName, secure: secureCookies))
            return response
        }
        // CSRFMiddleware has checked the session's token before this runs.
        router.post("/logout") { request, context -> Response in
            if let cookie = request.cookies[SessionCookie.name]?.value {
                try await access.endSession(cookie: cookie)
            }
            if let identity = context.identity {
                try await audit.record(.logout, by: context.auditActor, subjectType: "user", subjectId: String(identity.id))
            }
            var response = Response.redirect(to: "/login", type: .found)
            response.setCookie(SessionCookie.expired(secure: secureCookies))
            return response
        }
    }

    private func loginPage(token: String, error: String?, status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> Response {
        var response = try templates.page("login", title: "Inloggen", layout: nil, LoginView(csrf: token, loginError: error))
            .response(from: request, context: context)
        response.status = status
        response.setCookie(SessionCookie.make(name: SessionCookie.loginCSRFName, value: token, maxAge: 3600, secure: secureCookies))
        return response
    }
}

/// The login page's view model.
struct LoginView: Sendable {
    let csrf: String
    let loginError: String?
}
