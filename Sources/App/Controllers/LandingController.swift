import Hummingbird
import Store

/// The Dutch landing page: what Matchpunt is and what the database holds.
struct LandingController {
    let store: MatchpuntStore
    let templates: Templates

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { _, _ -> HTML in
            let counts = try store.counts()
            return try templates.render("landing", [
                "candidates": counts.candidates,
                "employers": counts.employers,
                "vacancies": counts.vacancies,
                "openVacancies": counts.openVacancies,
                "feeds": counts.feeds,
                "quotes": counts.quotes,
            ])
        }
    }
}
