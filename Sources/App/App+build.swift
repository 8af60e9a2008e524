import Feeds
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import Mustache
import Services

/// Builds the Matchpunt web application: the store and reference data, the routes, and the services that
/// run beside the HTTP server. `matchpunt serve` runs it; the tests drive its router directly.
public func buildApplication(_ configuration: AppConfiguration, logger: Logger = Logger(label: "matchpunt")) async throws -> some ApplicationProtocol {
    let services = try await AppServices.start(configuration, logger: logger)
    let imports = try AppServices.feedImports(configuration, services: services)
    let router = try await buildRouter(services, configuration: configuration, imports: imports)
    // The scheduler's runs skip a feed another instance ran within its interval; a run asked for through the
    // API always runs.
    let scheduledImports = try AppServices.feedImports(configuration, services: services, scheduled: true)
    let scheduler = FeedScheduler(store: services.repositories, logger: logger) { feed in
        // Under the feed's database lease: a cron `matchpunt import` of the same feed waits its turn.
        guard case .ran(let run) = try? await scheduledImports.run(feed) else { return nil }
        return run
    }
    let follower = IndexFollowerService(follower: services.follower, interval: configuration.indexFollowInterval,
                                        wakeUps: services.changeNotifications)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Matchpunt"),
        services: [scheduler, follower],
        logger: logger)
}

/// The routes, grouped by controller.
func buildRouter(_ services: AppServices, configuration: AppConfiguration = AppConfiguration(),
                 imports: FeedImports? = nil) async throws -> Router<AppRequestContext> {
    let templates = try await Templates.load()
    _ = PrometheusMetrics.registry
    let router = Router(context: AppRequestContext.self)
    // Outermost, so that error answers get the headers too.
    router.add(middleware: SecurityHeadersMiddleware(secure: configuration.secureCookies))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: DecodingErrorMiddleware())
    // Before the session and login: the throttle and the audit see the client's address, not the proxy's.
    router.add(middleware: ClientAddressMiddleware(trusted: configuration.trustedProxies))
    // Sessions live in the database: they survive a restart and end on password change or account removal.
    router.add(middleware: StaffSessionMiddleware(access: services.staffAccess))
    router.add(middleware: CSRFMiddleware())
    HealthController(store: services.repositories).addRoutes(to: router)
    MetricsController().addRoutes(to: router)
    SessionController(users: services.repositories, access: services.staffAccess, audit: services.audit, templates: templates,
                      throttle: LoginThrottle(store: services.loginFailures, base: configuration.loginBackoffSeconds), gate: BcryptGate(), secureCookies: configuration.secureCookies).addRoutes(to: router)
    // The staff pages (Dutch, server-rendered, no script): login required; errors answer as a page.
    router.get("static/matchpunt.css") { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: templates.stylesheet)))
    }
    let pages = router.group().add(middleware: LoginRequiredMiddleware()).add(middleware: PageErrorMiddleware(templates: templates))
    DashboardPagesController(services: services, templates: templates).addRoutes(to: pages)
    CandidatePagesController(services: services, templates: templates).addRoutes(to: pages)
    CandidateIntakePagesController(services: services, templates: templates).addRoutes(to: pages)
    VacancyPagesController(services: services, templates: templates).addRoutes(to: pages)
    InstrumentPagesController(services: services, templates: templates).addRoutes(to: pages)
    QuotePagesController(services: services, templates: templates, secureCookies: configuration.secureCookies).addRoutes(to: pages)
    // Management overview, feed admin, catalog browser, users and audit (issue 14, second part).
    let imports = try imports ?? AppServices.feedImports(configuration, services: services)
    addStaffAdminPages(to: pages, services: services, templates: templates, configuration: configuration, imports: imports)
    // The employer's private quote link: no account, the token is the key.
    EmployerQuoteController(quotes: services.quotes).addRoutes(to: router)
    // Everything under /api/v1 is for authenticated staff only: a session or a bearer token.
    let api = router.group("api/v1")
        .add(middleware: APIErrorMiddleware())
        .add(middleware: BearerTokenAuthenticator(access: services.staffAccess))
        .add(middleware: APIAuthenticationRequiredMiddleware())
    OpenAPIController(document: try OpenAPIController.loadDocument()).addRoutes(to: api)
    let admin = api.group().add(middleware: AdminOnlyMiddleware())
    AuditController(repository: services.auditRecords, audit: services.audit).addRoutes(to: admin)
    FeedController(feeds: services.repositories, imports: imports,
                   audit: services.audit).addRoutes(to: admin)
    RecordController(records: services.candidateRecords, intake: services.candidateIntake, vacancies: services.vacancyRecords).addRoutes(to: api)
    CandidateIntakeController(intake: services.candidateIntake).addRoutes(to: api)
    CandidateImportController(importer: services.candidateImport).addRoutes(to: api)
    VacancyController(records: services.vacancyRecords).addRoutes(to: api)
    MatchController(rankings: services.rankings).addRoutes(to: api)
    InstrumentController(instruments: services.instruments, policy: services.policy).addRoutes(to: api)
    QuotesController(quotes: services.quotes).addRoutes(to: api)
    return router
}
