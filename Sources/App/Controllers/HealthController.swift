import Domain
import Hummingbird
import Repositories

/// `/health`: 200 when the database answers, 503 otherwise. For load balancers and monitoring.
struct HealthController {
    let store: any StoreStatusRepository

    struct Health: ResponseEncodable {
        let status: String
        let database: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/health") { _, _ -> Response in
            let healthy = await store.isHealthy()
            let body = healthy ? #"{"status":"ok","database":"ok"}"# : #"{"status":"unavailable","database":"unreachable"}"#
            return Response(status: healthy ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }
}
