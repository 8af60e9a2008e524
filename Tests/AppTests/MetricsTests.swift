import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

@Suite struct MetricsTests {
    /// `/metrics` answers in Prometheus text with per-route request counts and latencies, the match query
    /// time and the index lag.
    @Test func metricsShowRequestsMatchQueriesAndIndexLag() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let demoAuthorization = try await demoBearer(configuration)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/candidates/K00001/matches", method: .get, headers: [.authorization: demoAuthorization]) { response in
                #expect(response.status == .ok)
            }
            // The follower polls every second; wait for at least one round to have reported the lag.
            var text = ""
            let deadline = ContinuousClock.now + .seconds(30)
            repeat {
                try await Task.sleep(for: .milliseconds(200))
                text = try await client.execute(uri: "/metrics", method: .get) { response in
                    #expect(response.status == .ok)
                    return String(buffer: response.body)
                }
            } while !text.contains("matchpunt_index_lag_changes") && ContinuousClock.now < deadline
            #expect(text.contains("hb_requests"))
            #expect(text.contains(#"http_route="/api/v1/candidates/{id}/matches""#) || text.contains("/api/v1/candidates/:id/matches"))
            #expect(text.contains("http_server_request_duration"))
            #expect(text.contains("matchpunt_match_query_seconds"))
            #expect(text.contains("matchpunt_index_lag_changes"))
        }
    }
}
