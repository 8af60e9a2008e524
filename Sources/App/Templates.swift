import Foundation
import Hummingbird
import Mustache

/// The server-rendered HTML templates (Dutch), shipped as resources of this target. Every page is rendered from
/// a typed view model (a struct per page): mustache reads its stored properties, so a misspelt field is a
/// compile error in Swift rather than a silently empty spot on the page.
struct Templates: Sendable {
    let library: MustacheLibrary
    /// The design system's stylesheet, rendered once at start (`/static/matchpunt.css`).
    let stylesheet: String

    static func load() async throws -> Templates {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw StartupError("HTML templates missing from the application bundle")
        }
        // Every template escapes through `FastHTMLContentType` (see there for why): the pragma goes on a line of
        // its own at the top, which mustache drops from the output (a standalone tag).
        MustacheContentTypes.register(FastHTMLContentType(), named: FastHTMLContentType.name)
        var library = MustacheLibrary()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".mustache") }.sorted()
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            try library.register("{{% CONTENT_TYPE: \(FastHTMLContentType.name)}}\n" + text, named: String(file.dropLast(".mustache".count)))
        }
        guard let css = library.render(StylesheetValues(), withTemplate: "matchpunt-css") else {
            throw StartupError("stylesheet template missing from the application bundle")
        }
        return Templates(library: library, stylesheet: css)
    }

    /// A page: the layout (title, navigation, logout form) around the view model `page`.
    func page<Content: Sendable>(_ name: String, title: String, layout: PageLayout?, _ content: Content) throws -> HTML {
        try render(name, Page(title: title, layout: layout, page: content))
    }

    func render(_ name: String, _ values: some Sendable) throws -> HTML {
        guard let html = library.render(values, withTemplate: name) else {
            throw HTTPError(.internalServerError, message: "template \(name) missing")
        }
        return HTML(html)
    }
}

private struct StylesheetValues: Sendable {}

/// What every page's template sees: `title`, `layout` (navigation; nil on the login page) and `page`.
struct Page<Content: Sendable>: Sendable {
    let title: String
    let layout: PageLayout?
    let page: Content
}

/// An HTML page as a response.
struct HTML: ResponseGenerator {
    let body: String
    var status: HTTPResponse.Status = .ok
    init(_ body: String, status: HTTPResponse.Status = .ok) {
        self.body = body
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
