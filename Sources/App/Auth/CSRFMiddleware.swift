import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Every state-changing request that rides on the session cookie must carry the session's CSRF token, in the
/// form field `csrf` or the `X-CSRF-Token` header. Requests without a session (bearer-token API clients, the
/// login form with its own double-submit check, the employer's quote link with its token-bound check) carry
/// no ambient credential, so there is nothing for a forged request to borrow.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let formField = "csrf"
    static let header = HTTPField.Name("X-CSRF-Token")!
    /// The largest file upload a form takes (a CSV export of a whole caseload fits easily).
    static let uploadLimit = 32 << 20

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // The login form checks its own double-submit token (a logged-in user may log in again).
        guard !Self.isSafe(request.method), request.uri.path != "/login", let session = context.staffSession else {
            return try await next(request, context)
        }
        var request = request
        var presented = request.headers[Self.header]
        if presented == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            // The body stays readable for the handler: collectBody keeps what it read in the request.
            let body = try await request.collectBody(upTo: 1 << 20)
            presented = Self.formValue(Self.formField, in: String(buffer: body))
        } else if presented == nil, let boundary = MultipartForm.boundary(contentType: request.headers[.contentType]) {
            // A file upload form (the candidate CSV import) carries the token as one of its parts.
            let body = try await request.collectBody(upTo: Self.uploadLimit)
            presented = MultipartForm(body: Array(buffer: body), boundary: boundary)?.value(Self.formField)
        }
        guard let presented, Self.constantTimeEquals(presented, session.csrfToken) else {
            context.logger.notice("request refused: CSRF token missing or wrong")
            throw APIError(.forbidden, code: "csrf", english: "missing or invalid CSRF token",
                           dutch: "het formulier is verlopen of ongeldig; laad de pagina opnieuw", field: Self.formField)
        }
        return try await next(request, context)
    }

    static func isSafe(_ method: HTTPRequest.Method) -> Bool {
        method == .get || method == .head || method == .options
    }

    /// One field of an `application/x-www-form-urlencoded` body, decoded.
    static func formValue(_ name: String, in body: String) -> String? {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == name else { continue }
            return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }

    /// Equal strings take the same time to compare whatever their content, so timing does not leak the token.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
