import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Services
import Store
import Testing
@testable import App

/// A logged-in browser: the session cookie and the session's CSRF token (read off a page, as a browser would).
struct BrowserSession {
    var cookie: String
    var csrf: String
}

/// Logs in through the real form: GET /login for the login-CSRF cookie and field, then POST it.
func logIn(_ client: some TestClientProtocol, username: String = AppServices.demoAccount.username,
           password: String = AppServices.demoAccount.password) async throws -> BrowserSession {
    let loginCookie = try await client.execute(uri: "/login", method: .get) { response in
        try #require(cookie(named: SessionCookie.loginCSRFName, in: response))
    }
    let token = String(loginCookie.split(separator: "=", maxSplits: 1)[1])
    let body = "csrf=\(token)&username=\(username)&password=\(password)"
    let session = try await client.execute(uri: "/login", method: .post,
                                           headers: [.contentType: "application/x-www-form-urlencoded", .cookie: loginCookie],
                                           body: ByteBuffer(string: body)) { response in
        #expect(response.status == .found, "login of \(username)")
        return try #require(cookie(named: SessionCookie.name, in: response))
    }
    let csrf = try await client.execute(uri: "/", method: .get, headers: [.cookie: session]) { response in
        try #require(formToken(in: String(buffer: response.body)))
    }
    return BrowserSession(cookie: session, csrf: csrf)
}

/// "NAME=value" of the named Set-Cookie of a response, when set to a non-empty value.
func cookie(named name: String, in response: TestResponse) -> String? {
    response.headers[values: .setCookie].compactMap { header -> String? in
        let pair = String(header.split(separator: ";")[0])
        return pair.hasPrefix(name + "=") && pair.count > name.count + 1 ? pair : nil
    }.first
}

/// The value of the hidden `csrf` field of a form.
func formToken(in html: String) -> String? {
    guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
    let rest = html[range.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    return String(rest[..<end])
}

/// A staff account with a bearer token, made as the CLI makes them.
func makeStaff(_ configuration: AppConfiguration, username: String, role: StaffRole, regions: [Int],
               password: String = "een-lang-wachtwoord") async throws -> String {
    let store = try MatchpuntStore(path: configuration.databasePath)
    _ = try await store.insert(StaffUser(username: username, passwordHash: StaffPasswords.hash(password), role: role, createdAt: Date(),
                                         regions: regions))
    let token = try await StaffAccess(users: store, audit: AuditLog(repository: store))
        .createToken(username: username, expiresInDays: 30, by: .commandLine("test"))
    return "Bearer " + token
}

extension BrowserSession {
    /// A page as this browser session sees it: status and HTML.
    func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { ($0.status, String(buffer: $0.body)) }
    }

    /// A form post from this session, with its CSRF token first unless `csrf` is false.
    func post(_ client: some TestClientProtocol, _ uri: String, _ body: String, csrf: Bool = true) async throws
        -> (status: HTTPResponse.Status, location: String?, html: String) {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers[.cookie] = cookie
        let text = csrf ? "csrf=\(self.csrf.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&" + body : body
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: text)) {
            ($0.status, $0.headers[.location], String(buffer: $0.body))
        }
    }
}
