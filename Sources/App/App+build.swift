import Feeds
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import Mustache

/// Builds the Matchpunt web application: the store and reference data, the routes, and the services that
/// run beside the HTTP server. `matchpunt serve` runs it; the tests drive its router directly.
public func buildApplication(_ configuration: AppConfiguration, logger: Logger = Logger(label: "matchpunt")) async throws -> some ApplicationProtocol {
    let services = try AppServices.start(configuration, logger: logger)
    let sessions = MemoryPersistDriver()
    let router = try await buildRouter(services, sessions: sessions)
    let importer = try AppServices.feedImporter(configuration, services: services)
    let scheduler = FeedScheduler(store: services.store, logger: logger) { feed in
        await importer.run(feed, today: .today)
    }
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Matchpunt"),
        services: [sessions, scheduler],
        logger: logger)
}

/// The routes, grouped by controller.
func buildRouter(_ services: AppServices, sessions: some PersistDriver) async throws -> Router<AppRequestContext> {
    let templates = try await Templates.load()
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: DecodingErrorMiddleware())
    router.add(middleware: SessionMiddleware(
        storage: sessions,
        configuration: .init(sessionCookieParameters: .init(name: "MATCHPUNT_SESSION", sameSite: .lax), defaultSessionExpiration: .seconds(8 * 3600))))
    router.add(middleware: SessionAuthenticator(context: AppRequestContext.self) { (id: Int64, _) in try services.store.user(id: id) })
    HealthController(store: services.store).addRoutes(to: router)
    LandingController(store: services.store, templates: templates).addRoutes(to: router)
    SessionController(store: services.store, templates: templates).addRoutes(to: router)
    StaffPagesController(services: services, templates: templates).addRoutes(to: router)
    // Everything under /api/v1 is for authenticated staff only.
    let api = router.group("api/v1")
        .add(middleware: BasicStaffAuthenticator(store: services.store))
        .add(middleware: IsAuthenticatedMiddleware())
    RecordController(store: services.store).addRoutes(to: api)
    MatchController(store: services.store, matches: services.matches).addRoutes(to: api)
    InstrumentController(store: services.store, policy: services.policy).addRoutes(to: api)
    return router
}
