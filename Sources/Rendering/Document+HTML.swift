/// HTML for a ``Document``: semantic markup, escaped text, and a stylesheet that prints on A4.
extension Document {
    /// The stylesheet the HTML rendering uses; served as a file by the app so that pages need no inline style
    /// under a strict Content-Security-Policy.
    public static let stylesheet = """
    @page { size: A4; margin: 18mm 16mm 20mm 16mm; }
    .document { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1b1b1b; line-height: 1.45;
      max-width: 48rem; margin: 0 auto; font-size: 1rem; }
    .document h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
    .document .subtitle { color: #444; margin: 0 0 1.25rem; }
    .document h2 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; border-bottom: 1px solid #888; padding-bottom: .2rem; }
    .document h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
    .document dl { display: grid; grid-template-columns: minmax(8rem, 35%) 1fr; gap: .2rem 1rem; margin: 0 0 1rem; }
    .document dt { font-weight: bold; }
    .document dd { margin: 0; }
    .document .table-wrap { overflow-x: auto; margin: 0 0 1rem; }
    .document table { border-collapse: collapse; width: 100%; font-size: .92rem; }
    .document caption { text-align: left; font-weight: bold; padding: 0 0 .3rem; }
    .document th, .document td { border-bottom: 1px solid #bbb; padding: .3rem .45rem; vertical-align: top; text-align: left; }
    .document th { background: #e8e8e8; }
    .document .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
    .document tfoot td { font-weight: bold; border-top: 2px solid #555; }
    .document .notice { border-left: 4px solid #555; background: #f3f3f3; padding: .5rem .75rem; margin: 0 0 1rem; }
    .document footer { margin-top: 2rem; font-size: .85rem; color: #444; border-top: 1px solid #bbb; padding-top: .4rem; }
    @media print { .no-print { display: none; } .document { max-width: none; font-size: 10pt; }
      .document table { page-break-inside: auto; } .document tr { page-break-inside: avoid; } }
    """

    /// The document as an `<article>`: to embed in a page of the app.
    public func htmlFragment() -> String {
        var html = "<article class=\"document\" lang=\"\(HTML.escape(language))\">\n"
        html += "<h1>\(HTML.escape(title))</h1>\n"
        if let subtitle { html += "<p class=\"subtitle\">\(HTML.escape(subtitle))</p>\n" }
        for block in blocks { html += block.html }
        if let footer { html += "<footer>\(HTML.escape(footer))</footer>\n" }
        html += "</article>\n"
        return html
    }

    /// A whole page; `stylesheetHref` links the stylesheet (for a strict CSP), otherwise it is embedded, which
    /// makes a saved file self-contained.
    public func htmlPage(stylesheetHref: String? = nil, extraBody: String = "") -> String {
        let style = stylesheetHref.map { "<link rel=\"stylesheet\" href=\"\(HTML.escape($0))\">" }
            ?? "<style>\n\(Document.stylesheet)\n</style>"
        return """
        <!doctype html>
        <html lang="\(HTML.escape(language))">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        \(style)
        </head>
        <body>
        <main>
        \(htmlFragment())\(extraBody)
        </main>
        </body>
        </html>

        """
    }
}

extension DocumentBlock {
    var html: String {
        switch self {
        case .heading(let text): return "<h2>\(HTML.escape(text))</h2>\n"
        case .subheading(let text): return "<h3>\(HTML.escape(text))</h3>\n"
        case .paragraph(let text): return "<p>\(HTML.escape(text))</p>\n"
        case .notice(let text): return "<p class=\"notice\">\(HTML.escape(text))</p>\n"
        case .bullets(let items):
            return "<ul>\n" + items.map { "<li>\(HTML.escape($0))</li>\n" }.joined() + "</ul>\n"
        case .facts(let facts):
            return "<dl>\n" + facts.map { "<dt>\(HTML.escape($0.label))</dt><dd>\(HTML.escape($0.value))</dd>\n" }.joined() + "</dl>\n"
        case .table(let table):
            func cell(_ tag: String, _ text: String, _ column: DocumentTable.Column) -> String {
                let scope = tag == "th" ? " scope=\"col\"" : ""
                let cls = column.alignment == .trailing ? " class=\"num\"" : ""
                return "<\(tag)\(scope)\(cls)>\(HTML.escape(text))</\(tag)>"
            }
            // A wide table scrolls inside its own wrapper on a phone; the wrapper takes keyboard focus so the
            // scrolling also works without a mouse (WCAG 2.1.1), and is named after the table.
            var html = "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"\(HTML.escape(table.caption ?? "Tabel"))\"><table>\n"
            if let caption = table.caption { html += "<caption>\(HTML.escape(caption))</caption>\n" }
            html += "<thead><tr>" + table.columns.map { cell("th", $0.title, $0) }.joined() + "</tr></thead>\n<tbody>\n"
            for row in table.rows {
                html += "<tr>" + zip(table.cells(row), table.columns).map { cell("td", $0, $1) }.joined() + "</tr>\n"
            }
            html += "</tbody>\n"
            if let totals = table.totals {
                html += "<tfoot><tr>" + zip(table.cells(totals), table.columns).map { cell("td", $0, $1) }.joined() + "</tr></tfoot>\n"
            }
            html += "</table></div>\n"
            return html
        }
    }
}

/// HTML escaping for text and attribute values: the one place that does it in this target.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
