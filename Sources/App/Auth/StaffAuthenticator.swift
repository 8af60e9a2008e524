import Domain
import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdBcrypt
import NIOPosix
import Repositories

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
