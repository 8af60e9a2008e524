import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Services
import Store
import Testing
@testable import App

/// The management overview, feed admin, catalog browser and user/audit pages through the real router on a
/// real SQLite file, logged in through the real form.
@Suite struct StaffAdminPagesTests {
    /// A form post's headers with the session cookie.
    static func form(_ cookie: HTTPFields) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers.append(contentsOf: cookie)
        return headers
    }

    /// One quote made, issued and accepted on 2026-11-30 (the harness clock) for a Dordrecht candidate.
    static func acceptedQuote(_ harness: QuoteHarness) async throws -> QuoteDetails {
        let draft = try await harness.draft()
        let issued = try await harness.quotes.issue(id: draft.stored.id, by: QuoteHarness.staff)
        let answer = try await harness.quotes.answer(token: issued.token, formToken: harness.quotes.formToken(for: issued.token), answer: .accept,
                                                     name: "J. de Vries", remark: nil)
        #expect(answer == .recorded(.accepted))
        return issued.details
    }

    @Test func managementOverviewCountsTheAcceptedQuoteAndExportsDutchCSV() async throws {
        let harness = try await QuoteHarness()
        defer { harness.cleanup() }
        let details = try await Self.acceptedQuote(harness)
        let promised = details.snapshot.decisions.filter { $0.status == .eligible && $0.side != .candidate }
            .reduce(Money.zero) { $0 + ($1.total ?? .zero) }
        #expect(promised > .zero)
        let app = try await QuoteRouteTests.application(harness)
        try await app.test(.router) { client in
            try await client.execute(uri: "/overzicht?jaar=2026", method: .get) { #expect($0.status == .found) }
            let session = try await logIn(client)
            let cookie: HTTPFields = [.cookie: session.cookie]
            let html = try await client.execute(uri: "/overzicht?jaar=2026", method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(html.contains("<h1>Managementoverzicht 2026</h1>"))
            // November: one calculated, one issued, one accepted, with the promised amount.
            #expect(html.contains("<tr><th scope=\"row\">november</th><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">\(promised)</td><td class=\"num\">\(promised)</td></tr>"))
            #expect(html.contains("<tr><th scope=\"row\">oktober</th><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">0</td>"))
            #expect(html.contains("<th scope=\"row\">Loonkostensubsidie</th><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">1</td>"))
            #expect(html.contains("<tr><th scope=\"row\">Drechtsteden</th><td class=\"num\">1</td><td class=\"num\">\(promised)</td></tr>"))
            // The candidate is on rung 3 and in the register: counted, nothing more.
            #expect(html.contains("<tr><th scope=\"row\">3 — deelname georganiseerde activiteiten</th><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">0</td></tr>"))
            // Four charts, each an image with its title and description, next to its table.
            #expect(html.components(separatedBy: "role=\"img\" aria-labelledby=").count == 5)
            #expect(html.contains("<title id=\"chart-maanden-title\">Offertes per maand in 2026</title>"))
            #expect(html.contains("<title>nov: geaccepteerd 1</title>"))
            #expect(html.contains("@media print"))
            #expect(html.contains("<option value=\"2026\" selected>2026</option>"))
            // No candidate and no medical fact in an aggregate.
            #expect(!html.contains(QuoteHarness.candidateId))
            for marker in QuoteHarness.medicalMarkers { #expect(!html.contains(marker), "\(marker)") }

            let csv = try await client.execute(uri: "/overzicht/maanden.csv?jaar=2026", method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(response.headers[.contentDisposition]?.contains("matchpunt-overzicht-2026-maanden.csv") == true)
                return String(buffer: response.body)
            }
            let lines = csv.components(separatedBy: "\r\n")
            #expect(lines[0] == "\u{FEFF}Jaar;Maand;Berekend;Uitgebracht;Geaccepteerd;Aangeboden bedrag (euro);Toegezegd bedrag (euro)")
            let amount = promised.plain.replacingOccurrences(of: ".", with: ",")
            #expect(lines.contains("2026;november;1;1;1;\(amount);\(amount)"))
            #expect(lines.contains("2026;totaal;1;1;1;\(amount);\(amount)"))
            for table in ["instrumenten.csv", "treden.csv", "regios.csv"] {
                try await client.execute(uri: "/overzicht/\(table)?jaar=2026", method: .get, headers: cookie) { response in
                    #expect(response.status == .ok, "\(table)")
                    #expect(String(buffer: response.body).contains(";"), "\(table)")
                }
            }
            try await client.execute(uri: "/overzicht/regios.csv?jaar=2026", method: .get, headers: cookie) { response in
                #expect(String(buffer: response.body).contains("2026;Drechtsteden;1;\(amount)"))
            }
            // Another year has nothing; bad input is a 400, an unknown table a 404.
            try await client.execute(uri: "/overzicht?jaar=2025", method: .get, headers: cookie) { response in
                #expect(String(buffer: response.body).contains("Geen plaatsingen in 2025."))
            }
            for (uri, status) in [("/overzicht?jaar=twintig", HTTPResponse.Status.badRequest), ("/overzicht?jaar=1999", .badRequest),
                                  ("/overzicht?jaar=99999999999999999999", .badRequest), ("/overzicht/geheim.csv?jaar=2026", .notFound)] {
                try await client.execute(uri: uri, method: .get, headers: cookie) { #expect($0.status == status, "\(uri)") }
            }
        }
    }

    /// The overview is cached per change-log sequence number (issue 14): a quote accepted through another store
    /// instance on the same database (as by another process) shows at the next request, as does a new candidate.
    @Test func theCachedOverviewFollowsQuotesAndCandidatesWrittenByAnotherInstance() async throws {
        let harness = try await QuoteHarness()
        defer { harness.cleanup() }
        _ = try await Self.acceptedQuote(harness)
        let app = try await QuoteRouteTests.application(harness)
        // The harness's own store and services (not the app's): what another process would write.
        let (quotes, store, vacancyId) = (harness.quotes, harness.store, harness.vacancyId)
        try await app.test(.router) { client in
            let session = try await logIn(client)
            let cookie: HTTPFields = [.cookie: session.cookie]
            func draft() async throws -> QuoteDetails {
                try await quotes.createDraft(candidateId: QuoteHarness.candidateId, vacancyId: vacancyId, facts: QuoteHarness.facts, by: QuoteHarness.staff)
            }
            func november() async throws -> String {
                let html = try await client.execute(uri: "/overzicht?jaar=2026", method: .get, headers: cookie) { String(buffer: $0.body) }
                return html.components(separatedBy: "<tr><th scope=\"row\">november</th>").dropFirst().first?.components(separatedBy: "</tr>").first ?? ""
            }
            #expect(try await november().hasPrefix("<td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">1</td>"))
            // Twice the same answer from the cache.
            #expect(try await november().hasPrefix("<td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">1</td>"))
            // A second quote, made, issued and accepted.
            let issued = try await quotes.issue(id: try await draft().stored.id, by: QuoteHarness.staff)
            let answer = try await quotes.answer(token: issued.token, formToken: quotes.formToken(for: issued.token), answer: .accept,
                                                 name: "J. de Vries", remark: nil)
            #expect(answer == .recorded(.accepted))
            #expect(try await november().hasPrefix("<td class=\"num\">2</td><td class=\"num\">2</td><td class=\"num\">2</td>"))
            // A draft alone counts as calculated.
            _ = try await draft()
            #expect(try await november().hasPrefix("<td class=\"num\">3</td><td class=\"num\">2</td><td class=\"num\">2</td>"))
            // A new candidate on rung 3 changes the rung table.
            var another = try #require(try await store.candidate(id: QuoteHarness.candidateId))
            another.id = "K00043"
            try await store.save(another)
            let html = try await client.execute(uri: "/overzicht?jaar=2026", method: .get, headers: cookie) { String(buffer: $0.body) }
            #expect(html.contains("<tr><th scope=\"row\">3 — deelname georganiseerde activiteiten</th><td class=\"num\">2</td>"))
        }
    }

    @Test func aConsultantsOverviewCoversOnlyTheirRegionsAndAdminPagesAreRefused() async throws {
        let harness = try await QuoteHarness()
        defer { harness.cleanup() }
        _ = try await Self.acceptedQuote(harness)
        let app = try await QuoteRouteTests.application(harness)
        _ = try await makeStaff(harness.configuration, username: "twente", role: .consultant, regions: [9], password: "een-lang-wachtwoord")
        try await app.test(.router) { client in
            let session = try await logIn(client, username: "twente", password: "een-lang-wachtwoord")
            let cookie: HTTPFields = [.cookie: session.cookie]
            try await client.execute(uri: "/overzicht?jaar=2026", method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Omvang: uw regio&#39;s") || html.contains("Omvang: uw regio's"))
                #expect(html.contains("Geen plaatsingen in 2026."))
                #expect(html.contains("<tr><th scope=\"row\">november</th><td class=\"num\">0</td>"))
            }
            for uri in ["/beheer/feeds", "/beheer/gebruikers", "/beheer/audit", "/beheer/audit.csv", "/beheer/feeds/x"] {
                try await client.execute(uri: uri, method: .get, headers: cookie) { #expect($0.status == .forbidden, "\(uri)") }
            }
            try await client.execute(uri: "/beheer/gebruikers", method: .post, headers: Self.form(cookie),
                                     body: ByteBuffer(string: "csrf=\(session.csrf)&gebruikersnaam=stiekem&wachtwoord=een-lang-wachtwoord")) {
                #expect($0.status == .forbidden)
            }
            // Pages for every adviser.
            try await client.execute(uri: "/catalogus", method: .get, headers: cookie) { #expect($0.status == .ok) }
            try await client.execute(uri: "/vacatures-zonder-locatie", method: .get, headers: cookie) { #expect($0.status == .ok) }
        }
        #expect(try await harness.store.user(username: "stiekem") == nil)
    }

    @Test func feedAdminShowsRunsRunsNowAndShowsQuarantinedRawTextEscaped() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let store = try AppServices.openStore(configuration)
        _ = try await store.insert(StaffUser(username: "beheer", passwordHash: StaffPasswords.hash("beheer-wachtwoord"), role: .admin, createdAt: Date()))
        // Nothing listens on port 9 of 127.0.0.1 (and internal addresses are refused anyway): the run fails quickly.
        let feed = try await store.insert(FeedDefinition(name: "uwv-werk", url: "http://127.0.0.1:9/feed.json", format: "jsonld", kind: .snapshot,
                                                         intervalSeconds: 3600, region: "Drechtsteden", createdAt: Date()))
        let raw = "{\"title\": \"<script>alert('x')</script>\", \"hours\": \"veel\"}"
        let run = try await store.applyImport(feed: feed, startedAt: Date(), finishedAt: Date(), fetch: FetchFacts(httpStatus: 200, bytes: raw.utf8.count),
                                              vacancies: [], quarantined: [QuarantinedRecord(externalId: "J-77", reason: "uren ontbreken of zijn geen getal", raw: raw)])
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            let session = try await logIn(client, username: "beheer", password: "beheer-wachtwoord")
            let cookie: HTTPFields = [.cookie: session.cookie]
            try await client.execute(uri: "/beheer/feeds", method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<a href=\"/beheer/feeds/uwv-werk\">uwv-werk</a>"))
                #expect(html.contains("elke 1 uur"))
                #expect(html.contains("deels gelukt"))
                #expect(html.contains("1 in quarantaine"))
            }
            try await client.execute(uri: "/beheer/feeds/uwv-werk/runs/\(run.id)", method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("uren ontbreken of zijn geen getal"))
                #expect(html.contains("J-77"))
                #expect(html.contains("&lt;script&gt;alert("))
                #expect(!html.contains("<script>"))
            }
            // Run now: refused without the form's CSRF token, then run, audited, and shown.
            try await client.execute(uri: "/beheer/feeds/uwv-werk/draaien", method: .post, headers: Self.form(cookie),
                                     body: ByteBuffer(string: "csrf=wrong")) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/beheer/feeds/uwv-werk/draaien", method: .post, headers: Self.form(cookie),
                                     body: ByteBuffer(string: "csrf=\(session.csrf)")) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/beheer/feeds/uwv-werk?resultaat=gestart")
            }
            try await client.execute(uri: "/beheer/feeds/uwv-werk?resultaat=gestart", method: .get, headers: cookie) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("De feed is ingelezen"))
                #expect(html.contains("mislukt"))
                let runs = html.components(separatedBy: "id=\"tabel-runs\"").last ?? ""
                #expect(runs.components(separatedBy: "<tr><th scope=\"row\">").count == 3)
            }
            try await client.execute(uri: "/beheer/feeds/bestaat-niet", method: .get, headers: cookie) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/beheer/feeds/uwv-werk/runs/99999", method: .get, headers: cookie) { #expect($0.status == .notFound) }
        }
        let events = try await store.auditEvents(subjectType: "feed", subjectId: String(feed.id), limit: 10)
        #expect(events.contains { $0.actor == "beheer" && $0.detail == "handmatig gestart" })
    }

    @Test func vacanciesWithoutALocationCanBeGivenAPostcode() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let store = try AppServices.openStore(configuration)
        let vacancy = try await store.insert(Vacancy(id: 0, source: "handmatig", externalId: "zonder-plaats", employerId: nil, title: "Magazijnmedewerker <nacht>",
                                                     occupation: nil, postcode: nil, hours: WeeklyHours(min: 20, max: 32)!, contractMonths: 6,
                                                     startDate: nil, hourlyWage: nil))
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            let session = try await logIn(client)
            let cookie: HTTPFields = [.cookie: session.cookie]
            try await client.execute(uri: "/vacatures-zonder-locatie", method: .get, headers: cookie) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Magazijnmedewerker &lt;nacht&gt;"))
                #expect(html.contains("<label for=\"postcode-\(vacancy.id)\">Postcode voor vacature \(vacancy.id)</label>"))
            }
            try await client.execute(uri: "/vacatures-zonder-locatie/\(vacancy.id)", method: .post, headers: Self.form(cookie),
                                     body: ByteBuffer(string: "csrf=\(session.csrf)&postcode=nergens")) { response in
                #expect(response.status == .badRequest)
                let html = String(buffer: response.body)
                #expect(html.contains("aria-invalid=\"true\""))
                #expect(html.contains("Vul een postcode in"))
            }
            try await client.execute(uri: "/vacatures-zonder-locatie/\(vacancy.id)", method: .post, headers: Self.form(cookie),
                                     body: ByteBuffer(string: "csrf=\(session.csrf)&postcode=3311+AB")) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/vacatures-zonder-locatie?opgeslagen=\(vacancy.id)", method: .get, headers: cookie) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Postcode van vacature \(vacancy.id) opgeslagen."))
                #expect(!html.contains("Magazijnmedewerker"))
            }
            try await client.execute(uri: "/vacatures-zonder-locatie?pagina=0", method: .get, headers: cookie) { #expect($0.status == .badRequest) }
        }
        #expect(try await store.vacancy(id: vacancy.id)?.postcode == Postcode(parsing: "3311AB"))
    }

    @Test func catalogBrowserShowsParametersWithSourcesAndRunsTheGoldenCases() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            let session = try await logIn(client)
            let cookie: HTTPFields = [.cookie: session.cookie]
            try await client.execute(uri: "/catalogus?datum=2026-07-01&regio=drechtsteden", method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Parameters op 2026-07-01, regio drechtsteden"))
                #expect(html.contains("<option value=\"drechtsteden\" selected>drechtsteden</option>"))
                #expect(html.contains("bron: "))
                #expect(html.contains("onbevestigd"))
                #expect(html.contains("Loonkostensubsidie"))
            }
            try await client.execute(uri: "/catalogus/gouden-gevallen", method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("0 mislukt"))
                #expect(html.contains("Alles geslaagd."))
                #expect(html.contains("✓ geslaagd"))
            }
            for uri in ["/catalogus?datum=gisteren", "/catalogus?regio=atlantis", "/catalogus?datum=2026-02-30"] {
                try await client.execute(uri: uri, method: .get, headers: cookie) { #expect($0.status == .badRequest, "\(uri)") }
            }
        }
    }

    @Test func adminsManageAccountsAndReadAndExportTheAudit() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        // The demo consultant is created first (only into an empty user table), then an admin.
        let app = try await buildApplication(configuration)
        let store = try AppServices.openStore(configuration)
        _ = try await store.insert(StaffUser(username: "beheer", passwordHash: StaffPasswords.hash("beheer-wachtwoord"), role: .admin, createdAt: Date()))
        try await app.test(.router) { client in
            let session = try await logIn(client, username: "beheer", password: "beheer-wachtwoord")
            let cookie: HTTPFields = [.cookie: session.cookie]
            let headers = Self.form(cookie)
            try await client.execute(uri: "/beheer/gebruikers", method: .get, headers: cookie) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<label for=\"nieuw-naam\">Gebruikersnaam</label>"))
                #expect(html.contains("<th scope=\"row\">adviseur</th>"))
                #expect(html.contains("26 Drechtsteden"))
            }
            // Field errors: short password, unknown region; nothing stored.
            try await client.execute(uri: "/beheer/gebruikers", method: .post, headers: headers,
                                     body: ByteBuffer(string: "csrf=\(session.csrf)&gebruikersnaam=nieuw&wachtwoord=kort&rol=consultant&regios=26%2C999")) { response in
                #expect(response.status == .badRequest)
                let html = String(buffer: response.body)
                #expect(html.contains("wachtwoord moet minstens 10 tekens hebben"))
                #expect(html.contains("&#39;999&#39; is geen arbeidsmarktregio-nummer") || html.contains("'999' is geen arbeidsmarktregio-nummer"))
            }
            try await client.execute(uri: "/beheer/gebruikers", method: .post, headers: headers,
                                     body: ByteBuffer(string: "csrf=\(session.csrf)&gebruikersnaam=nieuw&wachtwoord=een-lang-wachtwoord&rol=consultant&regios=26")) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/beheer/gebruikers", method: .post, headers: headers,
                                     body: ByteBuffer(string: "csrf=\(session.csrf)&gebruikersnaam=nieuw&wachtwoord=een-lang-wachtwoord&rol=admin")) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("er is al een account nieuw"))
            }
            // The new account logs in; then regions, a token revocation and a new password (which ends its session).
            let other = try await logIn(client, username: "nieuw", password: "een-lang-wachtwoord")
            try await client.execute(uri: "/beheer/gebruikers/nieuw/regios", method: .post, headers: headers,
                                     body: ByteBuffer(string: "csrf=\(session.csrf)&regios=26%2C9")) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/beheer/gebruikers/nieuw/tokens-intrekken", method: .post, headers: headers,
                                     body: ByteBuffer(string: "csrf=\(session.csrf)")) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/beheer/gebruikers/nieuw/wachtwoord", method: .post, headers: headers,
                                     body: ByteBuffer(string: "csrf=\(session.csrf)&wachtwoord=nog-een-lang-wachtwoord")) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: other.cookie]) { #expect($0.status == .found) }
            try await client.execute(uri: "/beheer/gebruikers/niemand/tokens-intrekken", method: .post, headers: headers,
                                     body: ByteBuffer(string: "csrf=\(session.csrf)")) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/beheer/gebruikers?gedaan=regios", method: .get, headers: cookie) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Regio&#39;s opgeslagen.") || html.contains("Regio's opgeslagen."))
                #expect(html.contains("9 Twente, 26 Drechtsteden"))
            }

            // The audit view: filtered by action and actor, and its CSV with the same filter.
            try await client.execute(uri: "/beheer/audit?actie=user-added&door=beh", method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<td>user-added</td>"))
                #expect(!html.contains("<td>login</td>"))
                #expect(html.contains("<option value=\"user-added\" selected>user-added</option>"))
            }
            try await client.execute(uri: "/beheer/audit.csv?actie=password-changed", method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
                let lines = String(buffer: response.body).components(separatedBy: "\r\n").filter { !$0.isEmpty }
                #expect(lines.first == "\u{FEFF}Nummer;Tijdstip;Door;Actie;Soort onderwerp;Onderwerp;Toelichting;Verzoek")
                #expect(lines.count == 2)
                #expect(lines.last?.contains(";beheer;password-changed;user;") == true)
            }
            for uri in ["/beheer/audit?van=gisteren", "/beheer/audit?actie=drop-table", "/beheer/audit?na=-1"] {
                try await client.execute(uri: uri, method: .get, headers: cookie) { #expect($0.status == .badRequest, "\(uri)") }
            }
        }
        let added = try await store.auditEvents(subjectType: "user", subjectId: nil, limit: 50)
        #expect(added.contains { $0.action == "user-added" && $0.actor == "beheer" })
        #expect(added.contains { $0.action == "tokens-revoked" })
        #expect(try await store.user(username: "nieuw")?.regions == [9, 26])
    }
}
