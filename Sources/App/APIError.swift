import Foundation
import Hummingbird

/// An error answer of the staff API: a stable machine-readable `code`, the message in English and Dutch, and
/// the offending `field` when one is to blame. Clients branch on `code`, never on the wording.
struct APIError: HTTPResponseError, Sendable {
    struct Body: Codable, Sendable {
        var code: String
        var message: String
        var messageNl: String
        var field: String?
        /// Every field problem when there are several (a candidate with two bad fields): `field` names the first.
        var problems: [Problem]?
    }

    struct Problem: Codable, Sendable {
        var field: String
        var message: String
        var messageNl: String
    }

    let status: HTTPResponse.Status
    var body: Body
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, code: String, english: String? = nil, dutch: String? = nil, field: String? = nil) {
        self.status = status
        self.body = Body(code: code, message: english ?? Self.defaultEnglish(status), messageNl: dutch ?? Self.defaultDutch(status), field: field)
    }

    /// A bad value in one field: 400 naming it.
    static func invalid(_ field: String, english: String, dutch: String) -> APIError {
        APIError(.badRequest, code: "invalid-field", english: english, dutch: dutch, field: field)
    }

    static func notFound(_ what: String, dutch: String) -> APIError {
        APIError(.notFound, code: "not-found", english: "\(what) not found", dutch: "\(dutch) niet gevonden")
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var data = try JSONEncoder().encode(["error": body])
        data.append(0x0A)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func defaultEnglish(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 401: "authentication required"
        case 403: "not allowed for this account"
        case 404: "not found"
        case 429: "too many attempts; try again later"
        default: status.reasonPhrase
        }
    }

    static func defaultDutch(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 401: "inloggen vereist"
        case 403: "niet toegestaan voor dit account"
        case 404: "niet gevonden"
        case 429: "te veel pogingen; probeer het later opnieuw"
        default: "fout"
        }
    }
}

/// On the API, every error is the JSON error shape: an `HTTPError` thrown by a handler or by Hummingbird
/// itself (bad parameter, unknown route) is rewritten, keeping its status and message.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let message = error.body ?? APIError.defaultEnglish(error.status)
            var apiError = APIError(error.status, code: APIError.code(error.status), english: message, dutch: APIError.defaultDutch(error.status))
            apiError.headers = error.headers
            throw apiError
        }
    }
}

extension APIError {
    static func code(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad-request"
        case 401: "unauthenticated"
        case 403: "forbidden"
        case 404: "not-found"
        case 409: "conflict"
        case 412: "precondition-failed"
        case 413: "too-large"
        case 422: "unprocessable"
        case 429: "too-many-requests"
        default: "http-\(status.code)"
        }
    }
}

extension Request {
    /// The JSON body decoded, or a 400 naming the field that did not decode (Hummingbird's own decoder reports
    /// no field). Bodies over `limit` bytes are refused.
    func decodeJSON<T: Decodable>(as type: T.Type, limit: Int = 1 << 20) async throws -> T {
        var request = self
        let buffer = try await request.collectBody(upTo: limit)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            if let field = Self.fieldOutOfRange(Data(buffer.readableBytesView)) {
                // Foundation's decoder reports a number past Int64 as "not valid JSON" without a path; name the field.
                throw APIError.invalid(field, english: "\(field) is outside the accepted range", dutch: "\(field) valt buiten het toegestane bereik")
            }
            throw APIError(.badRequest, code: "invalid-body", english: DecodingErrorMiddleware<AppRequestContext>.describe(error),
                           dutch: DecodingErrorMiddleware<AppRequestContext>.describeDutch(error), field: DecodingErrorMiddleware<AppRequestContext>.field(error))
        }
    }

    /// The dotted path of the first number in a JSON document that no 64-bit integer can hold (1e25,
    /// 99999999999999999999999), or nil when the document has none or is not JSON at all.
    static func fieldOutOfRange(_ data: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        func search(_ value: Any, _ path: String) -> String? {
            switch value {
            case let dictionary as [String: Any]:
                for key in dictionary.keys.sorted() {
                    if let found = search(dictionary[key]!, path.isEmpty ? key : "\(path).\(key)") { return found }
                }
                return nil
            case let array as [Any]:
                for (index, element) in array.enumerated() {
                    if let found = search(element, "\(path)[\(index)]") { return found }
                }
                return nil
            case let number as NSNumber:
                let double = number.doubleValue
                return !double.isFinite || abs(double) >= 9.2e18 ? (path.isEmpty ? "body" : path) : nil
            default:
                return nil
            }
        }
        return search(object, "")
    }
}
