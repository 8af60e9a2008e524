import Hummingbird
import HTTPTypes
import Services

extension APIError {
    /// The API answer to a refused candidate write: field problems are 400 naming the (first) field and listing
    /// all; the region rule 403 naming `municipality`; a stale version 412 with the current ETag.
    static func candidate(_ error: CandidateIntakeError) -> APIError {
        switch error {
        case .invalid(let problems):
            let first = problems.first
            var apiError = APIError(.badRequest, code: "invalid-field", english: first?.english ?? "invalid candidate",
                                    dutch: first?.dutch ?? "ongeldige kandidaat", field: first?.field)
            apiError.problems = problems.map { Problem(field: $0.field, message: $0.english, messageNl: $0.dutch) }
            return apiError
        case .outsideRegions:
            return APIError(.forbidden, code: "outside-regions", english: "the municipality lies outside your labour-market regions",
                            dutch: "de woongemeente ligt buiten uw arbeidsmarktregio's", field: "municipality")
        case .notFound(let id):
            return .notFound("candidate \(id)", dutch: "kandidaat \(id)")
        case .idUnavailable(let id):
            // The same answer whether the id is taken in the caller's regions or elsewhere (see CandidateIntake.create).
            return APIError(.conflict, code: "id-unavailable", english: "candidate number \(id) is not available; leave id out to have one assigned",
                            dutch: "kandidaatnummer \(id) is niet beschikbaar; laat id weg om er een toegekend te krijgen", field: "id")
        case .versionMismatch(_, let current):
            var apiError = APIError(.preconditionFailed, code: "version-mismatch",
                                    english: "the candidate was changed meanwhile (now version \(current)); read it again and redo the change",
                                    dutch: "de kandidaat is intussen gewijzigd (nu versie \(current)); lees opnieuw en herhaal de wijziging",
                                    field: "If-Match")
            apiError.headers[.eTag] = CandidateETag.value(current)
            return apiError
        }
    }

    var problems: [Problem]? {
        get { body.problems }
        set { body.problems = newValue }
    }
}

/// The strong ETag of a candidate is its version in quotes; `If-Match` must name one.
enum CandidateETag {
    static func value(_ version: Int) -> String { "\"\(version)\"" }

    /// The version `If-Match` names: nil when the header is absent (428), an error when it names no version.
    static func expectedVersion(_ request: Request) throws -> Int? {
        guard let header = request.headers[.ifMatch] else { return nil }
        var text = header.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("W/") { text.removeFirst(2) }
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        // Bounds-checked: an absurd number is a bad header, not a trap.
        guard !text.isEmpty, text.count <= 18, text.utf8.allSatisfy({ (48...57).contains($0) }), let version = Int(text) else {
            throw APIError(.badRequest, code: "invalid-field", english: "If-Match must be the candidate's ETag, e.g. \"3\" (a version, not *)",
                           dutch: "If-Match moet de ETag van de kandidaat zijn, bijvoorbeeld \"3\" (een versie, geen *)", field: "If-Match")
        }
        return version
    }

    static func required(_ request: Request) throws -> Int {
        guard let version = try expectedVersion(request) else {
            throw APIError(.preconditionRequired, code: "precondition-required",
                           english: "a change needs If-Match with the ETag of the version it is based on",
                           dutch: "een wijziging vereist If-Match met de ETag van de versie waarop zij gebaseerd is", field: "If-Match")
        }
        return version
    }
}
