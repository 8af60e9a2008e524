import Foundation
import Hummingbird
import Logging
import Mustache

/// Builds the Matchpunt web application: the store and reference data, the routes, and the services that
/// run beside the HTTP server. `matchpunt serve` runs it; the tests drive its router directly.
public func buildApplication(_ configuration: AppConfiguration, logger: Logger = Logger(label: "matchpunt")) async throws -> some ApplicationProtocol {
    let services = try AppServices.start(configuration, logger: logger)
    let router = try await buildRouter(services)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Matchpunt"),
        logger: logger)
}

/// The routes, grouped by controller.
public func buildRouter(_ services: AppServices) async throws -> Router<AppRequestContext> {
    let templates = try await Templates.load()
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.debug))
    HealthController(store: services.store).addRoutes(to: router)
    LandingController(store: services.store, templates: templates).addRoutes(to: router)
    return router
}
