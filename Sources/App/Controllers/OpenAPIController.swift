import Foundation
import Hummingbird

/// `GET /api/v1/openapi.yaml`: the hand-written OpenAPI 3.1 description of this API, shipped as a resource.
/// `OpenAPIDocumentTests` keeps it and the router in step (every route documented, nothing documented that
/// does not exist).
struct OpenAPIController {
    let document: String

    static func loadDocument() throws -> String {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "OpenAPI"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { throw StartupError("OpenAPI document missing from the application bundle") }
        return text
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("openapi.yaml") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: document)))
        }
    }
}
