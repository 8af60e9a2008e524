import App
import ArgumentParser
import Foundation
import Logging

/// Options shared by the commands that open the database. Each flag has a `MATCHPUNT_*` environment variable;
/// a flag given on the command line wins.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file, or postgres://user@host:port/db for a shared PostgreSQL database (env MATCHPUNT_DATABASE; default data/matchpunt.sqlite).")
    var database: String?

    @Option(name: .long, help: "The catalog/ directory (env MATCHPUNT_CATALOG; default ./catalog).")
    var catalog: String?

    @Option(name: .long, help: "The fixtures/ directory with demo data (env MATCHPUNT_FIXTURES; default ./fixtures).")
    var fixtures: String?

    func configuration() -> AppConfiguration {
        var configuration = AppConfiguration()
        if let path = database ?? environment("MATCHPUNT_DATABASE") { configuration.databasePath = path }
        if let path = catalog ?? environment("MATCHPUNT_CATALOG") { configuration.catalogDirectory = URL(fileURLWithPath: path) }
        if let path = fixtures ?? environment("MATCHPUNT_FIXTURES") { configuration.fixturesDirectory = URL(fileURLWithPath: path) }
        configuration.quoteFormSecret = environment("MATCHPUNT_QUOTE_SECRET")
        return configuration
    }
}

func environment(_ name: String) -> String? {
    guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
    return value
}

/// Logs go to stderr; level from MATCHPUNT_LOG_LEVEL (trace…critical, default info).
func makeLogger() -> Logger {
    var logger = Logger(label: "matchpunt")
    logger.logLevel = environment("MATCHPUNT_LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .info
    return logger
}

/// Runs `body`; a start-up or store failure is printed as one line and exits with status 1, no stack trace.
func reportingFailures<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as StartupError {
        fail(error.description)
    } catch let error as ExitCode {
        throw error
    } catch let error as CustomStringConvertible {
        fail(error.description)
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("matchpunt: error: \(message)\n".utf8))
    exit(1)
}

/// The repositories of the configured database: a SQLite file, or PostgreSQL for a `postgres://` URL (opened and
/// migrated). The connection lives as long as the command.
func openRepositories(_ configuration: AppConfiguration) async throws -> any AppRepositories {
    try await AppServices.openDatabase(configuration).repositories
}
