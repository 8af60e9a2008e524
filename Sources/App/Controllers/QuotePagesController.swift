import Catalog
import Domain
import Foundation
import Hummingbird
import Rendering
import Services

/// The quote builder and quote pages. Everything goes through the `Quotes` service (the API's and the CLI's),
/// which scopes quotes to the user's regions and audits every read:
///
/// - `GET /offertes/nieuw?kandidaat=…&vacature=…` — the terms form; `POST /offertes` makes a draft
/// - `GET /offertes/concept/{id}` — the draft with its net cost table; re-run (`…/herberekenen`), issue (`…/uitbrengen`)
/// - `GET /offertes?status=…` — the list; `GET /offertes/{number}` (`.pdf`) — detail with status history
/// - `POST /offertes/{number}/intrekken`, `POST /offertes/{number}/herzien`
struct QuotePagesController {
    let services: AppServices
    let templates: Templates
    let secureCookies: Bool

    struct ListRow: Sendable {
        let label: String
        let link: String
        let version: Int
        let statusLabel: String
        let statusClass: String
        let candidateId: String
        let candidateLink: String
        let vacancyLink: String
        let vacancyId: Int64
        let validUntil: String
        let created: String
    }

    struct ListView: Sendable {
        let filters: [RenderedField]
        let rows: [ListRow]
        let hasRows: Bool
        let summary: String
    }

    struct BuilderView: Sendable {
        let fields: [RenderedField]
        let formProblem: String?
    }

    struct HistoryRow: Sendable {
        let at: String
        let change: String
        let actor: String
        let why: String
    }

    struct QuoteView: Sendable {
        let heading: String
        let number: String?
        let draftId: Int64
        let isDraft: Bool
        let statusLabel: String
        let statusClass: String
        let facts: [FactRow]
        let history: [HistoryRow]
        let netCost: NetCostView
        let cards: [InstrumentCardView]
        let canWithdraw: Bool
        let canRevise: Bool
        let pdfLink: String?
        let fields: [RenderedField]
        let formProblem: String?
        let employerURL: String?
        let notice: String?
    }

    func addRoutes(to pages: RouterGroup<AppRequestContext>) {
        pages.get("offertes") { request, context -> HTML in
            let statusText = request.uri.queryParameters.get("status") ?? ""
            let status = QuoteStatus(rawValue: statusText)
            let quotes = try await services.quotes.list(status: status, by: context.auditActor, limit: 200)
            let rows = quotes.map { q in
                ListRow(label: q.number.map { "\($0) v\(q.version)" } ?? "concept \(q.id)", link: Self.link(q), version: q.version,
                        statusLabel: q.status.dutchName, statusClass: Self.statusClass(q.status), candidateId: q.candidateId,
                        candidateLink: "/kandidaten/\(QueryString.escape(q.candidateId))", vacancyLink: "/vacatures/\(q.vacancyId)", vacancyId: q.vacancyId,
                        validUntil: PageFormat.date(q.validUntil), created: PageFormat.dateTime(q.createdAt))
            }
            let filter = FormField(id: "q-status", name: "status", label: "Status", value: statusText,
                                   options: .options([("", "alle")] + QuoteStatus.allCases.map { ($0.rawValue, $0.dutchName) }, selected: status?.rawValue ?? ""))
            let view = ListView(filters: [RenderedField(filter)], rows: rows, hasRows: !rows.isEmpty,
                                summary: rows.isEmpty ? "Geen offertes gevonden." : "\(rows.count) offerte(s), nieuwste eerst.")
            return try templates.page("quotes", title: "Offertes", layout: request.layout(context), view)
        }
        pages.get("offertes/nieuw") { request, context -> HTML in
            let values = FormValues(Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first }))
            let candidateId = values["kandidaat"]
            var form = PlacementForm(values)
            if form.start.isEmpty, let vacancyId = Int64(form.vacancy), let vacancy = try await services.vacancyRecords.visibleVacancy(id: vacancyId, by: context.auditActor) {
                let candidate = candidateId.isEmpty ? nil : try await services.candidateRecords.visibleCandidate(id: candidateId, by: context.auditActor)
                form = PlacementForm(candidate: candidate, vacancy: vacancy, today: .today)
            }
            return try builder(request, context, candidateId: candidateId, form: form, problem: nil)
        }
        pages.post("offertes") { request, context -> Response in
            let values = FormValues(urlEncoded: String(buffer: try await request.body.collect(upTo: 65_536)))
            let candidateId = values["kandidaat"]
            var form = PlacementForm(values)
            var candidateError: String?
            if candidateId.isEmpty { candidateError = "Vul een kandidaat-id in." }
            guard let parsed = form.parse(), candidateError == nil else {
                return try builder(request, context, candidateId: candidateId, form: form, problem: "Controleer de gemarkeerde velden.",
                                   candidateError: candidateError).response(from: request, context: context, status: .badRequest)
            }
            do {
                let draft = try await services.quotes.createDraft(candidateId: candidateId, vacancyId: parsed.vacancyId, facts: parsed.facts,
                                                                  by: context.auditActor)
                return .redirect(to: "/offertes/concept/\(draft.stored.id)", type: .normal)
            } catch QuoteError.evaluation(let error) {
                if case .candidateNotFound = error {
                    return try builder(request, context, candidateId: candidateId, form: form, problem: "Controleer de gemarkeerde velden.",
                                       candidateError: "Kandidaat \(candidateId) is niet gevonden (of valt buiten uw regio's).")
                        .response(from: request, context: context, status: .badRequest)
                }
                let problem = form.place(error) ?? "Controleer de gemarkeerde velden."
                return try builder(request, context, candidateId: candidateId, form: form, problem: problem).response(from: request, context: context, status: .badRequest)
            } catch QuoteError.invalid(let reason) {
                return try builder(request, context, candidateId: candidateId, form: form, problem: reason).response(from: request, context: context, status: .unprocessableContent)
            }
        }
        pages.get("offertes/concept/:id") { request, context -> Response in
            let details = try await mapped { try await services.quotes.show(id: try draftId(context), by: context.auditActor) }
            if details.stored.status != .draft, let number = details.stored.number {
                return .redirect(to: "/offertes/\(number)", type: .found)
            }
            return try page(request, context, details, form: PlacementForm(facts: details.snapshot.facts, vacancyId: details.stored.vacancyId))
                .response(from: request, context: context)
        }
        pages.post("offertes/concept/:id/herberekenen") { request, context -> Response in
            let id = try draftId(context)
            let values = FormValues(urlEncoded: String(buffer: try await request.body.collect(upTo: 65_536)))
            var form = PlacementForm(values)
            let current = try await mapped { try await services.quotes.show(id: id, by: context.auditActor) }
            form.vacancy = String(current.stored.vacancyId)
            guard let facts = form.parse()?.facts else {
                return try page(request, context, current, form: form, problem: "Controleer de gemarkeerde velden.").response(from: request, context: context, status: .badRequest)
            }
            do {
                _ = try await services.quotes.rerunDraft(id: id, facts: facts, by: context.auditActor)
            } catch QuoteError.evaluation(let error) {
                let problem = form.place(error) ?? "Controleer de gemarkeerde velden."
                return try page(request, context, current, form: form, problem: problem).response(from: request, context: context, status: .badRequest)
            } catch QuoteError.wrongStatus(let reason) {
                throw HTTPError(.conflict, message: reason)
            }
            return .redirect(to: "/offertes/concept/\(id)", type: .normal)
        }
        pages.post("offertes/concept/:id/uitbrengen") { request, context -> HTML in
            let id = try draftId(context)
            let issued = try await mapped { try await services.quotes.issue(id: id, by: context.auditActor) }
            // The link's token is shown this once (only its hash is stored): the page says so.
            let host = request.head.authority ?? "localhost"
            let url = "\(secureCookies ? "https" : "http")://\(host)\(issued.linkPath)"
            return try page(request, context, issued.details, form: nil, employerURL: url,
                            notice: "Offerte \(issued.details.stored.number ?? "") is uitgebracht. Kopieer de link voor de werkgever nu: hij wordt maar één keer getoond.")
        }
        pages.get("offertes/:number") { request, context -> Response in
            var number = try context.parameters.require("number")
            let pdf = number.hasSuffix(".pdf")
            if pdf { number.removeLast(4) }
            guard number.hasPrefix("MP-"), number.utf8.count <= 40 else { throw HTTPError(.notFound, message: "Offerte \(number) is niet gevonden.") }
            let details = try await mapped { try await services.quotes.show(number: number, by: context.auditActor, purpose: pdf ? "offerte-pdf" : "offertepagina") }
            if pdf {
                return Response(status: .ok, headers: [.contentType: "application/pdf",
                                                       .contentDisposition: "attachment; filename=\"\(number).pdf\""],
                                body: .init(byteBuffer: ByteBuffer(bytes: try details.staffDocument.pdf())))
            }
            return try page(request, context, details, form: nil).response(from: request, context: context)
        }
        pages.post("offertes/:number/intrekken") { request, context -> Response in
            let number = try context.parameters.require("number")
            let values = FormValues(urlEncoded: String(buffer: try await request.body.collect(upTo: 16_384)))
            let reason = values["reden"]
            _ = try await mapped { try await services.quotes.withdraw(number: number, reason: reason.isEmpty ? nil : reason, by: context.auditActor) }
            return .redirect(to: "/offertes/\(QueryString.escape(number))", type: .normal)
        }
        pages.post("offertes/:number/herzien") { _, context -> Response in
            let number = try context.parameters.require("number")
            let draft = try await mapped { try await services.quotes.revise(number: number, by: context.auditActor) }
            return .redirect(to: "/offertes/concept/\(draft.stored.id)", type: .normal)
        }
    }

    func draftId(_ context: AppRequestContext) throws -> Int64 {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw HTTPError(.notFound, message: "Dit offerteconcept bestaat niet.") }
        return id
    }

    /// The service's errors as page errors: not found (also outside the user's regions) 404, a status that does
    /// not allow the action 409.
    func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as QuoteError {
            switch error {
            case .notFound: throw HTTPError(.notFound, message: "Deze offerte is niet gevonden (of valt buiten uw regio's).")
            case .wrongStatus(let reason): throw HTTPError(.conflict, message: "Dat kan niet in de huidige status van de offerte (\(reason)).")
            case .invalid(let reason): throw HTTPError(.unprocessableContent, message: reason)
            case .evaluation(let inner): throw HTTPError(.badRequest, message: inner.description)
            }
        }
    }

    func builder(_ request: Request, _ context: AppRequestContext, candidateId: String, form: PlacementForm, problem: String?,
                 candidateError: String? = nil) throws -> HTML {
        let candidate = FormField(id: "kandidaat", name: "kandidaat", label: "Kandidaat-id", value: candidateId, error: candidateError, required: true)
        let view = BuilderView(fields: [RenderedField(candidate)] + form.fields(), formProblem: problem)
        return try templates.page("quote-builder", title: "Nieuwe offerte", layout: request.layout(context), view)
    }

    func page(_ request: Request, _ context: AppRequestContext, _ details: QuoteDetails, form: PlacementForm?, problem: String? = nil,
              employerURL: String? = nil, notice: String? = nil) throws -> HTML {
        let stored = details.stored
        let snapshot = details.snapshot
        let terms = snapshot.terms
        var facts = [
            FactRow("Status", stored.status.dutchName),
            FactRow("Kandidaat", snapshot.candidate.label + (snapshot.candidate.label == "kandidaat \(stored.candidateId)" ? "" : " (\(stored.candidateId))")),
            FactRow("Werkgever", snapshot.employer.name + (snapshot.employer.kvkNumber.map { ", KvK \($0)" } ?? "")),
            FactRow("Vacature", "\(snapshot.vacancy.title) (vacature \(snapshot.vacancy.id))"),
            FactRow("Plaatsing", "start \(PageFormat.date(terms.startDate)) tot en met \(PageFormat.date(terms.endDate)), \(terms.hoursPerWeek) uur per week, "
                + "\(terms.contractMonths) maanden, \(terms.hourlyWage.description) per uur"),
            FactRow("Peildatum", PageFormat.date(snapshot.peildatum)),
            FactRow("Adviseur", snapshot.wsp.adviser),
        ]
        if let issuedOn = snapshot.issuedOn { facts.append(FactRow("Uitgebracht op", PageFormat.date(issuedOn))) }
        if let validUntil = stored.validUntil { facts.append(FactRow("Geldig tot en met", PageFormat.date(validUntil))) }
        facts.append(FactRow("Inhoud (SHA-256)", stored.contentHash))
        let history = details.history.map { change in
            HistoryRow(at: PageFormat.dateTime(change.at), change: (change.from.map { "\($0.dutchName) → " } ?? "") + change.to.dutchName,
                       actor: change.actor, why: change.reason ?? "")
        }
        let heading = stored.number.map { "Offerte \($0)" + (stored.version > 1 ? " versie \(stored.version)" : "") } ?? "Offerteconcept \(stored.id)"
        let view = QuoteView(
            heading: heading, number: stored.number, draftId: stored.id, isDraft: stored.status == .draft,
            statusLabel: stored.status.dutchName, statusClass: Self.statusClass(stored.status), facts: facts, history: history,
            netCost: NetCostView(snapshot.netCost), cards: snapshot.decisions.map { InstrumentCardView($0, policy: services.policy) },
            canWithdraw: stored.status == .issued, canRevise: stored.status.allowedNext.contains(.superseded),
            pdfLink: stored.number.map { "/offertes/\(QueryString.escape($0)).pdf" },
            fields: form?.fields(vacancyEditable: false) ?? [], formProblem: problem, employerURL: employerURL, notice: notice)
        return try templates.page("quote", title: heading, layout: request.layout(context), view)
    }

    static func link(_ quote: StoredQuote) -> String {
        quote.number.map { "/offertes/\(QueryString.escape($0))" } ?? "/offertes/concept/\(quote.id)"
    }

    static func statusClass(_ status: QuoteStatus) -> String {
        switch status {
        case .accepted: "ok"
        case .declined, .withdrawn, .expired: "no"
        case .issued: "info"
        case .draft, .superseded: "neutral"
        }
    }
}

extension HTML {
    func response(from request: Request, context: some RequestContext, status: HTTPResponse.Status) throws -> Response {
        try HTML(body, status: status).response(from: request, context: context)
    }
}
