import Domain
import Foundation
import Hummingbird
import Matching
import Reference
import Repositories
import Services

/// Candidate pages: search with filters and pages, and a candidate's record with their best vacancies, each score
/// explained, with a one-click instrument estimate and a quote per vacancy. Every candidate shown — in the list,
/// on the record, in the ranking — goes through `CandidateRecords` / `Rankings`, which scope to the user's regions
/// and audit the view, as the API does.
struct CandidatePagesController {
    let services: AppServices
    let templates: Templates
    /// Rendered rankings per candidate and day, at the index version they were made from (a newer version drops
    /// them all). Bounded: 512 pages of about 75 kB.
    let rankingFragments = ChangeSequenceCache<RankingFragmentKey, Task<String, any Error>>(capacity: 512)

    static let pageSize = 25

    struct Row: Sendable {
        let id: String
        let link: String
        let municipality: String
        let rung: String
        let hours: String
        let register: String
        let benefit: String
        let availableFrom: String
        /// "gedeactiveerd" for a deactivated candidate (listed only when the status filter asks for them), else nil.
        let status: String?
    }

    struct ListView: Sendable {
        let filters: [RenderedField]
        let rows: [Row]
        let hasRows: Bool
        let summary: String
        let previousLink: String?
        let nextLink: String?
        let pageNumber: Int
    }

    struct DetailView: Sendable {
        let id: String
        let facts: [FactRow]
        /// The rendered ranking (HTML, escaped when it was rendered): see ``renderRanking(_:for:today:)``.
        let ranking: String
        let none: Bool
        let instrumentsLink: String
    }

    /// What the `ranking` template reads.
    struct RankingView: Sendable {
        let results: [RankingRowView]
    }

    struct RankingFragmentKey: Hashable, Sendable {
        let candidateId: String
        let day: CalendarDate
    }

    func addRoutes(to pages: RouterGroup<AppRequestContext>) {
        pages.get("kandidaten") { request, context -> HTML in
            try await list(request, context)
        }
        pages.get("kandidaten/:id") { request, context -> HTML in
            let id = try context.parameters.require("id")
            guard let candidate = try await services.candidateRecords.visibleCandidate(id: id, by: context.auditActor) else {
                throw HTTPError(.notFound, message: "Kandidaat \(id) is niet gevonden (of valt buiten uw regio's).")
            }
            // The view and the ranking's own audit event are written concurrently, so the group commit puts them in
            // one transaction instead of two commits one after the other; the page is sent only when both are
            // durable, as before (a failed audit fails the page).
            async let viewed: Void = services.candidateRecords.recordView(id: id, by: context.auditActor, purpose: "kandidaatpagina")
            let (results, version) = try await services.rankings.versionedVacancies(for: candidate, k: 20, explain: true, by: context.auditActor)
            try await viewed
            let today = CalendarDate.today
            let ranking = try await renderedRanking(results, for: candidate, today: today, indexVersion: version)
            let view = DetailView(id: id, facts: Self.facts(candidate), ranking: ranking, none: results.isEmpty,
                                  instrumentsLink: "/kandidaten/\(QueryString.escape(id))/instrumenten")
            return try templates.page("candidate", title: "Kandidaat \(id)", layout: request.layout(context), view)
        }
    }

    /// The rendered ranking from the cache, or rendered once for everyone asking at the same time: when the index
    /// moves on (a feed run), every open request for a popular candidate misses at once, and rendering it once per
    /// request then was what pushed the page's p99 up during an import. The cache holds the render as a task that
    /// later requests await; a failed render is not shared (the request renders on its own and reports its error).
    func renderedRanking(_ results: [MatchResult], for candidate: Candidate, today: CalendarDate, indexVersion: UInt64) async throws -> String {
        let key = RankingFragmentKey(candidateId: candidate.id, day: today)
        let version = Int64(clamping: indexVersion)
        let render: Task<String, any Error>
        if let running = rankingFragments.value(for: key, at: version) {
            render = running
        } else {
            render = Task { try await renderRanking(results, for: candidate, today: today) }
            rankingFragments.store(render, for: key, at: version)
        }
        do {
            return try await render.value
        } catch {
            return try await renderRanking(results, for: candidate, today: today)
        }
    }

    /// The ranking part of a candidate's page, rendered: 20 vacancies with their explanations are most of the page
    /// (about 75 of its 80 kB and, before this cache, most of its time: about a thousand escaped values and a read
    /// of 20 vacancies). It depends only on the candidate, the index version (every change to a candidate or
    /// vacancy, title and terms included, goes through the change log and raises it) and the day (the estimate
    /// links' default start date) — not on who looks: the region check and the audit run per request, before it.
    func renderRanking(_ results: [MatchResult], for candidate: Candidate, today: CalendarDate) async throws -> String {
        // One read for every vacancy on the page (titles and the defaults of the estimate links).
        let vacancies = Dictionary(try await services.repositories.vacancies(ids: results.map(\.vacancyId)).map { ($0.id, $0) },
                                   uniquingKeysWith: { first, _ in first })
        let rows = results.map { result in
            let vacancy = vacancies[result.vacancyId]
            return RankingRowView(result, link: "/vacatures/\(result.vacancyId)",
                                  label: vacancy.map { "\($0.title) (vacature \($0.id))" } ?? "vacature \(result.vacancyId)",
                                  terms: vacancy.map { PlacementForm(candidate: candidate, vacancy: $0, today: today) }, candidateId: candidate.id)
        }
        // The template ends in a newline, as the partial it replaced did; the page's own line adds one.
        let html = try templates.render("ranking", RankingView(results: rows)).body
        return html.hasSuffix("\n") ? String(html.dropLast()) : html
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> HTML {
        let form = FormValues(Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first }))
        var errors: [String: String] = [:]
        var query = CandidateQuery(limit: Self.pageSize)
        if !form["id"].isEmpty { query.idPrefix = form["id"].uppercased() }
        if !form["gemeente"].isEmpty { query.municipality = form["gemeente"] }
        if !form["trede"].isEmpty {
            if let rung = Int(form["trede"]), LadderRung(rawValue: rung) != nil { query.ladderRung = rung } else { errors["trede"] = "Kies een trede van 1 tot en met 6." }
        }
        switch form["register"] {
        case "ja": query.targetGroupRegister = true
        case "nee": query.targetGroupRegister = false
        default: break
        }
        switch form["status"] {
        case "", "actief": query.status = .active
        case "gedeactiveerd": query.status = .inactive
        case "alle": query.status = .all
        default: errors["status"] = "Kies actief, gedeactiveerd of alle."
        }
        if !form["beroep"].isEmpty {
            if let occupation = occupation(matching: form["beroep"]) { query.desiredOccupation = occupation.id.rawValue } else {
                errors["beroep"] = "Geen ESCO-beroep gevonden met deze naam of code."
            }
        }
        if !form["uren"].isEmpty {
            // Bounded before it reaches the query: a week has at most 80 working hours on these forms.
            if form["uren"].count <= 2, let hours = Int(form["uren"]), (1...80).contains(hours) { query.hoursPerWeek = hours } else {
                errors["uren"] = "Uren per week: een heel getal van 1 tot en met 80."
            }
        }
        let pageNumber = max(1, min(Int(form["pagina"]) ?? 1, 100_000))
        query.offset = (pageNumber - 1) * Self.pageSize
        var page = CandidatePage(candidates: [], total: 0)
        if errors.isEmpty {
            page = try await services.candidateRecords.search(query, by: context.auditActor)
        }
        let rows = page.candidates.map { c in
            // A deactivated candidate has no record page with a ranking (they are out of matching); their form
            // shows them and offers reactivation.
            let inactive = page.inactiveIds.contains(c.id)
            return Row(id: c.id, link: "/kandidaten/\(QueryString.escape(c.id))" + (inactive ? "/bewerken" : ""), municipality: c.municipality,
                       rung: "trede \(c.ladderRung.rawValue)", hours: c.hoursAvailable.description, register: PageFormat.yesNo(c.targetGroupRegister),
                       benefit: c.benefit.dutchName, availableFrom: PageFormat.date(c.availableFrom), status: inactive ? "gedeactiveerd" : nil)
        }
        let base: [(String, String?)] = [("id", form["id"]), ("gemeente", form["gemeente"]), ("trede", form["trede"]), ("register", form["register"]),
                                         ("beroep", form["beroep"]), ("uren", form["uren"]), ("status", form["status"])]
        func link(_ number: Int) -> String { "/kandidaten?" + QueryString.make(base + [("pagina", String(number))]) }
        let first = page.total == 0 ? 0 : query.offset + 1
        let last = query.offset + page.candidates.count
        let filters: [FormField] = [
            FormField(id: "f-id", name: "id", label: "Kandidaat-id (begint met)", value: form["id"], hint: "bijvoorbeeld K00005"),
            FormField(id: "f-gemeente", name: "gemeente", label: "Woongemeente", value: form["gemeente"]),
            FormField(id: "f-trede", name: "trede", label: "Trede participatieladder", value: form["trede"], error: errors["trede"],
                      options: .options([("", "alle")] + LadderRung.allCases.map { (String($0.rawValue), "trede \($0.rawValue)") }, selected: form["trede"])),
            FormField(id: "f-register", name: "register", label: "Doelgroepregister", value: form["register"],
                      options: .options([("", "alle"), ("ja", "ja"), ("nee", "nee")], selected: form["register"])),
            FormField(id: "f-beroep", name: "beroep", label: "Gewenst beroep", value: form["beroep"], hint: "naam of ESCO-code", error: errors["beroep"]),
            FormField(id: "f-uren", name: "uren", label: "Kan uren per week werken", value: form["uren"], inputMode: "numeric",
                      hint: "binnen de beschikbare uren van de kandidaat, bijvoorbeeld 24", error: errors["uren"]),
            FormField(id: "f-status", name: "status", label: "Status", value: form["status"], error: errors["status"],
                      options: .options([("actief", "actief"), ("gedeactiveerd", "gedeactiveerd"), ("alle", "alle")],
                                        selected: form["status"].isEmpty ? "actief" : form["status"])),
        ]
        let view = ListView(
            filters: filters.map(RenderedField.init), rows: rows, hasRows: !rows.isEmpty,
            summary: page.total == 0 ? "Geen kandidaten gevonden." : "Kandidaat \(first) tot en met \(last) van \(page.total).",
            previousLink: pageNumber > 1 ? link(pageNumber - 1) : nil,
            nextLink: last < page.total ? link(pageNumber + 1) : nil, pageNumber: pageNumber)
        return try templates.page("candidates", title: "Kandidaten", layout: request.layout(context), view)
    }

    /// An ESCO occupation by its id or its Dutch label (exact first, then the first label containing the text).
    func occupation(matching text: String) -> Occupation? {
        let reference = services.reference
        if let byId = reference.occupation(EscoID(text)) { return byId }
        let wanted = text.lowercased()
        return reference.occupations.first { $0.labelNL.lowercased() == wanted }
            ?? reference.occupations.first { $0.labelNL.lowercased().contains(wanted) }
    }

    /// The record's facts; the medical and medically derived ones are marked.
    static func facts(_ c: Candidate) -> [FactRow] {
        [
            FactRow("Woongemeente", c.municipality),
            FactRow("Uitkering", c.benefit.dutchName + (c.benefitSince.map { " sinds \(PageFormat.date($0))" } ?? "")),
            FactRow("Participatieladder", "trede \(c.ladderRung.rawValue)"),
            FactRow("Uren per week", c.hoursAvailable.description),
            FactRow("Reisafstand", "\(c.travelReachKm) km vanaf \(c.postcode.description)"),
            FactRow("Beschikbaar vanaf", PageFormat.date(c.availableFrom)),
            FactRow("Doelgroepregister", PageFormat.yesNo(c.targetGroupRegister)),
            FactRow("Indicatie beschut werk", PageFormat.yesNo(c.shelteredWorkIndication)),
            FactRow("Arbeidsbeperking", PageFormat.yesNo(c.workLimitation), medical: true),
            FactRow("Loonwaarde", c.wageValue.map { "\($0.percent)% (gemeten \(PageFormat.date($0.measuredOn)))" } ?? "niet gemeten", medical: true),
            FactRow("Onderwijsbelemmering gehad", PageFormat.yesNo(c.hadEducationObstacle), medical: true),
            FactRow("Opleiding", c.education.dutchName),
            FactRow("Nederlands", c.dutchLevel.code),
            FactRow("Rijbewijzen", c.drivingLicences.isEmpty ? "geen" : c.drivingLicences.map(\.rawValue).joined(separator: ", ")),
            FactRow("Vermijden", c.avoid.isEmpty ? "niets" : c.avoid.map(\.dutchName).joined(separator: ", ")),
        ]
    }
}
