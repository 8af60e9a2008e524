import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Repositories
import Services
import Store
import Testing
@testable import App

/// The gaps of issue 13 closed after review: deactivated candidates can be found, a taken id does not reveal
/// the region of its holder, and employers and manual vacancies follow the per-region rule. Real router, real
/// SQLite file, the demo data (Drechtsteden is region 26, Twente region 9).
@Suite struct StaffRegionRuleTests {
    struct Listed: Decodable {
        struct Item: Decodable { var id: String; var active: Bool }
        var candidates: [Item]
        var total: Int
        var status: String
    }

    @Test func deactivatedCandidatesAreFoundWithTheStatusFilterInTheirRegionsAndAudited() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let drecht = try await makeStaff(configuration, username: "drecht", role: .consultant, regions: [26], password: "drecht-wachtwoord-1")
        let twente = try await makeStaff(configuration, username: "twente", role: .consultant, regions: [9])
        let writeHeaders: HTTPFields = [.authorization: drecht, .contentType: "application/json"]
        try await app.test(.router) { client in
            for id in ["ST-1", "ST-2"] {
                try await client.execute(uri: "/api/v1/candidates", method: .post, headers: writeHeaders, body: try json(newCandidate(id: id))) { response in
                    #expect(response.status == .created)
                }
            }
            try await client.execute(uri: "/api/v1/candidates/ST-1/deactivate", method: .post, headers: [.authorization: drecht]) { response in
                #expect(response.status == .ok)
            }
            let standard = try await Self.list(client, "", drecht)
            #expect(standard.candidates.map(\.id) == ["ST-2"] && standard.status == "active" && standard.candidates.allSatisfy(\.active))
            let inactive = try await Self.list(client, "&status=inactive", drecht)
            #expect(inactive.candidates.map(\.id) == ["ST-1"] && inactive.total == 1 && inactive.candidates.allSatisfy { !$0.active })
            let all = try await Self.list(client, "&status=all", drecht)
            #expect(all.candidates.map(\.id) == ["ST-1", "ST-2"] && all.candidates.map(\.active) == [false, true])
            // The region rule holds for deactivated candidates too.
            #expect(try await Self.list(client, "&status=all", twente).total == 0)
            try await client.execute(uri: "/api/v1/candidates?status=deleted", method: .get, headers: [.authorization: drecht]) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains(#""field":"status""#))
            }

            // The staff list page: the same filter, the deactivated row marked and linked to its form.
            let session = try await logIn(client, username: "drecht", password: "drecht-wachtwoord-1")
            try await client.execute(uri: "/kandidaten?id=ST-&status=gedeactiveerd", method: .get, headers: [.cookie: session.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(html.contains(#"href="/kandidaten/ST-1/bewerken""#) && html.contains("gedeactiveerd") && !html.contains(">ST-2<"))
            }
            try await client.execute(uri: "/kandidaten?id=ST-", method: .get, headers: [.cookie: session.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"href="/kandidaten/ST-2""#) && !html.contains(">ST-1<"))
            }
            try await client.execute(uri: "/kandidaten?status=weg", method: .get, headers: [.cookie: session.cookie]) { response in
                #expect(String(buffer: response.body).contains("Kies actief, gedeactiveerd of alle."))
            }
        }
        let store = try MatchpuntStore(path: configuration.databasePath)
        let listed = try await store.auditEvents(subjectType: "candidate", subjectId: "ST-1").filter { $0.action == "listed" }
        #expect(listed.contains { $0.detail == "zoekresultaat gedeactiveerde kandidaten" && $0.actor == "drecht" })
        #expect(listed.contains { $0.detail == "zoekresultaat kandidaten (actief en gedeactiveerd)" })
    }

    @Test func aTakenIdAnswersAlikeWhereverItsHolderLivesAndWithoutAnIdOneIsAssigned() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let drecht = try await makeStaff(configuration, username: "drecht", role: .consultant, regions: [26])
        let twente = try await makeStaff(configuration, username: "twente", role: .consultant, regions: [9])
        try await app.test(.router) { client in
            // "LIVES-D" is taken in Drechtsteden, "LIVES-T" in Twente.
            #expect(try await Self.create(newCandidate(id: "LIVES-D"), drecht, client).0 == .created)
            #expect(try await Self.create(newCandidate(id: "LIVES-T", municipality: "Wierden", postcode: "7641 AA"), twente, client).0 == .created)
            // Twente asks for both: one is its own, one lives elsewhere; the answers differ only in the id.
            let foreign = try await Self.create(newCandidate(id: "LIVES-D", municipality: "Wierden", postcode: "7641 AA"), twente, client)
            let own = try await Self.create(newCandidate(id: "LIVES-T", municipality: "Wierden", postcode: "7641 AA"), twente, client)
            #expect(foreign.0 == .conflict && own.0 == .conflict)
            #expect(foreign.1.contains(#""code":"id-unavailable""#) && foreign.1.contains(#""field":"id""#))
            // Compared as JSON values: the encoder's key order is not fixed.
            func value(_ text: String, _ id: String) throws -> NSDictionary {
                try #require(try JSONSerialization.jsonObject(with: Data(text.replacingOccurrences(of: id, with: "X").utf8)) as? NSDictionary)
            }
            #expect(try value(foreign.1, "LIVES-D") == value(own.1, "LIVES-T"))
            // A checked field or the new record's region answer first, whatever the id: no id-dependent difference there either.
            #expect(try await Self.create(newCandidate(id: "LIVES-D"), twente, client).0 == .forbidden)
            #expect(try await Self.create(newCandidate(id: "NEVER-USED"), twente, client).0 == .forbidden)

            // Without an id the server assigns one; the record is reachable under it.
            var object = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(newCandidate(id: "weg"))) as? [String: Any])
            object.removeValue(forKey: "id")
            let location = try await client.execute(uri: "/api/v1/candidates", method: .post, headers: [.authorization: drecht, .contentType: "application/json"],
                                                    body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: object))) { response in
                #expect(response.status == .created)
                return try #require(response.headers[.location])
            }
            #expect(location.hasPrefix("/api/v1/candidates/MP") && location.count == "/api/v1/candidates/".count + 12)
            try await client.execute(uri: location, method: .get, headers: [.authorization: drecht]) { response in
                #expect(response.status == .ok)
            }

            // The CSV import: a row naming the foreign id gets the words of an id that is not available.
            let header = "kandidaatnummer;woongemeente;geboortedatum;uitkering;trede;uren_min;uren_max;reisafstand_km;postcode;beschikbaar_vanaf;opleidingsniveau;taalniveau"
            let available = CalendarDate.amsterdam(Date()).adding(days: 30)
            let rowD = "LIVES-D;Wierden;17-05-1990;participatiewet;3;16;24;10;7641 AA;\(available);4;B1"
            try await client.execute(uri: "/api/v1/candidates/import?dryRun=true", method: .post, headers: [.authorization: twente, .contentType: "text/csv"],
                                     body: ByteBuffer(string: header + "\n" + rowD + "\n")) { response in
                let report = try JSONDecoder().decode(CandidateImportReport.self, from: Data(buffer: response.body))
                #expect(report.refusals.map(\.reason) == [CandidateImport.unavailableReason])
                #expect(!String(buffer: response.body).contains("arbeidsmarktregio"))
            }
        }
        let store = try MatchpuntStore(path: configuration.databasePath)
        #expect(try await store.storedCandidate(id: "LIVES-D")?.candidate.municipality == "Dordrecht")
        // Both refusals of Twente are audited the same way.
        for id in ["LIVES-D", "LIVES-T"] {
            let refused = try await store.auditEvents(subjectType: "candidate", subjectId: id).filter { $0.action == "refused" && $0.actor == "twente" }
            #expect(refused.contains { $0.detail == "kandidaatnummer niet beschikbaar bij aanmaken" }, "\(id)")
        }
    }

    @Test func employersAndManualVacanciesFollowTheRegionRuleInAPIAndPages() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let drecht = try await makeStaff(configuration, username: "drecht", role: .consultant, regions: [26])
        let twente = try await makeStaff(configuration, username: "twente", role: .consultant, regions: [9], password: "twente-wachtwoord-1")
        let admin = try await makeStaff(configuration, username: "beheer", role: .admin, regions: [])
        let store = try MatchpuntStore(path: configuration.databasePath)
        let employers = try await store.employers()
        let dordrecht = try #require(employers.first { $0.address?.postcode.pc4 == 3317 })
        let hexel = try #require(employers.first { $0.address?.postcode.pc4 == 7645 })
        try await app.test(.router) { client in
            #expect(try await Self.status(client, "/api/v1/employers/\(dordrecht.id)", drecht) == .ok)
            #expect(try await Self.status(client, "/api/v1/employers/\(hexel.id)", drecht) == .notFound)
            #expect(try await Self.status(client, "/api/v1/employers/\(hexel.id)", twente) == .ok)
            #expect(try await Self.status(client, "/api/v1/employers/\(hexel.id)", admin) == .ok)
            try await client.execute(uri: "/api/v1/employers?limit=500", method: .get, headers: [.authorization: drecht]) { response in
                let list = try JSONDecoder().decode(VacancyController.EmployerList.self, from: Data(buffer: response.body))
                #expect(list.total > 0 && list.employers.contains { $0.id == dordrecht.id } && !list.employers.contains { $0.id == hexel.id })
                #expect(list.employers.allSatisfy { $0.address?.postcode.pc4 ?? 0 < 7000 })
            }

            // A manual vacancy in Dordrecht, by Drechtsteden.
            let body = #"{"title":"Medewerker kantine","employerId":\#(dordrecht.id),"postcode":"3311 KH","hours":{"min":16,"max":24}}"#
            let id = try await client.execute(uri: "/api/v1/vacancies", method: .post, headers: [.authorization: drecht, .contentType: "application/json"],
                                              body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
                return try JSONDecoder().decode(Vacancy.self, from: Data(buffer: response.body)).id
            }
            // Twente cannot read, change or close it: each answers like an unknown number.
            #expect(try await Self.status(client, "/api/v1/vacancies/\(id)", twente) == .notFound)
            #expect(try await Self.status(client, "/api/v1/vacancies/\(id)", twente, .put, body: body.replacingOccurrences(of: "3311 KH", with: "7641 AA")) == .notFound)
            #expect(try await Self.status(client, "/api/v1/vacancies/\(id)/close", twente, .post) == .notFound)
            #expect(try await Self.status(client, "/api/v1/vacancies/\(id)", drecht) == .ok)
            #expect(try await Self.status(client, "/api/v1/vacancies/\(id)", admin) == .ok)
            try await client.execute(uri: "/api/v1/vacancies?source=manual", method: .get, headers: [.authorization: twente]) { response in
                let list = try JSONDecoder().decode(VacancyController.VacancyList.self, from: Data(buffer: response.body))
                #expect(!list.vacancies.contains { $0.id == id })
            }
            try await client.execute(uri: "/api/v1/vacancies?source=manual", method: .get, headers: [.authorization: drecht]) { response in
                let list = try JSONDecoder().decode(VacancyController.VacancyList.self, from: Data(buffer: response.body))
                #expect(list.vacancies.contains { $0.id == id })
            }
            // Drechtsteden may not place a vacancy in Twente, nor name a Twente employer (unknown to it), nor move its own there.
            try await client.execute(uri: "/api/v1/vacancies", method: .post, headers: [.authorization: drecht, .contentType: "application/json"],
                                     body: ByteBuffer(string: body.replacingOccurrences(of: "3311 KH", with: "7641 AA"))) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains(#""field":"postcode""#))
            }
            try await client.execute(uri: "/api/v1/vacancies", method: .post, headers: [.authorization: drecht, .contentType: "application/json"],
                                     body: ByteBuffer(string: body.replacingOccurrences(of: "\(dordrecht.id),", with: "\(hexel.id),"))) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains(#""field":"employerId""#))
            }
            #expect(try await Self.status(client, "/api/v1/vacancies/\(id)", drecht, .put, body: body.replacingOccurrences(of: "3311 KH", with: "7641 AA")) == .forbidden)

            // The pages ask the same service.
            let session = try await logIn(client, username: "twente", password: "twente-wachtwoord-1")
            try await client.execute(uri: "/vacatures/\(id)", method: .get, headers: [.cookie: session.cookie]) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/vacatures/\(id)/sluiten", method: .post,
                                     headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "csrf=\(session.csrf)")) { response in
                #expect(response.status == .notFound)
            }
        }
        #expect(try await store.vacancy(id: id(in: store))?.status == .open)
        let refusals = try await store.auditEvents(subjectType: "vacancy", subjectId: String(try await id(in: store)))
            .filter { $0.action == "refused" && $0.actor == "twente" }
        #expect(refusals.count >= 4)
        let employerRefusals = try await store.auditEvents(subjectType: "employer", subjectId: String(hexel.id)).filter { $0.action == "refused" }
        #expect(employerRefusals.contains { $0.actor == "drecht" })
    }

    /// The ranking of a manual vacancy (API and page), its edit page, the instrument evaluation and the quote builder
    /// read the vacancy through the same region rule: outside the consultant's regions it is an unknown number, and
    /// each refusal is audited. A feed's vacancy stays visible to every consultant.
    @Test func manualVacancyRankingsAndTheQuoteBuilderFollowTheRegionRule() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let drecht = try await makeStaff(configuration, username: "drecht", role: .consultant, regions: [26])
        let twente = try await makeStaff(configuration, username: "twente", role: .consultant, regions: [9], password: "twente-wachtwoord-1")
        let store = try MatchpuntStore(path: configuration.databasePath)
        let feedVacancy = try #require(try await store.searchVacancies(VacancyQuery(limit: 1)).items.first { $0.source != Vacancy.manualSource })
        try await app.test(.router) { client in
            let body = #"{"title":"Medewerker kantine Dordrecht","postcode":"3311 KH","hours":{"min":16,"max":24},"hourlyWage":"15.50"}"#
            let id = try await client.execute(uri: "/api/v1/vacancies", method: .post, headers: [.authorization: drecht, .contentType: "application/json"],
                                              body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
                return try JSONDecoder().decode(Vacancy.self, from: Data(buffer: response.body)).id
            }
            // A candidate of Twente's own, so that only the vacancy is out of region.
            let (created, _) = try await Self.create(newCandidate(id: "ST-TW", municipality: "Enschede", postcode: "7511 JA"), twente, client)
            #expect(created == .created)

            #expect(try await Self.status(client, "/api/v1/vacancies/\(id)/matches", drecht) == .ok)
            #expect(try await Self.status(client, "/api/v1/vacancies/\(id)/matches", twente) == .notFound)
            #expect(try await Self.status(client, "/api/v1/vacancies/\(feedVacancy.id)/matches", twente) == .ok)
            let terms = #""startDate":"2027-01-04","hoursPerWeek":20,"contractMonths":12"#
            #expect(try await Self.status(client, "/api/v1/instruments", twente, .post,
                                          body: #"{"candidateId":"ST-TW","vacancyId":\#(id),\#(terms)}"#) == .notFound)
            #expect(try await Self.status(client, "/api/v1/quotes", twente, .post,
                                          body: #"{"candidateId":"ST-TW","vacancyId":\#(id),\#(terms)}"#) == .notFound)

            let session = try await logIn(client, username: "twente", password: "twente-wachtwoord-1")
            try await client.execute(uri: "/vacatures/\(id)/bewerken", method: .get, headers: [.cookie: session.cookie]) { response in
                #expect(response.status == .notFound)
                #expect(!String(buffer: response.body).contains("Medewerker kantine Dordrecht"))
            }
            // The builders' forms are not prefilled from a vacancy the consultant may not see.
            for uri in ["/offertes/nieuw?kandidaat=ST-TW&vacature=\(id)", "/kandidaten/ST-TW/instrumenten?vacature=\(id)"] {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: session.cookie]) { response in
                    let html = String(buffer: response.body)
                    #expect(!html.contains("15,50") && !html.contains("Medewerker kantine Dordrecht"), "\(uri)")
                }
            }
        }
        let refusals = try await store.auditEvents(subjectType: "vacancy", subjectId: String(try await id(in: store)))
            .filter { $0.action == "refused" && $0.actor == "twente" }
        #expect(refusals.count >= 6)
    }

    static func list(_ client: some TestClientProtocol, _ query: String, _ bearer: String) async throws -> Listed {
        try await client.execute(uri: "/api/v1/candidates?id=ST-" + query, method: .get, headers: [.authorization: bearer]) { response in
            #expect(response.status == .ok, "\(query)")
            return try JSONDecoder().decode(Listed.self, from: Data(buffer: response.body))
        }
    }

    static func create(_ candidate: Candidate, _ bearer: String, _ client: some TestClientProtocol) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: "/api/v1/candidates", method: .post, headers: [.authorization: bearer, .contentType: "application/json"],
                                 body: try json(candidate)) { response in (response.status, String(buffer: response.body)) }
    }

    static func status(_ client: some TestClientProtocol, _ uri: String, _ bearer: String, _ method: HTTPRequest.Method = .get,
                       body: String? = nil) async throws -> HTTPResponse.Status {
        try await client.execute(uri: uri, method: method, headers: [.authorization: bearer, .contentType: "application/json"],
                                 body: body.map { ByteBuffer(string: $0) }) { $0.status }
    }

    /// The one manual vacancy of the test.
    private func id(in store: MatchpuntStore) async throws -> Int64 {
        try #require(try await store.searchVacancies(VacancyQuery(source: Vacancy.manualSource)).items.first?.id)
    }
}

