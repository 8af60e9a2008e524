import Domain
import Foundation
import Hummingbird
import Repositories
import Services

/// `GET /api/v1/audit` (JSON) and `GET /api/v1/audit.csv`: the audit log for admins, paged by id and bounded
/// by time. Reading the audit is itself audited.
struct AuditController {
    let repository: any AuditRetentionRepository
    let audit: AuditLog

    struct Page: ResponseEncodable {
        var events: [AuditEvent]
        /// Pass as `afterId` for the next page; nil on the last page.
        var nextAfterId: Int64?
    }

    struct Query {
        var from: Date?
        var to: Date?
        var afterId: Int64 = 0
        var limit = 100

        init(_ parameters: Parameters, maximum: Int) throws {
            func date(_ name: String) throws -> Date? {
                guard let text = parameters.get(name) else { return nil }
                let full = CalendarDate(iso: text) != nil ? text + "T00:00:00Z" : text
                guard let date = try? Date(full, strategy: .iso8601) else {
                    throw APIError.invalid(name, english: "\(name) must be a date (YYYY-MM-DD) or an ISO 8601 time",
                                           dutch: "\(name) moet een datum (JJJJ-MM-DD) of ISO 8601-tijdstip zijn")
                }
                return date
            }
            from = try date("from")
            to = try date("to")
            if let text = parameters.get("afterId") {
                guard let value = Int64(text), value >= 0 else {
                    throw APIError.invalid("afterId", english: "afterId must be a whole number ≥ 0", dutch: "afterId moet een geheel getal ≥ 0 zijn")
                }
                afterId = value
            }
            if let text = parameters.get("limit") {
                guard let value = Int(text), (1...maximum).contains(value) else {
                    throw APIError.invalid("limit", english: "limit must be 1 to \(maximum)", dutch: "limit moet 1 tot \(maximum) zijn")
                }
                limit = value
            }
        }
    }

    func addRoutes(to admin: RouterGroup<AppRequestContext>) {
        admin.get("audit") { request, context -> Page in
            let query = try Query(request.uri.queryParameters, maximum: 1_000)
            let events = try await repository.auditEvents(from: query.from, to: query.to, afterId: query.afterId, limit: query.limit)
            try await audit.record(.auditRead, by: context.auditActor, subjectType: "audit", subjectId: "json", detail: "\(events.count) regels")
            return Page(events: events, nextAfterId: events.count == query.limit ? events.last?.id : nil)
        }
        admin.get("audit.csv") { request, context -> Response in
            let query = try Query(request.uri.queryParameters, maximum: 100_000)
            var csv = "id,at,actor,action,subjectType,subjectId,detail,requestId\r\n"
            var afterId = query.afterId
            var written = 0
            // Page through so that a large export never holds more than one page of rows from the database at once.
            while written < query.limit {
                let pageSize = min(1_000, query.limit - written)
                let page = try await repository.auditEvents(from: query.from, to: query.to, afterId: afterId, limit: pageSize)
                for event in page {
                    csv += [String(event.id ?? 0), event.at.formatted(.iso8601), event.actor, event.action, event.subjectType, event.subjectId,
                            event.detail ?? "", event.requestId ?? ""].map(Self.csvField).joined(separator: ",") + "\r\n"
                }
                written += page.count
                guard page.count == pageSize, let last = page.last?.id else { break }
                afterId = last
            }
            try await audit.record(.auditRead, by: context.auditActor, subjectType: "audit", subjectId: "csv", detail: "\(written) regels")
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"audit.csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
    }

    /// RFC 4180 quoting; a leading =, +, - or @ is defused so that a spreadsheet does not run it as a formula.
    static func csvField(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension AuditEvent: ResponseEncodable {}
extension AuditController.Page: Codable {}
