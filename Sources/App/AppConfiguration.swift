import Foundation
import Services

/// Everything `matchpunt serve` needs to start, from flags or the matching `MATCHPUNT_*` environment variables.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The SQLite database file; created and migrated when absent.
    public var databasePath: String
    /// The `catalog/` directory: reference data, policy parameters, instruments, regions, matching profiles.
    public var catalogDirectory: URL
    /// The `fixtures/` directory: demo data.
    public var fixturesDirectory: URL
    /// Seed the demo data into an empty database at start.
    public var seedDemoData: Bool
    /// How often `serve` polls the change log so that other processes' writes reach its matching index.
    public var indexFollowInterval: Duration = .seconds(1)
    /// Signs the CSRF token of the employer's quote form (env MATCHPUNT_QUOTE_SECRET). Every process that
    /// serves `/offerte/…` must share it; without it a random key is made at start (forms then break on restart).
    public var quoteFormSecret: String? = nil
    /// Served over HTTPS (a TLS-terminating proxy in front): cookies get `Secure`, responses HSTS
    /// (env MATCHPUNT_SECURE_COOKIES=1).
    public var secureCookies = false
    /// Absolute and idle lifetime of staff sessions.
    public var sessionPolicy = SessionPolicy()
    /// The first wait after repeated failed logins, in seconds; it doubles with each further failure.
    public var loginBackoffSeconds: TimeInterval = 1
    /// Reverse proxies whose X-Forwarded-For / Forwarded headers are believed (env MATCHPUNT_TRUSTED_PROXIES).
    public var trustedProxies = TrustedProxies.none

    public init(host: String = "127.0.0.1", port: Int = 8080, databasePath: String = "data/matchpunt.sqlite",
                catalogDirectory: URL = URL(fileURLWithPath: "catalog"), fixturesDirectory: URL = URL(fileURLWithPath: "fixtures"),
                seedDemoData: Bool = false) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.catalogDirectory = catalogDirectory
        self.fixturesDirectory = fixturesDirectory
        self.seedDemoData = seedDemoData
    }

    public var referenceDirectory: URL { catalogDirectory.appendingPathComponent("reference") }
    public var demoDirectory: URL { fixturesDirectory.appendingPathComponent("demo") }
}

/// A start-up failure, printed as one line naming the file at fault.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
