import Feeds
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import Mustache

/// Builds the Matchpunt web application: the store and reference data, the routes, and the services that
/// run beside the HTTP server. `matchpunt serve` runs it; the tests drive its router directly.
public func buildApplication(_ configuration: AppConfiguration, logger: Logger = Logger(label: "matchpunt")) async throws -> some ApplicationProtocol {
    let services = try await AppServices.start(configuration, logger: logger)
    let sessions = MemoryPersistDriver()
    let router = try await buildRouter(services, sessions: sessions)
    let imports = try AppServices.feedImports(configuration, services: services, scheduled: true)
    let scheduler = FeedScheduler(store: services.repositories, logger: logger) { feed in
        // Under the feed's database lease: a cron `matchpunt import` of the same feed waits its turn.
        guard case .ran(let run) = try? await imports.run(feed) else { return nil }
        return run
    }
    let follower = IndexFollowerService(follower: services.follower, interval: configuration.indexFollowInterval,
                                        wakeUps: services.changeNotifications)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Matchpunt"),
        services: [sessions, scheduler, follower],
        logger: logger)
}

/// The routes, grouped by controller.
func buildRouter(_ services: AppServices, sessions: some PersistDriver) async throws -> Router<AppRequestContext> {
    let templates = try await Templates.load()
    _ = PrometheusMetrics.registry
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: DecodingErrorMiddleware())
    router.add(middleware: SessionMiddleware(
        storage: sessions,
        configuration: .init(sessionCookieParameters: .init(name: "MATCHPUNT_SESSION", sameSite: .lax), defaultSessionExpiration: .seconds(8 * 3600))))
    router.add(middleware: SessionAuthenticator(context: AppRequestContext.self) { (id: Int64, _) in try await services.repositories.user(id: id) })
    HealthController(store: services.repositories).addRoutes(to: router)
    MetricsController().addRoutes(to: router)
    LandingController(store: services.repositories, templates: templates).addRoutes(to: router)
    SessionController(users: services.repositories, audit: services.audit, templates: templates).addRoutes(to: router)
    StaffPagesController(services: services, templates: templates).addRoutes(to: router)
    // Everything under /api/v1 is for authenticated staff only.
    let api = router.group("api/v1")
        .add(middleware: BasicStaffAuthenticator(users: services.repositories))
        .add(middleware: IsAuthenticatedMiddleware())
    RecordController(store: services.repositories, audit: services.audit).addRoutes(to: api)
    MatchController(rankings: services.rankings).addRoutes(to: api)
    InstrumentController(instruments: services.instruments, policy: services.policy).addRoutes(to: api)
    return router
}
