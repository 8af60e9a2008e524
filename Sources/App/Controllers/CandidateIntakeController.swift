import Domain
import Foundation
import Hummingbird
import HTTPTypes
import Repositories
import Services

/// `/api/v1/candidates` writes: create, update (optimistic concurrency with ETag / If-Match), deactivate and
/// reactivate. All go through ``CandidateIntake``, the service the staff forms and the CSV import use too.
struct CandidateIntakeController {
    let intake: CandidateIntake

    /// A candidate as the API shows it: the record's fields plus its version and whether it is active.
    struct Resource: ResponseEncodable, Encodable {
        var stored: StoredCandidate

        enum Keys: String, CodingKey { case version, active }

        func encode(to encoder: Encoder) throws {
            try stored.candidate.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(stored.version, forKey: .version)
            try container.encode(stored.active, forKey: .active)
        }
    }

    struct DeactivateBody: Decodable {
        var reason: String?
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.post("candidates") { request, context -> Response in
            // Without an id the server assigns one (CandidateIntake.create): the body gets an empty id to decode.
            var body = request
            let bytes = try await body.collectBody(upTo: 1 << 20)
            body.body = RequestBody(buffer: ByteBuffer(bytes: Self.withEmptyIdWhenMissing(Array(bytes.readableBytesView))))
            let candidate = try await body.decodeJSON(as: Candidate.self)
            let stored = try await run { try await intake.create(candidate, by: context.auditActor) }
            var response = try Self.response(stored, status: .created, request: request, context: context)
            response.headers[.location] = "/api/v1/candidates/\(Self.pathSegment(stored.candidate.id))"
            return response
        }
        api.put("candidates/:id") { request, context -> Response in
            let id = try context.parameters.require("id")
            let expected = try CandidateETag.required(request)
            let candidate = try await request.decodeJSON(as: Candidate.self)
            guard candidate.id == id else {
                throw APIError.invalid("id", english: "the id in the body must be the id in the path", dutch: "het id in de body moet het id in het pad zijn")
            }
            let stored = try await run { try await intake.update(candidate, expectedVersion: expected, by: context.auditActor) }
            return try Self.response(stored, status: .ok, request: request, context: context)
        }
        api.post("candidates/:id/deactivate") { request, context -> Response in
            let id = try context.parameters.require("id")
            let expected = try CandidateETag.expectedVersion(request)
            // The body is optional: a reason for the audit log.
            var body = request
            let bytes = try await body.collectBody(upTo: 64 * 1024)
            var reason: String?
            if bytes.readableBytes > 0 {
                reason = try await body.decodeJSON(as: DeactivateBody.self).reason
            }
            let stored = try await run { try await intake.deactivate(id: id, expectedVersion: expected, reason: reason, by: context.auditActor) }
            return try Self.response(stored, status: .ok, request: request, context: context)
        }
        api.post("candidates/:id/reactivate") { request, context -> Response in
            let id = try context.parameters.require("id")
            let expected = try CandidateETag.expectedVersion(request)
            let stored = try await run { try await intake.reactivate(id: id, expectedVersion: expected, by: context.auditActor) }
            return try Self.response(stored, status: .ok, request: request, context: context)
        }
    }

    /// The service's refusals as API errors.
    func run(_ body: () async throws -> StoredCandidate) async throws -> StoredCandidate {
        do {
            return try await body()
        } catch let error as CandidateIntakeError {
            throw APIError.candidate(error)
        }
    }

    static func response(_ stored: StoredCandidate, status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> Response {
        var response = try Resource(stored: stored).response(from: request, context: context)
        response.status = status
        response.headers[.eTag] = CandidateETag.value(stored.version)
        return response
    }

    /// Whether a JSON object names `id` at all (a null or a number counts: the decoder then refuses it).
    struct IdProbe: Decodable {
        var namesId: Bool
        enum Keys: String, CodingKey { case id }
        init(from decoder: Decoder) throws { namesId = try decoder.container(keyedBy: Keys.self).contains(.id) }
    }

    /// A JSON object without `id` gets `"id":""` in front, which the service reads as "assign one". Anything
    /// else (not an object, an id of any value) is left as it is for the decoder and the service to judge.
    static func withEmptyIdWhenMissing(_ bytes: [UInt8]) -> [UInt8] {
        guard let probe = try? JSONDecoder().decode(IdProbe.self, from: Data(bytes)), !probe.namesId else { return bytes }
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        guard let open = bytes.firstIndex(where: { !whitespace.contains($0) }), bytes[open] == UInt8(ascii: "{") else { return bytes }
        let emptyObject = bytes[(open + 1)...].first(where: { !whitespace.contains($0) }) == UInt8(ascii: "}")
        return Array(bytes[...open]) + Array((emptyObject ? #""id":"""# : #""id":"","#).utf8) + Array(bytes[(open + 1)...])
    }

    /// The id as one path segment (validated ids are URL-safe already; this keeps the header honest regardless).
    static func pathSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? id
    }
}

/// `POST /api/v1/candidates/import`: the case system's CSV export (`text/csv`), row by row. Query `mode`
/// (`all-or-nothing`, the default, or `partial`) and `dryRun=true`. 200 with the report when written or a dry
/// run; 422 with the error shape and the same report when refused rows stopped an all-or-nothing import.
struct CandidateImportController {
    let importer: CandidateImport
    /// Larger than any real export of one region (20k candidates are about 4 MB).
    static let bodyLimit = 32 << 20

    struct Refused: ResponseEncodable, Encodable {
        var error: APIError.Body
        var report: CandidateImportReport
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.post("candidates/import") { request, context -> Response in
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            guard contentType.hasPrefix("text/csv") || contentType.hasPrefix("text/plain") || contentType.hasPrefix("application/octet-stream") else {
                throw APIError(.unsupportedMediaType, code: "unsupported-media-type", english: "send the CSV file as text/csv",
                               dutch: "stuur het CSV-bestand als text/csv", field: "Content-Type")
            }
            let parameters = request.uri.queryParameters
            var mode = CandidateImportMode.allOrNothing
            if let text = parameters.get("mode") {
                guard let parsed = CandidateImportMode(rawValue: text) else {
                    throw APIError.invalid("mode", english: "mode must be all-or-nothing or partial", dutch: "mode moet all-or-nothing of partial zijn")
                }
                mode = parsed
            }
            var dryRun = false
            if let text = parameters.get("dryRun") {
                guard let flag = ["true": true, "false": false, "1": true, "0": false][text.lowercased()] else {
                    throw APIError.invalid("dryRun", english: "dryRun must be true or false", dutch: "dryRun moet true of false zijn")
                }
                dryRun = flag
            }
            var body = request
            let buffer: ByteBuffer
            do {
                buffer = try await body.collectBody(upTo: Self.bodyLimit)
            } catch {
                throw APIError(.contentTooLarge, code: "too-large", english: "the file is larger than \(Self.bodyLimit >> 20) MB",
                               dutch: "het bestand is groter dan \(Self.bodyLimit >> 20) MB", field: "body")
            }
            let report = try await importer.run(Array(buffer.readableBytesView), fileName: "api-upload", mode: mode, dryRun: dryRun,
                                                by: context.auditActor)
            let refused = report.refused > 0 || report.fileProblem != nil
            if refused && mode == .allOrNothing && !dryRun {
                let first = report.fileProblem ?? report.refusals.first
                let error = APIError.Body(code: "import-refused",
                                          message: "\(report.refused) row(s) refused; nothing was imported (mode all-or-nothing)",
                                          messageNl: "\(report.refused) rij(en) geweigerd; er is niets geïmporteerd (modus all-or-nothing)",
                                          field: first.map { "regel \($0.row): \($0.field)" })
                var response = try Refused(error: error, report: report).response(from: request, context: context)
                response.status = .unprocessableContent
                return response
            }
            return try report.response(from: request, context: context)
        }
    }
}

extension CandidateImportReport: ResponseEncodable {}
