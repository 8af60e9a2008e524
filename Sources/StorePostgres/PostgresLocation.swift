import Domain
import Foundation

/// Where the PostgreSQL database is: parsed from `postgres://user[:password]@host[:port]/database`
/// (`postgresql://` too). Query options: `max_connections=N` (the pool size per process, default 10).
/// The description never shows the password, so it can go into logs and error messages.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var maximumConnections: Int

    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String, maximumConnections: Int = 10) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.maximumConnections = maximumConnections
    }

    /// True for the URL schemes this store serves; the App chooses the store by it.
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses a database URL; the error says which part is wrong (without echoing a password).
    public init(url text: String) throws {
        guard Self.isPostgresURL(text), let components = URLComponents(string: text) else {
            throw StoreError.cannotOpen(path: "postgres URL", reason: "expected postgres://user@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError.cannotOpen(path: "postgres URL", reason: "the URL names no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError.cannotOpen(path: "postgres URL", reason: "the URL names no user (postgres://user@host/database)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw StoreError.cannotOpen(path: "postgres URL", reason: "the URL names no database (postgres://user@host/database)")
        }
        var maximumConnections = 10
        for item in components.queryItems ?? [] {
            switch item.name {
            case "max_connections":
                guard let value = item.value.flatMap(Int.init), (1...1000).contains(value) else {
                    throw StoreError.cannotOpen(path: "postgres URL", reason: "max_connections must be a number from 1 to 1000")
                }
                maximumConnections = value
            default:
                throw StoreError.cannotOpen(path: "postgres URL", reason: "unknown option \(item.name) (known: max_connections)")
            }
        }
        // URLComponents has already checked the port is a number; a port outside 1…65535 is still refused.
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else {
            throw StoreError.cannotOpen(path: "postgres URL", reason: "port \(port) is outside 1…65535")
        }
        self.init(host: host, port: port, username: user.removingPercentEncoding ?? user,
                  password: components.password.map { $0.removingPercentEncoding ?? $0 }, database: database.removingPercentEncoding ?? database,
                  maximumConnections: maximumConnections)
    }

    public var description: String { "postgres://\(username)@\(host):\(port)/\(database)" }
}
