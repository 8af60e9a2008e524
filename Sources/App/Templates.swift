import Foundation
import Hummingbird
import Mustache

/// The server-rendered HTML templates (Dutch), shipped as resources of this target.
struct Templates: Sendable {
    let library: MustacheLibrary

    static func load() async throws -> Templates {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw StartupError("HTML templates missing from the application bundle")
        }
        return Templates(library: try await MustacheLibrary(directory: directory.path))
    }

    func render(_ name: String, _ values: [String: Any]) throws -> HTML {
        guard let html = library.render(values, withTemplate: name) else {
            throw HTTPError(.internalServerError, message: "template \(name) missing")
        }
        return HTML(html)
    }
}

/// An HTML page as a response.
struct HTML: ResponseGenerator {
    let body: String
    init(_ body: String) { self.body = body }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
