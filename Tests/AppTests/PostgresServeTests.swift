import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresTestSupport
import StorePostgres
import Synchronization
import Testing
@testable import App

/// Two real `matchpunt serve` processes on one throwaway PostgreSQL database, as two app servers behind a
/// load balancer: what one commits the other serves, a session made on one is accepted by the other, the
/// matching index of each follows imports made by either, and a feed both schedule runs once per interval.
@Suite(.serialized, .enabled(if: PostgresCluster.unavailableReason == nil && MatchpuntProcess.executable != nil,
                             Comment(rawValue: PostgresCluster.unavailableReason ?? "matchpunt executable not built (swift build first)")))
struct PostgresServeTests {
    /// A feed server for the test: the current body of each path, and how often each was fetched.
    final class FeedHost: Sendable {
        let state = Mutex<(bodies: [String: String], fetches: [String: Int])>(([:], [:]))

        func set(_ path: String, _ body: String) { state.withLock { $0.bodies[path] = body } }
        func fetches(_ path: String) -> Int { state.withLock { $0.fetches[path] ?? 0 } }

        func router() -> Router<BasicRequestContext> {
            let router = Router()
            router.get("feeds/:name") { _, context -> Response in
                let path = context.parameters.get("name") ?? ""
                let body = self.state.withLock { state -> String? in
                    state.fetches[path, default: 0] += 1
                    return state.bodies[path]
                }
                guard let body else { return Response(status: .notFound) }
                return Response(status: .ok, headers: [.contentType: "application/ld+json"], body: .init(byteBuffer: ByteBuffer(string: body)))
            }
            return router
        }
    }

    /// One HTTP exchange with an instance on a fresh connection.
    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
    }

    static func call(_ port: Int, _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil) async throws -> Answer {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            let response = try await client.execute(.init(uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }))
            return Answer(status: response.status, headers: response.headers, body: response.body.map { String(buffer: $0) } ?? "")
        }
    }

    /// Polls `/health` until the instance answers (start-up seeds and builds the index first).
    static func waitUntilServing(_ port: Int, _ process: MatchpuntProcess, within limit: Duration = .seconds(300)) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let answer = try? await call(port, .get, "/health"), answer.status == .ok { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw ProcessFailure("instance on port \(port) did not serve within \(limit): \(process.output.suffix(2_000))")
    }

    /// A JSON-LD snapshot feed of postings copied from a demo vacancy (same occupation, skills, place, hours),
    /// so that they rank for the same candidates.
    static func feed(copying vacancy: Vacancy, ids: [String]) -> String {
        let postings = ids.map { id -> String in
            let skills = vacancy.requiredSkills.map { #""http://data.europa.eu/esco/skill/\#($0.rawValue)""# }.joined(separator: ",")
            return """
                {"@type":"JobPosting","identifier":"\(id)","title":"\(vacancy.title.replacingOccurrences(of: "\"", with: ""))",
                 "occupationalCategory":"http://data.europa.eu/esco/occupation/\(vacancy.occupation?.rawValue ?? "")","skills":[\(skills)],
                 "workHours":"\(vacancy.hours.max) uur",
                 "jobLocation":{"@type":"Place","address":{"@type":"PostalAddress","postalCode":"\(vacancy.postcode?.description ?? "")","addressLocality":"Dordrecht"}}}
                """
        }
        return #"{"@context":"https://schema.org","@graph":["# + postings.joined(separator: ",") + "]}"
    }

    @Test func twoServeProcessesShareOneDatabase() async throws {
        let location = try await PostgresCluster.shared.createDatabase()
        let url = "postgres://\(location.username)@\(location.host):\(location.port)/\(location.database)"
        let options = ["--database", url, "--catalog", repositoryRoot.appendingPathComponent("catalog").path,
                       "--fixtures", repositoryRoot.appendingPathComponent("fixtures").path]
        let host = FeedHost()
        let feedServer = Application(router: host.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let started = Shared<[MatchpuntProcess]>([])
        do {
            try await feedServer.test(.live) { feedClient in
                let feedPort = try #require(feedClient.port)

                // Two instances; A seeds the demo data (and its demo account), B starts on the filled database.
                let environment = ["MATCHPUNT_FEED_INTERNAL_HOSTS": "127.0.0.1", "MATCHPUNT_QUOTE_SECRET": "gedeeld-geheim-van-de-test-0123456789"]
                let portA = try MatchpuntProcess.freePort()
                let a = try MatchpuntProcess.start(["serve", "--demo", "--port", "\(portA)"] + options, environment: environment)
                started.withLock { $0.append(a) }
                try await Self.waitUntilServing(portA, a)

                // The CLI works on PostgreSQL: migrations, an admin account and its API token.
                let migrated = try await MatchpuntProcess.run(["migrate"] + options)
                #expect(migrated.status == 0 && migrated.output.contains("security-1"), "\(migrated.output)")
                let added = try await MatchpuntProcess.run(["users", "add", "beheer", "--role", "admin"] + options,
                                                           environment: ["MATCHPUNT_PASSWORD": "een-lang-beheerwachtwoord"])
                #expect(added.status == 0, "\(added.output)")
                let made = try await MatchpuntProcess.run(["users", "token", "beheer"] + options)
                let token = try #require(made.output.split(separator: "\n").last.map(String.init), "\(made.output)")
                let bearer: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]

                let portB = try MatchpuntProcess.freePort()
                let b = try MatchpuntProcess.start(["serve", "--port", "\(portB)"] + options, environment: environment)
                started.withLock { $0.append(b) }
                try await Self.waitUntilServing(portB, b)

                // The token made by the CLI works on both.
                #expect(try await Self.call(portA, .get, "/api/v1/feeds", headers: bearer).status == .ok)
                #expect(try await Self.call(portB, .get, "/api/v1/feeds", headers: bearer).status == .ok)

                // A session made on A is accepted by B (and nothing is accepted without it).
                let loginPage = try await Self.call(portA, .get, "/login")
                let loginCookie = try #require(loginPage.headers[values: .setCookie].map { String($0.split(separator: ";")[0]) }
                    .first { $0.hasPrefix(SessionCookie.loginCSRFName + "=") })
                let csrf = String(loginCookie.split(separator: "=", maxSplits: 1)[1])
                let login = try await Self.call(portA, .post, "/login",
                                                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: loginCookie],
                                                body: "csrf=\(csrf)&username=\(AppServices.demoAccount.username)&password=\(AppServices.demoAccount.password)")
                #expect(login.status == .found)
                let session = try #require(login.headers[values: .setCookie].map { String($0.split(separator: ";")[0]) }
                    .first { $0.hasPrefix(SessionCookie.name + "=") && $0.count > SessionCookie.name.count + 1 })
                #expect(try await Self.call(portB, .get, "/api/v1/candidates?limit=1", headers: [.cookie: session]).status == .ok)
                #expect(try await Self.call(portB, .get, "/api/v1/candidates?limit=1").status == .unauthorized)

                // A feed added through A's API is served by B at once (the database is the one truth).
                let template = try await Self.topVacancy(portA, bearer)
                host.set("snel.json", Self.feed(copying: template, ids: ["S-1", "S-2"]))
                let created = try await Self.call(portA, .post, "/api/v1/feeds", headers: bearer, body: """
                    {"name":"snel","url":"http://127.0.0.1:\(feedPort)/feeds/snel.json","format":"jsonld","kind":"snapshot","intervalMinutes":5,"region":"Drechtsteden"}
                    """)
                #expect(created.status == .created, "\(created.body)")
                #expect(try await Self.call(portB, .get, "/api/v1/feeds/snel", headers: bearer).status == .ok)

                // Both schedulers see the new feed at once, due now: one of them imports it, the other skips.
                let store = try await PostgresStore.open(location)
                defer { store.close() }
                let feedId = try #require(try await store.feed(named: "snel")?.id)
                #expect(try await Self.eventually(within: .seconds(60)) { (try? await store.importRuns(feedId: feedId, limit: 10).count) ?? 0 >= 1 })
                let imported = try await store.vacancies(status: .open).filter { $0.source == "snel" }.map(\.id)
                #expect(imported.count == 2)

                // Each instance's matching index follows the import, whichever instance made it.
                for port in [portA, portB] {
                    let ranked = try await Self.eventually(within: .seconds(30), measuring: "an imported vacancy ranked by the serve process on port \(port)") {
                        guard let ids = try? await Self.rankedVacancies(port, bearer) else { return false }
                        return Set(imported).isSubset(of: ids)
                    }
                    #expect(ranked, "the imported vacancies are not ranked on port \(port)")
                }

                // The next snapshot drops S-1: closed by whichever instance runs it, it leaves both indexes.
                host.set("snel.json", Self.feed(copying: template, ids: ["S-2"]))
                let run = try await Self.call(portB, .post, "/api/v1/feeds/snel/run", headers: bearer)
                #expect(run.status == .ok, "\(run.body)")
                let closed = try #require(try await store.vacancies(status: .closed).first { $0.source == "snel" }?.id)
                for port in [portA, portB] {
                    let gone = try await Self.eventually(within: .seconds(30), measuring: "a closed vacancy gone from the serve process on port \(port)") {
                        guard let ids = try? await Self.rankedVacancies(port, bearer) else { return false }
                        return !ids.contains(closed)
                    }
                    #expect(gone, "the closed vacancy is still ranked on port \(port)")
                }
                #expect(host.fetches("snel.json") == 2, "the new feed was fetched \(host.fetches("snel.json")) times")

                // A feed both instances schedule every 6 s, watched for about 30 s: runs never overlap, and it
                // runs once per interval in all (not once per instance).
                host.set("vaak.json", Self.feed(copying: template, ids: ["V-1"]))
                let frequent = try await store.insert(FeedDefinition(name: "vaak", url: "http://127.0.0.1:\(feedPort)/feeds/vaak.json", format: "jsonld",
                                                                     kind: .snapshot, intervalSeconds: 6, region: "Drechtsteden", createdAt: Date()))
                let watchStart = Date()
                try await Task.sleep(for: .seconds(30))
                // Longer (at most 120 s) while fewer than two runs are recorded: a loaded machine starts runs late.
                while try await store.importRuns(feedId: frequent.id, limit: 100).count < 2, Date().timeIntervalSince(watchStart) < 120 {
                    try await Task.sleep(for: .milliseconds(500))
                }
                let runs = try await store.importRuns(feedId: frequent.id, limit: 100).sorted { $0.startedAt < $1.startedAt }
                let watched = Date().timeIntervalSince(watchStart)
                #expect(runs.count >= 2, "\(runs.count) runs")
                #expect(Double(runs.count) <= watched / (0.9 * 6) + 1, "\(runs.count) runs in \(watched) s")
                for (previous, next) in zip(runs, runs.dropFirst()) {
                    let gap = next.startedAt.timeIntervalSince(previous.finishedAt ?? previous.startedAt)
                    #expect(gap >= 0.9 * 6 - 0.5, "ran again \(gap) s after the previous run")
                }
                // A run records itself when it finishes, so one fetched at the end of the watch may not be listed yet.
                let fetches = host.fetches("vaak.json")
                #expect(fetches == runs.count || fetches == runs.count + 1, "\(fetches) fetches for \(runs.count) runs")
            }
        } catch {
            let processes = started.withLock { $0 }
            for process in processes { Issue.record("instance output: \(process.output.suffix(3_000))") }
            for process in processes { await process.stop() }
            try? await PostgresCluster.shared.dropDatabase(location)
            throw error
        }
        for process in started.withLock({ $0 }) { #expect(await process.stop() == 0, "serve did not stop cleanly") }
        try await PostgresCluster.shared.dropDatabase(location)
    }

    /// Polls an async condition every 100 ms until it holds or `limit` passes.
    static func eventually(within limit: Duration, measuring label: String? = nil, _ condition: @Sendable () async -> Bool) async throws -> Bool {
        let start = ContinuousClock.now
        let deadline = start + limit
        while !(await condition()) {
            if ContinuousClock.now > deadline { return false }
            try await Task.sleep(for: .milliseconds(100))
        }
        // The bound is generous so a loaded CI machine does not fail the test; the time it took is the figure.
        if let label { print("follow-up: \(label) after \(ContinuousClock.now - start)") }
        return true
    }

    struct Ranked: Decodable {
        struct Item: Decodable { var vacancyId: Int64 }
        var results: [Item]
    }

    /// The vacancies ranked for the demo candidate K00001 on one instance (its own matching index).
    static func rankedVacancies(_ port: Int, _ bearer: HTTPFields) async throws -> Set<Int64> {
        let answer = try await call(port, .get, "/api/v1/candidates/K00001/matches?top=200", headers: bearer)
        guard answer.status == .ok else { throw ProcessFailure("matches: \(answer.status) \(answer.body)") }
        return Set(try JSONDecoder().decode(Ranked.self, from: Data(answer.body.utf8)).results.map(\.vacancyId))
    }

    /// K00001's best demo vacancy, read through the API: the template for the test feed's postings.
    static func topVacancy(_ port: Int, _ bearer: HTTPFields) async throws -> Vacancy {
        let answer = try await call(port, .get, "/api/v1/candidates/K00001/matches?top=1", headers: bearer)
        let best = try #require(try JSONDecoder().decode(Ranked.self, from: Data(answer.body.utf8)).results.first, "\(answer.body)")
        let vacancy = try await call(port, .get, "/api/v1/vacancies/\(best.vacancyId)", headers: bearer)
        return try JSONDecoder().decode(Vacancy.self, from: Data(vacancy.body.utf8))
    }
}
