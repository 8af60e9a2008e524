import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
@testable import App

@Suite struct AuthTests {
    @Test func staffLogInWithAFormAndGetASession() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            let cookie = try await logIn(client).cookie
            try await client.execute(uri: "/login", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
            }
        }
        let events = try await MatchpuntStore(path: configuration.databasePath).auditEvents()
        #expect(events.first?.action == "login")
    }

    @Test func wrongPasswordsAreRefusedWithoutSayingWhich() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            let loginCookie = try await client.execute(uri: "/login", method: .get) { response in
                try #require(cookie(named: SessionCookie.loginCSRFName, in: response))
            }
            let csrf = "csrf=" + String(loginCookie.split(separator: "=", maxSplits: 1)[1])
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: loginCookie]
            for body in ["username=adviseur&password=fout-wachtwoord", "username=onbekend&password=fout-wachtwoord"] {
                try await client.execute(uri: "/login", method: .post, headers: headers, body: ByteBuffer(string: csrf + "&" + body)) { response in
                    #expect(response.status == .unauthorized)
                    #expect(String(buffer: response.body).contains("Onbekende gebruikersnaam of onjuist wachtwoord."))
                    #expect(cookie(named: SessionCookie.name, in: response) == nil)
                }
            }
            try await client.execute(uri: "/login", method: .post, headers: headers, body: ByteBuffer(string: csrf + "&username=x")) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
