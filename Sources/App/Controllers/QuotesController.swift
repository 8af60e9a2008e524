import Catalog
import Domain
import Foundation
import Hummingbird
import Rendering
import Services

/// Staff API for employer quotes (under `/api/v1`, behind the staff login like every API route):
///
/// - `POST /api/v1/quotes` — a draft from placement terms (the same body as `POST /api/v1/instruments`)
/// - `POST /api/v1/quotes/{id}/rerun` — re-run a draft (optionally with new terms)
/// - `POST /api/v1/quotes/{id}/issue` — issue: number, valid until, the employer link (shown once)
/// - `GET /api/v1/quotes/{number}` (`.html`, `.pdf`; `?view=employer`, `?version=N`; a numeric id opens a draft)
/// - `POST /api/v1/quotes/{number}/revise` — a new draft that will supersede the quote when issued
/// - `POST /api/v1/quotes/{number}/withdraw` — `{"reason": "…"}`
/// - `GET /api/v1/quotes?status=…`
/// - `POST /api/v1/candidates/{id}/name-consent` — `{"name": "…", "consentedOn": "YYYY-MM-DD"}`
struct QuotesController {
    let quotes: Quotes

    /// The staff JSON of a quote: the stored columns, the history, and the full snapshot.
    struct QuoteJSON: ResponseEncodable {
        var id: Int64
        var number: String?
        var version: Int
        var status: QuoteStatus
        var supersedesId: Int64?
        var validUntil: CalendarDate?
        var contentHash: String
        var history: [QuoteStatusChange]
        var snapshot: QuoteSnapshot
        /// Only in the answer to issue: the employer link (the token is never stored, so never shown again).
        var employerLink: String?

        init(_ details: QuoteDetails, link: String? = nil) {
            id = details.stored.id
            number = details.stored.number
            version = details.stored.version
            status = details.stored.status
            supersedesId = details.stored.supersedesId
            validUntil = details.stored.validUntil
            contentHash = details.stored.contentHash
            history = details.history
            snapshot = details.snapshot
            employerLink = link
        }
    }

    struct Summary: ResponseEncodable {
        var id: Int64
        var number: String?
        var version: Int
        var status: QuoteStatus
        var candidateId: String
        var vacancyId: Int64
        var validUntil: CalendarDate?
    }

    struct WithdrawBody: Decodable {
        var reason: String?
    }

    struct ConsentBody: Decodable {
        var name: String
        var consentedOn: CalendarDate
    }

    struct ConsentAnswer: ResponseEncodable {
        var candidateId: String
        var displayName: String
        var consentedOn: CalendarDate
        var recordedBy: String
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.post("quotes") { request, context -> Response in
            let query = try await request.decode(as: InstrumentController.Query.self, context: context)
            let details = try await mapping(field: "candidateId") { try await quotes.createDraft(candidateId: query.candidateId, vacancyId: query.vacancyId, facts: query.facts,
                                                                          by: context.auditActor) }
            return try Self.json(QuoteJSON(details), status: .created, request: request, context: context)
        }
        api.post("quotes/:quote/rerun") { request, context -> QuoteJSON in
            let id = try context.parameters.require("quote", as: Int64.self)
            let buffer = try await request.body.collect(upTo: 65_536)
            var body = request
            body.body = .init(buffer: buffer)
            let facts = buffer.readableBytes == 0 ? nil : try await body.decodeJSON(as: InstrumentController.Query.self).facts
            return QuoteJSON(try await mapping { try await quotes.rerunDraft(id: id, facts: facts, by: context.auditActor) })
        }
        api.post("quotes/:quote/issue") { _, context -> QuoteJSON in
            let id = try context.parameters.require("quote", as: Int64.self)
            let issued = try await mapping { try await quotes.issue(id: id, by: context.auditActor) }
            return QuoteJSON(issued.details, link: issued.linkPath)
        }
        api.post("quotes/:quote/revise") { _, context -> QuoteJSON in
            let number = try context.parameters.require("quote")
            return QuoteJSON(try await mapping { try await quotes.revise(number: number, by: context.auditActor) })
        }
        api.post("quotes/:quote/withdraw") { request, context -> QuoteJSON in
            let number = try context.parameters.require("quote")
            let buffer = try await request.body.collect(upTo: 16_384)
            var raw = request
            raw.body = .init(buffer: buffer)
            let body = buffer.readableBytes == 0 ? WithdrawBody(reason: nil) : try await raw.decodeJSON(as: WithdrawBody.self)
            guard (body.reason?.count ?? 0) <= 2_000 else {
                throw APIError(.unprocessableContent, code: "invalid-field", english: "reason: at most 2000 characters",
                               dutch: "reden: ten hoogste 2000 tekens", field: "reason")
            }
            return QuoteJSON(try await mapping { try await quotes.withdraw(number: number, reason: body.reason, by: context.auditActor) })
        }
        api.get("quotes") { request, context -> [Summary] in
            var status: QuoteStatus?
            if let text = request.uri.queryParameters.get("status") {
                guard let parsed = QuoteStatus(rawValue: text) else {
                    let allowed = QuoteStatus.allCases.map(\.rawValue).joined(separator: ", ")
                    throw APIError.invalid("status", english: "status must be one of \(allowed)", dutch: "status moet een van \(allowed) zijn")
                }
                status = parsed
            }
            return try await quotes.list(status: status, by: context.auditActor).map {
                Summary(id: $0.id, number: $0.number, version: $0.version, status: $0.status, candidateId: $0.candidateId, vacancyId: $0.vacancyId,
                        validUntil: $0.validUntil)
            }
        }
        api.get("quotes/:quote") { request, context -> Response in
            var key = try context.parameters.require("quote")
            var format = "json"
            for suffix in ["pdf", "html", "json"] where key.hasSuffix("." + suffix) {
                format = suffix
                key.removeLast(suffix.count + 1)
            }
            let employerView = request.uri.queryParameters.get("view") == "employer"
            var version: Int?
            if let text = request.uri.queryParameters.get("version") {
                guard let parsed = Int(text), (1...10_000).contains(parsed) else {
                    throw APIError.invalid("version", english: "version must be a whole number from 1 to 10000", dutch: "version moet een geheel getal van 1 tot 10000 zijn")
                }
                version = parsed
            }
            let details: QuoteDetails
            if let id = Int64(key) {
                details = try await mapping { try await quotes.show(id: id, by: context.auditActor) }
            } else {
                guard key.utf8.count <= 32 else {
                    throw APIError.invalid("quote", english: "not a quote number", dutch: "geen offertenummer")
                }
                details = try await mapping { try await quotes.show(number: key, version: version, by: context.auditActor) }
            }
            let document = employerView ? details.employerView.document() : details.staffDocument
            switch format {
            case "pdf":
                let bytes = try document.pdf()
                return Response(status: .ok, headers: [.contentType: "application/pdf", .cacheControl: "no-store",
                                                       .contentDisposition: "inline; filename=\"\(details.stored.number ?? "concept-\(details.stored.id)").pdf\""],
                                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            case "html":
                return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(string: document.htmlPage(stylesheetHref: EmployerQuoteController.stylesheetPath))))
            default:
                if employerView { return try Self.json(details.employerView, status: .ok, request: request, context: context) }
                return try Self.json(QuoteJSON(details), status: .ok, request: request, context: context)
            }
        }
        api.post("candidates/:id/name-consent") { request, context -> ConsentAnswer in
            let id = try context.parameters.require("id")
            let body = try await request.decodeJSON(as: ConsentBody.self)
            let consent = try await mapping(field: body.consentedOn > CalendarDate.today ? "consentedOn" : "name") { try await quotes.recordNameConsent(candidateId: id, name: body.name, consentedOn: body.consentedOn,
                                                                                 by: context.auditActor) }
            return ConsentAnswer(candidateId: consent.candidateId, displayName: consent.displayName, consentedOn: consent.consentedOn,
                                 recordedBy: consent.recordedBy)
        }
    }

    static func json(_ value: some ResponseEncodable, status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> Response {
        var response = try value.response(from: request, context: context)
        response.status = status
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Quote errors in the common error shape: not found 404, wrong status 409, invalid input 422, each naming
    /// the field (`field` is the input the route takes: the path's quote, or the body's field).
    func mapping<T>(field: String = "quote", _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as QuoteError {
            throw APIError.quote(error, field: field)
        }
    }
}

extension EmployerQuoteView: ResponseEncodable {}
