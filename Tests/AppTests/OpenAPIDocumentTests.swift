import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import App

/// The hand-written OpenAPI document and the router agree: every `/api/v1` route is documented with its
/// method, and the document names no operation the router lacks.
@Suite struct OpenAPIDocumentTests {
    /// "METHOD /path" for each operation under `paths:` (two-space path keys, four-space method keys).
    static func operations(in yaml: String) -> Set<String> {
        var operations: Set<String> = []
        var inPaths = false
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            guard inPaths else { continue }
            if let first = line.first, first != " " { inPaths = false; continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) { operations.insert("\(method) \(path)") }
            }
        }
        return operations
    }

    @Test func theDocumentAndTheRouterNameTheSameOperations() async throws {
        let (configuration, cleanup) = try testConfiguration()
        defer { cleanup() }
        let services = try await AppServices.start(configuration, logger: Logger(label: "test"))
        let router = try await buildRouter(services, configuration: configuration)
        let routed = Set(router.routes.filter { $0.path.description.hasPrefix("/api/v1/") }.map { "\($0.method) \($0.path)" })
        let documented = Self.operations(in: try OpenAPIController.loadDocument())
        #expect(routed.count >= 9)
        #expect(routed.subtracting(documented).isEmpty, "routes missing from openapi.yaml: \(routed.subtracting(documented).sorted())")
        #expect(documented.subtracting(routed).isEmpty, "openapi.yaml names routes that do not exist: \(documented.subtracting(routed).sorted())")
    }

    @Test func theDocumentIsServedToStaff() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let bearer = try await demoBearer(configuration)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.yaml", method: .get, headers: [.authorization: bearer]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("openapi: 3.1.0"))
            }
        }
    }
}
