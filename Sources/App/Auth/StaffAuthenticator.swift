import Domain
import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdBcrypt
import NIOPosix
import Repositories

/// API clients without a browser session authenticate with HTTP Basic (username and password, checked against
/// the bcrypt hash off the event loop).
struct BasicStaffAuthenticator: AuthenticatorMiddleware {
    typealias Context = AppRequestContext
    let users: any UserRepository

    func authenticate(request: Request, context: AppRequestContext) async throws -> StaffUser? {
        guard context.identity == nil, let basic = request.headers.basic else { return context.identity }
        guard let user = try await users.user(username: basic.username) else { return nil }
        let valid = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(basic.password, hash: user.passwordHash) }
        return valid ? user : nil
    }
}

/// Creating and checking staff passwords.
public enum StaffPasswords {
    /// bcrypt with cost 12 (about a quarter of a second: slow on purpose).
    public static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: 12) }

    public static func verify(_ password: String, against hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// The rules a new password must meet, in Dutch; empty when acceptable.
    public static func problems(with password: String) -> [String] {
        password.count < 10 ? ["wachtwoord moet minstens 10 tekens hebben"] : []
    }
}
