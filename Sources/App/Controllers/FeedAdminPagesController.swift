import Domain
import Foundation
import Hummingbird
import Repositories
import Services

/// The feed admin for admins — the feeds with their schedule and last runs, "nu draaien", the quarantined
/// records of a run with reason and raw text — and, for every adviser, the open vacancies whose location is
/// unknown, with a form to give one a postcode. Through the same repositories and `FeedImports` as the
/// JSON API (`FeedController`); a manual run is audited the same way.
struct FeedAdminPagesController {
    let feeds: any FeedRepository
    let locations: (any VacancyLocationRepository)?
    let vacancies: any VacancyRepository
    /// The region rule for manual vacancies on the location page (listing and setting a postcode).
    let records: VacancyRecords
    let imports: FeedImports
    let audit: AuditLog
    let templates: Templates

    static let pageSize = 50

    struct FeedRow: Sendable {
        var name: String
        var link: String
        var url: String
        var format: String
        var kind: String
        var region: String
        var schedule: String
        var failures: Int
        var hasFailures: Bool
        var authentication: String
        var lastRun: String
        var lastStatus: String
        /// Optional, so that the template section is left out when there is no run (an empty string is truthy).
        var lastCounts: String?
    }

    struct RunRow: Sendable {
        var id: Int64
        var started: String
        var duration: String
        var status: String
        var http: String
        var bytes: String
        var counts: String
        var message: String?
        var quarantined: Int
        var hasQuarantined: Bool
        var link: String
    }

    struct FeedsView: PageView {
        var title: String
        var feeds: [FeedRow]
        var none: Bool
    }

    struct FeedView: PageView {
        var title: String
        var feed: FeedRow
        var runs: [RunRow]
        var noRuns: Bool
        var csrf: String
        var message: String
        var hasMessage: Bool
    }

    struct QuarantinedRow: Sendable {
        var number: Int
        var externalId: String
        var reason: String
        var raw: String
    }

    struct QuarantineView: PageView {
        var title: String
        var feedName: String
        var feedLink: String
        var run: RunRow
        var records: [QuarantinedRow]
        var none: Bool
    }

    struct LocationRow: Sendable {
        var id: Int64
        var title: String
        var source: String
        var link: String
        var fieldId: String
        var error: String
        var hasError: Bool
        var value: String
    }

    struct LocationsView: PageView {
        var title: String
        var available: Bool
        var rows: [LocationRow]
        var total: Int
        var none: Bool
        var csrf: String
        var saved: String
        var hasSaved: Bool
        var previous: String
        var hasPrevious: Bool
        var next: String
        var hasNext: Bool
        var pageText: String
        var page: Int
    }

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        let admin = router.group("beheer").add(middleware: AdminPagesMiddleware())
        admin.get("feeds") { request, context -> HTML in
            var rows: [FeedRow] = []
            for feed in try await feeds.feeds() {
                rows.append(Self.row(feed, lastRun: try await feeds.importRuns(feedId: feed.id, limit: 1).first))
            }
            return try templates.page("admin-feeds", FeedsView(title: "Vacaturefeeds", feeds: rows, none: rows.isEmpty),
                                      layout: request.layout(context))
        }
        admin.get("feeds/:name") { request, context -> HTML in
            let feed = try await feed(context)
            let runs = try await feeds.importRuns(feedId: feed.id, limit: 20)
            let message = switch request.uri.queryParameters.get("resultaat") ?? "" {
            case "gestart": "De feed is ingelezen; de uitkomst staat bovenaan in de lijst."
            case "bezig": "Deze feed wordt op dit moment al ingelezen (door de planner of een ander proces). Probeer het later opnieuw."
            default: ""
            }
            return try templates.page("admin-feed", FeedView(
                title: "Feed \(feed.name)", feed: Self.row(feed, lastRun: runs.first), runs: runs.map { Self.runRow($0, feed: feed) },
                noRuns: runs.isEmpty, csrf: context.staffSession?.csrfToken ?? "", message: message, hasMessage: !message.isEmpty),
                layout: request.layout(context))
        }
        // "Nu draaien": a form post (the CSRF middleware checked the token), audited like the API's run.
        admin.post("feeds/:name/draaien") { _, context -> Response in
            let feed = try await feed(context)
            try await audit.record(.feedChanged, by: context.auditActor, subjectType: "feed", subjectId: String(feed.id), detail: "handmatig gestart")
            let outcome: String
            switch try await imports.run(feed) {
            case .ran: outcome = "gestart"
            default: outcome = "bezig"
            }
            return .redirect(to: "/beheer/feeds/\(Self.pathSegment(feed.name))?resultaat=\(outcome)", type: .normal)
        }
        admin.get("feeds/:name/runs/:run") { request, context -> HTML in
            let feed = try await feed(context)
            guard let runId = context.parameters.get("run", as: Int64.self) else { throw HTTPError(.badRequest, message: "run-nummer moet een geheel getal zijn") }
            guard let run = try await feeds.importRuns(feedId: feed.id, limit: 500).first(where: { $0.id == runId }) else {
                throw HTTPError(.notFound, message: "run \(runId) van feed \(feed.name) niet gevonden")
            }
            let records = try await feeds.quarantinedRecords(importRunId: runId)
            return try templates.page("admin-quarantine", QuarantineView(
                title: "Quarantaine van run \(runId) (\(feed.name))", feedName: feed.name, feedLink: "/beheer/feeds/\(Self.pathSegment(feed.name))",
                run: Self.runRow(run, feed: feed),
                records: records.enumerated().map { QuarantinedRow(number: $0.offset + 1, externalId: $0.element.externalId ?? "onbekend",
                                                                   reason: $0.element.reason, raw: $0.element.raw) },
                none: records.isEmpty), layout: request.layout(context))
        }

        let staff = router.group("vacatures-zonder-locatie")
        staff.get { request, context -> HTML in
            let page = try Self.page(request.uri.queryParameters.get("pagina"))
            let saved = request.uri.queryParameters.get("opgeslagen").flatMap { Int64($0) }
            return try await locationsPage(page: page, context: context, layout: request.layout(context), saved: saved, error: nil)
        }
        staff.post(":id") { request, context -> Response in
            var request = request
            guard let id = context.parameters.get("id", as: Int64.self), try await vacancies.vacancy(id: id) != nil else {
                throw HTTPError(.notFound, message: "vacature niet gevonden")
            }
            let body = String(buffer: try await request.collectBody(upTo: 64 * 1024))
            let text = (CSRFMiddleware.formValue("postcode", in: body) ?? "").trimmingCharacters(in: .whitespaces)
            let page = (try? Self.page(CSRFMiddleware.formValue("pagina", in: body))) ?? 1
            guard text.count <= 10, let postcode = Postcode(parsing: text) else {
                let html = try await locationsPage(page: page, context: context, layout: request.layout(context), saved: nil,
                                                   error: (id, text, "Vul een postcode in zoals 3311 of 3311 AB."))
                var response = try html.response(from: request, context: context)
                response.status = .badRequest
                return response
            }
            do {
                _ = try await records.setLocation(id: id, postcode: postcode, by: context.auditActor)
            } catch let error as VacancyRecordsError {
                switch error {
                case .outsideRegions: throw HTTPError(.forbidden, message: "Deze postcode ligt buiten uw regio's.")
                default: throw HTTPError(.notFound, message: "vacature niet gevonden")
                }
            }
            context.logger.info("vacancy location set by staff", metadata: ["vacancy": "\(id)"])
            return .redirect(to: "/vacatures-zonder-locatie?pagina=\(page)&opgeslagen=\(id)", type: .normal)
        }
    }

    private func locationsPage(page: Int, context: AppRequestContext, layout: PageLayout, saved: Int64?, error: (id: Int64, value: String, message: String)?) async throws -> HTML {
        guard let locations else {
            return try templates.page("vacancy-locations", LocationsView(
                title: "Vacatures zonder locatie", available: false, rows: [], total: 0, none: true, csrf: "", saved: "", hasSaved: false,
                previous: "", hasPrevious: false, next: "", hasNext: false, pageText: "", page: 1), layout: layout)
        }
        let (found, total) = try await locations.openVacanciesWithoutLocation(limit: Self.pageSize, offset: (page - 1) * Self.pageSize)
        let pages = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        // A manual vacancy without a postcode is in no region: only unrestricted users see it here.
        let rows = found.filter { records.isVisible($0, to: context.auditActor) }.map { vacancy in
            let failed = error?.id == vacancy.id
            return LocationRow(id: vacancy.id, title: vacancy.title, source: vacancy.source, link: "/vacatures/\(vacancy.id)",
                               fieldId: "postcode-\(vacancy.id)", error: failed ? error!.message : "", hasError: failed,
                               value: failed ? error!.value : "")
        }
        return try templates.page("vacancy-locations", LocationsView(
            title: "Vacatures zonder locatie", available: true, rows: rows, total: total, none: rows.isEmpty,
            csrf: context.staffSession?.csrfToken ?? "", saved: saved.map { "Postcode van vacature \($0) opgeslagen." } ?? "",
            hasSaved: saved != nil, previous: "/vacatures-zonder-locatie?pagina=\(page - 1)", hasPrevious: page > 1,
            next: "/vacatures-zonder-locatie?pagina=\(page + 1)", hasNext: page < pages, pageText: "pagina \(page) van \(pages)", page: page), layout: layout)
    }

    private func feed(_ context: AppRequestContext) async throws -> FeedDefinition {
        let name = try context.parameters.require("name")
        guard let feed = try await feeds.feed(named: name) else { throw HTTPError(.notFound, message: "feed niet gevonden") }
        return feed
    }

    /// `?pagina=`: 1 … 100000; anything else is a 400.
    static func page(_ text: String?) throws -> Int {
        guard let text, !text.isEmpty else { return 1 }
        guard text.count <= 6, let page = Int(text), (1...100_000).contains(page) else {
            throw HTTPError(.badRequest, message: "pagina moet een geheel getal vanaf 1 zijn")
        }
        return page
    }

    /// Feed names are letters, digits, - and _ (the API refuses others), but an older name is escaped anyway.
    static func pathSegment(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_"))) ?? name
    }

    static func statusName(_ status: ImportRunStatus) -> String {
        switch status {
        case .succeeded: "gelukt"
        case .partial: "deels gelukt (records in quarantaine)"
        case .unchanged: "ongewijzigd (304)"
        case .flaggedForReview: "ter controle: veel kleiner dan vorige keer"
        case .failed: "mislukt"
        }
    }

    static func counts(_ counts: ImportCounts) -> String {
        "\(counts.new) nieuw, \(counts.updated) gewijzigd, \(counts.unchanged) ongewijzigd, \(counts.closed) gesloten, \(counts.quarantined) in quarantaine"
    }

    static func row(_ feed: FeedDefinition, lastRun: ImportRun?) -> FeedRow {
        let minutes = feed.intervalSeconds / 60
        return FeedRow(
            name: feed.name, link: "/beheer/feeds/\(pathSegment(feed.name))", url: feed.url, format: feed.format,
            kind: feed.kind == .snapshot ? "volledig (snapshot)" : "wijzigingen (delta)", region: feed.region,
            schedule: minutes % 60 == 0 ? "elke \(minutes / 60) uur" : "elke \(minutes) minuten",
            failures: feed.consecutiveFailures, hasFailures: feed.consecutiveFailures > 0,
            authentication: feed.authHeader == nil ? "nee" : "ja (niet getoond)",
            lastRun: lastRun.map { StaffTime.text($0.startedAt) } ?? "nog nooit",
            lastStatus: lastRun.map { statusName($0.status) } ?? "",
            lastCounts: lastRun.map { counts($0.counts) })
    }

    static func runRow(_ run: ImportRun, feed: FeedDefinition) -> RunRow {
        let seconds = run.finishedAt.map { $0.timeIntervalSince(run.startedAt) }
        return RunRow(
            id: run.id, started: StaffTime.text(run.startedAt),
            duration: seconds.map { String(format: "%.1f s", $0).replacingOccurrences(of: ".", with: ",") } ?? "loopt",
            status: statusName(run.status), http: run.httpStatus.map(String.init) ?? "—", bytes: "\(run.bytes)",
            counts: counts(run.counts), message: run.message, quarantined: run.counts.quarantined,
            hasQuarantined: run.counts.quarantined > 0, link: "/beheer/feeds/\(pathSegment(feed.name))/runs/\(run.id)")
    }
}
