import Hummingbird

/// Staff pages answer errors as a page in the layout (a 404 for a candidate outside the user's regions looks
/// exactly like one for an unknown id), not as the API's JSON.
struct PageErrorMiddleware: RouterMiddleware {
    let templates: Templates

    struct ErrorView: Sendable {
        let status: Int
        let heading: String
        let explanation: String
    }

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let heading = switch error.status {
            case .notFound: "Niet gevonden"
            case .badRequest, .unprocessableContent: "Ongeldige invoer"
            case .forbidden: "Geen toegang"
            case .conflict: "Niet mogelijk"
            default: "Er ging iets mis"
            }
            let view = ErrorView(status: Int(error.status.code), heading: heading, explanation: error.body ?? heading)
            var response = try templates.page("error", title: heading, layout: request.layout(context), view).response(from: request, context: context)
            response.status = error.status
            return response
        }
    }
}
