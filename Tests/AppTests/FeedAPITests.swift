import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
@testable import App

@Suite struct FeedAPITests {
    @Test func adminsManageFeedsConsultantsCannotAndTheSecretNeverComesBack() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let consultant = try await demoBearer(configuration)
        let admin = try await makeStaff(configuration, username: "beheer", role: .admin, regions: [])
        let json: HTTPFields = [.contentType: "application/json"]
        @Sendable func with(_ authorization: String) -> HTTPFields { var headers = json; headers[.authorization] = authorization; return headers }
        let feed = #"{"name":"werk-drecht","url":"https://example.org/feed.json","format":"jsonld","region":"Drechtsteden","authHeader":"Authorization: Bearer geheim-123"}"#
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/feeds", method: .post, headers: with(consultant), body: ByteBuffer(string: feed)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/feeds", method: .post, headers: with(admin), body: ByteBuffer(string: feed)) { response in
                #expect(response.status == .created)
                let body = String(buffer: response.body)
                #expect(body.contains(#""hasAuthHeader":true"#))
                #expect(!body.contains("geheim-123"))
            }
            try await client.execute(uri: "/api/v1/feeds", method: .post, headers: with(admin), body: ByteBuffer(string: feed)) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/api/v1/feeds", method: .get, headers: with(admin)) { response in
                #expect(String(buffer: response.body).contains(#""name":"werk-drecht""#))
                #expect(!String(buffer: response.body).contains("geheim-123"))
            }
            let bad: [(String, String)] = [
                (#"{"name":"x","url":"ftp://example.org","format":"jsonld","region":"R"}"#, "url"),
                (#"{"name":"x","url":"https://example.org","format":"pdf","region":"R"}"#, "format"),
                (#"{"name":"x","url":"https://example.org","format":"jsonld","region":"R","intervalMinutes":100000}"#, "intervalMinutes"),
                (#"{"name":"x y","url":"https://example.org","format":"jsonld","region":"R"}"#, "name"),
            ]
            for (body, field) in bad {
                try await client.execute(uri: "/api/v1/feeds", method: .post, headers: with(admin), body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(String(buffer: response.body).contains(#""field":"\#(field)""#), "\(body) → \(String(buffer: response.body))")
                }
            }
            try await client.execute(uri: "/api/v1/feeds/werk-drecht/runs", method: .get, headers: with(admin)) { response in
                #expect(response.status == .ok)
                // serve's scheduler may already have tried it (example.org does not resolve here): a failed run at most.
                #expect(String(buffer: response.body).hasPrefix(#"{"runs":["#))
                #expect(!String(buffer: response.body).contains("geheim-123"))
            }
            try await client.execute(uri: "/api/v1/runs/abc/quarantined", method: .get, headers: with(admin)) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/feeds/werk-drecht", method: .delete, headers: with(admin)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/feeds/werk-drecht", method: .get, headers: with(admin)) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
