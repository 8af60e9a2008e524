import Domain
import Foundation
import Hummingbird
import NIOPosix
import Reference
import Repositories
import Services

/// Staff accounts and the audit log, for admins: add an account (role and regions), reset a password (ends
/// the account's sessions), change the role, set regions, revoke API tokens — through `StaffAccess`, as the CLI's
/// `matchpunt users …` — and the audit log with filters and a CSV export, through the repository the JSON
/// API (`AuditController`) reads. Reading the audit is itself audited.
struct UserAdminPagesController {
    let access: StaffAccess
    let auditRecords: any AuditRetentionRepository
    let audit: AuditLog
    let regions: [LabourMarketRegion]
    let templates: Templates

    struct UserRow: Sendable {
        var username: String
        var role: String
        var regions: String
        var regionsValue: String
        var created: String
        var fieldId: String
        var action: String
        var isAdmin: Bool
    }

    struct RegionOption: Sendable {
        var number: Int
        var name: String
    }

    struct UsersView: PageView {
        var title: String
        var users: [UserRow]
        var regions: [RegionOption]
        var csrf: String
        var message: String?
        var error: String?
        var newUsername: String
        var newRegions: String
        var newAdmin: Bool
    }

    struct AuditRow: Sendable {
        var id: Int64
        var at: String
        var actor: String
        var action: String
        var subject: String
        var detail: String
    }

    struct AuditView: PageView {
        var title: String
        var from: String
        var to: String
        var actor: String
        var action: String
        var actions: [ActionOption]
        var rows: [AuditRow]
        var none: Bool
        var scanned: Int
        var next: String?
        var csv: String
    }

    struct ActionOption: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// The audit filters from the query: from/to dates, actor, action, and the id to continue after.
    struct AuditFilter: Sendable {
        var from: CalendarDate?
        var to: CalendarDate?
        var actor: String
        var action: String
        var afterId: Int64

        init(_ parameters: Parameters) throws {
            func date(_ name: String) throws -> CalendarDate? {
                guard let text = parameters.get(name), !text.isEmpty else { return nil }
                guard text.count <= 10, let date = CalendarDate(iso: text) else {
                    throw HTTPError(.badRequest, message: "\(name) moet een datum zijn (JJJJ-MM-DD)")
                }
                return date
            }
            from = try date("van")
            to = try date("tot")
            actor = String((parameters.get("door") ?? "").prefix(100)).trimmingCharacters(in: .whitespaces)
            action = parameters.get("actie") ?? ""
            if !action.isEmpty, AuditAction(rawValue: action) == nil { throw HTTPError(.badRequest, message: "onbekende actie") }
            if let text = parameters.get("na"), !text.isEmpty {
                guard text.count <= 18, let id = Int64(text), id >= 0 else { throw HTTPError(.badRequest, message: "na moet een geheel getal zijn") }
                afterId = id
            } else {
                afterId = 0
            }
        }

        /// The day boundaries in the Netherlands; "tot" includes its whole day.
        func bounds() -> (Date?, Date?) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .gmt
            let start = from.flatMap { calendar.date(from: DateComponents(year: $0.year, month: $0.month, day: $0.day)) }
            let end = to.flatMap { calendar.date(from: DateComponents(year: $0.year, month: $0.month, day: $0.day + 1)) }
            return (start, end)
        }

        func matches(_ event: AuditEvent) -> Bool {
            (actor.isEmpty || event.actor.localizedCaseInsensitiveContains(actor)) && (action.isEmpty || event.action == action)
        }

        var query: String {
            var items: [String] = []
            if let from { items.append("van=\(from)") }
            if let to { items.append("tot=\(to)") }
            if !actor.isEmpty { items.append("door=\(actor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
            if !action.isEmpty { items.append("actie=\(action)") }
            return items.joined(separator: "&")
        }
    }

    static let pageRows = 100
    /// A filtered page reads at most this many events, so that a rare filter cannot scan the whole log at once.
    static let scanLimit = 20_000

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        let admin = router.group("beheer").add(middleware: AdminPagesMiddleware())
        admin.get("gebruikers") { request, context -> HTML in
            let message: String? = switch request.uri.queryParameters.get("gedaan") ?? "" {
            case "toegevoegd": "Account toegevoegd."
            case "wachtwoord": "Wachtwoord gewijzigd; alle sessies van het account zijn beëindigd."
            case "regios": "Regio's opgeslagen."
            case "tokens": "API-tokens ingetrokken."
            case "rol": "Rol gewijzigd."
            default: nil
            }
            return try await usersPage(context, layout: request.layout(context), message: message, error: nil)
        }
        admin.post("gebruikers") { request, context -> Response in
            let form = try await FormFields(request)
            let username = form["gebruikersnaam"].trimmingCharacters(in: .whitespaces)
            let role: StaffRole = form["rol"] == "admin" ? .admin : .consultant
            var problems = StaffAccessError.usernameProblems(username) + StaffPasswords.problems(with: form["wachtwoord"])
            let numbers = parseRegions(form["regios"], problems: &problems)
            if problems.isEmpty {
                do {
                    let hash = try await hash(form["wachtwoord"])
                    _ = try await access.addUser(username: username, passwordHash: hash, role: role, regions: numbers, by: context.auditActor)
                    return .redirect(to: "/beheer/gebruikers?gedaan=toegevoegd", type: .normal)
                } catch StaffAccess.AddUserError.exists {
                    problems.append("er is al een account \(username)")
                }
            }
            return try await failed(request, context, problems, username: username, regions: form["regios"], admin: role == .admin)
        }
        admin.post("gebruikers/:name/wachtwoord") { request, context -> Response in
            let name = try context.parameters.require("name")
            let form = try await FormFields(request)
            let problems = StaffPasswords.problems(with: form["wachtwoord"])
            guard problems.isEmpty else { return try await failed(request, context, problems.map { "\(name): \($0)" }) }
            try await known(name) { try await access.changePassword(username: name, passwordHash: try await hash(form["wachtwoord"]), by: context.auditActor) }
            return .redirect(to: "/beheer/gebruikers?gedaan=wachtwoord", type: .normal)
        }
        admin.post("gebruikers/:name/regios") { request, context -> Response in
            let name = try context.parameters.require("name")
            let form = try await FormFields(request)
            var problems: [String] = []
            let numbers = parseRegions(form["regios"], problems: &problems)
            guard problems.isEmpty else { return try await failed(request, context, problems.map { "\(name): \($0)" }) }
            try await known(name) { try await access.setRegions(username: name, regions: numbers, by: context.auditActor) }
            return .redirect(to: "/beheer/gebruikers?gedaan=regios", type: .normal)
        }
        admin.post("gebruikers/:name/rol") { request, context -> Response in
            let name = try context.parameters.require("name")
            let form = try await FormFields(request)
            guard let role = StaffRole(rawValue: form["rol"]) else {
                return try await failed(request, context, ["\(name): kies de rol adviseur of beheerder"])
            }
            do {
                try await known(name) { try await access.setRole(username: name, role: role, by: context.auditActor) }
            } catch StaffAccess.RoleChangeError.ownAccount {
                return try await failed(request, context, ["\(name): uw eigen rol kan alleen een andere beheerder wijzigen"])
            } catch StaffAccess.RoleChangeError.lastAdmin {
                return try await failed(request, context, ["\(name): dit is de laatste beheerder; maak eerst een ander account beheerder"])
            }
            return .redirect(to: "/beheer/gebruikers?gedaan=rol", type: .normal)
        }
        admin.post("gebruikers/:name/tokens-intrekken") { _, context -> Response in
            let name = try context.parameters.require("name")
            try await known(name) { _ = try await access.revokeTokens(username: name, by: context.auditActor) }
            return .redirect(to: "/beheer/gebruikers?gedaan=tokens", type: .normal)
        }

        admin.get("audit") { request, context -> HTML in
            let filter = try AuditFilter(request.uri.queryParameters)
            let (rows, scanned, lastId) = try await events(filter, wanted: Self.pageRows)
            try await audit.record(.auditRead, by: context.auditActor, subjectType: "audit", subjectId: "pagina", detail: "\(rows.count) regels")
            let query = filter.query
            return try templates.page("admin-audit", AuditView(
                title: "Auditlog", from: filter.from?.description ?? "", to: filter.to?.description ?? "", actor: filter.actor,
                action: filter.action,
                actions: [ActionOption(value: "", label: "alle acties", selected: filter.action.isEmpty)]
                    + AuditAction.allCases.map { ActionOption(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == filter.action) },
                rows: rows.map(Self.row), none: rows.isEmpty, scanned: scanned,
                next: lastId.map { "/beheer/audit?\(query)\(query.isEmpty ? "" : "&")na=\($0)" },
                csv: "/beheer/audit.csv" + (query.isEmpty ? "" : "?\(query)")), layout: request.layout(context))
        }
        admin.get("audit.csv") { request, context -> Response in
            let filter = try AuditFilter(request.uri.queryParameters)
            let (rows, _, _) = try await events(filter, wanted: 100_000, scanLimit: 1_000_000)
            try await audit.record(.auditRead, by: context.auditActor, subjectType: "audit", subjectId: "csv-pagina", detail: "\(rows.count) regels")
            let csv = DutchCSV.document(
                header: ["Nummer", "Tijdstip", "Door", "Actie", "Soort onderwerp", "Onderwerp", "Toelichting", "Verzoek"],
                rows: rows.map { [String($0.id ?? 0), $0.at.formatted(.iso8601), $0.actor, $0.action, $0.subjectType, $0.subjectId,
                                  $0.detail ?? "", $0.requestId ?? ""] })
            return DutchCSV.response(csv, filename: "matchpunt-audit.csv")
        }
    }

    /// Pages through the log (1,000 at a time) until `wanted` events match the filter or `scanLimit` were read.
    private func events(_ filter: AuditFilter, wanted: Int, scanLimit: Int = Self.scanLimit) async throws -> ([AuditEvent], Int, Int64?) {
        let (from, to) = filter.bounds()
        var found: [AuditEvent] = []
        var afterId = filter.afterId
        var scanned = 0
        while found.count < wanted, scanned < scanLimit {
            let page = try await auditRecords.auditEvents(from: from, to: to, afterId: afterId, limit: 1_000)
            scanned += page.count
            for event in page where filter.matches(event) {
                found.append(event)
                if found.count == wanted { break }
            }
            if found.count == wanted { afterId = found.last?.id ?? afterId; break }
            guard page.count == 1_000, let last = page.last?.id else { return (found, scanned, nil) }
            afterId = last
        }
        return (found, scanned, afterId)
    }

    static func row(_ event: AuditEvent) -> AuditRow {
        AuditRow(id: event.id ?? 0, at: StaffTime.text(event.at), actor: event.actor, action: event.action,
                 subject: "\(event.subjectType) \(event.subjectId)", detail: event.detail ?? "")
    }

    private func usersPage(_ context: AppRequestContext, layout: PageLayout, message: String?, error: String?, username: String = "", regionsText: String = "",
                           admin: Bool = false) async throws -> HTML {
        let names = Dictionary(regions.map { ($0.number, $0.name) }, uniquingKeysWith: { first, _ in first })
        let rows = try await access.accounts().map { user in
            let segment = user.username.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? user.username
            return UserRow(username: user.username, role: user.role == .admin ? "beheerder" : "adviseur",
                           regions: user.role == .admin ? "alle (beheerder)" : user.regions.isEmpty ? "geen"
                               : user.regions.map { "\($0) \(names[$0] ?? "")" }.joined(separator: ", "),
                           regionsValue: user.regions.map(String.init).joined(separator: ","), created: StaffTime.text(user.createdAt),
                           fieldId: "u-\(segment)", action: "/beheer/gebruikers/\(segment)", isAdmin: user.role == .admin)
        }
        return try templates.page("admin-users", UsersView(
            title: "Gebruikers", users: rows, regions: regions.map { RegionOption(number: $0.number, name: $0.name) },
            csrf: context.staffSession?.csrfToken ?? "", message: message, error: error, newUsername: username, newRegions: regionsText,
            newAdmin: admin), layout: layout)
    }

    private func failed(_ request: Request, _ context: AppRequestContext, _ problems: [String], username: String = "", regions: String = "",
                        admin: Bool = false) async throws -> Response {
        let html = try await usersPage(context, layout: request.layout(context), message: nil, error: problems.joined(separator: "; "), username: username, regionsText: regions,
                                       admin: admin)
        var response = try html.response(from: request, context: context)
        response.status = .badRequest
        return response
    }

    /// "26, 9" → [9, 26]; each number must be a labour-market region of the reference data.
    private func parseRegions(_ text: String, problems: inout [String]) -> [Int] {
        let known = Set(regions.map(\.number))
        var numbers: [Int] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == " " }) where !part.isEmpty {
            guard part.count <= 4, let number = Int(part), known.contains(number) else {
                problems.append("'\(part.prefix(20))' is geen arbeidsmarktregio-nummer")
                continue
            }
            numbers.append(number)
        }
        return Array(Set(numbers)).sorted()
    }

    /// bcrypt is slow on purpose: on NIO's thread pool, not on the cooperative pool.
    private func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { StaffPasswords.hash(password) }
    }

    private func known(_ name: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as StaffAccessError {
            throw HTTPError(.notFound, message: error.description)
        }
    }
}
