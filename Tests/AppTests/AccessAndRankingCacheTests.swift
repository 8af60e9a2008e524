import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Matching
import Services
import Store
import Testing
@testable import App

/// The in-memory caches of the request path (issue 13's load work) stay correct: a token or session whose access
/// ends is refused at once on the instance that ended it and, on another instance on the same database, as soon
/// as that instance's follower has read the change log (the round it runs every second in `serve`); a cached
/// ranking changes when the candidate or a vacancy in it changes. Real router, real SQLite file, demo data.
@Suite struct AccessAndRankingCacheTests {
    static func status(_ client: some TestClientProtocol, _ uri: String, _ headers: HTTPFields) async throws -> HTTPResponse.Status {
        try await client.execute(uri: uri, method: .get, headers: headers) { $0.status }
    }

    @Test func aRevokedTokenIsRefusedAtOnceHereAndAfterTheFollowRoundOnAnotherInstance() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let bearer = try await makeStaff(configuration, username: "cache", role: .admin, regions: [])
        let other = try await makeStaff(configuration, username: "cache-b", role: .admin, regions: [])
        // Two instances on one database file, as two `serve` processes would open it.
        let a = try await AppServices.start(configuration, logger: Logger(label: "test-a"))
        let b = try await AppServices.start(configuration, logger: Logger(label: "test-b"))
        let routerA = try await buildRouter(a)
        let uri = "/api/v1/candidates/K00001/matches"
        try await Application(router: routerA).test(.router) { clientA in
            let routerB = try await buildRouter(b)
            try await Application(router: routerB).test(.router) { clientB in
                #expect(try await Self.status(clientA, uri, [.authorization: bearer]) == .ok)
                #expect(try await Self.status(clientB, uri, [.authorization: bearer]) == .ok)
                #expect(try await Self.status(clientB, uri, [.authorization: other]) == .ok)
                #expect(a.staffAccess.cache?.count.tokens == 1 && b.staffAccess.cache?.count.tokens == 2)

                _ = try await a.staffAccess.revokeTokens(username: "cache", by: .commandLine("test"))
                // The instance that revoked refuses at once.
                #expect(try await Self.status(clientA, uri, [.authorization: bearer]) == .unauthorized)
                // The other one answered from memory until its follower reads the log's `user` row — this is the
                // bound `serve` runs every second — and refuses from then on; the other account stays cached.
                #expect(try await Self.status(clientB, uri, [.authorization: bearer]) == .ok)
                try await b.follower.catchUp()
                #expect(try await Self.status(clientB, uri, [.authorization: bearer]) == .unauthorized)
                #expect(b.staffAccess.cache?.count.tokens == 1)
                #expect(try await Self.status(clientB, uri, [.authorization: other]) == .ok)

                // A role change made on B narrows access on A after A's follow round (admin-only route).
                try await b.staffAccess.setRole(username: "cache-b", role: .consultant, by: .commandLine("test"))
                #expect(try await Self.status(clientB, "/api/v1/audit", [.authorization: other]) == .forbidden)
                _ = try await Self.status(clientA, uri, [.authorization: other])
                try await a.follower.catchUp()
                #expect(try await Self.status(clientA, "/api/v1/audit", [.authorization: other]) == .forbidden)

                // Removing the account ends it on both.
                try await a.staffAccess.removeUser(username: "cache-b", by: .commandLine("test"))
                try await b.follower.catchUp()
                #expect(try await Self.status(clientA, uri, [.authorization: other]) == .unauthorized)
                #expect(try await Self.status(clientB, uri, [.authorization: other]) == .unauthorized)
            }
        }
    }

    @Test func sessionsEndOnLogoutAndPasswordChangeOnEveryInstance() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        _ = try await makeStaff(configuration, username: "sessie", role: .admin, regions: [], password: "sessie-wachtwoord-1")
        let a = try await AppServices.start(configuration, logger: Logger(label: "test-a"))
        let b = try await AppServices.start(configuration, logger: Logger(label: "test-b"))
        let routerA = try await buildRouter(a)
        try await Application(router: routerA).test(.router) { clientA in
            let routerB = try await buildRouter(b)
            try await Application(router: routerB).test(.router) { clientB in
                let first = try await logIn(clientA, username: "sessie", password: "sessie-wachtwoord-1")
                let second = try await logIn(clientA, username: "sessie", password: "sessie-wachtwoord-1")
                for client in [clientA, clientB] as [any TestClientProtocol] {
                    #expect(try await Self.status(client, "/kandidaten/K00001", [.cookie: first.cookie]) == .ok)
                    #expect(try await Self.status(client, "/kandidaten/K00001", [.cookie: second.cookie]) == .ok)
                }
                #expect(b.staffAccess.cache?.count.sessions == 2)

                // Logout on A: A refuses the cookie at once, B after its follow round.
                try await a.staffAccess.endSession(cookie: Self.value(of: first.cookie))
                #expect(try await Self.status(clientA, "/kandidaten/K00001", [.cookie: first.cookie]) != .ok)
                try await b.follower.catchUp()
                #expect(try await Self.status(clientB, "/kandidaten/K00001", [.cookie: first.cookie]) != .ok)

                // A password change (on B) ends the other session everywhere.
                try await b.staffAccess.changePassword(username: "sessie", passwordHash: StaffPasswords.hash("nieuw-wachtwoord-12"), by: .commandLine("test"))
                #expect(try await Self.status(clientB, "/kandidaten/K00001", [.cookie: second.cookie]) != .ok)
                try await a.follower.catchUp()
                #expect(try await Self.status(clientA, "/kandidaten/K00001", [.cookie: second.cookie]) != .ok)
            }
        }
    }

    @Test func aCachedRankingChangesWhenItsCandidateOrAVacancyInItChanges() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let bearer = try await makeStaff(configuration, username: "rang", role: .admin, regions: [])
        let services = try await AppServices.start(configuration, logger: Logger(label: "test"))
        let router = try await buildRouter(services)
        let store = try MatchpuntStore(path: configuration.databasePath)
        let uri = "/api/v1/candidates/K00001/matches?top=10"
        try await Application(router: router).test(.router) { client in
            func ranking() async throws -> [MatchResult] {
                try await client.execute(uri: uri, method: .get, headers: [.authorization: bearer]) { response in
                    #expect(response.status == .ok)
                    return try JSONDecoder().decode(MatchController.Ranking.self, from: Data(buffer: response.body)).results
                }
            }
            let before = try await ranking()
            #expect(try await ranking() == before)
            #expect(services.rankings.cachedRankings == 1)
            let best = try #require(before.first)

            // The best vacancy closes (in another process, say): after the follow round it is gone from the ranking.
            var vacancy = try #require(try await store.vacancy(id: best.vacancyId))
            vacancy.status = .closed
            try await store.update(vacancy)
            try await services.follower.catchUp()
            let afterClose = try await ranking()
            #expect(!afterClose.contains { $0.vacancyId == best.vacancyId })
            #expect(afterClose == services.matches.snapshot.topVacancies(forCandidate: "K00001", k: 10))

            // The candidate changes what they look for: the ranking is scored anew.
            var candidate = try #require(try await store.candidate(id: "K00001"))
            let elsewhere = try #require(try await store.candidates().first { $0.desiredOccupations != candidate.desiredOccupations })
            candidate.desiredOccupations = elsewhere.desiredOccupations
            candidate.skills = elsewhere.skills
            try await store.save(candidate)
            try await services.follower.catchUp()
            let afterChange = try await ranking()
            #expect(afterChange != afterClose)
            #expect(afterChange == services.matches.snapshot.topVacancies(forCandidate: "K00001", k: 10))
        }
        // Every request was audited, cached or not.
        let audited = try await store.auditEvents(subjectType: "candidate", subjectId: "K00001").filter { $0.action == "matches" && $0.actor == "rang" }
        #expect(audited.count == 4)
    }

    /// The candidate page keeps its rendered ranking per candidate, day and index version: a repeat shows the same
    /// page (and is audited again), and a vacancy retitled in another process shows its new title after the follow
    /// round, on the page of every candidate that has it in their ranking.
    @Test func theCandidatePagesRenderedRankingFollowsTheIndex() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let services = try await AppServices.start(configuration, logger: Logger(label: "test"))
        let router = try await buildRouter(services)
        let store = try MatchpuntStore(path: configuration.databasePath)
        try await Application(router: router).test(.router) { client in
            let session = try await logIn(client)
            func page() async throws -> String {
                try await client.execute(uri: "/kandidaten/K00001", method: .get, headers: [.cookie: session.cookie]) { response in
                    #expect(response.status == .ok)
                    return String(buffer: response.body)
                }
            }
            let first = try await page()
            #expect(try await page() == first)
            let best = try #require(try await services.rankings.vacancies(forCandidate: "K00001", k: 1, explain: false, by: .commandLine("test")).first)
            var vacancy = try #require(try await store.vacancy(id: best.vacancyId))
            #expect(first.contains(">\(vacancy.title) (vacature \(vacancy.id))</a>"))
            vacancy.title = "Heftruckchauffeur <nieuw> & co"
            try await store.update(vacancy)
            try await services.follower.catchUp()
            let after = try await page()
            #expect(after.contains(">Heftruckchauffeur &lt;nieuw&gt; &amp; co (vacature \(vacancy.id))</a>"))
            #expect(after != first)
        }
        let viewed = try await store.auditEvents(subjectType: "candidate", subjectId: "K00001").filter { $0.detail == "kandidaatpagina" }
        #expect(viewed.count == 3)
    }

    /// The cookie's value from a `name=value` pair.
    static func value(of cookie: String) -> String {
        String(cookie.split(separator: "=", maxSplits: 1).last ?? "")
    }
}
