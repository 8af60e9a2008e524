import Foundation
import Testing
import TestSupport
@testable import Rendering

/// A document shaped like a quote: long enough to need a second page, with a table that breaks.
func sampleDocument(rows: Int = 60) -> Document {
    Document(
        title: "Offerte MP-2026-000042",
        subtitle: "Werkgeversservicepunt Drechtsteden — versie 1, uitgegeven 30 november 2026",
        footer: "Offerte MP-2026-000042 · versie 1",
        blocks: [
            .facts([DocumentFact("Werkgever", "Bakkerij <De Korenaar> & Zn."), DocumentFact("Kandidaat", "kandidaat K00042")]),
            .heading("Loonkostensubsidie"),
            .paragraph("De gemeente vergoedt een deel van de loonkosten zolang de werknemer minder dan het minimumloon kan verdienen. " +
                       "Dit is een lange zin die over meer dan één regel moet lopen zodat de terugloop van tekst wordt beproefd."),
            .notice("Schatting: de werkgeverslasten zijn een percentage uit de catalogus."),
            .bullets(["Vraag de subsidie aan bij de gemeente vóór de start.", "Meld wijzigingen binnen een week."]),
            .table(DocumentTable(
                caption: "Nettokosten per maand",
                columns: [.init("Periode", width: 3), .init("Loonkosten", alignment: .trailing, width: 2),
                          .init("Subsidie", alignment: .trailing, width: 2), .init("Netto", alignment: .trailing, width: 2)],
                rows: (0..<rows).map { ["maand \($0 + 1)", "€ 3.214,50", "€ 1.530,14", "€ 1.684,36"] },
                totals: ["Totaal", "€ 192.870,00", "€ 91.808,40", "€ 101.061,60"])),
        ])
}

@Suite struct DocumentRenderingTests {
    @Test func htmlEscapesEveryText() {
        let html = sampleDocument(rows: 2).htmlPage()
        #expect(html.contains("Bakkerij &lt;De Korenaar&gt; &amp; Zn."))
        #expect(!html.contains("<De Korenaar>"))
        #expect(html.contains("<html lang=\"nl\">"))
        #expect(html.contains("<td class=\"num\">€ 1.530,14</td>"))
        #expect(html.contains("<tfoot>"))
    }

    @Test func linkedStylesheetLeavesNoInlineStyle() {
        let html = sampleDocument(rows: 2).htmlPage(stylesheetHref: "/static/document.css")
        #expect(html.contains("<link rel=\"stylesheet\" href=\"/static/document.css\">"))
        #expect(!html.contains("<style>"))
    }

    @Test func pdfIsAPDFWithPages() throws {
        let bytes = try sampleDocument().pdf()
        #expect(bytes.count > 1000)
        #expect(Array(bytes.prefix(5)) == Array("%PDF-".utf8))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("%%EOF"))
    }

    /// The PDF holds real text: `pdftotext` (poppler-utils, installed by scripts/setup.sh) reads it back,
    /// including "€", the amounts in Dutch notation, the page footer and a table that broke across pages.
    @Test func pdfTextReadsBack() async throws {
        let text = try await pdfText(sampleDocument().pdf())
        #expect(text.contains("Offerte MP-2026-000042"))
        #expect(text.contains("€ 1.530,14"))
        #expect(text.contains("Bakkerij <De Korenaar> & Zn."))
        #expect(text.contains("pagina 1 van 2"))
        #expect(text.contains("pagina 2 van 2"))
        #expect(text.contains("maand 60"))
        #expect(text.contains("€ 101.061,60"))
        // The table's header is repeated on the second page.
        #expect(text.components(separatedBy: "Periode").count - 1 == 2)
    }

    @Test func aWordWiderThanTheLineIsCut() throws {
        let long = String(repeating: "loonkostensubsidie", count: 30)
        let bytes = try Document(title: "Lang", blocks: [.paragraph(long)]).pdf()
        #expect(bytes.count > 500)
    }
}
