import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// Quote and instrument refusals use the common error shape: a code, English and Dutch, and the field.
@Suite struct QuoteErrorShapeTests {
    @Test func quoteRefusalsNameTheFieldInBothLanguages() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let bearer = try await demoBearer(configuration)
        let json: HTTPFields = [.authorization: bearer, .contentType: "application/json"]
        let cases: [(String, HTTPRequest.Method, String?, HTTPResponse.Status, String)] = [
            ("/api/v1/quotes?status=maybe", .get, nil, .badRequest, "status"),
            ("/api/v1/quotes/MP-2026-000001?version=0", .get, nil, .badRequest, "version"),
            ("/api/v1/quotes/MP-2099-999999", .get, nil, .notFound, "quote"),
            ("/api/v1/quotes/MP-2026-000001/withdraw", .post, #"{"reason":"\#(String(repeating: "x", count: 2_001))"}"#, .unprocessableContent, "reason"),
            ("/api/v1/candidates/K00001/name-consent", .post, #"{"name":"A. de Vries","consentedOn":"2999-01-01"}"#, .unprocessableContent, "consentedOn"),
            ("/api/v1/candidates/K00001/name-consent", .post, #"{"name":"","consentedOn":"2020-01-01"}"#, .unprocessableContent, "name"),
            ("/api/v1/quotes", .post, #"{"candidateId":"K99999","vacancyId":1,"startDate":"2027-01-04","hoursPerWeek":24,"contractMonths":12}"#, .notFound, "candidateId"),
            ("/api/v1/catalog/parameters?date=gisteren", .get, nil, .badRequest, "date"),
        ]
        try await app.test(.router) { client in
            for (uri, method, body, status, field) in cases {
                try await client.execute(uri: uri, method: method, headers: json, body: body.map { ByteBuffer(string: $0) }) { response in
                    let text = String(buffer: response.body)
                    #expect(response.status == status, "\(uri): \(text)")
                    #expect(text.contains(#""field":"\#(field)""#), "\(uri): \(text)")
                    #expect(!text.contains(#""messageNl":"fout""#), "\(uri): \(text)")
                }
            }
        }
    }
}
