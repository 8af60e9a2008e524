import HTTPTypes
import Hummingbird

/// Security headers on every response, errors included: no framing, no inline script, no referrer leaking ids,
/// and nothing cached (pages and API answers carry candidate data). With `secure` (served over HTTPS behind a
/// proxy) browsers are also told to keep to HTTPS.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let secure: Bool

    /// The pages have one inline `<style>` and no script at all: scripts are refused outright.
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            // Anything else is our fault: the type only in the log (a message may quote input), a JSON 500 out.
            context.logger.error("request failed", metadata: ["error.type": "\(type(of: error))"])
            response = try APIError(.internalServerError, code: "internal", english: "internal error", dutch: "interne fout")
                .response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.cacheControl] = "no-store"
        if secure { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
