import Domain
import Feeds
import Foundation
import Hummingbird
import Repositories
import Services

/// `/api/v1/feeds…` for admins: the vacancy feeds, their runs and quarantined records, and a run on demand.
/// A feed's authentication header is accepted on create but never returned (only whether there is one).
struct FeedController {
    let feeds: any FeedRepository
    let imports: FeedImports
    let audit: AuditLog

    /// A feed as the API shows it: everything but the secret.
    struct FeedView: ResponseEncodable, Codable {
        var id: Int64
        var name: String
        var url: String
        var format: String
        var kind: String
        var intervalMinutes: Int
        var region: String
        var hasAuthHeader: Bool
        var columnMapping: [String: String]?
        var consecutiveFailures: Int
        var createdAt: String

        init(_ feed: FeedDefinition) {
            id = feed.id
            name = feed.name
            url = feed.url
            format = feed.format
            kind = feed.kind.rawValue
            intervalMinutes = feed.intervalSeconds / 60
            region = feed.region
            hasAuthHeader = feed.authHeader != nil
            columnMapping = feed.columnMapping
            consecutiveFailures = feed.consecutiveFailures
            createdAt = feed.createdAt.formatted(.iso8601)
        }
    }

    struct NewFeed: Decodable {
        var name: String
        var url: String
        var format: String
        var kind: String?
        var intervalMinutes: Int?
        var region: String
        var authHeader: String?
        var columnMapping: [String: String]?
    }

    struct Runs: ResponseEncodable, Codable {
        var runs: [ImportRun]
    }

    struct Quarantined: ResponseEncodable, Codable {
        var records: [QuarantinedRecord]
    }

    func addRoutes(to admin: RouterGroup<AppRequestContext>) {
        admin.get("feeds") { _, _ -> [FeedView] in
            try await feeds.feeds().map(FeedView.init)
        }
        admin.post("feeds") { request, context -> Response in
            let input = try await request.decodeJSON(as: NewFeed.self)
            let feed = try Self.definition(input)
            guard feed.name.lowercased() != Vacancy.manualSource else {
                throw APIError(.conflict, code: "conflict", english: "the name '\(Vacancy.manualSource)' is reserved for vacancies entered by staff",
                               dutch: "de naam '\(Vacancy.manualSource)' is voorbehouden aan handmatig ingevoerde vacatures", field: "name")
            }
            guard try await feeds.feed(named: feed.name) == nil else {
                throw APIError(.conflict, code: "conflict", english: "a feed named \(feed.name) exists", dutch: "er is al een feed \(feed.name)", field: "name")
            }
            let saved = try await feeds.insert(feed)
            try await audit.record(.feedChanged, by: context.auditActor, subjectType: "feed", subjectId: String(saved.id), detail: "aangemaakt")
            return try FeedView(saved).response(from: request, context: context).withStatus(.created)
        }
        admin.get("feeds/:name") { _, context -> FeedView in
            try FeedView(try await feed(context))
        }
        admin.delete("feeds/:name") { _, context -> Response in
            let feed = try await feed(context)
            _ = try await feeds.removeFeed(named: feed.name)
            try await audit.record(.feedChanged, by: context.auditActor, subjectType: "feed", subjectId: String(feed.id), detail: "verwijderd")
            return Response(status: .noContent)
        }
        admin.post("feeds/:name/run") { request, context -> Response in
            let feed = try await feed(context)
            try await audit.record(.feedRun, by: context.auditActor, subjectType: "feed", subjectId: String(feed.id), detail: "handmatig gestart")
            switch try await imports.run(feed) {
            case .ran(let run):
                return try Runs(runs: run.map { [$0] } ?? []).response(from: request, context: context)
            default:
                throw APIError(.conflict, code: "feed-busy", english: "this feed is being imported right now; try again later",
                               dutch: "deze feed wordt nu al ingelezen; probeer het later opnieuw")
            }
        }
        admin.get("feeds/:name/runs") { request, context -> Runs in
            let feed = try await feed(context)
            let limit = try Self.limit(request.uri.queryParameters)
            return Runs(runs: try await feeds.importRuns(feedId: feed.id, limit: limit))
        }
        admin.get("runs/:id/quarantined") { _, context -> Quarantined in
            guard let id = context.parameters.get("id", as: Int64.self) else {
                throw APIError.invalid("id", english: "run id must be a whole number", dutch: "run-id moet een geheel getal zijn")
            }
            return Quarantined(records: try await feeds.quarantinedRecords(importRunId: id))
        }
    }

    private func feed(_ context: AppRequestContext) async throws -> FeedDefinition {
        let name = try context.parameters.require("name")
        guard let feed = try await feeds.feed(named: name) else { throw APIError.notFound("feed \(name)", dutch: "feed \(name)") }
        return feed
    }

    static func limit(_ parameters: Parameters) throws -> Int {
        guard let text = parameters.get("limit") else { return 20 }
        guard let value = Int(text), (1...500).contains(value) else {
            throw APIError.invalid("limit", english: "limit must be 1 to 500", dutch: "limit moet 1 tot 500 zijn")
        }
        return value
    }

    /// The same rules as `matchpunt feeds add`, each refusal naming its field.
    static func definition(_ input: NewFeed) throws -> FeedDefinition {
        let name = input.name.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.count), name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw APIError.invalid("name", english: "name must be 1 to 100 letters, digits, - or _", dutch: "naam moet 1 tot 100 letters, cijfers, - of _ zijn")
        }
        guard input.url.count <= 2_000, let url = URL(string: input.url), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw APIError.invalid("url", english: "url must be an http or https URL", dutch: "url moet een http- of https-adres zijn")
        }
        guard let format = FeedFormat(rawValue: input.format) else {
            throw APIError.invalid("format", english: "format must be one of \(FeedFormat.allCases.map(\.rawValue).joined(separator: ", "))",
                                   dutch: "format moet een van \(FeedFormat.allCases.map(\.rawValue).joined(separator: ", ")) zijn")
        }
        guard let kind = FeedKind(rawValue: input.kind ?? FeedKind.snapshot.rawValue) else {
            throw APIError.invalid("kind", english: "kind must be snapshot or delta", dutch: "kind moet snapshot of delta zijn")
        }
        let minutes = input.intervalMinutes ?? 60
        guard (5...10_080).contains(minutes) else {
            throw APIError.invalid("intervalMinutes", english: "intervalMinutes must be 5 to 10080", dutch: "intervalMinutes moet 5 tot 10080 zijn")
        }
        let region = input.region.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(region.count) else {
            throw APIError.invalid("region", english: "region must be 1 to 100 characters", dutch: "region moet 1 tot 100 tekens zijn")
        }
        if let header = input.authHeader, header.count > 4_000 || header.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw APIError.invalid("authHeader", english: "authHeader must be one line of at most 4000 characters",
                                   dutch: "authHeader moet één regel van hoogstens 4000 tekens zijn")
        }
        if let mapping = input.columnMapping {
            guard mapping.keys.allSatisfy({ CSVField(rawValue: $0) != nil }) else {
                throw APIError.invalid("columnMapping", english: "columnMapping keys must be out of \(CSVField.allCases.map(\.rawValue).joined(separator: ", "))",
                                       dutch: "columnMapping-sleutels moeten komen uit \(CSVField.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard format != .csv || mapping.isEmpty || mapping["externalId"] != nil else {
                throw APIError.invalid("columnMapping", english: "a CSV mapping needs externalId", dutch: "een CSV-koppeling heeft externalId nodig")
            }
        }
        return FeedDefinition(name: name, url: input.url, format: format.rawValue, kind: kind, intervalSeconds: minutes * 60, region: region,
                              authHeader: input.authHeader, columnMapping: input.columnMapping, createdAt: Date())
    }
}

extension ImportRun: ResponseEncodable {}
extension QuarantinedRecord: ResponseEncodable {}

extension Response {
    /// The same response with another status (201 for a creation).
    func withStatus(_ status: HTTPResponse.Status) -> Response {
        var copy = self
        copy.status = status
        return copy
    }
}
