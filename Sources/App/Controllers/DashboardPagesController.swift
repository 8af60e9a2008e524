import Domain
import Foundation
import Hummingbird
import Services

/// The adviser's start page: counts, the latest imports, quotes awaiting the employer's answer (those about to
/// expire first), the candidates the user opened lately (from the audit log's views by this user, so the list
/// survives a restart and is the same on every instance), and look-up boxes.
struct DashboardPagesController {
    let services: AppServices
    let templates: Templates

    /// How many of the user's recently opened candidates the dashboard lists.
    static let recentCount = 8

    /// Quotes whose validity ends within this many days are flagged "verloopt binnenkort".
    static let expiringWithinDays = 7

    struct Count: Sendable {
        let elementId: String
        let value: Int
        let label: String
        let link: String?
    }

    struct ImportRow: Sendable {
        let feed: String
        let started: String
        let statusLabel: String
        let statusClass: String
        let counts: String
        let message: String
    }

    struct QuoteRow: Sendable {
        let label: String
        let link: String
        let candidateId: String
        let validUntil: String
        let expiringSoon: Bool
    }

    struct RecentRow: Sendable {
        let id: String
        let link: String
    }

    struct View: Sendable {
        let counts: [Count]
        let imports: [ImportRow]
        let hasImports: Bool
        let awaiting: [QuoteRow]
        let hasAwaiting: Bool
        let expiringCount: Int
        let recentCandidates: [RecentRow]
        let hasRecent: Bool
        let candidateLookup: [RenderedField]
        let vacancyLookup: [RenderedField]
    }

    func addRoutes(to pages: RouterGroup<AppRequestContext>) {
        pages.get("/") { request, context -> HTML in
            async let countsRead = services.repositories.counts()
            async let runsRead = services.repositories.importRuns(feedId: nil, limit: 8)
            async let feedsRead = services.repositories.feeds()
            let issued = try await services.quotes.list(status: .issued, by: context.auditActor, limit: 200)
            let (counts, runs, feeds) = try await (countsRead, runsRead, feedsRead)
            let feedNames = Dictionary(feeds.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let today = CalendarDate.today
            let soon = today.adding(days: Self.expiringWithinDays)
            let awaiting = issued.sorted { ($0.validUntil ?? today) < ($1.validUntil ?? today) }.prefix(20).map { q in
                QuoteRow(label: q.number.map { "\($0) v\(q.version)" } ?? "offerte \(q.id)", link: QuotePagesController.link(q), candidateId: q.candidateId,
                         validUntil: PageFormat.date(q.validUntil), expiringSoon: q.validUntil.map { $0 <= soon } ?? false)
            }
            let imports = runs.map { run in
                ImportRow(feed: feedNames[run.feedId] ?? "feed \(run.feedId)", started: PageFormat.dateTime(run.startedAt),
                          statusLabel: Self.dutch(run.status), statusClass: Self.statusClass(run.status),
                          counts: "\(run.counts.new) nieuw, \(run.counts.updated) gewijzigd, \(run.counts.closed) gesloten, \(run.counts.quarantined) in quarantaine",
                          message: run.message ?? "")
            }
            let username = context.identity?.username ?? ""
            let recentIds = username.isEmpty ? [] : try await services.repositories.recentSubjects(
                actor: username, action: AuditAction.view.rawValue, subjectType: "candidate", limit: Self.recentCount)
            let view = View(
                counts: [
                    Count(elementId: "count-candidates", value: counts.candidates, label: "kandidaten", link: "/kandidaten"),
                    Count(elementId: "count-vacancies", value: counts.vacancies, label: "vacatures (\(counts.openVacancies) open)", link: "/vacatures"),
                    Count(elementId: "count-employers", value: counts.employers, label: "werkgevers", link: nil),
                    Count(elementId: "count-quotes", value: counts.quotes, label: "offertes", link: "/offertes"),
                    Count(elementId: "count-awaiting", value: issued.count, label: "wachten op antwoord", link: "/offertes?status=issued"),
                    Count(elementId: "count-feeds", value: counts.feeds, label: "vacaturefeeds", link: nil),
                ],
                imports: imports, hasImports: !imports.isEmpty, awaiting: Array(awaiting), hasAwaiting: !awaiting.isEmpty,
                expiringCount: awaiting.filter(\.expiringSoon).count,
                recentCandidates: recentIds.map { RecentRow(id: $0, link: "/kandidaten/\(QueryString.escape($0))") }, hasRecent: !recentIds.isEmpty,
                candidateLookup: [RenderedField(FormField(id: "zoek-kandidaat", name: "id", label: "Kandidaat-id", value: "", hint: "bijvoorbeeld K00005"))],
                vacancyLookup: [RenderedField(FormField(id: "zoek-vacature", name: "id", label: "Vacaturenummer", value: "", inputMode: "numeric", hint: "bijvoorbeeld 12"))])
            return try templates.page("dashboard", title: "Overzicht", layout: request.layout(context), view)
        }
    }

    static func dutch(_ status: ImportRunStatus) -> String {
        switch status {
        case .succeeded: "geslaagd"
        case .partial: "deels geslaagd"
        case .unchanged: "ongewijzigd"
        case .flaggedForReview: "ter controle"
        case .failed: "mislukt"
        }
    }

    static func statusClass(_ status: ImportRunStatus) -> String {
        switch status {
        case .succeeded, .unchanged: "ok"
        case .partial, .flaggedForReview: "info"
        case .failed: "no"
        }
    }
}
