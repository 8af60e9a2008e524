import Hummingbird

/// A request body that does not decode is the client's mistake: answer 400 with what was wrong, not 500.
struct DecodingErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as DecodingError {
            throw APIError(.badRequest, code: "invalid-body", english: Self.describe(error), dutch: Self.describeDutch(error), field: Self.field(error))
        }
    }

    /// The offending field as a dotted path ("hourlyWage", "skills.2"), when the error names one.
    static func field(_ error: DecodingError) -> String? {
        let context: DecodingError.Context
        var keys: [String] = []
        switch error {
        case .keyNotFound(let key, let c): context = c; keys = [key.stringValue]
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): context = c
        @unknown default: return nil
        }
        let path = (context.codingPath.map(\.stringValue) + keys).filter { !$0.isEmpty }
        return path.isEmpty ? nil : path.joined(separator: ".")
    }

    static func describeDutch(_ error: DecodingError) -> String {
        let where_ = field(error).map { " bij '\($0)'" } ?? ""
        switch error {
        case .keyNotFound: return "verplicht veld ontbreekt\(where_)"
        case .typeMismatch, .valueNotFound: return "verkeerd type\(where_)"
        case .dataCorrupted(let context): return "ongeldige waarde\(where_): \(context.debugDescription)"
        @unknown default: return "de aanvraag kon niet worden gelezen"
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).filter { !$0.isEmpty }
            return keys.isEmpty ? "" : " at \(keys.joined(separator: "."))"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field '\(key.stringValue)'\(path(context))"
        case .typeMismatch(_, let context): return "wrong type\(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "missing value\(path(context))"
        case .dataCorrupted(let context): return "invalid value\(path(context)): \(context.debugDescription)"
        @unknown default: return "request body could not be read"
        }
    }
}
