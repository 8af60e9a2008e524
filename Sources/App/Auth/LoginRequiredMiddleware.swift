import Hummingbird

/// Pages for staff only: without a session, go to the login page.
struct LoginRequiredMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        guard context.identity != nil else { return .redirect(to: "/login", type: .found) }
        return try await next(request, context)
    }
}
