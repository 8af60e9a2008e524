import Catalog
import Domain
import Foundation
import Logging
import Repositories
import Services

extension AppServices {
    /// The quote service over the store: quote settings from `catalog/quotes`, the catalog's fingerprint, and
    /// the key that signs the employer form's CSRF token.
    public static func makeQuotes(_ configuration: AppConfiguration, store: any QuoteRepository & EmployerRepository, policy: PolicyCatalog, instruments: InstrumentEvaluation,
                                  audit: AuditLog, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) throws -> Quotes {
        let settings: QuoteSettings
        do {
            settings = try QuoteSettings.load(from: configuration.catalogDirectory)
        } catch {
            throw StartupError("\(configuration.catalogDirectory.path): \(error.description)")
        }
        let problems = settings.problems(against: policy)
        guard problems.isEmpty else { throw StartupError("\(configuration.catalogDirectory.path)/quotes/settings.yaml: \(problems.joined(separator: "; "))") }
        let fingerprint: String
        do {
            fingerprint = try CatalogFingerprint.sha256(catalogDirectory: configuration.catalogDirectory)
        } catch {
            throw StartupError("\(configuration.catalogDirectory.path): cannot read for its fingerprint: \(error)")
        }
        let secret: [UInt8]
        if let configured = configuration.quoteFormSecret, configured.utf8.count >= 16 {
            secret = Array(configured.utf8)
        } else {
            var generator = SystemRandomNumberGenerator()
            secret = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            logger.notice("MATCHPUNT_QUOTE_SECRET not set (or shorter than 16 bytes): employer quote forms are signed with a key of this process only")
        }
        return Quotes(repository: store, employers: store, instruments: instruments, policy: policy, settings: settings, catalogHash: fingerprint,
                      audit: audit, formSecret: secret, now: clock, today: { CalendarDate.inNetherlands(clock()) }, logger: logger)
    }
}

extension CalendarDate {
    /// The civil date in the Netherlands at `instant`.
    public static func inNetherlands(_ instant: Date) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
