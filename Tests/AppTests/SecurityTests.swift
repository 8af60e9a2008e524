import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Repositories
import Services
import Store
import Synchronization
import Testing
@testable import App

/// Drechtsteden (26): K00001 lives in Zwijndrecht, K00002 in Dordrecht. Twente (9): K00005 lives in Wierden.
private let drechtsteden = 26
private let twente = 9

@Suite struct SecurityTests {
    // MARK: Tokens

    @Test func bearerTokensWorkBasicDoesNotAndRevokedTokensStop() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true, port: 0) // a free port: this test runs the server live
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let bearer = try await demoBearer(configuration)
        // Only the digest is stored: the token's text appears nowhere in the database file.
        let token = String(bearer.dropFirst("Bearer ".count))
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: configuration.databasePath + "-wal"))) ?? Data()
        let fileText = try Data(contentsOf: URL(fileURLWithPath: configuration.databasePath)) + wal
        #expect(fileText.range(of: Data(token.utf8)) == nil)
        #expect(fileText.range(of: Data(StaffAccess.digest(token).utf8)) != nil)
        // Live: the application's services run, among them the change-log follower that the token cache relies on.
        try await app.test(.live) { client in
            try await client.execute(uri: "/api/v1/candidates/K00001", method: .get, headers: [.authorization: bearer]) { response in
                #expect(response.status == .ok)
            }
            let basic = "Basic " + Data("\(AppServices.demoAccount.username):\(AppServices.demoAccount.password)".utf8).base64EncodedString()
            for authorization in [basic, "Bearer mp_made-up", "Bearer "] {
                try await client.execute(uri: "/api/v1/candidates/K00001", method: .get, headers: [.authorization: authorization]) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                    #expect(String(buffer: response.body).contains(#""code":"unauthenticated""#))
                }
            }
            let store = try MatchpuntStore(path: configuration.databasePath)
            #expect(try await StaffAccess(users: store, audit: AuditLog(repository: store))
                .revokeTokens(username: AppServices.demoAccount.username, by: .commandLine("test")) == 1)
            // Revoked by another process (the CLI): serve's token cache drops it when its follower reads the change
            // log, every second (AccessAndRankingCacheTests shows the same-instance case: at once).
            #expect(try await eventually(within: .seconds(30)) {
                try await client.execute(uri: "/api/v1/candidates/K00001", method: .get, headers: [.authorization: bearer]) { $0.status == .unauthorized }
            })
        }
    }

    @Test func anExpiredTokenIsRefused() async throws {
        let (configuration, cleanup) = try testConfiguration()
        defer { cleanup() }
        let store = try MatchpuntStore(path: configuration.databasePath)
        _ = try await store.insert(StaffUser(username: "a", passwordHash: "x", role: .admin, createdAt: Date()))
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let access = StaffAccess(users: store, audit: AuditLog(repository: store), now: { clock.now })
        let token = try await access.createToken(username: "a", expiresInDays: 1, by: .commandLine("test"))
        #expect(try await access.user(bearer: token)?.username == "a")
        clock.set(clock.now.addingTimeInterval(86_401))
        #expect(try await access.user(bearer: token) == nil)
        await #expect(throws: StaffAccessError.invalidExpiry(0)) { try await access.createToken(username: "a", expiresInDays: 0, by: .commandLine("t")) }
    }

    // MARK: Sessions

    @Test func sessionsSurviveARestartAndEndOnPasswordChangeAndRemoval() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let first = try await buildApplication(configuration)
        let session = try await first.test(.router) { client in try await logIn(client) }
        // A new application on the same database: the session is still there.
        let second = try await buildApplication(configuration)
        try await second.test(.router) { client in
            try await client.execute(uri: "/kandidaten/K00001", method: .get, headers: [.cookie: session.cookie]) { response in
                #expect(response.status == .ok)
            }
        }
        let store = try MatchpuntStore(path: configuration.databasePath)
        let access = StaffAccess(users: store, audit: AuditLog(repository: store))
        // Changed by another process (the CLI): an instance's session cache drops the account's sessions when its
        // change-log follower reads the change — `serve` runs that round every second; here the test runs it.
        let services = try await AppServices.start(configuration, logger: Logger(label: "test"))
        let third = Application(router: try await buildRouter(services))
        try await third.test(.router) { client in
            try await client.execute(uri: "/kandidaten/K00001", method: .get, headers: [.cookie: session.cookie]) { response in
                #expect(response.status == .ok)
            }
            try await access.changePassword(username: AppServices.demoAccount.username, passwordHash: StaffPasswords.hash("nog-een-wachtwoord"),
                                            by: .commandLine("test"))
            try await services.follower.catchUp()
            try await client.execute(uri: "/kandidaten/K00001", method: .get, headers: [.cookie: session.cookie]) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/login")
            }
            let again = try await logIn(client, password: "nog-een-wachtwoord")
            try await access.removeUser(username: AppServices.demoAccount.username, by: .commandLine("test"))
            try await services.follower.catchUp()
            try await client.execute(uri: "/kandidaten/K00001", method: .get, headers: [.cookie: again.cookie]) { response in
                #expect(response.headers[.location] == "/login")
            }
        }
        let actions = try await store.auditEvents(limit: 50).map(\.action)
        #expect(actions.contains("password-changed"))
        #expect(actions.contains("user-removed"))
    }

    @Test func sessionsExpireWhenIdleAndAbsolutely() async throws {
        let (configuration, cleanup) = try testConfiguration()
        defer { cleanup() }
        let store = try MatchpuntStore(path: configuration.databasePath)
        let user = try await store.insert(StaffUser(username: "a", passwordHash: "x", role: .consultant, createdAt: Date()))
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let access = StaffAccess(users: store, audit: AuditLog(repository: store),
                                 sessionPolicy: SessionPolicy(absolute: 3600, idle: 600, touchInterval: 60), now: { clock.now })
        let (cookie, _) = try await access.startSession(for: user)
        for _ in 0..<5 {
            clock.set(clock.now.addingTimeInterval(500))  // active: each request within the idle limit
            #expect(try await access.session(cookie: cookie) != nil)
        }
        clock.set(clock.now.addingTimeInterval(1_200))  // 3,700 s after login: past the absolute limit
        #expect(try await access.session(cookie: cookie) == nil)

        let (idle, _) = try await access.startSession(for: user)
        clock.set(clock.now.addingTimeInterval(601))
        #expect(try await access.session(cookie: idle) == nil)
        #expect(try await access.session(cookie: "") == nil)
    }

    /// Far from the idle limit the last-seen write does not hold up the request (it is written beside it); from
    /// half the idle time on the request waits for it. Either way it reaches the database.
    @Test func theLastSeenWriteWaitsOnlyNearTheIdleLimit() async throws {
        let (configuration, cleanup) = try testConfiguration()
        defer { cleanup() }
        let store = try MatchpuntStore(path: configuration.databasePath)
        let user = try await store.insert(StaffUser(username: "a", passwordHash: "x", role: .consultant, createdAt: Date()))
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let access = StaffAccess(users: store, audit: AuditLog(repository: store),
                                 sessionPolicy: SessionPolicy(absolute: 8 * 3600, idle: 1800, touchInterval: 60), now: { clock.now })
        let (cookie, session) = try await access.startSession(for: user)
        clock.set(clock.now.addingTimeInterval(120))  // due, far from the limit: written beside the request
        #expect(try await access.session(cookie: cookie)?.session.lastSeenAt == clock.now)
        var stored = try await store.session(idDigest: session.idDigest)?.lastSeenAt
        for _ in 0..<100 where stored != clock.now {
            try await Task.sleep(for: .milliseconds(20))
            stored = try await store.session(idDigest: session.idDigest)?.lastSeenAt
        }
        #expect(stored == clock.now)
        clock.set(clock.now.addingTimeInterval(1000))  // past half the idle time: written before the answer
        #expect(try await access.session(cookie: cookie) != nil)
        #expect(try await store.session(idDigest: session.idDigest)?.lastSeenAt == clock.now)
    }

    // MARK: CSRF

    @Test func stateChangingRequestsNeedTheCSRFToken() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            // The login form without its token (a forged cross-site login) is refused.
            let body = "username=\(AppServices.demoAccount.username)&password=\(AppServices.demoAccount.password)"
            try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: body)) { response in
                #expect(response.status == .forbidden)
                #expect(cookie(named: SessionCookie.name, in: response) == nil)
            }
            let session = try await logIn(client)
            for csrf in ["", "wrong", String(session.csrf.dropLast())] {
                try await client.execute(uri: "/logout", method: .post,
                                         headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "csrf=\(csrf)")) { response in
                    #expect(response.status == .forbidden)
                }
            }
            // With the token in the header (API clients using the session) a POST passes the check.
            try await client.execute(uri: "/api/v1/instruments", method: .post,
                                     headers: [.cookie: session.cookie, .contentType: "application/json", CSRFMiddleware.header: session.csrf],
                                     body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/instruments", method: .post,
                                     headers: [.cookie: session.cookie, .contentType: "application/json"],
                                     body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/logout", method: .post,
                                     headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "csrf=\(session.csrf)")) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/login")
            }
            // Logged out means the session row is gone, not only the cookie.
            try await client.execute(uri: "/", method: .get, headers: [.cookie: session.cookie]) { response in
                #expect(response.headers[.location] == "/login")
            }
        }
    }

    // MARK: Throttling

    @Test func failedLoginsBackOffPerAccountAndAddressAndAreAudited() async throws {
        let (storeConfiguration, storeCleanup) = try testConfiguration()
        defer { storeCleanup() }
        let throttle = LoginThrottle(store: try MatchpuntStore(path: storeConfiguration.databasePath), freeFailures: 3, base: 1, maximum: 60,
                                     forgetAfter: 3_600)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<3 {
            #expect(try await throttle.retryAfter(account: "Piet", address: "10.0.0.1", now: start) == nil)
            try await throttle.failed(account: "piet", address: "10.0.0.1", now: start)
        }
        #expect(try await throttle.retryAfter(account: "PIET", address: "10.0.0.9", now: start) == 1)
        #expect(try await throttle.retryAfter(account: "anna", address: "10.0.0.1", now: start) == 1)
        #expect(try await throttle.retryAfter(account: "anna", address: "10.0.0.2", now: start) == nil)
        for _ in 0..<10 { try await throttle.failed(account: "piet", address: "10.0.0.1", now: start) }
        #expect(try await throttle.retryAfter(account: "piet", address: "10.0.0.2", now: start) == 60)
        #expect(try await throttle.retryAfter(account: "piet", address: "10.0.0.2", now: start.addingTimeInterval(61)) == nil)
        // The count is remembered after the block ends: the next failure blocks for the maximum again.
        try await throttle.failed(account: "piet", address: "10.0.0.3", now: start.addingTimeInterval(100))
        #expect(try await throttle.retryAfter(account: "piet", address: "10.0.0.2", now: start.addingTimeInterval(100)) == 60)
        // A success clears the account, not the address.
        try await throttle.succeeded(account: "PIET")
        #expect(try await throttle.retryAfter(account: "piet", address: "10.0.0.2", now: start.addingTimeInterval(100)) == nil)
        #expect(try await throttle.retryAfter(account: "anna", address: "10.0.0.3", now: start.addingTimeInterval(100)) == nil)
        #expect(try await throttle.retryAfter(account: "anna", address: "10.0.0.1", now: start.addingTimeInterval(100)) == nil)
        // Forgotten an hour after the last failure: three free attempts again.
        for _ in 0..<4 { try await throttle.failed(account: "jan", address: "10.0.0.4", now: start) }
        #expect(try await throttle.retryAfter(account: "jan", address: "10.0.0.5", now: start) == 2)
        let later = start.addingTimeInterval(3_601)
        try await throttle.failed(account: "jan", address: "10.0.0.5", now: later)
        #expect(try await throttle.retryAfter(account: "jan", address: "10.0.0.5", now: later) == nil)

        // Over HTTP: after three wrong passwords the fourth attempt is answered 429 without checking it,
        // for an unknown account exactly as for a known one.
        for username in ["adviseur", "niemand"] {
            // A fresh database per account: the counts live in the database, and both accounts share the
            // test's one client address.
            var (configuration, cleanup) = try testConfiguration(seedDemo: true)
            defer { cleanup() }
            // A long first wait, so that a slow machine cannot outlast it between two requests.
            configuration.loginBackoffSeconds = 600
            let app = try await buildApplication(configuration)
            try await app.test(.router) { client in
                let statuses = try await Self.failedLogins(client, username: username, count: 4)
                #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests], "\(username)")
            }
            let failed = try await MatchpuntStore(path: configuration.databasePath).auditEvents(limit: 50).filter { $0.action == "login-failed" }
            #expect(failed.count == 4)
        }
    }

    /// Posts `count` logins with a wrong password (with a fresh login-form cookie) and returns their statuses.
    static func failedLogins(_ client: some TestClientProtocol, username: String, count: Int) async throws -> [HTTPResponse.Status] {
        let loginCookie = try await client.execute(uri: "/login", method: .get) { response in
            try #require(cookie(named: SessionCookie.loginCSRFName, in: response))
        }
        let token = String(loginCookie.split(separator: "=", maxSplits: 1)[1])
        var statuses: [HTTPResponse.Status] = []
        for _ in 0..<count {
            let status = try await client.execute(uri: "/login", method: .post,
                                                  headers: [.contentType: "application/x-www-form-urlencoded", .cookie: loginCookie],
                                                  body: ByteBuffer(string: "csrf=\(token)&username=\(username)&password=fout-wachtwoord")) { response in
                #expect(String(buffer: response.body).contains("Onbekende gebruikersnaam") || response.status == .tooManyRequests)
                return response.status
            }
            statuses.append(status)
        }
        return statuses
    }

    // MARK: Regions

    /// A consultant of Drechtsteden cannot see K00005 (Twente) through any route; an admin can; a consultant
    /// of Twente sees K00005 but not K00001.
    @Test func aConsultantSeesOnlyCandidatesOfTheirRegionsThroughEveryRoute() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let drecht = try await makeStaff(configuration, username: "drecht", role: .consultant, regions: [drechtsteden])
        let twenteStaff = try await makeStaff(configuration, username: "twente", role: .consultant, regions: [twente])
        let admin = try await makeStaff(configuration, username: "beheer", role: .admin, regions: [])
        let json: HTTPFields = [.contentType: "application/json"]
        let instruments = #"{"candidateId":"K00005","vacancyId":12,"startDate":"2026-09-01","hoursPerWeek":32,"contractMonths":12,"hourlyWage":"15.00"}"#
        try await app.test(.router) { client in
            func status(_ uri: String, _ authorization: String, method: HTTPRequest.Method = .get, body: String? = nil) async throws -> HTTPResponse.Status {
                var headers = json
                headers[.authorization] = authorization
                return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { $0.status }
            }
            // Every candidate route, for the outsider: answered as if K00005 did not exist.
            #expect(try await status("/api/v1/candidates/K00005", drecht) == .notFound)
            #expect(try await status("/api/v1/candidates/K00005/matches", drecht) == .notFound)
            #expect(try await status("/api/v1/instruments", drecht, method: .post, body: instruments) == .notFound)
            #expect(try await status("/api/v1/candidates/K00001", drecht) == .ok)
            #expect(try await status("/api/v1/candidates/K00005", twenteStaff) == .ok)
            #expect(try await status("/api/v1/candidates/K00001", twenteStaff) == .notFound)
            #expect(try await status("/api/v1/candidates/K00005", admin) == .ok)
            // The search lists only residents of the consultant's regions, and counts only them.
            let drechtList = try await client.execute(uri: "/api/v1/candidates?limit=500", method: .get, headers: [.authorization: drecht]) {
                String(buffer: $0.body)
            }
            #expect(drechtList.contains(#""total":250"#))
            #expect(!drechtList.contains("Wierden"))
            let wierden = try await client.execute(uri: "/api/v1/candidates?municipality=Wierden", method: .get, headers: [.authorization: drecht]) {
                String(buffer: $0.body)
            }
            #expect(wierden.contains(#""total":0"#))
            let adminList = try await client.execute(uri: "/api/v1/candidates?municipality=Wierden&limit=2", method: .get,
                                                     headers: [.authorization: admin]) { String(buffer: $0.body) }
            #expect(adminList.contains(#""total":50"#))
            #expect(try await status("/api/v1/candidates?limit=0", admin) == .badRequest)
            #expect(try await status("/api/v1/candidates?offset=99999999999999999999", admin) == .badRequest)
            #expect(try await status("/api/v1/instruments", admin, method: .post, body: instruments) == .ok)

            // Rankings of vacancies list only the consultant's residents, whatever the filter asks.
            for vacancy in 1...10 {
                for query in ["", "&region=\(twente)", "&municipality=Wierden"] {
                    let listed = try await client.execute(uri: "/api/v1/vacancies/\(vacancy)/matches?top=200\(query)", method: .get,
                                                          headers: [.authorization: drecht]) { response -> String in
                        String(buffer: response.body)
                    }
                    #expect(!listed.contains(#""candidateId":"K00005""#))
                    #expect(!listed.contains("Wierden"))
                }
            }
            let twenteRanking = try await client.execute(uri: "/api/v1/vacancies/12/matches?top=200", method: .get,
                                                         headers: [.authorization: admin]) { String(buffer: $0.body) }
            #expect(twenteRanking.contains(#""candidateId":"#))
        }
        // The staff pages ask the same services.
        let store = try MatchpuntStore(path: configuration.databasePath)
        _ = try await store.insert(StaffUser(username: "drecht-web", passwordHash: StaffPasswords.hash("een-lang-wachtwoord"), role: .consultant,
                                             createdAt: Date(), regions: [drechtsteden]))
        try await app.test(.router) { client in
            let session = try await logIn(client, username: "drecht-web", password: "een-lang-wachtwoord")
            for uri in ["/kandidaten/K00005", "/kandidaten/K00005/instrumenten?vacature=12&start=2026-09-01&uren=32&maanden=12&loon=15"] {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: session.cookie]) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(!String(buffer: response.body).contains("Wierden"))
                }
            }
            try await client.execute(uri: "/kandidaten/K00001", method: .get, headers: [.cookie: session.cookie]) { response in
                #expect(response.status == .ok)
            }
        }
        let refused = try await store.auditEvents(subjectType: "candidate", subjectId: "K00005", limit: 100).filter { $0.action == "refused" }
        #expect(refused.count >= 5)
        #expect(try await store.auditEvents(subjectType: "candidate", subjectId: "K00005", limit: 100)
            .filter { $0.actor.hasPrefix("drecht") && $0.action != "refused" }.isEmpty)
    }

    // MARK: Audit

    @Test func theAuditTableRefusesUpdateAndDeleteAndRetentionDeletesOnlyOldEvents() async throws {
        let (configuration, cleanup) = try testConfiguration()
        defer { cleanup() }
        let store = try MatchpuntStore(path: configuration.databasePath)
        let now = Date()
        let old = now.addingTimeInterval(-3 * 365 * 86_400)
        try await store.record([AuditEvent(at: old, actor: "a", action: "view", subjectType: "candidate", subjectId: "K1"),
                                AuditEvent(at: now, actor: "a", action: "view", subjectType: "candidate", subjectId: "K2")])
        // The audit file's own triggers refuse (not a missing table: the message is the trigger's).
        for sql in ["UPDATE auditEvent SET actor = 'x'", "DELETE FROM auditEvent", "DELETE FROM auditEvent WHERE subjectId = 'K1'"] {
            let refusal = await #expect(throws: (any Error).self) { try await store.executeInAuditLogForTesting(sql) }
            #expect(String(describing: refusal).contains("append-only"), "\(sql)")
        }
        #expect(try await store.auditEvents(limit: 10).count == 2)

        let audit = AuditLog(repository: store)
        let deleted = try await store.purgeAuditEvents(olderThan: now.addingTimeInterval(-365 * 86_400)) { count in
            audit.makeEvent(.auditPurged, by: .commandLine("test"), subjectType: "audit", subjectId: "retention", detail: "\(count)")
        }
        #expect(deleted == 1)
        let remaining = try await store.auditEvents(limit: 10)
        #expect(remaining.map(\.subjectId).sorted() == ["K2", "retention"])
        // The marker is gone with the transaction: deleting is refused again.
        let refusal = await #expect(throws: (any Error).self) { try await store.executeInAuditLogForTesting("DELETE FROM auditEvent") }
        #expect(String(describing: refusal).contains("append-only"))
    }

    @Test func concurrentAuditWritesShareTransactionsAndAreAllDurable() async throws {
        let (configuration, cleanup) = try testConfiguration()
        defer { cleanup() }
        let store = try MatchpuntStore(path: configuration.databasePath)
        let audit = AuditLog(repository: store)
        let calls = 200
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<calls {
                group.addTask { try await audit.record(.view, by: AuditActor(name: "t\(index)"), candidate: "K\(index)") }
            }
            try await group.waitForAll()
        }
        // Every call returned only after its event was committed.
        #expect(try await store.auditEvents(limit: 1_000).count == calls)
        let transactions = await audit.transactionsWritten
        #expect(transactions >= 1)
        #expect(transactions < calls, "group commit shared no transaction")
        // One caller at a time: one transaction each, nothing waits for company.
        let single = AuditLog(repository: store)
        for index in 0..<3 { try await single.record(.view, by: AuditActor(name: "s"), candidate: "S\(index)") }
        #expect(await single.transactionsWritten == 3)
    }

    @Test func adminsReadAndExportTheAuditConsultantsCannot() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let consultant = try await demoBearer(configuration)
        let admin = try await makeStaff(configuration, username: "beheer", role: .admin, regions: [])
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/candidates/K00001", method: .get, headers: [.authorization: consultant]) { _ in }
            for uri in ["/api/v1/audit", "/api/v1/audit.csv"] {
                try await client.execute(uri: uri, method: .get, headers: [.authorization: consultant]) { response in
                    #expect(response.status == .forbidden)
                    #expect(String(buffer: response.body).contains(#""code":"forbidden""#))
                }
            }
            try await client.execute(uri: "/api/v1/audit?limit=1000", method: .get, headers: [.authorization: admin]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""subjectId":"K00001""#))
            }
            try await client.execute(uri: "/api/v1/audit.csv?from=2000-01-01", method: .get, headers: [.authorization: admin]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                let csv = String(buffer: response.body)
                #expect(csv.hasPrefix("id,at,actor,action,subjectType,subjectId,detail,requestId\r\n"))
                #expect(csv.contains(",adviseur,view,candidate,K00001,"))
            }
            for uri in ["/api/v1/audit?limit=0", "/api/v1/audit?from=gisteren", "/api/v1/audit?afterId=-1"] {
                try await client.execute(uri: uri, method: .get, headers: [.authorization: admin]) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(String(buffer: response.body).contains(#""field":"#))
                }
            }
        }
        #expect(AuditController.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
    }

    // MARK: Headers, bounds, route table

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            for uri in ["/health", "/login", "/nergens", "/api/v1/candidates/K00001", "/kandidaten/K00001"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(uri)")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("script-src") == false, "\(uri)")
                    #expect(response.headers[.xFrameOptions] == "DENY", "\(uri)")
                    #expect(response.headers[.referrerPolicy] == "no-referrer", "\(uri)")
                    #expect(response.headers[.cacheControl] == "no-store", "\(uri)")
                }
            }
            try await client.execute(uri: "/login", method: .get) { response in
                #expect(response.headers[values: .setCookie].allSatisfy { !$0.contains("Secure") })
            }
        }
        var secure = configuration
        secure.secureCookies = true
        let behindTLS = try await buildApplication(secure)
        try await behindTLS.test(.router) { client in
            try await client.execute(uri: "/login", method: .get) { response in
                #expect(response.headers[values: .setCookie].allSatisfy { $0.contains("Secure") && $0.contains("HttpOnly") })
                #expect(response.headers[.strictTransportSecurity] != nil)
            }
        }
    }

    @Test func absurdNumbersAreRefusedNamingTheField() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let bearer = try await demoBearer(configuration)
        try await app.test(.router) { client in
            for wage in ["99999999999999999999999", "1e25", "-1e25", "\"99999999999999999999999\""] {
                let body = #"{"candidateId":"K00001","vacancyId":1,"startDate":"2026-09-01","hoursPerWeek":36,"contractMonths":12,"hourlyWage":\#(wage)}"#
                try await client.execute(uri: "/api/v1/instruments", method: .post, headers: [.authorization: bearer, .contentType: "application/json"],
                                         body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest, "\(wage)")
                    #expect(String(buffer: response.body).contains(#""field":"hourlyWage""#), "\(wage)")
                }
            }
            let hours = #"{"candidateId":"K00001","vacancyId":1,"startDate":"2026-09-01","hoursPerWeek":1e25,"contractMonths":12}"#
            try await client.execute(uri: "/api/v1/instruments", method: .post, headers: [.authorization: bearer, .contentType: "application/json"],
                                     body: ByteBuffer(string: hours)) { response in
                // An integer past Int64 is found before decoding, so it names its field like the amounts do.
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains(#""code":"invalid-field""#))
                #expect(String(buffer: response.body).contains(#""field":"hoursPerWeek""#))
            }
            // Found by schemathesis: a region number outside Int16 trapped in the matching index.
            for uri in ["/api/v1/vacancies/65/matches?region=-57574727", "/api/v1/candidates/K00001/matches?region=40000"] {
                try await client.execute(uri: uri, method: .get, headers: [.authorization: bearer]) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(String(buffer: response.body).contains(#""field":"region""#))
                }
            }
            try await client.execute(uri: "/api/v1/candidates/K00001/matches?top=99999999999999999999", method: .get,
                                     headers: [.authorization: bearer]) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains(#""field":"top""#))
            }
        }
    }

    /// Walks the router's route table: without credentials every route answers 401 (API) or sends to the
    /// login page (pages), except the few that are public by design.
    @Test func everyRouteButTheAllowListNeedsAuthentication() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let services = try await AppServices.start(configuration, logger: Logger(label: "test"))
        let router = try await buildRouter(services, configuration: configuration)
        let publicRoutes: Set<String> = [
            "GET /health", "GET /metrics", "GET /login", "POST /login",
            // The employer's quote link (issue 12): its token is the credential.
            "GET /offerte/{token}", "POST /offerte/{token}",
            // The employer page's stylesheet (a static asset, no data).
            "GET /static/offerte.css",
            // The staff pages' stylesheet (a static asset, no data; the login page uses it).
            "GET /static/matchpunt.css",
        ]
        let routes = router.routes.map { (path: $0.path.description, method: $0.method) }
        #expect(routes.count >= 15)
        let app = Application(router: router)
        try await app.test(.router) { client in
            for route in routes where !publicRoutes.contains("\(route.method) \(route.path)") {
                // Fill each capture with a value that exists where it can (K00001, vacancy 1).
                let uri = route.path
                    .replacingOccurrences(of: "{id}", with: route.path.contains("candidates") || route.path.contains("kandidaten") ? "K00001" : "1")
                    .replacingOccurrences(of: "{number}", with: "1").replacingOccurrences(of: "{token}", with: "x")
                    .replacingOccurrences(of: "{name}", with: "x")
                let (status, location) = try await client.execute(uri: uri, method: route.method) { ($0.status, $0.headers[.location]) }
                let protected = status == .unauthorized || (status == .found && location == "/login")
                #expect(protected, "\(route.method) \(route.path) answers \(status) without credentials")
            }
        }
    }
}

/// Polls `condition` (a request) until it holds or `limit` has passed; true when it held. For changes another
/// process makes, which an instance sees when its change-log follower has read them.
func eventually(within limit: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while true {
        if try await condition() { return true }
        if ContinuousClock.now > deadline { return false }
        try await Task.sleep(for: .milliseconds(100))
    }
}
