import Domain
import Hummingbird

/// The staff navigation, as data: one line per entry. A page whose path starts with an entry's path marks that
/// entry as the current one (`aria-current="page"`). Admin-only entries are hidden from consultants (the routes
/// refuse them anyway).
enum StaffNavigation {
    struct Entry: Sendable {
        let path: String
        let label: String
        let adminOnly: Bool
    }

    static let entries: [Entry] = [
        Entry(path: "/", label: "Overzicht", adminOnly: false),
        Entry(path: "/kandidaten", label: "Kandidaten", adminOnly: false),
        Entry(path: "/vacatures", label: "Vacatures", adminOnly: false),
        Entry(path: "/offertes", label: "Offertes", adminOnly: false),
        Entry(path: "/overzicht", label: "Management", adminOnly: false),
        Entry(path: "/catalogus", label: "Catalogus", adminOnly: false),
        Entry(path: "/beheer/feeds", label: "Feeds", adminOnly: true),
        Entry(path: "/beheer/gebruikers", label: "Gebruikers", adminOnly: true),
        Entry(path: "/beheer/audit", label: "Audit", adminOnly: true),
    ]
}

struct NavItem: Sendable {
    let href: String
    let label: String
    let current: Bool
}

/// The part of every staff page around its content: who is logged in, the navigation and the logout form's token.
struct PageLayout: Sendable {
    let username: String
    let isAdmin: Bool
    /// The session's CSRF token: every form on the page carries it as `csrf` (`{{layout.csrf}}` in a template).
    let csrf: String
    let nav: [NavItem]

    init(context: AppRequestContext, path: String) {
        username = context.identity?.username ?? ""
        isAdmin = context.identity?.role == .admin
        csrf = context.staffSession?.csrfToken ?? ""
        let admin = isAdmin
        nav = StaffNavigation.entries.filter { admin || !$0.adminOnly }.map { entry in
            let current = entry.path == "/" ? path == "/" : (path == entry.path || path.hasPrefix(entry.path + "/"))
            return NavItem(href: entry.path, label: entry.label, current: current)
        }
    }
}

extension Request {
    /// The page layout for this request's path.
    func layout(_ context: AppRequestContext) -> PageLayout {
        PageLayout(context: context, path: uri.path)
    }
}
