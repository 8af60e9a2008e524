import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Repositories
import Services
import Store
import Testing
@testable import App

@Suite struct VacancyAPITests {
    @Test func searchWithPagingAndTotals() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let bearer = try await demoBearer(configuration)
        let store = try MatchpuntStore(path: configuration.databasePath)
        let open = try await store.vacancies(status: .open)
        let employer = try #require(try await store.employers().first)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/vacancies?status=open&limit=2&offset=1", method: .get, headers: [.authorization: bearer]) { response in
                #expect(response.status == .ok)
                let list = try JSONDecoder().decode(VacancyController.VacancyList.self, from: Data(buffer: response.body))
                #expect(list.total == open.count && list.vacancies.map(\.id) == open.dropFirst().prefix(2).map(\.id))
            }
            let word = try #require(open.first?.title.split(separator: " ").first.map(String.init))
            try await client.execute(uri: "/api/v1/vacancies?q=\(word.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? word)", method: .get,
                                     headers: [.authorization: bearer]) { response in
                let list = try JSONDecoder().decode(VacancyController.VacancyList.self, from: Data(buffer: response.body))
                #expect(list.total > 0 && list.vacancies.allSatisfy { $0.title.localizedCaseInsensitiveContains(word) })
            }
            try await client.execute(uri: "/api/v1/employers?q=\(employer.name.split(separator: " ").first!)", method: .get, headers: [.authorization: bearer]) { response in
                let list = try JSONDecoder().decode(VacancyController.EmployerList.self, from: Data(buffer: response.body))
                #expect(list.employers.contains { $0.id == employer.id })
            }
            try await client.execute(uri: "/api/v1/employers/\(employer.id)", method: .get, headers: [.authorization: bearer]) { response in
                #expect(response.status == .ok)
            }
            for (uri, field) in [("/api/v1/vacancies?limit=0", "limit"), ("/api/v1/vacancies?status=half", "status"),
                                 ("/api/v1/vacancies?employerId=99999999999999999999", "employerId"), ("/api/v1/employers?kvk=12", "kvk"),
                                 ("/api/v1/employers?offset=-1", "offset")] {
                try await client.execute(uri: uri, method: .get, headers: [.authorization: bearer]) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(String(buffer: response.body).contains(#""field":"\#(field)""#), "\(uri)")
                }
            }
        }
    }

    @Test func manualVacancyCreateUpdateCloseAndNoFeedSnapshotClosesIt() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let bearer = try await demoBearer(configuration)
        let headers: HTTPFields = [.authorization: bearer, .contentType: "application/json"]
        let store = try MatchpuntStore(path: configuration.databasePath)
        let employer = try #require(try await store.employers().first)
        let body = #"{"title":"Medewerker kantine","employerId":\#(employer.id),"postcode":"3311 KH","hours":{"min":16,"max":24},"hourlyWage":"14.40","contractMonths":12}"#
        let id: Int64 = try await app.test(.router) { client in
            let id = try await client.execute(uri: "/api/v1/vacancies", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
                let vacancy = try JSONDecoder().decode(Vacancy.self, from: Data(buffer: response.body))
                #expect(vacancy.source == "manual" && vacancy.status == .open && vacancy.hourlyWage == Money(cents: 1440))
                #expect(response.headers[.location] == "/api/v1/vacancies/\(vacancy.id)")
                return vacancy.id
            }
            try await client.execute(uri: "/api/v1/vacancies/\(id)", method: .put, headers: headers,
                                     body: ByteBuffer(string: body.replacingOccurrences(of: "kantine", with: "kantine en receptie"))) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("kantine en receptie"))
            }
            // Bad input names the field.
            for (bad, field) in [(body.replacingOccurrences(of: #""max":24"#, with: #""max":8"#), "hours.max"),
                                 (body.replacingOccurrences(of: #""14.40""#, with: "1e25"), "hourlyWage"),
                                 (body.replacingOccurrences(of: "\(employer.id),", with: "424242,"), "employerId"),
                                 (body.replacingOccurrences(of: "Medewerker kantine", with: ""), "title")] {
                try await client.execute(uri: "/api/v1/vacancies", method: .post, headers: headers, body: ByteBuffer(string: bad)) { response in
                    #expect(response.status == .badRequest, "\(field)")
                    #expect(String(buffer: response.body).contains(#""field":"\#(field)""#), "\(field): \(String(buffer: response.body))")
                }
            }
            return id
        }
        // A feed snapshot run (another feed's complete listing) leaves the manual vacancy open …
        let feed = try await store.insert(FeedDefinition(name: "werkzoeken", url: "https://example.org/feed.json", format: "jsonld", kind: .snapshot,
                                                         intervalSeconds: 3600, region: "Drechtsteden", createdAt: Date()))
        let template = try #require(try await store.vacancy(id: id))
        var listed = template
        listed.id = 0
        listed.externalId = "F-1"
        let incoming = IncomingVacancy(vacancy: listed, employerName: employer.name, employerKvK: nil, contentHash: "F-1")
        _ = try await store.applyImport(feed: feed, startedAt: Date(), finishedAt: Date(), fetch: FetchFacts(httpStatus: 200, bytes: 10),
                                        vacancies: [incoming], quarantined: [])
        _ = try await store.applyImport(feed: feed, startedAt: Date(), finishedAt: Date(), fetch: FetchFacts(httpStatus: 200, bytes: 10),
                                        vacancies: [], quarantined: [], completeBody: true, problem: nil, minimumSnapshotShare: 0)
        #expect(try await store.vacancy(id: id)?.status == .open)
        // … and no feed can be named after the manual source, so none can treat manual vacancies as its own.
        await #expect(throws: StoreError.self) {
            _ = try await store.insert(FeedDefinition(name: "Manual", url: "https://example.org/m.json", format: "jsonld", kind: .snapshot,
                                                      intervalSeconds: 3600, region: "Drechtsteden", createdAt: Date()))
        }
        var forged = feed
        forged.name = "manual"
        await #expect(throws: StoreError.self) {
            _ = try await store.applyImport(feed: forged, startedAt: Date(), finishedAt: Date(), fetch: FetchFacts(httpStatus: 200, bytes: 10),
                                            vacancies: [], quarantined: [], completeBody: true, problem: nil, minimumSnapshotShare: 0)
        }
        #expect(try await store.vacancy(id: id)?.status == .open)
        let feedVacancy = try #require(try await store.searchVacancies(VacancyQuery(source: "werkzoeken")).items.first)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/vacancies/\(feedVacancy.id)/close", method: .post, headers: headers) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/api/v1/vacancies/\(id)/close", method: .post, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""status":"closed""#))
            }
        }
        let actions = try await store.auditEvents(subjectType: "vacancy", subjectId: String(id)).map(\.detail)
        #expect(Set(actions.compactMap { $0 }) == ["handmatig aangemaakt", "handmatig gewijzigd", "handmatig gesloten"])
    }
}
