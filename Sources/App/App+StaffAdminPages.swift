import Domain
import Foundation
import Hummingbird
import Repositories
import Services

/// The management overview, the feed admin, the catalog browser and the user and audit pages (issue 14),
/// registered from one line in ``buildRouter``.
func addStaffAdminPages(to router: RouterGroup<AppRequestContext>, services: AppServices, templates: Templates,
                        configuration: AppConfiguration, imports: FeedImports) {
    ManagementPagesController(report: services.managementReport, templates: templates, currentYear: { CalendarDate.today.year })
        .addRoutes(to: router)
    FeedAdminPagesController(feeds: services.repositories, locations: services.repositories as? any VacancyLocationRepository,
                             vacancies: services.repositories, records: services.vacancyRecords, imports: imports, audit: services.audit, templates: templates)
        .addRoutes(to: router)
    UserAdminPagesController(access: services.staffAccess, auditRecords: services.auditRecords, audit: services.audit,
                             regions: Set(services.reference.regionByMunicipality.values).sorted { $0.number < $1.number }, templates: templates)
        .addRoutes(to: router)
    // The catalog is loaded once at start, so its fingerprint is read once here (the quotes record the same one).
    let catalogHash = (try? CatalogFingerprint.sha256(catalogDirectory: configuration.catalogDirectory)) ?? "onbekend"
    CatalogPagesController(policy: services.policy, testsDirectory: configuration.catalogDirectory.appendingPathComponent("tests"), templates: templates,
                           catalogHash: catalogHash)
        .addRoutes(to: router)
}

/// Admin pages (feeds, users, audit): without a session go to the login page; a consultant gets 403.
struct AdminPagesMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let identity = context.identity else { return .redirect(to: "/login", type: .found) }
        guard identity.role == .admin else { throw HTTPError(.forbidden, message: "alleen voor beheerders") }
        return try await next(request, context)
    }
}

/// How the staff pages write a moment: civil time in the Netherlands, "2026-11-30 09:25".
enum StaffTime {
    static func text(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .gmt
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(p.year ?? 0)-\(two(p.month))-\(two(p.day)) \(two(p.hour)):\(two(p.minute))"
    }
}
