import Hummingbird
import Metrics
import Prometheus

/// The process's Prometheus registry behind swift-metrics. Bootstrapped once, on first use: swift-metrics
/// allows one bootstrap per process, and the tests build several applications in one process.
enum PrometheusMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Hummingbird names its metrics with dots (`http.server.request.duration`); Prometheus allows only
        // letters, digits and underscores.
        factory.nameAndLabelSanitizer = { name, labels in
            (sanitized(name), labels.map { (sanitized($0.0), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    static func sanitized(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }
}

/// `GET /metrics`: request counts and latencies per route (Hummingbird's metrics middleware), import runs and
/// their durations, match query time, and the matching index's lag behind the change log, in Prometheus text.
struct MetricsController {
    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: PrometheusMetrics.registry.emitToString())))
        }
    }
}
