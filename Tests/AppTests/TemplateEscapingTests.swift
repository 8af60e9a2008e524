import Testing
@testable import App

/// The one HTML escaper every template uses (`FastHTMLContentType`): the same five characters and entities as
/// swift-mustache's own, by byte.
@Suite struct TemplateEscapingTests {
    @Test func escapesTheFiveCharactersAndNothingElse() {
        #expect(FastHTMLContentType.escape(#"<script>alert("x") & 'y'</script>"#)
                == "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;")
        for plain in ["", "K00005", "monteur treinelektronica (m/v)", "85,3%", "café – ’s-Hertogenbosch 😀", "a=b;c:d/e?f"] {
            #expect(FastHTMLContentType.escape(plain) == plain)
        }
        #expect(FastHTMLContentType.escape("Ré<sumé> & ’t Gooi") == "Ré&lt;sumé&gt; &amp; ’t Gooi")
    }

    /// A quote followed by a combining mark is one Character; a lookup per Character missed it, a scan per byte does not.
    @Test func aQuoteWithACombiningMarkIsEscapedToo() {
        let tricky = "\"\u{301} onmouseover=x '\u{301}"
        let escaped = FastHTMLContentType.escape(tricky)
        #expect(!escaped.utf8.contains(UInt8(ascii: "\"")) && !escaped.utf8.contains(UInt8(ascii: "'")))
        #expect(escaped == "&quot;\u{301} onmouseover=x &#39;\u{301}")
    }

    /// Every page goes through it: a value with markup in a real template comes out escaped.
    @Test func theTemplatesUseIt() async throws {
        let templates = try await Templates.load()
        let view = PageErrorMiddleware.ErrorView(status: 404, heading: "Niet <b>gevonden</b>", explanation: #"Kandidaat "K1" & 'K2'"#)
        let html = try templates.page("error", title: "Fout", layout: nil, view).body
        #expect(html.contains("<h1>Niet &lt;b&gt;gevonden&lt;/b&gt;</h1>"))
        #expect(html.contains("Kandidaat &quot;K1&quot; &amp; &#39;K2&#39;"))
        #expect(!html.contains("CONTENT_TYPE") && html.hasPrefix("<!"))
    }
}
