import Hummingbird
import Services

extension APIError {
    /// Instrument evaluation refusals (instruments and quotes): the field at fault is named.
    static func instrument(_ error: InstrumentEvaluationError) -> APIError {
        switch error {
        case .candidateNotFound(let id):
            return APIError(.notFound, code: "not-found", english: error.description, dutch: "kandidaat \(id) niet gevonden", field: "candidateId")
        case .vacancyNotFound(let id):
            return APIError(.notFound, code: "not-found", english: error.description, dutch: "vacature \(id) niet gevonden", field: "vacancyId")
        case .noWage:
            return APIError(.unprocessableContent, code: "invalid-field", english: "the vacancy has no hourly wage: give hourlyWage",
                            dutch: "de vacature heeft geen uurloon: geef hourlyWage op", field: "hourlyWage")
        case .invalidTerms(let problems):
            return APIError(.unprocessableContent, code: "invalid-field", english: error.description,
                            dutch: "ongeldige plaatsingsvoorwaarden: \(problems.joined(separator: "; "))", field: "terms")
        case .invalidRequest(let reason):
            return APIError(.unprocessableContent, code: "invalid-field", english: reason, dutch: "ongeldige aanvraag: \(reason)", field: "terms")
        }
    }

    /// Quote refusals: not found 404 (naming the path parameter), wrong status 409, invalid input 422 naming `field`.
    static func quote(_ error: QuoteError, field: String) -> APIError {
        switch error {
        case .notFound(let what):
            return APIError(.notFound, code: "not-found", english: error.description, dutch: "\(what) niet gevonden", field: field)
        case .wrongStatus(let reason):
            return APIError(.conflict, code: "wrong-status", english: reason, dutch: "dit kan niet in de huidige status van de offerte (\(reason))",
                            field: "status")
        case .invalid(let reason):
            return APIError(.unprocessableContent, code: "invalid-field", english: reason, dutch: "ongeldige invoer: \(reason)", field: field)
        case .evaluation(let inner):
            return instrument(inner)
        }
    }
}
