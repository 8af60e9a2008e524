import Domain
import Foundation
import Hummingbird
import Rendering
import Services

/// The employer's private link, no account needed:
///
/// - `GET /offerte/{token}` — the quote as the employer may see it (HTML), with the answer form while open
/// - `GET /offerte/{token}.pdf` — the same as PDF
/// - `POST /offerte/{token}` — accept or decline: name, optional remark, and the form's CSRF token (an HMAC
///   of the link token, so no session is needed)
/// - `GET /static/offerte.css` — the document stylesheet (pages carry no inline style under the strict CSP)
///
/// An unknown, guessed or expired token gets one and the same answer. Pages are never cached and send no
/// referrer, so the token does not leak into other sites' logs.
struct EmployerQuoteController {
    let quotes: Quotes

    static let stylesheetPath = "/static/offerte.css"

    struct AnswerForm: Decodable {
        var csrf: String?
        var answer: String?
        var name: String?
        var remark: String?
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("static/offerte.css") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Document.stylesheet + Self.formStyles)))
        }
        router.get("offerte/:token") { _, context -> Response in
            var token = try context.parameters.require("token")
            let pdf = token.hasSuffix(".pdf")
            if pdf { token.removeLast(4) }
            guard case .quote(let view, let canAnswer) = try await quotes.open(token: token) else { return Self.unavailable() }
            if pdf {
                var headers = Self.headers(contentType: "application/pdf")
                headers[.contentDisposition] = "attachment; filename=\"\(view.number ?? "offerte").pdf\""
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try view.document().pdf())))
            }
            return Self.page(view, token: token, csrf: quotes.formToken(for: token), canAnswer: canAnswer, message: nil)
        }
        router.post("offerte/:token") { request, context -> Response in
            let token = try context.parameters.require("token")
            let text = String(buffer: try await request.body.collect(upTo: 16_384))
            guard let form = try? URLEncodedFormDecoder().decode(AnswerForm.self, from: text),
                  let answer = form.answer.flatMap(EmployerAnswer.init(rawValue:)) else {
                return Self.message(status: .badRequest, title: "Onvolledig antwoord", text: "Kies accepteren of afwijzen en vul uw naam in.")
            }
            let result = try await quotes.answer(token: token, formToken: form.csrf ?? "", answer: answer, name: form.name ?? "", remark: form.remark)
            switch result {
            case .unavailable:
                return Self.unavailable()
            case .forbidden:
                return Self.message(status: .forbidden, title: "Formulier verlopen", text: "Open de link opnieuw en probeer het nog eens.")
            case .invalid(let reason):
                guard case .quote(let view, let canAnswer) = try await quotes.open(token: token) else { return Self.unavailable() }
                return Self.page(view, token: token, csrf: quotes.formToken(for: token), canAnswer: canAnswer, message: reason, status: .unprocessableContent)
            case .closed(let status):
                return Self.message(status: .conflict, title: "Niet meer te beantwoorden",
                                    text: "Deze offerte is \(status.dutchName) en kan niet (opnieuw) worden beantwoord.")
            case .recorded(let status):
                return Self.message(status: .ok, title: "Dank u wel",
                                    text: "Uw antwoord is vastgelegd: de offerte is \(status.dutchName). Uw adviseur neemt contact met u op.")
            }
        }
    }

    /// The one answer for an unknown, guessed or expired link: same status, same body.
    static func unavailable() -> Response {
        message(status: .notFound, title: "Offerte niet beschikbaar",
                text: "Deze link is onbekend of niet meer geldig. Neem contact op met uw adviseur bij het Werkgeversservicepunt.")
    }

    static func headers(contentType: String) -> HTTPFields {
        [.contentType: contentType, .cacheControl: "no-store", .init("Referrer-Policy")!: "no-referrer", .init("X-Robots-Tag")!: "noindex, nofollow",
         .init("X-Content-Type-Options")!: "nosniff",
         .contentSecurityPolicy: "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"]
    }

    static func page(_ view: EmployerQuoteView, token: String, csrf: String, canAnswer: Bool, message: String?, status: HTTPResponse.Status = .ok) -> Response {
        var extra = "<section class=\"answer no-print\">\n"
        if let message { extra += "<p class=\"error\" role=\"alert\">\(Rendering.HTML.escape(message))</p>\n" }
        extra += "<p><a href=\"/offerte/\(Rendering.HTML.escape(token)).pdf\">Download als PDF</a></p>\n"
        if canAnswer {
            extra += """
            <h2>Uw antwoord</h2>
            <form method="post" action="/offerte/\(Rendering.HTML.escape(token))">
            <input type="hidden" name="csrf" value="\(Rendering.HTML.escape(csrf))">
            <p><label for="name">Uw naam</label><br><input id="name" name="name" required maxlength="200" autocomplete="name"></p>
            <p><label for="remark">Opmerking (niet verplicht)</label><br><textarea id="remark" name="remark" maxlength="2000" rows="3"></textarea></p>
            <p><button type="submit" name="answer" value="accept">Offerte accepteren</button>
            <button type="submit" name="answer" value="decline">Offerte afwijzen</button></p>
            </form>

            """
        }
        extra += "</section>\n"
        let html = view.document().htmlPage(stylesheetHref: stylesheetPath, extraBody: extra)
        return Response(status: status, headers: headers(contentType: "text/html; charset=utf-8"), body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func message(status: HTTPResponse.Status, title: String, text: String) -> Response {
        let html = Document(title: title, blocks: [.paragraph(text)]).htmlPage(stylesheetHref: stylesheetPath)
        return Response(status: status, headers: headers(contentType: "text/html; charset=utf-8"), body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static let formStyles = """

    .answer { max-width: 48rem; margin: 2rem auto; font-family: "DejaVu Sans", Arial, sans-serif; }
    .answer input, .answer textarea { width: 100%; max-width: 30rem; font: inherit; }
    .answer button { font: inherit; padding: .4rem .9rem; margin-right: .5rem; }
    .answer .error { color: #8a0000; font-weight: bold; }
    """
}
