import Domain
import Hummingbird
import Repositories

/// The Dutch landing page: what Matchpunt is and what the database holds.
struct LandingController {
    let store: any StoreStatusRepository
    let templates: Templates

    func addRoutes(to router: Router<AppRequestContext>) {
        // Staff only, like every page but the login form.
        router.group().add(middleware: LoginRequiredMiddleware()).get("/") { _, context -> HTML in
            let counts = try await store.counts()
            var values: [String: Any] = [
                "candidates": counts.candidates,
                "employers": counts.employers,
                "vacancies": counts.vacancies,
                "openVacancies": counts.openVacancies,
                "feeds": counts.feeds,
                "quotes": counts.quotes,
            ]
            if let user = context.identity { values["loggedIn"] = user.username }
            values["csrf"] = context.staffSession?.csrfToken ?? ""
            return try templates.render("landing", values)
        }
    }
}
