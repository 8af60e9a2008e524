import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Repositories
import Services
import Store
import Testing
@testable import App

/// Drechtsteden (26): Dordrecht, Zwijndrecht. Twente (9): Wierden.
private let drechtsteden = 26
private let twente = 9

/// A valid new candidate living in `municipality`.
func newCandidate(id: String, municipality: String = "Dordrecht", postcode: String = "3311 KH") -> Candidate {
    let today = CalendarDate.amsterdam(Date())
    return Candidate(
        id: id, municipality: municipality, dateOfBirth: CalendarDate(year: 1990, month: 5, day: 17)!, benefit: .participatiewet,
        benefitSince: CalendarDate(year: 2020, month: 1, day: 1), ladderRung: .unpaidWork, hoursAvailable: WeeklyHours(min: 16, max: 32)!,
        travelReachKm: 15, postcode: Postcode(parsing: postcode)!, availableFrom: today.adding(days: 14),
        skills: ["16da7f95-bd00-4a5c-b837-bf1c2a5a9f15"], desiredOccupations: ["61d9270c-491d-438d-8d41-77ba2e0ef023"],
        education: .mbo2, dutchLevel: .b1, drivingLicences: [.b])
}

func json(_ candidate: Candidate) throws -> ByteBuffer {
    ByteBuffer(data: try JSONEncoder().encode(candidate))
}

/// The candidate's JSON with one field replaced by raw JSON text (to send what a Swift value cannot hold).
func json(_ candidate: Candidate, replacing key: String, with raw: String) throws -> ByteBuffer {
    var object = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(candidate)) as? [String: Any])
    object[key] = "@@"
    let text = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        .replacingOccurrences(of: "\"@@\"", with: raw)
    return ByteBuffer(string: text)
}

@Suite struct CandidateIntakeTests {
    @Test func createReadUpdateWithETagsAndEveryChangeAudited() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let bearer = try await makeStaff(configuration, username: "drecht", role: .consultant, regions: [drechtsteden])
        let candidate = newCandidate(id: "N-0001")
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/candidates", method: .post, headers: [.authorization: bearer, .contentType: "application/json"],
                                     body: try json(candidate)) { response in
                #expect(response.status == .created)
                #expect(response.headers[.location] == "/api/v1/candidates/N-0001")
                #expect(response.headers[.eTag] == "\"1\"")
                let body = String(buffer: response.body)
                #expect(body.contains(#""version":1"#) && body.contains(#""active":true"#))
            }
            // The same id again: 409 naming the field.
            try await client.execute(uri: "/api/v1/candidates", method: .post, headers: [.authorization: bearer, .contentType: "application/json"],
                                     body: try json(candidate)) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains(#""field":"id""#))
            }
            try await client.execute(uri: "/api/v1/candidates/N-0001", method: .get, headers: [.authorization: bearer]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"1\"")
            }
            var changed = candidate
            changed.travelReachKm = 25
            // No If-Match: 428. A stale one: 412 with the current ETag. The right one: 200 and version 2.
            try await client.execute(uri: "/api/v1/candidates/N-0001", method: .put, headers: [.authorization: bearer, .contentType: "application/json"],
                                     body: try json(changed)) { response in
                #expect(response.status == .preconditionRequired)
                #expect(String(buffer: response.body).contains(#""field":"If-Match""#))
            }
            try await client.execute(uri: "/api/v1/candidates/N-0001", method: .put,
                                     headers: [.authorization: bearer, .contentType: "application/json", .ifMatch: "\"1\""],
                                     body: try json(changed)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"2\"")
                #expect(String(buffer: response.body).contains(#""travelReachKm":25"#))
            }
            changed.travelReachKm = 40
            try await client.execute(uri: "/api/v1/candidates/N-0001", method: .put,
                                     headers: [.authorization: bearer, .contentType: "application/json", .ifMatch: "\"1\""],
                                     body: try json(changed)) { response in
                #expect(response.status == .preconditionFailed)
                #expect(response.headers[.eTag] == "\"2\"")
                #expect(String(buffer: response.body).contains(#""code":"version-mismatch""#))
            }
            // A header that names no version, and a path and body that disagree, are 400s naming the field.
            for (ifMatch, path, field) in [("*", "N-0001", "If-Match"), ("\"99999999999999999999999\"", "N-0001", "If-Match"), ("\"2\"", "N-0002", "id")] {
                try await client.execute(uri: "/api/v1/candidates/\(path)", method: .put,
                                         headers: [.authorization: bearer, .contentType: "application/json", .ifMatch: ifMatch],
                                         body: try json(changed)) { response in
                    #expect(response.status == .badRequest, "\(ifMatch) \(path)")
                    #expect(String(buffer: response.body).contains(#""field":"\#(field)""#))
                }
            }
        }
        let store = try MatchpuntStore(path: configuration.databasePath)
        let stored = try #require(try await store.storedCandidate(id: "N-0001"))
        #expect(stored.version == 2 && stored.candidate.travelReachKm == 25)
        let actions = try await store.auditEvents(subjectType: "candidate", subjectId: "N-0001").map(\.action)
        // The second create with the same id is refused and audited, as a taken id is in any region (StaffRegionRuleTests).
        #expect(actions.sorted() == ["candidate-created", "candidate-updated", "refused", "view"])
    }

    @Test func badFieldsAreA400NamingTheFieldNeverA500() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let bearer = try await makeStaff(configuration, username: "drecht", role: .consultant, regions: [drechtsteden])
        let valid = newCandidate(id: "N-0002")
        var cases: [(ByteBuffer, String)] = []
        cases.append((try json(valid, replacing: "travelReachKm", with: "1e25"), "travelReachKm"))
        cases.append((try json(valid, replacing: "travelReachKm", with: "99999999999999999999999"), "travelReachKm"))
        cases.append((try json(valid, replacing: "travelReachKm", with: "301"), "travelReachKm"))
        cases.append((try json(valid, replacing: "hoursAvailable", with: #"{"min":30,"max":10}"#), "hoursAvailable.max"))
        cases.append((try json(valid, replacing: "hoursAvailable", with: #"{"min":-1,"max":10}"#), "hoursAvailable.min"))
        cases.append((try json(valid, replacing: "ladderRung", with: "9"), "ladderRung"))
        cases.append((try json(valid, replacing: "postcode", with: #""0000 XX""#), "postcode"))
        cases.append((try json(valid, replacing: "dateOfBirth", with: #""2990-01-01""#), "dateOfBirth"))
        cases.append((try json(valid, replacing: "wageValue", with: #"{"percent":140,"measuredOn":"2024-01-01"}"#), "wageValue.percent"))
        cases.append((try json(valid, replacing: "id", with: #""123456782""#), "id"))
        cases.append((try json(valid, replacing: "id", with: #""a b""#), "id"))
        cases.append((try json(valid, replacing: "municipality", with: #""Atlantis""#), "municipality"))
        cases.append((try json(valid, replacing: "skills", with: #"["not-an-esco-id"]"#), "skills"))
        cases.append((ByteBuffer(string: "{"), ""))
        let allCases = cases
        try await app.test(.router) { client in
            for (body, field) in allCases {
                try await client.execute(uri: "/api/v1/candidates", method: .post, headers: [.authorization: bearer, .contentType: "application/json"],
                                         body: body) { response in
                    let text = String(buffer: response.body)
                    #expect(response.status == .badRequest, "\(field): \(text)")
                    if !field.isEmpty { #expect(text.contains(#""field":"\#(field)""#), "\(field): \(text)") }
                    #expect(text.contains(#""messageNl""#))
                }
            }
        }
        #expect(try await MatchpuntStore(path: configuration.databasePath).storedCandidate(id: "N-0002") == nil)
    }

    @Test func aConsultantWritesOnlyInOwnRegions() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let twenteBearer = try await makeStaff(configuration, username: "twente", role: .consultant, regions: [twente])
        let drechtBearer = try await makeStaff(configuration, username: "drecht", role: .consultant, regions: [drechtsteden])
        try await app.test(.router) { client in
            // Creating in Dordrecht as a Twente consultant: 403 naming municipality.
            try await client.execute(uri: "/api/v1/candidates", method: .post, headers: [.authorization: twenteBearer, .contentType: "application/json"],
                                     body: try json(newCandidate(id: "N-0003"))) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains(#""field":"municipality""#))
            }
            // K00001 lives in Zwijndrecht: for Twente it does not exist, through every write route.
            var k1 = newCandidate(id: "K00001", municipality: "Wierden", postcode: "7641 AA")
            k1.id = "K00001"
            for (uri, method) in [("/api/v1/candidates/K00001", HTTPRequest.Method.put), ("/api/v1/candidates/K00001/deactivate", .post),
                                  ("/api/v1/candidates/K00001/reactivate", .post)] {
                try await client.execute(uri: uri, method: method, headers: [.authorization: twenteBearer, .contentType: "application/json", .ifMatch: "\"1\""],
                                         body: try json(k1)) { response in
                    #expect(response.status == .notFound, "\(uri)")
                }
            }
            // Drechtsteden may not move its own candidate into Twente either.
            try await client.execute(uri: "/api/v1/candidates/K00001", method: .put,
                                     headers: [.authorization: drechtBearer, .contentType: "application/json", .ifMatch: "\"1\""],
                                     body: try json(k1)) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains(#""code":"outside-regions""#))
            }
        }
        let store = try MatchpuntStore(path: configuration.databasePath)
        #expect(try await store.storedCandidate(id: "N-0003") == nil)
        #expect(try await store.storedCandidate(id: "K00001")?.candidate.municipality == "Zwijndrecht")
        let refusals = try await store.auditEvents(subjectType: "candidate", subjectId: "K00001").filter { $0.action == "refused" }
        #expect(refusals.count == 3 && refusals.allSatisfy { $0.actor == "twente" })
    }

    @Test func aDeactivatedCandidateLeavesMatchingThroughTheChangeLogAndCanComeBack() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let services = try await AppServices.start(configuration, logger: Logger(label: "test"))
        let app = Application(router: try await buildRouter(services))
        let bearer = try await demoBearer(configuration)
        #expect(!services.matches.snapshot.topVacancies(forCandidate: "K00002", k: 5).isEmpty)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/candidates/K00002/deactivate", method: .post,
                                     headers: [.authorization: bearer, .contentType: "application/json", .ifMatch: "\"7\""],
                                     body: ByteBuffer(string: #"{"reason":"verhuisd"}"#)) { response in
                #expect(response.status == .preconditionFailed)
            }
            try await client.execute(uri: "/api/v1/candidates/K00002/deactivate", method: .post,
                                     headers: [.authorization: bearer, .contentType: "application/json"],
                                     body: ByteBuffer(string: #"{"reason":"verhuisd"}"#)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""active":false"#))
                #expect(response.headers[.eTag] == "\"2\"")
            }
            try await services.follower.catchUp()
            #expect(services.matches.snapshot.topVacancies(forCandidate: "K00002", k: 5).isEmpty)
            try await client.execute(uri: "/api/v1/candidates/K00002/matches", method: .get, headers: [.authorization: bearer]) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/candidates?id=K00002", method: .get, headers: [.authorization: bearer]) { response in
                #expect(String(buffer: response.body).contains(#""total":0"#))
            }
            // Still readable by id, so that staff can bring them back.
            try await client.execute(uri: "/api/v1/candidates/K00002", method: .get, headers: [.authorization: bearer]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""active":false"#))
            }
            try await client.execute(uri: "/api/v1/candidates/K00002/reactivate", method: .post,
                                     headers: [.authorization: bearer, .ifMatch: "\"2\""]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"3\"")
            }
            try await services.follower.catchUp()
            #expect(!services.matches.snapshot.topVacancies(forCandidate: "K00002", k: 5).isEmpty)
        }
        let store = try MatchpuntStore(path: configuration.databasePath)
        let events = try await store.auditEvents(subjectType: "candidate", subjectId: "K00002")
        let deactivation = try #require(events.first { $0.action == "candidate-deactivated" })
        #expect(deactivation.detail?.contains("verhuisd") == true && deactivation.actor == "adviseur")
        #expect(events.contains { $0.action == "candidate-reactivated" })
        // A fresh index (another process starting) leaves a deactivated candidate out too.
        _ = try await store.setCandidateActive(id: "K00003", active: false, expectedVersion: nil)
        #expect(try await store.indexSnapshot().candidates.contains { $0.id == "K00003" } == false)
        #expect(try await store.candidate(id: "K00003") == nil)
    }
}
