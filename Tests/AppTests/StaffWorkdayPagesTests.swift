import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Services
import Store
import Testing
@testable import App

/// The staff pages an adviser missed (issue 14): the hours filter on the candidate list, the edit page of a
/// manual vacancy, an admin changing an account's role, and "my recent candidates" read from the audit log
/// (so they survive a restart). Through the real router on a real SQLite file.
@Suite struct StaffWorkdayPagesTests {
    func get(_ client: some TestClientProtocol, _ uri: String, _ session: BrowserSession) async throws -> (HTTPResponse.Status, String) {
        try await session.get(client, uri)
    }

    func post(_ client: some TestClientProtocol, _ uri: String, _ session: BrowserSession, _ body: String, csrf: Bool = true) async throws
        -> (status: HTTPResponse.Status, location: String?, html: String) {
        try await session.post(client, uri, body, csrf: csrf)
    }

    /// The candidate ids on a list page.
    func ids(_ html: String) -> [String] {
        html.components(separatedBy: #"<a href="/kandidaten/"#).dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
            .filter { $0 != "nieuw" && $0 != "import" }
    }

    @Test func theCandidateListFiltersOnHoursPerWeek() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let store = try AppServices.openStore(configuration)
        try await app.test(.router) { client in
            let session = try await logIn(client)
            var (status, html) = try await get(client, "/kandidaten?uren=36", session)
            #expect(status == .ok)
            #expect(html.contains(#"name="uren""#) && html.contains(#"value="36""#))
            let listed = ids(html)
            #expect(!listed.isEmpty)
            for id in listed {
                let candidate = try #require(try await store.candidate(id: id))
                #expect(candidate.hoursAvailable.min <= 36 && candidate.hoursAvailable.max >= 36, "\(id): \(candidate.hoursAvailable)")
            }
            // Fewer than without the filter, and the pages keep the filter.
            let all = try await get(client, "/kandidaten", session).1
            func total(_ html: String) -> Int? {
                html.range(of: #"van (\d+)\."#, options: .regularExpression).flatMap { Int(html[$0].dropFirst(4).dropLast()) }
            }
            let filtered = try #require(total(html))
            #expect(filtered < (try #require(total(all))))
            if filtered > CandidatePagesController.pageSize { #expect(html.contains("uren=36&amp;pagina=2")) }
            // Out of range, not a number, or huge: the field's own error, never a 500.
            for bad in ["0", "81", "veel", "99999999999999999999999"] {
                (status, html) = try await get(client, "/kandidaten?uren=\(bad)", session)
                #expect(status == .ok, "\(bad)")
                #expect(html.contains(#"id="f-uren-error""#) && html.contains("Geen kandidaten gevonden."), "\(bad)")
            }
        }
    }

    @Test func aManualVacancyIsEditedWithFieldErrorsAndCSRF() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            let session = try await logIn(client)
            let created = try await post(client, "/vacatures", session,
                                         "titel=Magazijnmedewerker&postcode=3311+KH&uren-min=24&uren-max=32&maanden=12&start=2027-01-04&loon=15%2C50&banenafspraak=ja")
            let path = try #require(created.location)
            var (status, html) = try await get(client, path, session)
            #expect(html.contains(#"href="\#(path)/bewerken">Vacature wijzigen"#))
            // The form starts from the stored vacancy.
            (status, html) = try await get(client, path + "/bewerken", session)
            #expect(status == .ok)
            #expect(html.contains("wijzigen</h1>") && html.contains(#"action="\#(path)/bewerken""#))
            #expect(html.contains(#"value="Magazijnmedewerker""#) && html.contains(#"value="15,50""#) && html.contains(#"value="2027-01-04""#))
            #expect(html.contains(#"value="ja" checked"#))
            let changed = "titel=Orderpicker&postcode=3311+KH&uren-min=20&uren-max=28&maanden=&start=2027-02-01&loon=16%2C25"
            #expect(try await post(client, path + "/bewerken", session, changed, csrf: false).status == .forbidden)
            let refused = try await post(client, path + "/bewerken", session, "titel=&uren-min=30&uren-max=8&loon=abc")
            #expect(refused.status == .badRequest)
            #expect(refused.html.contains(#"id="v-titel-error""#) && refused.html.contains(#"id="v-uren-max-error""#) && refused.html.contains(#"id="v-loon-error""#))
            let saved = try await post(client, path + "/bewerken", session, changed)
            #expect(saved.status == .seeOther && saved.location == path)
            (status, html) = try await get(client, path, session)
            #expect(html.contains("<h1>Orderpicker</h1>") && html.contains("<dd>vast</dd>"))
            // A feed's vacancy follows its feed; an unknown one is a 404.
            (status, _) = try await get(client, "/vacatures/12/bewerken", session)
            #expect(status == .conflict)
            #expect(try await post(client, "/vacatures/12/bewerken", session, changed).status == .conflict)
            (status, _) = try await get(client, "/vacatures/99999999999999999999/bewerken", session)
            #expect(status == .notFound)
        }
    }

    @Test func anAdminChangesARoleAudited() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        // The demo data (and its adviser account) go only into an empty database: the admin comes after.
        let app = try await buildApplication(configuration)
        let store = try AppServices.openStore(configuration)
        _ = try await store.insert(StaffUser(username: "beheer", passwordHash: StaffPasswords.hash("beheer-wachtwoord"), role: .admin, createdAt: Date()))
        try await app.test(.router) { client in
            let admin = try await logIn(client, username: "beheer", password: "beheer-wachtwoord")
            var (status, html) = try await get(client, "/beheer/gebruikers", admin)
            #expect(status == .ok && html.contains(#"action="/beheer/gebruikers/adviseur/rol""#) && html.contains("Rol van adviseur"))
            #expect(try await post(client, "/beheer/gebruikers/adviseur/rol", admin, "rol=admin", csrf: false).status == .forbidden)
            var answer = try await post(client, "/beheer/gebruikers/adviseur/rol", admin, "rol=koning")
            #expect(answer.status == .badRequest && answer.html.contains("kies de rol"))
            answer = try await post(client, "/beheer/gebruikers/niemand/rol", admin, "rol=admin")
            #expect(answer.status == .notFound)
            // Own role: refused (no admin can lock themselves out).
            answer = try await post(client, "/beheer/gebruikers/beheer/rol", admin, "rol=consultant")
            #expect(answer.status == .badRequest && answer.html.contains("eigen rol"))
            answer = try await post(client, "/beheer/gebruikers/adviseur/rol", admin, "rol=admin")
            #expect(answer.status == .seeOther && answer.location == "/beheer/gebruikers?gedaan=rol")
            #expect(try await store.user(username: "adviseur")?.role == .admin)
            // The adviser's own session now has the admin pages (the role is read per request).
            let adviser = try await logIn(client)
            (status, _) = try await get(client, "/beheer/audit", adviser)
            #expect(status == .ok)
            answer = try await post(client, "/beheer/gebruikers/adviseur/rol", admin, "rol=consultant")
            #expect(answer.status == .seeOther)
            (status, _) = try await get(client, "/beheer/audit", adviser)
            #expect(status == .forbidden)
        }
        let user = try #require(try await store.user(username: "adviseur"))
        let events = try await store.auditEvents(subjectType: "user", subjectId: String(user.id), limit: 10)
        let changes = events.filter { $0.action == "user-role-changed" }
        #expect(changes.map(\.detail) == ["consultant", "admin"])
        #expect(changes.allSatisfy { $0.actor == "beheer" })
    }

    @Test func theLastAdminKeepsTheRole() async throws {
        let (configuration, cleanup) = try testConfiguration()
        defer { cleanup() }
        let store = try AppServices.openStore(configuration)
        _ = try await store.insert(StaffUser(username: "enige", passwordHash: "x", role: .admin, createdAt: Date()))
        let access = StaffAccess(users: store, audit: AuditLog(repository: store))
        await #expect(throws: StaffAccess.RoleChangeError.lastAdmin) {
            try await access.setRole(username: "enige", role: .consultant, by: .commandLine("iemand"))
        }
        #expect(try await store.user(username: "enige")?.role == .admin)
    }

    @Test func recentCandidatesComeFromTheAuditAndSurviveARestart() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let first = try await buildApplication(configuration)
        try await first.test(.router) { client in
            let session = try await logIn(client)
            for id in ["K00003", "K00005", "K00003"] { #expect(try await get(client, "/kandidaten/\(id)", session).0 == .ok) }
            let html = try await get(client, "/", session).1
            let recent = (html.components(separatedBy: "Mijn recente kandidaten").last ?? "").components(separatedBy: "</ul>").first ?? ""
            #expect(recent.contains(#"<li><a href="/kandidaten/K00003">K00003</a></li><li><a href="/kandidaten/K00005">K00005</a></li>"#),
                    "newest first, each once")
        }
        // A new process (as another instance or after a restart) reads the same list from the store.
        let second = try await buildApplication(configuration)
        try await second.test(.router) { client in
            let session = try await logIn(client)
            let html = try await get(client, "/", session).1
            #expect(html.contains(#"<a href="/kandidaten/K00003">K00003</a>"#) && html.contains(#"<a href="/kandidaten/K00005">K00005</a>"#))
        }
        let store = try AppServices.openStore(configuration)
        #expect(try await store.recentSubjects(actor: "adviseur", action: "view", subjectType: "candidate", limit: 8) == ["K00003", "K00005"])
        #expect(try await store.recentSubjects(actor: "iemand-anders", action: "view", subjectType: "candidate", limit: 8).isEmpty)
    }
}
