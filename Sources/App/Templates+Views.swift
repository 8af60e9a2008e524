import Foundation
import Hummingbird
import Mustache

/// Typed view models for the admin, catalog and management pages: each page gets one `struct` whose stored
/// properties are the template's names (swift-mustache reads them by reflection), so a page cannot be handed
/// a value it does not declare.
protocol PageView: Sendable {
    /// The page title (`<title>` and the heading of most pages).
    var title: String { get }
}

extension Templates {
    /// Renders a typed view model with one of the templates.
    func page(_ name: String, _ view: some PageView) throws -> HTML {
        guard let html = library.render(view, withTemplate: name) else {
            throw HTTPError(.internalServerError, message: "template \(name) missing")
        }
        return HTML(html)
    }
}

/// CSV as Dutch spreadsheets open it: `;` between fields (Dutch Excel uses the comma as the decimal mark
/// and so expects `;` as the list separator), a UTF-8 byte-order mark (otherwise Excel reads "€" and "ë" as
/// Windows-1252), CRLF line ends, RFC 4180 quoting, and a leading =, +, - or @ defused so that no cell runs
/// as a formula.
enum DutchCSV {
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func document(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ";") + "\r\n" }.joined()
    }

    static func response(_ text: String, filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\""],
                 body: .init(byteBuffer: ByteBuffer(string: "\u{FEFF}" + text)))
    }
}

/// The fields of a posted `application/x-www-form-urlencoded` form (the body is bounded; the CSRF
/// middleware has already read and checked it, and keeps it readable).
struct FormFields: Sendable {
    let values: [String: String]

    init(_ request: Request, limit: Int = 64 * 1024) async throws {
        var request = request
        let body = String(buffer: try await request.collectBody(upTo: limit))
        var values: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding else { continue }
            let value = parts.count == 2 ? String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding : ""
            // A field given twice keeps its first value, as the CSRF check reads it.
            if values[name] == nil, let value { values[name] = value }
        }
        self.values = values
    }

    subscript(_ name: String) -> String { values[name] ?? "" }
}
