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
            let body = "username=\(AppServices.demoAccount.username)&password=\(AppServices.demoAccount.password)"
            let cookie = try await client.execute(uri: "/login", method: .post,
                                                  headers: [.contentType: "application/x-www-form-urlencoded"],
                                                  body: ByteBuffer(string: body)) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/")
                let setCookie = try #require(response.headers[.setCookie])
                #expect(setCookie.contains("MATCHPUNT_SESSION="))
                #expect(setCookie.contains("HttpOnly"))
                return String(setCookie.split(separator: ";")[0])
            }
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
            for body in ["username=adviseur&password=fout-wachtwoord", "username=onbekend&password=fout-wachtwoord"] {
                try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .unauthorized)
                    #expect(String(buffer: response.body).contains("Onbekende gebruikersnaam of onjuist wachtwoord."))
                    #expect(response.headers[.setCookie] == nil)
                }
            }
            try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "username=x")) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
