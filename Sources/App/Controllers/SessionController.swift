import Domain
import Foundation
import Hummingbird
import HummingbirdAuth
import NIOPosix
import Repositories
import Services

/// Staff log in with username and password (form post) and get a session cookie.
struct SessionController {
    let users: any UserRepository
    let audit: AuditLog
    let templates: Templates

    struct LoginForm: Decodable {
        let username: String
        let password: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/login") { _, _ -> HTML in
            try templates.render("login", ["title": "Inloggen"])
        }
        router.post("/login") { request, context -> Response in
            let form = try await URLEncodedFormDecoder().decode(LoginForm.self, from: String(buffer: try await request.body.collect(upTo: 16_384)))
            let user = try await users.user(username: form.username)
            // Hash even for an unknown user, so that response time does not tell which usernames exist.
            let hash = user?.passwordHash ?? "$2b$12$C6UzMDM.H6dfI/f/IKxGhuXyNbFzXGVCZcXtVgTjqxkpxlzM9IdBK"
            let valid = try await NIOThreadPool.singleton.runIfActive { StaffPasswords.verify(form.password, against: hash) }
            guard let user, valid else {
                context.logger.notice("login refused")
                let page = try templates.render("login", ["title": "Inloggen", "error": "Onbekende gebruikersnaam of onjuist wachtwoord."])
                var response = try page.response(from: request, context: context)
                response.status = .unauthorized
                return response
            }
            context.sessions.setSession(user.id, expiresIn: .seconds(8 * 3600))
            try await audit.recordLogin(user: user, requestId: context.id)
            return .redirect(to: "/", type: .found)
        }
        router.post("/logout") { _, context -> Response in
            context.sessions.clearSession()
            return .redirect(to: "/login", type: .found)
        }
    }
}
