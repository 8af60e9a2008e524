import CCairo

/// Why a PDF could not be made; cairo reports its own status text.
public struct PDFRenderingError: Error, CustomStringConvertible {
    public let description: String
}

/// PDF for a ``Document`` through cairo's PDF surface: A4, DejaVu Sans (Debian's `fonts-dejavu-core`, which
/// has "€" and "—"), text wrapped to the width, tables that break across pages with their header repeated,
/// and "pagina n van m" at the foot of every page. Real text, so `pdftotext` and screen readers can read it.
extension Document {
    public func pdf() throws -> [UInt8] {
        let sink = PDFByteSink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        guard let surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<PDFByteSink>.fromOpaque(closure).takeUnretainedValue().bytes
                .append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, context, PDFPage.width, PDFPage.height) else {
            throw PDFRenderingError(description: "cairo could not create a PDF surface")
        }
        defer { cairo_surface_destroy(surface) }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Matchpunt")
        guard let cr = cairo_create(surface) else { throw PDFRenderingError(description: "cairo could not create a context") }
        defer { cairo_destroy(cr) }

        // Pass 1 lays the document out into pages (measuring with the PDF surface's own font metrics);
        // pass 2 draws them, now that the page count for the footer is known.
        var layout = PDFLayout(cr: cr)
        layout.lay(self)
        let pages = layout.finish()
        for (number, page) in pages.enumerated() {
            for operation in page { operation.draw(cr) }
            let foot = [footer, "pagina \(number + 1) van \(pages.count)"].compactMap { $0 }.joined(separator: "  ·  ")
            PDFOperation.text(foot, x: PDFPage.margin, y: PDFPage.height - PDFPage.margin / 2, font: .small, gray: 0.35).draw(cr)
            cairo_show_page(cr)
        }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PDFRenderingError(description: "cairo: " + String(cString: cairo_status_to_string(status)))
        }
        return sink.bytes
    }
}

/// Collects the bytes cairo writes; lives only for one `pdf()` call on one thread.
private final class PDFByteSink {
    var bytes: [UInt8] = []
}

enum PDFPage {
    /// A4 in points.
    static let width = 595.276
    static let height = 841.89
    static let margin = 50.0
    static var contentWidth: Double { width - 2 * margin }
    static var bottom: Double { height - margin - 14 }
}

struct PDFFont: Equatable {
    var size: Double
    var bold: Bool

    static let title = PDFFont(size: 17, bold: true)
    static let subtitle = PDFFont(size: 10.5, bold: false)
    static let heading = PDFFont(size: 12.5, bold: true)
    static let subheading = PDFFont(size: 10.5, bold: true)
    static let body = PDFFont(size: 9.5, bold: false)
    static let bodyBold = PDFFont(size: 9.5, bold: true)
    static let table = PDFFont(size: 8.5, bold: false)
    static let tableBold = PDFFont(size: 8.5, bold: true)
    static let small = PDFFont(size: 7.5, bold: false)

    var lineHeight: Double { size * 1.35 }

    func select(_ cr: OpaquePointer) {
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }
}

enum PDFOperation {
    /// Text whose baseline starts at (x, y).
    case text(String, x: Double, y: Double, font: PDFFont, gray: Double = 0)
    case fill(x: Double, y: Double, width: Double, height: Double, gray: Double)
    case line(x1: Double, y1: Double, x2: Double, y2: Double, width: Double, gray: Double)

    func draw(_ cr: OpaquePointer) {
        switch self {
        case let .text(text, x, y, font, gray):
            font.select(cr)
            cairo_set_source_rgb(cr, gray, gray, gray)
            cairo_move_to(cr, x, y)
            cairo_show_text(cr, text)
        case let .fill(x, y, width, height, gray):
            cairo_set_source_rgb(cr, gray, gray, gray)
            cairo_rectangle(cr, x, y, width, height)
            cairo_fill(cr)
        case let .line(x1, y1, x2, y2, width, gray):
            cairo_set_source_rgb(cr, gray, gray, gray)
            cairo_set_line_width(cr, width)
            cairo_move_to(cr, x1, y1)
            cairo_line_to(cr, x2, y2)
            cairo_stroke(cr)
        }
    }
}

/// Lays blocks out top to bottom, starting a new page when the next piece does not fit.
struct PDFLayout {
    let cr: OpaquePointer
    private var pages: [[PDFOperation]] = [[]]
    /// The top of the free space on the current page.
    private var y = PDFPage.margin

    init(cr: OpaquePointer) { self.cr = cr }

    mutating func finish() -> [[PDFOperation]] { pages }

    mutating func lay(_ document: Document) {
        paragraph(document.title, font: .title, after: 4)
        if let subtitle = document.subtitle { paragraph(subtitle, font: .subtitle, gray: 0.25, after: 10) }
        for block in document.blocks { lay(block) }
    }

    private mutating func lay(_ block: DocumentBlock) {
        switch block {
        case .heading(let text):
            // Keep a heading with at least three lines of what follows.
            ensure(PDFFont.heading.lineHeight + 12 + 3 * PDFFont.body.lineHeight)
            y += 10
            paragraph(text, font: .heading, after: 2)
            add(.line(x1: PDFPage.margin, y1: y, x2: PDFPage.width - PDFPage.margin, y2: y, width: 0.6, gray: 0.45))
            y += 6
        case .subheading(let text):
            ensure(PDFFont.subheading.lineHeight + 6 + 2 * PDFFont.body.lineHeight)
            y += 5
            paragraph(text, font: .subheading, after: 3)
        case .paragraph(let text):
            paragraph(text, font: .body, after: 6)
        case .notice(let text):
            let lines = wrap(text, font: .body, width: PDFPage.contentWidth - 16)
            let height = Double(lines.count) * PDFFont.body.lineHeight + 8
            ensure(min(height, PDFPage.bottom - PDFPage.margin))
            add(.fill(x: PDFPage.margin, y: y, width: 3, height: height, gray: 0.35))
            add(.fill(x: PDFPage.margin + 3, y: y, width: PDFPage.contentWidth - 3, height: height, gray: 0.94))
            y += 4
            for line in lines { textLine(line, x: PDFPage.margin + 12, font: .body) }
            y += 10
        case .bullets(let items):
            for item in items {
                let lines = wrap(item, font: .body, width: PDFPage.contentWidth - 14)
                for (index, line) in lines.enumerated() {
                    ensure(PDFFont.body.lineHeight)
                    if index == 0 { add(.text("•", x: PDFPage.margin + 2, y: y + PDFFont.body.size, font: .body)) }
                    textLine(line, x: PDFPage.margin + 14, font: .body)
                }
                y += 2
            }
            y += 4
        case .facts(let facts):
            let labelWidth = PDFPage.contentWidth * 0.34
            for fact in facts {
                let labels = wrap(fact.label, font: .bodyBold, width: labelWidth - 8)
                let values = wrap(fact.value, font: .body, width: PDFPage.contentWidth - labelWidth)
                let count = max(labels.count, values.count)
                ensure(Double(count) * PDFFont.body.lineHeight)
                let top = y
                for (index, line) in labels.enumerated() {
                    add(.text(line, x: PDFPage.margin, y: top + Double(index) * PDFFont.body.lineHeight + PDFFont.body.size, font: .bodyBold))
                }
                for (index, line) in values.enumerated() {
                    add(.text(line, x: PDFPage.margin + labelWidth, y: top + Double(index) * PDFFont.body.lineHeight + PDFFont.body.size, font: .body))
                }
                y = top + Double(count) * PDFFont.body.lineHeight + 1
            }
            y += 6
        case .table(let table):
            self.table(table)
        }
    }

    // MARK: Tables

    private mutating func table(_ table: DocumentTable) {
        let total = Double(table.columns.reduce(0) { $0 + $1.width })
        let widths = table.columns.map { PDFPage.contentWidth * Double($0.width) / total }
        if let caption = table.caption { paragraph(caption, font: .bodyBold, after: 2) }
        let header = table.columns.map(\.title)
        tableRow(header, table: table, widths: widths, font: .tableBold, shade: 0.9)
        for row in table.rows {
            if !fits(rowHeight(table.cells(row), widths: widths, font: .table)) {
                newPage()
                tableRow(header, table: table, widths: widths, font: .tableBold, shade: 0.9)
            }
            tableRow(table.cells(row), table: table, widths: widths, font: .table, shade: nil)
        }
        if let totals = table.totals {
            if !fits(rowHeight(table.cells(totals), widths: widths, font: .tableBold)) { newPage() }
            add(.line(x1: PDFPage.margin, y1: y, x2: PDFPage.width - PDFPage.margin, y2: y, width: 1.2, gray: 0.3))
            tableRow(table.cells(totals), table: table, widths: widths, font: .tableBold, shade: nil)
        }
        y += 8
    }

    private static let cellPadding = 3.5

    private func rowHeight(_ cells: [String], widths: [Double], font: PDFFont) -> Double {
        let lines = zip(cells, widths).map { wrap($0, font: font, width: $1 - 2 * Self.cellPadding).count }.max() ?? 1
        return Double(max(lines, 1)) * font.lineHeight + 2 * Self.cellPadding
    }

    private mutating func tableRow(_ cells: [String], table: DocumentTable, widths: [Double], font: PDFFont, shade: Double?) {
        let height = rowHeight(cells, widths: widths, font: font)
        ensure(height)
        if let shade { add(.fill(x: PDFPage.margin, y: y, width: PDFPage.contentWidth, height: height, gray: shade)) }
        var x = PDFPage.margin
        for (index, cell) in cells.enumerated() {
            let width = widths[index]
            let lines = wrap(cell, font: font, width: width - 2 * Self.cellPadding)
            for (number, line) in lines.enumerated() {
                let baseline = y + Self.cellPadding + Double(number) * font.lineHeight + font.size
                let left = table.columns[index].alignment == .trailing
                    ? x + width - Self.cellPadding - advance(line, font: font)
                    : x + Self.cellPadding
                add(.text(line, x: left, y: baseline, font: font))
            }
            x += width
        }
        y += height
        add(.line(x1: PDFPage.margin, y1: y, x2: PDFPage.width - PDFPage.margin, y2: y, width: 0.4, gray: 0.65))
    }

    // MARK: Text

    private mutating func paragraph(_ text: String, font: PDFFont, gray: Double = 0, after: Double) {
        for line in wrap(text, font: font, width: PDFPage.contentWidth) { textLine(line, x: PDFPage.margin, font: font, gray: gray) }
        y += after
    }

    private mutating func textLine(_ line: String, x: Double, font: PDFFont, gray: Double = 0) {
        ensure(font.lineHeight)
        add(.text(line, x: x, y: y + font.size, font: font, gray: gray))
        y += font.lineHeight
    }

    private func advance(_ text: String, font: PDFFont) -> Double {
        font.select(cr)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance
    }

    /// Greedy word wrap; a word wider than the line is cut by characters. Line breaks in the text are kept.
    func wrap(_ text: String, font: PDFFont, width: Double) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            for word in paragraph.split(separator: " ") {
                let candidate = current.isEmpty ? String(word) : current + " " + word
                if advance(candidate, font: font) <= width {
                    current = candidate
                    continue
                }
                if !current.isEmpty { lines.append(current) }
                current = ""
                var piece = ""
                for character in word {
                    if !piece.isEmpty && advance(piece + String(character), font: font) > width {
                        lines.append(piece)
                        piece = ""
                    }
                    piece.append(character)
                }
                current = piece
            }
            lines.append(current)
        }
        return lines.isEmpty ? [""] : lines
    }

    // MARK: Pages

    private func fits(_ height: Double) -> Bool { y + height <= PDFPage.bottom }

    private mutating func ensure(_ height: Double) {
        if !fits(height) && y > PDFPage.margin { newPage() }
    }

    private mutating func newPage() {
        pages.append([])
        y = PDFPage.margin
    }

    private mutating func add(_ operation: PDFOperation) {
        pages[pages.count - 1].append(operation)
    }
}
