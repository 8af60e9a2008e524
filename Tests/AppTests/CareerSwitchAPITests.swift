import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Services
import Store
import Testing
@testable import App

/// `GET /api/v1/candidates/:id/career-switches`, the "ander beroepsveld" list: served to staff, best first, audited
/// as a view of the candidate, and subject to the same region rule as the candidate's matches.
@Suite struct CareerSwitchAPITests {
    struct Body: Decodable {
        struct Suggestion: Decodable {
            struct Occupation: Decodable { let id: String; let labelNL: String; let iscoGroup: String }
            struct Skill: Decodable { let id: String; let label: String; let isDutch: Bool }
            let occupation: Occupation
            let share: Double
            let essentialHad: Int
            let essentialTotal: Int
            let missingEssentialSkills: [Skill]
            let openVacancies: Int
            let summary: String
        }
        let candidateId: String
        let suggestions: [Suggestion]
    }

    @Test func aCandidatesCareerSwitchesAreServedBestFirstAndAudited() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let services = try await AppServices.start(configuration, logger: Logger(label: "test"))
        // A demo candidate the index has suggestions for (most have some; the first found is enough).
        let ids = (1...300).map { String(format: "K%05d", $0) }
        let id = try #require(ids.first { !services.matches.snapshot.careerSwitches(forCandidate: $0).isEmpty })
        let expected = services.matches.snapshot.careerSwitches(forCandidate: id)
        let headers: HTTPFields = [.authorization: try await demoBearer(configuration)]
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/candidates/\(id)/career-switches", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(Body.self, from: response.body)
                #expect(body.candidateId == id)
                #expect(body.suggestions.map(\.occupation.id) == expected.map(\.occupation.id.rawValue))
                for suggestion in body.suggestions {
                    #expect((0...1).contains(suggestion.share))
                    #expect(suggestion.essentialHad <= suggestion.essentialTotal)
                    #expect(suggestion.summary.hasPrefix(suggestion.occupation.labelNL))
                    #expect(suggestion.openVacancies >= 0)
                }
                #expect(zip(body.suggestions, body.suggestions.dropFirst()).allSatisfy { $0.share >= $1.share })
            }
            try await client.execute(uri: "/api/v1/candidates/NOPE/career-switches", method: .get, headers: headers) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/candidates/\(id)/career-switches", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
        let store = try MatchpuntStore(path: configuration.databasePath)
        let events = try await store.auditEvents(subjectType: "candidate", subjectId: id)
        #expect(events.contains { $0.action == "matches" && ($0.detail ?? "").hasPrefix("ander beroepsveld") })
    }

    @Test func aConsultantOutsideTheCandidatesRegionGetsNotFound() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let services = try await AppServices.start(configuration, logger: Logger(label: "test"))
        let rankings = Rankings(candidates: services.repositories, vacancies: services.repositories, index: services.matches,
                                audit: services.audit, regions: CandidateRegions(regionOf: { _ in 26 }))
        let inside = AuditActor(name: "drechtsteden", regions: [26])
        let outside = AuditActor(name: "twente", regions: [9])
        let id = "K00005"
        let seen = try await rankings.careerSwitches(forCandidate: id, by: inside)
        #expect(seen == services.matches.snapshot.careerSwitches(forCandidate: id))
        await #expect(throws: RankingError.candidateNotFound(id)) { try await rankings.careerSwitches(forCandidate: id, by: outside) }
        let store = try MatchpuntStore(path: configuration.databasePath)
        #expect(try await store.auditEvents(subjectType: "candidate", subjectId: id).contains { $0.action == "refused" })
    }
}
