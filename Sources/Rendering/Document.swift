/// A printable document as a list of blocks. Quotes (and later reports) are built once as a `Document`, and
/// the HTML and the PDF are both rendered from it, so the two renderings cannot say different things.
///
/// The model holds text only: amounts arrive already formatted (``Money/description`` is the one Dutch
/// formatter), so the renderers never format numbers themselves.
public struct Document: Sendable, Equatable {
    public var title: String
    public var subtitle: String?
    /// Printed at the foot of every PDF page and of the HTML page, e.g. "Offerte MP-2026-000001 · versie 1".
    public var footer: String?
    /// The document's language, for `<html lang>` and the PDF metadata.
    public var language: String
    public var blocks: [DocumentBlock]

    public init(title: String, subtitle: String? = nil, footer: String? = nil, language: String = "nl", blocks: [DocumentBlock] = []) {
        self.title = title
        self.subtitle = subtitle
        self.footer = footer
        self.language = language
        self.blocks = blocks
    }

    /// Every piece of text in the document, in reading order: what a search or a privacy test looks through.
    public var allText: [String] {
        var texts = [title]
        if let subtitle { texts.append(subtitle) }
        for block in blocks { texts.append(contentsOf: block.texts) }
        if let footer { texts.append(footer) }
        return texts
    }
}

/// One block of a ``Document``.
public enum DocumentBlock: Sendable, Equatable {
    /// A section heading.
    case heading(String)
    /// A heading inside a section (e.g. one instrument).
    case subheading(String)
    case paragraph(String)
    /// Label–value pairs ("Werkgever: Bakkerij De Korenaar").
    case facts([DocumentFact])
    case table(DocumentTable)
    case bullets([String])
    /// A remark that must stand out: an estimate, a warning, a condition.
    case notice(String)

    var texts: [String] {
        switch self {
        case .heading(let text), .subheading(let text), .paragraph(let text), .notice(let text): [text]
        case .facts(let facts): facts.flatMap { [$0.label, $0.value] }
        case .table(let table): [table.caption].compactMap { $0 } + table.columns.map(\.title) + table.rows.flatMap { $0 } + (table.totals ?? [])
        case .bullets(let items): items
        }
    }
}

public struct DocumentFact: Sendable, Equatable {
    public var label: String
    public var value: String

    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

public struct DocumentTable: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public enum Alignment: Sendable, Equatable { case leading, trailing }
        public var title: String
        public var alignment: Alignment
        /// The column's share of the table width, relative to the other columns.
        public var width: Int

        public init(_ title: String, alignment: Alignment = .leading, width: Int = 1) {
            self.title = title
            self.alignment = alignment
            self.width = max(1, width)
        }
    }

    public var caption: String?
    public var columns: [Column]
    /// Each row has one cell per column; a short row is padded with empty cells.
    public var rows: [[String]]
    /// A closing row in bold (totals).
    public var totals: [String]?

    public init(caption: String? = nil, columns: [Column], rows: [[String]], totals: [String]? = nil) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.totals = totals
    }

    func cells(_ row: [String]) -> [String] {
        (0..<columns.count).map { $0 < row.count ? row[$0] : "" }
    }
}
