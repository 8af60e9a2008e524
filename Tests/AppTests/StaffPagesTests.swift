import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
@testable import App

/// The staff web app through the real router: each page's content, CSRF on every form, and the region rule
/// (a consultant outside the candidate's region gets the same 404 as for an unknown id).
@Suite struct StaffPagesTests {
    func get(_ client: some TestClientProtocol, _ uri: String, _ session: BrowserSession) async throws -> (HTTPResponse.Status, String) {
        try await session.get(client, uri)
    }

    func post(_ client: some TestClientProtocol, _ uri: String, _ session: BrowserSession, _ body: String, csrf: Bool = true) async throws
        -> (status: HTTPResponse.Status, location: String?, html: String) {
        try await session.post(client, uri, body, csrf: csrf)
    }

    @Test func pagesNeedALoginThenShowTheAdvisersDay() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            for uri in ["/", "/kandidaten", "/kandidaten/K00005", "/vacatures/12", "/offertes", "/offertes/nieuw"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .found, "\(uri)")
                    #expect(response.headers[.location] == "/login")
                }
            }
            try await client.execute(uri: "/static/matchpunt.css", method: .get) { response in
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(String(buffer: response.body).contains(":focus-visible"))
            }
            let session = try await logIn(client)
            var (status, html) = try await get(client, "/", session)
            #expect(status == .ok)
            #expect(html.contains("Uitloggen (adviseur)"))
            #expect(html.contains(#"<a href="/kandidaten">Kandidaten</a>"#))
            #expect(html.contains(#"aria-current="page">Overzicht"#))
            #expect(html.contains("Offertes die wachten op antwoord"))
            #expect(!html.contains("{{"))

            // Search with filters, paginated.
            (status, html) = try await get(client, "/kandidaten?id=K0000", session)
            #expect(status == .ok)
            #expect(html.contains("Kandidaat 1 tot en met 9 van 9."))
            #expect(html.contains(#"<a href="/kandidaten/K00005">K00005</a>"#))
            (status, html) = try await get(client, "/kandidaten?pagina=2", session)
            #expect(html.contains("Kandidaat 26 tot en met 50 van 300."))
            #expect(html.contains("Vorige pagina") && html.contains("Volgende pagina"))
            (status, html) = try await get(client, "/kandidaten?trede=9", session)
            #expect(html.contains(#"id="f-trede-error""#) && html.contains(#"aria-invalid="true""#))

            // The record: facts, medical facts marked, ranking with explanation, estimate and quote links.
            (status, html) = try await get(client, "/kandidaten/K00005", session)
            #expect(status == .ok)
            #expect(html.contains("<h1>Kandidaat K00005</h1>"))
            #expect(html.contains(#"<dt>Loonwaarde</dt><dd class="medical">"#))
            #expect(html.contains(#"<span class="badge medical-badge">medisch</span>"#))
            #expect(html.contains("Waarom deze score?") && html.contains("Bijdrage"))
            #expect(html.contains("/kandidaten/K00005/instrumenten?vacature="))
            #expect(html.contains("/offertes/nieuw?kandidaat=K00005&amp;vacature="))
            (status, html) = try await get(client, "/", session)
            #expect(html.contains(#"<a href="/kandidaten/K00005">K00005</a>"#), "recent candidates on the dashboard")

            (status, html) = try await get(client, "/vacatures/12", session)
            #expect(status == .ok)
            #expect(html.contains("Best passende kandidaten") && html.contains("<dt>Werkgever</dt>"))
            (status, _) = try await get(client, "/vacatures?id=12", session)
            #expect(status == .found)

            // Instruments as cards: status, schedule, conditions, employer's actions, trace folded away.
            (status, html) = try await get(client, "/kandidaten/K00005/instrumenten?vacature=12&start=2026-09-01&uren=32&maanden=12&loon=15,00", session)
            #expect(status == .ok)
            #expect(html.contains(#"<article class="card instrument""#))
            #expect(html.contains("Loonkostensubsidie"))
            #expect(html.contains("komt in aanmerking") || html.contains("informatie nodig"))
            #expect(html.contains("Wat de werkgever moet doen"))
            #expect(html.contains("<summary>Berekening en gebruikte waarden"))
            #expect(html.contains("Offerteconcept maken met deze voorwaarden"))
            // Only a vacancy: the terms are prefilled, nothing computed yet.
            (status, html) = try await get(client, "/kandidaten/K00005/instrumenten?vacature=12", session)
            #expect(status == .ok && !html.contains(#"<article class="card instrument""#) && html.contains(#"name="maanden""#))
            // Bad input is a 400 naming the field, never a 500.
            for (query, field) in [("vacature=12&start=morgen&uren=32&maanden=12", "start"), ("vacature=abc&start=2026-09-01&uren=32&maanden=12", "vacature"),
                                   ("vacature=12&start=2026-09-01&uren=99999999999999999999&maanden=12", "uren"),
                                   ("vacature=12&start=2026-09-01&uren=32&maanden=12&loon=99999999999999999999999", "loon"),
                                   ("vacature=999999&start=2026-09-01&uren=32&maanden=12&loon=15", "vacature")] {
                (status, html) = try await get(client, "/kandidaten/K00005/instrumenten?" + query, session)
                #expect(status == .badRequest, "\(query)")
                #expect(html.contains(#"id="\#(field)-error""#), "\(query)")
            }
            for (uri, expected) in [("/kandidaten/NIEMAND", HTTPResponse.Status.notFound), ("/vacatures/0", .badRequest), ("/vacatures/999999", .notFound),
                                    ("/vacatures/abc", .badRequest), ("/offertes/MP-2026-999999", .notFound), ("/offertes/concept/999999", .notFound)] {
                (status, html) = try await get(client, uri, session)
                #expect(status == expected, "\(uri)")
                #expect(html.contains(#"<html lang="nl">"#), "\(uri) answers as a page")
            }
        }
        let events = try await MatchpuntStore(path: configuration.databasePath).auditEvents(subjectType: "candidate", subjectId: "K00005")
        #expect(events.map(\.action).contains("view"))
        #expect(events.map(\.action).contains("instruments"))
        #expect(events.map(\.action).contains("listed"))
    }

    @Test func theQuoteBuilderDraftsIssuesWithdrawsAndRevisesWithCSRF() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            let session = try await logIn(client)
            var (status, html) = try await get(client, "/offertes/nieuw?kandidaat=K00005&vacature=12", session)
            #expect(status == .ok)
            #expect(html.contains(#"name="csrf" value=""#) && html.contains(#"<label for="start">Startdatum"#))
            let terms = "kandidaat=K00005&vacature=12&start=2026-09-01&uren=32&maanden=12&loon=15%2C00&coaching=ja"
            // Without the CSRF token every form is refused.
            #expect(try await post(client, "/offertes", session, terms, csrf: false).status == .forbidden)
            // Field-level errors.
            var answer = try await post(client, "/offertes", session, "kandidaat=&vacature=12&start=x&uren=32&maanden=12")
            #expect(answer.status == .badRequest)
            #expect(answer.html.contains(#"id="kandidaat-error""#) && answer.html.contains(#"id="start-error""#))
            answer = try await post(client, "/offertes", session, terms)
            #expect(answer.status == .seeOther)
            let draftPath = try #require(answer.location)
            #expect(draftPath.hasPrefix("/offertes/concept/"))
            (status, html) = try await get(client, draftPath, session)
            #expect(status == .ok)
            #expect(html.contains(#"id="nettokosten""#) && html.contains("Netto per maand") && html.contains("€"))
            #expect(html.contains("Offerte uitbrengen"))
            // Re-run with other terms.
            answer = try await post(client, draftPath + "/herberekenen", session, "start=2026-10-01&uren=24&maanden=6&loon=15%2C00")
            #expect(answer.status == .seeOther)
            (status, html) = try await get(client, draftPath, session)
            #expect(html.contains("24 uur per week"))
            #expect(try await post(client, draftPath + "/uitbrengen", session, "", csrf: false).status == .forbidden)
            answer = try await post(client, draftPath + "/uitbrengen", session, "")
            #expect(answer.status == .ok)
            #expect(answer.html.contains("is uitgebracht"))
            let number = try #require(answer.html.firstMatch(of: /MP-\d{4}-\d{6}/)).0
            let link = try #require(answer.html.firstMatch(of: /\/offerte\/[A-Za-z0-9_-]{43}/)).0
            #expect(answer.html.contains(#"id="werkgeverslink""#))
            // The employer answers through the link; the staff page shows it.
            (status, html) = try await client.execute(uri: String(link), method: .get) { ($0.status, String(buffer: $0.body)) }
            #expect(status == .ok)
            (status, html) = try await get(client, "/offertes/\(number)", session)
            #expect(html.contains(#"id="offerte-status">uitgebracht"#))
            #expect(html.contains("concept → uitgebracht"))
            let pdf = try await client.execute(uri: "/offertes/\(number).pdf", method: .get, headers: [.cookie: session.cookie]) { $0 }
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(String(buffer: pdf.body).hasPrefix("%PDF"))
            (status, html) = try await get(client, "/offertes?status=issued", session)
            #expect(html.contains(String(number)))
            (status, html) = try await get(client, "/offertes?status=withdrawn", session)
            #expect(!html.contains(String(number)))
            // Revise: a new draft; withdraw: the status changes and the history says why.
            answer = try await post(client, "/offertes/\(number)/herzien", session, "")
            #expect(answer.status == .seeOther)
            #expect(answer.location?.hasPrefix("/offertes/concept/") == true && answer.location != draftPath)
            #expect(try await post(client, "/offertes/\(number)/intrekken", session, "reden=test", csrf: false).status == .forbidden)
            answer = try await post(client, "/offertes/\(number)/intrekken", session, "reden=werkgever+belde+af")
            #expect(answer.status == .seeOther)
            (status, html) = try await get(client, "/offertes/\(number)", session)
            #expect(html.contains(#"id="offerte-status">ingetrokken"#) && html.contains("werkgever belde af"))
            // Withdrawing twice is a conflict, answered as a page.
            answer = try await post(client, "/offertes/\(number)/intrekken", session, "")
            #expect(answer.status == .conflict)
            (status, html) = try await get(client, "/offertes?status=withdrawn", session)
            #expect(html.contains(String(number)))
        }
    }

    /// A consultant of Drechtsteden does not see K00005 (Twente) on any page: the same 404 as an unknown id.
    @Test func aConsultantOutsideTheCandidatesRegionGetsNotFound() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        _ = try await makeStaff(configuration, username: "drecht-pagina", role: .consultant, regions: [26])
        try await app.test(.router) { client in
            let adviser = try await logIn(client)
            let answer = try await post(client, "/offertes", adviser, "kandidaat=K00005&vacature=12&start=2026-09-01&uren=32&maanden=12&loon=15")
            let draftPath = try #require(answer.location)
            let session = try await logIn(client, username: "drecht-pagina", password: "een-lang-wachtwoord")
            for uri in ["/kandidaten/K00005", "/kandidaten/K00005/instrumenten?vacature=12&start=2026-09-01&uren=32&maanden=12&loon=15", draftPath] {
                let (status, html) = try await get(client, uri, session)
                #expect(status == .notFound, "\(uri)")
                #expect(!html.contains("Wierden"), "\(uri)")
            }
            let refused = try await post(client, "/offertes", session, "kandidaat=K00005&vacature=12&start=2026-09-01&uren=32&maanden=12&loon=15")
            #expect(refused.status == .badRequest && refused.html.contains("niet gevonden"))
            var (_, html) = try await get(client, "/kandidaten?id=K00005", session)
            #expect(html.contains("Geen kandidaten gevonden."))
            (_, html) = try await get(client, "/offertes", session)
            #expect(!html.contains("K00005"))
            let (status, _) = try await get(client, "/kandidaten/K00001", session)
            #expect(status == .ok)
        }
    }

    /// The create and edit forms put every problem at its field; edits need the version they started from;
    /// deactivating takes a candidate out of the search; the CSV import reports row by row. All with CSRF.
    @Test func candidateFormsAndTheCSVImport() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            let session = try await logIn(client)
            var (status, html) = try await get(client, "/kandidaten/nieuw", session)
            #expect(status == .ok)
            #expect(html.contains(#"<label for="c-id">Kandidaatnummer"#) && html.contains(#"<legend>Medische gegevens"#))
            let valid = "id=W-0001&gemeente=Dordrecht&postcode=3311+KH&geboortedatum=1990-05-17&uitkering=participatiewet&trede=4&uren-min=16"
                + "&uren-max=32&reisafstand=15&beschikbaar=2027-01-04&opleiding=4&nederlands=3&arbeidsbeperking=ja&loonwaarde=70"
                + "&loonwaarde-datum=2025-03-01&rijbewijs-B=ja&vermijden-heavyLifting=ja&beroepen=&vaardigheden="
            #expect(try await post(client, "/kandidaten", session, valid, csrf: false).status == .forbidden)
            // The form's own checks and the intake service's, each at its field.
            var answer = try await post(client, "/kandidaten", session, valid.replacingOccurrences(of: "uren-max=32", with: "uren-max=99999999999999999999")
                .replacingOccurrences(of: "geboortedatum=1990-05-17", with: "geboortedatum=gisteren"))
            #expect(answer.status == .badRequest)
            #expect(answer.html.contains(#"id="c-uren-max-error""#) && answer.html.contains(#"id="c-geboortedatum-error""#))
            answer = try await post(client, "/kandidaten", session, valid.replacingOccurrences(of: "gemeente=Dordrecht", with: "gemeente=Atlantis"))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.html.contains(#"id="c-gemeente-error""#))
            answer = try await post(client, "/kandidaten", session, valid)
            #expect(answer.status == .seeOther)
            #expect(answer.location == "/kandidaten/W-0001")
            answer = try await post(client, "/kandidaten", session, valid)
            #expect(answer.status == .conflict && answer.html.contains("is niet beschikbaar"))
            (status, html) = try await get(client, "/kandidaten/W-0001", session)
            #expect(status == .ok && html.contains("70%"))
            // Edit: the form carries the version; a stale version is refused.
            (status, html) = try await get(client, "/kandidaten/W-0001/bewerken", session)
            #expect(status == .ok && html.contains(#"name="versie" value="1""#) && html.contains(#"id="c-rijbewijs-B" name="rijbewijs-B" value="ja" checked"#))
            let edit = valid.replacingOccurrences(of: "id=W-0001&", with: "").replacingOccurrences(of: "reisafstand=15", with: "reisafstand=25")
            answer = try await post(client, "/kandidaten/W-0001/bewerken", session, "versie=1&" + edit)
            #expect(answer.status == .seeOther)
            answer = try await post(client, "/kandidaten/W-0001/bewerken", session, "versie=1&" + edit)
            #expect(answer.status == .conflict && answer.html.contains("intussen gewijzigd"))
            (status, html) = try await get(client, "/kandidaten/W-0001", session)
            #expect(html.contains("25 km"))
            // Deactivate: out of the search; the edit page offers to reactivate.
            answer = try await post(client, "/kandidaten/W-0001/deactiveren", session, "versie=2&reden=verhuisd")
            #expect(answer.status == .seeOther)
            (status, html) = try await get(client, "/kandidaten?id=W-0001", session)
            #expect(html.contains("Geen kandidaten gevonden."))
            (status, html) = try await get(client, "/kandidaten/W-0001/bewerken", session)
            #expect(html.contains("gedeactiveerd") && html.contains("Weer activeren"))
            answer = try await post(client, "/kandidaten/W-0001/activeren", session, "versie=")
            #expect(answer.status == .seeOther)

            // The CSV import: a multipart upload with the CSRF token as one of its parts.
            let file = try String(contentsOf: repositoryRoot.appendingPathComponent("fixtures/candidates/voorbeeld.csv"), encoding: .utf8)
            let broken = file + "V-0003;Atlantis;1990-01-01;participatiewet;;nee;nee;nee;;;nee;9;nee;nee;8;4;10;3311 KH;2027-01-04;;;4;B1;;\n"
            func upload(_ csv: String, csrf: String?, mode: String = "all-or-nothing") async throws -> (HTTPResponse.Status, String) {
                let boundary = "----matchpunt-test-boundary"
                var body = ""
                if let csrf { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n" }
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"modus\"\r\n\r\n\(mode)\r\n"
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"export.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n"
                body += "--\(boundary)--\r\n"
                return try await client.execute(uri: "/kandidaten/import", method: .post,
                                                headers: [.cookie: session.cookie, .contentType: "multipart/form-data; boundary=\(boundary)"],
                                                body: ByteBuffer(string: body)) { ($0.status, String(buffer: $0.body)) }
            }
            (status, html) = try await get(client, "/kandidaten/import", session)
            #expect(status == .ok && html.contains(#"enctype="multipart/form-data""#) && html.contains("kandidaatnummer"))
            (status, _) = try await upload(file, csrf: nil)
            #expect(status == .forbidden)
            (status, html) = try await upload(broken, csrf: session.csrf)
            #expect(status == .ok)
            #expect(html.contains("Niets opgeslagen") && html.contains("0 nieuw") && html.contains("1 geweigerd"), "\(html)")
            #expect(html.contains(#"<td class="num" data-label="Regel">4</td><td data-label="Kandidaat">V-0003</td>"#))
            (status, html) = try await upload(broken, csrf: session.csrf, mode: "partial")
            #expect(html.contains("Opgeslagen") && html.contains("2 nieuw"))
            (status, html) = try await get(client, "/kandidaten/V-0001", session)
            #expect(status == .ok)
        }
        let events = try await MatchpuntStore(path: configuration.databasePath).auditEvents(subjectType: "candidate", subjectId: "W-0001")
        #expect(Set(events.map(\.action)).isSuperset(of: ["candidate-created", "candidate-updated", "candidate-deactivated"]))
    }

    /// A consultant cannot open, edit or deactivate a candidate outside their regions, nor create one there.
    @Test func candidateFormsFollowTheRegionRule() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        _ = try await makeStaff(configuration, username: "drecht-formulier", role: .consultant, regions: [26])
        try await app.test(.router) { client in
            let session = try await logIn(client, username: "drecht-formulier", password: "een-lang-wachtwoord")
            var (status, _) = try await get(client, "/kandidaten/K00005/bewerken", session)
            #expect(status == .notFound)
            #expect(try await post(client, "/kandidaten/K00005/deactiveren", session, "versie=1").status == .notFound)
            let outside = "id=W-0002&gemeente=Wierden&postcode=7641+AB&geboortedatum=1990-05-17&uitkering=participatiewet&trede=4&uren-min=16"
                + "&uren-max=32&reisafstand=15&beschikbaar=2027-01-04&opleiding=4&nederlands=3"
            let answer = try await post(client, "/kandidaten", session, outside)
            #expect(answer.status == .unprocessableContent && answer.html.contains("buiten uw regio"))
            (status, _) = try await get(client, "/kandidaten/W-0002", session)
            #expect(status == .notFound)
        }
    }

    /// Vacancies: search with a status filter and pages; a manual vacancy made by form (field errors, CSRF) and closed.
    @Test func vacancySearchAndManualVacancies() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            let session = try await logIn(client)
            var (status, html) = try await get(client, "/vacatures?status=open", session)
            #expect(status == .ok && html.contains("Vacature 1 tot en met 25 van") && html.contains("Volgende pagina"))
            (status, html) = try await get(client, "/vacatures?id=abc", session)
            #expect(status == .badRequest && html.contains(#"id="v-id-error""#))
            let valid = "titel=Magazijnmedewerker&postcode=3311+KH&uren-min=24&uren-max=32&maanden=12&start=2027-01-04&loon=15%2C50&banenafspraak=ja"
            #expect(try await post(client, "/vacatures", session, valid, csrf: false).status == .forbidden)
            var answer = try await post(client, "/vacatures", session, "titel=&uren-min=40&uren-max=8&loon=99999999999999999999")
            #expect(answer.status == .badRequest)
            #expect(answer.html.contains(#"id="v-titel-error""#) && answer.html.contains(#"id="v-uren-max-error""#) && answer.html.contains(#"id="v-loon-error""#))
            answer = try await post(client, "/vacatures", session, valid)
            #expect(answer.status == .seeOther)
            let path = try #require(answer.location)
            (status, html) = try await get(client, path, session)
            #expect(status == .ok && html.contains("<h1>Magazijnmedewerker</h1>") && html.contains("Vacature sluiten"))
            answer = try await post(client, path + "/sluiten", session, "")
            #expect(answer.status == .seeOther)
            (status, html) = try await get(client, path, session)
            #expect(html.contains("<dd>gesloten</dd>") && !html.contains("Vacature sluiten"))
            // A feed's vacancy follows its feed: staff cannot close it here.
            answer = try await post(client, "/vacatures/12/sluiten", session, "")
            #expect(answer.status == .conflict)
        }
    }
}
