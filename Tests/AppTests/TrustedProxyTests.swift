import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
@testable import App

/// X-Forwarded-For / Forwarded are believed only from configured proxies; the login throttle and the login
/// audit use the address that results. Through a real HTTP server on 127.0.0.1 (the peer is 127.0.0.1).
/// Every login here is for an unknown account (the throttle and the audit treat those alike), so the database
/// starts empty: no demo seed, no demo account to bcrypt-hash, no matching index over the demo vacancies. What
/// remains is one dummy bcrypt per failed login — the behaviour under test — and none for a throttled one.
@Suite struct TrustedProxyTests {
    /// A failed login form post with the given forwarding header; the status.
    func failLogin(_ client: some TestClientProtocol, username: String, header: (forwarded: Bool, value: String)?) async throws -> HTTPResponse.Status {
        let loginCookie = try await client.execute(uri: "/login", method: .get) { response in
            try #require(cookie(named: SessionCookie.loginCSRFName, in: response))
        }
        let token = String(loginCookie.split(separator: "=", maxSplits: 1)[1])
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: loginCookie]
        if let header { headers[header.forwarded ? ClientAddressMiddleware.forwarded : ClientAddressMiddleware.xForwardedFor] = header.value }
        return try await client.execute(uri: "/login", method: .post, headers: headers,
                                        body: ByteBuffer(string: "csrf=\(token)&username=\(username)&password=fout-wachtwoord")) { $0.status }
    }

    static let xff = false
    static let forwarded = true

    @Test func aTrustedProxysForwardedAddressIsThrottledAndAuditedOnItsOwn() async throws {
        var (configuration, cleanup) = try testConfiguration()
        defer { cleanup() }
        configuration.trustedProxies = try TrustedProxies(parsing: "127.0.0.0/8, ::1")
        // A long back-off: the test does not depend on how fast the machine is.
        configuration.loginBackoffSeconds = 600
        let app = try await buildApplication(configuration)
        try await app.test(.live) { client in
            // Three failures from 203.0.113.7 (each a different name, so only the address adds up) …
            for name in ["a1", "a2", "a3"] {
                let status1 = try await failLogin(client, username: name, header: (Self.xff, "198.51.100.1, 203.0.113.7"))
                #expect(status1 == .unauthorized)
            }
            // … and that address waits, whichever header names it …
            let status2 = try await failLogin(client, username: "a4", header: (Self.forwarded, #"for="203.0.113.7:4711";proto=https"#))
            #expect(status2 == .tooManyRequests)
            // … while another client behind the same proxy does not.
            let status3 = try await failLogin(client, username: "b1", header: (Self.xff, "203.0.113.8"))
            #expect(status3 == .unauthorized)
            // A hop that is not an address stops the walk at the proxy that wrote it (the peer).
            let status4 = try await failLogin(client, username: "c1", header: (Self.xff, "not-an-ip"))
            #expect(status4 == .unauthorized)
        }
        let events = try await MatchpuntStore(path: configuration.databasePath).auditEvents(subjectType: nil, subjectId: nil, limit: 100)
        let details = Dictionary(events.filter { $0.action == "login-failed" }.map { ($0.subjectId, $0.detail ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(details["a1"] == "adres 203.0.113.7")
        #expect(details["a4"] == "te veel pogingen; adres 203.0.113.7")
        #expect(details["b1"] == "adres 203.0.113.8")
        #expect(details["c1"] == "adres 127.0.0.1")
    }

    @Test func withoutTrustedProxiesTheHeadersAreIgnored() async throws {
        var (configuration, cleanup) = try testConfiguration()
        defer { cleanup() }
        configuration.loginBackoffSeconds = 600
        let app = try await buildApplication(configuration)
        try await app.test(.live) { client in
            for (index, name) in ["a1", "a2", "a3"].enumerated() {
                let status5 = try await failLogin(client, username: name, header: (Self.xff, "203.0.113.\(index)"))
                #expect(status5 == .unauthorized)
            }
            // A made-up forwarded address does not get a client past the throttle of its real address.
            let status6 = try await failLogin(client, username: "a4", header: (Self.xff, "192.0.2.99"))
            #expect(status6 == .tooManyRequests)
        }
        let events = try await MatchpuntStore(path: configuration.databasePath).auditEvents(subjectType: nil, subjectId: nil, limit: 100)
        #expect(events.filter { $0.action == "login-failed" }.allSatisfy { $0.detail?.hasSuffix("adres 127.0.0.1") == true })
    }

    @Test func configuredRangesAndTheChainWalk() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8, 192.168.1.1, fd00::/8")
        #expect(proxies.contains("10.200.3.4") && proxies.contains("192.168.1.1") && proxies.contains("fd12::1"))
        #expect(!proxies.contains("192.168.1.2") && !proxies.contains("11.0.0.1") && !proxies.contains("fe80::1") && !proxies.contains("x"))
        // Peer untrusted: the headers count for nothing.
        #expect(proxies.clientAddress(peer: "198.51.100.4", forwarded: [], xForwardedFor: ["1.2.3.4"]) == "198.51.100.4")
        // Two proxies in a row: the first untrusted hop from the right is the client; spoofed hops to its left are ignored.
        #expect(proxies.clientAddress(peer: "10.0.0.1", forwarded: [], xForwardedFor: ["6.6.6.6, 203.0.113.9", "192.168.1.1"]) == "203.0.113.9")
        #expect(proxies.clientAddress(peer: "10.0.0.1", forwarded: [#"for="[2001:db8::7]:443", for=10.1.1.1"#], xForwardedFor: []) == "2001:db8::7")
        #expect(throws: StartupError.self) { try TrustedProxies(parsing: "10.0.0.0/33") }
        #expect(throws: StartupError.self) { try TrustedProxies(parsing: "proxy.example.org") }
    }
}
