import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Services
import Store
import Testing
@testable import App

/// A bearer token for the demo account, made through the service as `matchpunt users token` makes it.
func demoBearer(_ configuration: AppConfiguration) async throws -> String {
    let store = try MatchpuntStore(path: configuration.databasePath)
    let token = try await StaffAccess(users: store, audit: AuditLog(repository: store))
        .createToken(username: AppServices.demoAccount.username, expiresInDays: nil, by: .commandLine("test"))
    return "Bearer " + token
}

@Suite struct APITests {
    @Test func everyAPIRouteNeedsAStaffLogin() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            for uri in ["/api/v1/candidates/K00001", "/api/v1/vacancies/1", "/api/v1/catalog/parameters"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                }
            }
            let wrong = "Basic " + Data("adviseur:geraden".utf8).base64EncodedString()
            try await client.execute(uri: "/api/v1/candidates/K00001", method: .get, headers: [.authorization: wrong]) { response in
                #expect(response.status == .unauthorized)
            }
        }
        #expect(try await MatchpuntStore(path: configuration.databasePath).auditEvents(subjectType: "candidate", subjectId: "K00001").isEmpty)
    }

    @Test func viewingACandidateIsAudited() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let demoAuthorization = try await demoBearer(configuration)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/candidates/K00001", method: .get, headers: [.authorization: demoAuthorization]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""id":"K00001""#))
            }
            try await client.execute(uri: "/api/v1/candidates/K99999", method: .get, headers: [.authorization: demoAuthorization]) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("candidate K99999 not found"))
            }
            try await client.execute(uri: "/api/v1/vacancies/abc", method: .get, headers: [.authorization: demoAuthorization]) { response in
                #expect(response.status == .badRequest)
            }
        }
        let events = try await MatchpuntStore(path: configuration.databasePath).auditEvents(subjectType: "candidate", subjectId: "K00001")
        #expect(events.map(\.action) == ["view"])
        #expect(events.first?.actor == "adviseur")
    }

    @Test func instrumentsAnswerWithDecisionsOrAClearError() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let demoAuthorization = try await demoBearer(configuration)
        let headers: HTTPFields = [.authorization: demoAuthorization, .contentType: "application/json"]
        try await app.test(.router) { client in
            let good = #"{"candidateId":"K00001","vacancyId":1,"startDate":"2026-09-01","hoursPerWeek":36,"contractMonths":12,"hourlyWage":"15.00"}"#
            try await client.execute(uri: "/api/v1/instruments", method: .post, headers: headers, body: ByteBuffer(string: good)) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains(#""decisions""#))
                #expect(body.contains("loonkostensubsidie"))
            }
            let cases: [(String, HTTPResponse.Status, String)] = [
                (#"{"candidateId":"K00001"}"#, .badRequest, "vacancyId"),
                (#"{"candidateId":"K00001","vacancyId":1,"startDate":"2026-02-30","hoursPerWeek":36,"contractMonths":12}"#, .badRequest, "not a date"),
                (#"{"candidateId":"nobody","vacancyId":1,"startDate":"2026-09-01","hoursPerWeek":36,"contractMonths":12}"#, .notFound, "candidate nobody not found"),
                (#"{"candidateId":"K00001","vacancyId":1,"startDate":"2026-09-01","hoursPerWeek":0,"contractMonths":12}"#, .unprocessableContent, "uren per week"),
                (#"{"candidateId":"K00001","vacancyId":1,"startDate":"2026-09-01","hoursPerWeek":36,"contractMonths":12,"hourlyWage":"3.00"}"#, .unprocessableContent, "minimumloon"),
                ("not json at all", .badRequest, "JSON"),
            ]
            for (body, status, message) in cases {
                try await client.execute(uri: "/api/v1/instruments", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(body)")
                    #expect(String(buffer: response.body).contains(message), "\(body) → \(String(buffer: response.body))")
                }
            }
            try await client.execute(uri: "/api/v1/catalog/parameters?date=2026-01-01&region=drechtsteden", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("2294.4"))
            }
            try await client.execute(uri: "/api/v1/catalog/parameters?date=gisteren", method: .get, headers: headers) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/catalog/parameters?region=atlantis", method: .get, headers: headers) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}

@Suite struct MatchAPITests {
    @Test func rankingsInBothDirectionsAreAuditedAndValidated() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let demoAuthorization = try await demoBearer(configuration)
        let headers: HTTPFields = [.authorization: demoAuthorization]
        let listed = try await app.test(.router) { client -> [String] in
            try await client.execute(uri: "/api/v1/candidates/K00005/matches?top=5&explain=true", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains(#""rank":1"#))
                #expect(body.contains(#""factors""#))
            }
            let listed = try await client.execute(uri: "/api/v1/vacancies/12/matches?top=3", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                struct Ranking: Decodable { struct Result: Decodable { let candidateId: String; let score: Double }; let results: [Result] }
                let ranking = try JSONDecoder().decode(Ranking.self, from: response.body)
                #expect(ranking.results.count <= 3)
                #expect(zip(ranking.results, ranking.results.dropFirst()).allSatisfy { $0.score >= $1.score })
                return ranking.results.map(\.candidateId)
            }
            for (uri, status) in [("/api/v1/candidates/K00005/matches?top=0", HTTPResponse.Status.badRequest),
                                  ("/api/v1/candidates/K00005/matches?top=veel", .badRequest),
                                  ("/api/v1/candidates/K00005/matches?minScore=2", .badRequest),
                                  ("/api/v1/candidates/K00005/matches?isco=abc", .badRequest),
                                  ("/api/v1/candidates/K00005/matches?hoursMin=30&hoursMax=10", .badRequest),
                                  ("/api/v1/candidates/NOPE/matches", .notFound),
                                  ("/api/v1/vacancies/999999/matches", .notFound)] {
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    #expect(response.status == status, "\(uri)")
                }
            }
            return listed
        }
        let store = try MatchpuntStore(path: configuration.databasePath)
        #expect(try await store.auditEvents(subjectType: "candidate", subjectId: "K00005").map(\.action) == ["matches"])
        for id in listed {
            #expect(try await store.auditEvents(subjectType: "candidate", subjectId: id).contains { $0.action == "listed" })
        }
    }
}

@Suite struct HostileRequestTests {
    @Test func oddButWellFormedRequestsNeverGiveA500() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let demoAuthorization = try await demoBearer(configuration)
        let headers: HTTPFields = [.authorization: demoAuthorization, .contentType: "application/json"]
        let bodies = [
            #"{"candidateId":"K00001","vacancyId":1,"startDate":"9999-12-31","hoursPerWeek":60,"contractMonths":600}"#,
            #"{"candidateId":"K00001","vacancyId":1,"startDate":"0001-01-01","hoursPerWeek":1,"contractMonths":1,"peildatum":"0001-01-01"}"#,
            #"{"candidateId":"K00001","vacancyId":1,"startDate":"2026-07-01","hoursPerWeek":36,"contractMonths":12,"hourlyWage":"999999999999.99"}"#,
            #"{"candidateId":"K00001","vacancyId":-1,"startDate":"2026-07-01","hoursPerWeek":36,"contractMonths":12}"#,
            #"{"candidateId":"K00001","vacancyId":1,"startDate":"2026-07-01","hoursPerWeek":-5,"contractMonths":-1}"#,
            #"{"candidateId":"K00001","vacancyId":1,"startDate":"2026-07-01","hoursPerWeek":36,"contractMonths":12,"hourlyWage":"-15"}"#,
            #"{"candidateId":"K00001","vacancyId":1,"startDate":"2026-07-01","hoursPerWeek":36,"contractMonths":12,"requestedTrialMonths":-3}"#,
            #"{"candidateId":"K00001","vacancyId":1,"startDate":"2026-07-01","hoursPerWeek":36,"contractMonths":12,"sectorFullTimeHours":0}"#,
            #"{"candidateId":"\u0000","vacancyId":9223372036854775807,"startDate":"2026-07-01","hoursPerWeek":36,"contractMonths":12}"#,
            #"[]"#, #"null"#, #"{"candidateId":["K00001"]}"#,
        ]
        try await app.test(.router) { client in
            for body in bodies {
                try await client.execute(uri: "/api/v1/instruments", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status.code < 500, "\(body) → \(response.status)")
                }
            }
            for uri in ["/api/v1/candidates/%00/matches", "/api/v1/vacancies/99999999999999999999/matches", "/api/v1/candidates/../../etc/passwd",
                        "/api/v1/catalog/parameters?date=9999-12-31", "/api/v1/catalog/parameters?date=0001-01-01&region=wierden"] {
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    #expect(response.status.code < 500, "\(uri) → \(response.status)")
                }
            }
        }
    }
}
