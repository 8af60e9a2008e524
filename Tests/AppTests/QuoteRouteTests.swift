import Domain
import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdTesting
import Logging
import Store
import Testing
@testable import App

/// The quote routes through the real router: the staff API behind the login, and the employer's link with
/// its form, on a real SQLite file.
@Suite struct QuoteRouteTests {
    static let body = #"{"candidateId":"K00042","vacancyId":1,"startDate":"2027-01-04","hoursPerWeek":32,"contractMonths":12,"hourlyWage":"16.25","otherMunicipalWageSubsidy":false}"#

    /// The app as `serve` builds its router, with a movable clock and the demo staff account (as an admin, who
    /// sees every region; the region rule itself is tested in SecurityTests).
    static func application(_ harness: QuoteHarness) async throws -> some ApplicationProtocol {
        _ = try await harness.store.insert(StaffUser(username: AppServices.demoAccount.username,
                                                     passwordHash: StaffPasswords.hash(AppServices.demoAccount.password), role: .admin,
                                                     createdAt: Date()))
        var configuration = harness.configuration
        configuration.quoteFormSecret = "a test secret of enough bytes"
        let clock = harness.clock
        let services = try await AppServices.start(configuration, logger: Logger(label: "test"), clock: { clock.now })
        let router = try await buildRouter(services, configuration: configuration)
        return Application(router: router)
    }

    /// The top-level "id" of a JSON answer.
    static func id(in text: String) -> Int {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return 0 }
        return (object["id"] as? NSNumber)?.intValue ?? 0
    }

    static func field(_ name: String, in text: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        return object[name] as? String
    }

    @Test func staffAPIAndEmployerLinkEndToEnd() async throws {
        let harness = try await QuoteHarness()
        defer { harness.cleanup() }
        let app = try await Self.application(harness)
        let json: HTTPFields = [.authorization: try await demoBearer(harness.configuration), .contentType: "application/json"]
        let clock = harness.clock
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/quotes", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: Self.body)) { #expect($0.status == .unauthorized) }
            // Draft, then issue.
            let id = try await client.execute(uri: "/api/v1/quotes", method: .post, headers: json, body: ByteBuffer(string: Self.body)) { response in
                #expect(response.status == .created)
                let text = String(buffer: response.body)
                #expect(text.contains(#""status":"draft""#))
                return Self.id(in: text)
            }
            #expect(id > 0)
            let (number, link) = try await client.execute(uri: "/api/v1/quotes/\(id)/issue", method: .post, headers: json) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                return (Self.field("number", in: text) ?? "", Self.field("employerLink", in: text) ?? "")
            }
            #expect(number == "MP-2026-000001")
            #expect(link.hasPrefix("/offerte/") && link.count == "/offerte/".count + 43)
            try await client.execute(uri: "/api/v1/quotes/\(id)/issue", method: .post, headers: json) { #expect($0.status == .conflict) }

            // Staff reads: JSON with the trace, HTML, PDF; the employer view without medical facts.
            try await client.execute(uri: "/api/v1/quotes/\(number)", method: .get, headers: json) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#""trace""#) && text.contains(#""contentHash""#) && text.contains(#""catalogHash""#))
                #expect(!text.contains("employerLink"))
            }
            try await client.execute(uri: "/api/v1/quotes/\(number).html", method: .get, headers: json) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: response.body).contains("Offerte \(number)"))
            }
            try await client.execute(uri: "/api/v1/quotes/\(number).pdf?view=employer", method: .get, headers: json) { response in
                #expect(response.headers[.contentType] == "application/pdf")
                #expect(String(buffer: response.body).hasPrefix("%PDF-"))
            }
            try await client.execute(uri: "/api/v1/quotes/\(number)?view=employer", method: .get, headers: json) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#""candidate":"kandidaat K00042""#))
                for marker in QuoteHarness.medicalMarkers { #expect(!text.contains(marker), "\(marker)") }
            }
            try await client.execute(uri: "/api/v1/quotes?status=issued", method: .get, headers: json) { response in
                #expect(String(buffer: response.body).contains(number))
            }
            try await client.execute(uri: "/api/v1/quotes?status=bogus", method: .get, headers: json) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/v1/quotes/MP-2026-999999", method: .get, headers: json) { #expect($0.status == .notFound) }

            // The employer's page: the quote, the PDF link and the form with its CSRF token; never cached, no referrer.
            let csrf = try await client.execute(uri: link, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers.contains { $0.name.canonicalName == "referrer-policy" && $0.value == "no-referrer" })
                let html = String(buffer: response.body)
                #expect(html.contains("Offerte \(number)") && html.contains("kandidaat K00042") && html.contains("Nettokosten"))
                for marker in QuoteHarness.medicalMarkers { #expect(!html.contains(marker), "\(marker)") }
                guard let start = html.range(of: #"name="csrf" value=""#) else { return "" }
                return String(html[start.upperBound...].prefix { $0 != "\"" })
            }
            #expect(!csrf.isEmpty)
            try await client.execute(uri: link + ".pdf", method: .get) { response in
                #expect(response.headers[.contentType] == "application/pdf")
            }

            // A second quote: its token opens it and not the first; the first link's CSRF token does not answer it.
            let secondId = try await client.execute(uri: "/api/v1/quotes", method: .post, headers: json, body: ByteBuffer(string: Self.body)) { response in
                let text = String(buffer: response.body)
                #expect(response.status == .created, "\(text.prefix(300))")
                return Self.id(in: text)
            }
            let (secondNumber, secondLink) = try await client.execute(uri: "/api/v1/quotes/\(secondId)/issue", method: .post, headers: json) { response in
                let text = String(buffer: response.body)
                #expect(response.status == .ok, "\(text.prefix(300))")
                return (Self.field("number", in: text) ?? "", Self.field("employerLink", in: text) ?? "")
            }
            #expect(secondNumber == "MP-2026-000002")
            try await client.execute(uri: secondLink, method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(secondNumber) && !html.contains(number))
            }
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            try await client.execute(uri: secondLink, method: .post, headers: form,
                                     body: ByteBuffer(string: "csrf=\(csrf)&answer=accept&name=J.+de+Korenaar")) { #expect($0.status == .forbidden) }

            // Unknown, guessed and (below) expired tokens: one answer.
            let unknown = try await client.execute(uri: "/offerte/" + String(repeating: "A", count: 43), method: .get) { response in
                #expect(response.status == .notFound)
                return String(buffer: response.body)
            }
            // One character of the real token changed: a near miss is as unknown as a wild guess.
            let nearMiss = String(link.dropLast()) + (link.hasSuffix("A") ? "B" : "A")
            for guess in ["/offerte/abc", nearMiss, "/offerte/%27%3B--", "/offerte/" + String(repeating: "x", count: 500)] {
                try await client.execute(uri: guess, method: .get) { response in
                    #expect(response.status == .notFound, "\(guess)")
                    #expect(String(buffer: response.body) == unknown, "\(guess)")
                }
            }

            // Accept, then answering twice is refused.
            try await client.execute(uri: link, method: .post, headers: form,
                                     body: ByteBuffer(string: "csrf=\(csrf)&answer=accept&name=J.+de+Korenaar&remark=Akkoord")) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("geaccepteerd"))
            }
            try await client.execute(uri: link, method: .post, headers: form,
                                     body: ByteBuffer(string: "csrf=\(csrf)&answer=decline&name=J.+de+Korenaar")) { #expect($0.status == .conflict) }
            try await client.execute(uri: link, method: .get) { response in
                #expect(!String(buffer: response.body).contains("<form"))
            }

            // Withdraw the second: its page says so and has no form.
            try await client.execute(uri: "/api/v1/quotes/\(secondNumber)/withdraw", method: .post, headers: json,
                                     body: ByteBuffer(string: #"{"reason":"vacature vervuld"}"#)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""status":"withdrawn""#))
            }
            try await client.execute(uri: secondLink, method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("ingetrokken") && !html.contains("<form"))
            }

            // After "valid until" the link answers exactly as an unknown one.
            let third = try await client.execute(uri: "/api/v1/quotes", method: .post, headers: json, body: ByteBuffer(string: Self.body)) { response in
                let text = String(buffer: response.body)
                return Self.id(in: text)
            }
            let thirdLink = try await client.execute(uri: "/api/v1/quotes/\(third)/issue", method: .post, headers: json) { response in
                Self.field("employerLink", in: String(buffer: response.body)) ?? ""
            }
            clock.advance(days: 31)
            try await client.execute(uri: thirdLink, method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == unknown)
            }
        }
        let events = try await harness.store.auditEvents(subjectType: "candidate", subjectId: QuoteHarness.candidateId, limit: 200)
        let actions = Set(events.map(\.action))
        for action in ["quoteDraft", "quoteIssue", "quoteView", "quoteListed", "quoteEmployerView", "quoteAnswer", "quoteWithdraw", "instruments"] {
            #expect(actions.contains(action), "\(action)")
        }
    }
}
