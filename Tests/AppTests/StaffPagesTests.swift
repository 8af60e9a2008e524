import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
@testable import App

@Suite struct StaffPagesTests {
    @Test func pagesNeedALoginThenShowRankingsWithExplanations() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            try await client.execute(uri: "/kandidaten/K00005", method: .get) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/login")
            }
            let cookie = try await logIn(client).cookie
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                #expect(String(buffer: response.body).contains("Uitloggen (adviseur)"))
            }
            try await client.execute(uri: "/kandidaten?id=K00005", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.headers[.location] == "/kandidaten/K00005")
            }
            try await client.execute(uri: "/kandidaten/K00005", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<h1>Kandidaat K00005</h1>"))
                #expect(html.contains("Waarom deze score?"))
                #expect(html.contains("Opbouw van de score"))
            }
            try await client.execute(uri: "/vacatures/12", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Best passende kandidaten"))
            }
            try await client.execute(uri: "/kandidaten/K00005/instrumenten?vacature=12&start=2026-09-01&uren=32&maanden=12&loon=",
                                     method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Loonkostensubsidie"))
            }
            for (uri, status) in [("/kandidaten/K00005/instrumenten?vacature=12&start=morgen&uren=32&maanden=12", HTTPResponse.Status.badRequest),
                                  ("/kandidaten/K00005/instrumenten?vacature=abc&start=2026-09-01&uren=32&maanden=12", .badRequest),
                                  ("/kandidaten/NIEMAND", .notFound), ("/vacatures/0", .notFound), ("/vacatures/abc", .badRequest)] {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { response in
                    #expect(response.status == status, "\(uri)")
                }
            }
        }
        let events = try await MatchpuntStore(path: configuration.databasePath).auditEvents(subjectType: "candidate", subjectId: "K00005")
        #expect(events.map(\.action).contains("view"))
        #expect(events.map(\.action).contains("instruments"))
    }
}
