import Foundation
import Testing
@testable import Rendering

@Suite struct ChartSVGTests {
    let count: (Int64) -> String = { String($0) }

    @Test func barLengthsAreProportionalToTheValues() throws {
        let chart = BarChart(id: "rungs", title: "Kandidaten per trede", description: "Aantal kandidaten per trede van de participatieladder",
                             bars: [.init(label: "trede 1", value: 40), .init(label: "trede 2", value: 20), .init(label: "trede 3", value: 10),
                                    .init(label: "trede 4", value: 0)])
        let lengths = chart.barLengths
        #expect(lengths[0] == ChartGeometry.barArea)
        #expect(lengths[1] == ChartGeometry.barArea / 2)
        #expect(lengths[2] == ChartGeometry.barArea / 4)
        #expect(lengths[3] == 0)
        let svg = chart.svg(format: count)
        // The drawn widths are the computed ones.
        let widths = try matches(#"<rect x="150" y="[0-9.]+" width="([0-9.]+)""#, in: svg)
        #expect(widths == ["230", "115", "57.5", "0"])
    }

    @Test func everyBarCarriesItsLabelAndValueAsText() {
        let chart = BarChart(id: "money", title: "Toegezegd per instrument", description: "Bedragen in euro",
                             bars: [.init(label: "Loonkostensubsidie", value: 153_014), .init(label: "Jobcoaching", value: 29_500)])
        let svg = chart.svg(format: { "€ \($0 / 100),\(String(format: "%02d", $0 % 100))" })
        #expect(svg.contains(">Loonkostensubsidie</text>"))
        #expect(svg.contains(">Jobcoaching</text>"))
        #expect(svg.contains("class=\"value\">€ 1530,14</text>"))
        #expect(svg.contains("class=\"value\">€ 295,00</text>"))
        // Readable without colour: a hatch pattern and an outline on every bar.
        #expect(svg.contains("<pattern id=\"money-hatch\""))
        #expect(svg.components(separatedBy: "fill=\"url(#money-hatch)\" stroke=").count == 3)
    }

    @Test func chartIsAnImageLabelledByItsTitleAndDescription() {
        let svg = BarChart(id: "r", title: "Plaatsingen per regio", description: "Geaccepteerde offertes per arbeidsmarktregio", bars: []).svg(format: count)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("role=\"img\" aria-labelledby=\"r-title r-desc\""))
        #expect(svg.contains("<title id=\"r-title\">Plaatsingen per regio</title>"))
        #expect(svg.contains("<desc id=\"r-desc\">Geaccepteerde offertes per arbeidsmarktregio</desc>"))
        #expect(svg.contains("geen gegevens"))
        #expect(svg.hasSuffix("</svg>"))
    }

    @Test func textIsEscaped() {
        let chart = BarChart(id: "x\"><script>", title: "A & B <c>", description: "\"quoted\" 'single'",
                             bars: [.init(label: "<img src=x onerror=alert(1)>", value: 3)])
        let svg = chart.svg(format: count)
        #expect(!svg.contains("<script>"))
        #expect(!svg.contains("<img"))
        #expect(svg.contains("A &amp; B &lt;c&gt;"))
        #expect(svg.contains("&quot;quoted&quot; &#39;single&#39;"))
        #expect(svg.contains("&lt;img src=x onerror=alert(1)&gt;"))
        // The id is reduced to safe characters wherever it is used.
        #expect(svg.contains("id=\"x---script--title\""))
        let line = LineChart(id: "l", title: "<t>", description: "d", categories: ["jan & feb"], series: [.init(name: "<s>", values: [1])])
            .svg(format: count)
        #expect(!line.contains("<s>"))
        #expect(!line.contains("<t>"))
        #expect(line.contains("jan &amp; feb"))
    }

    @Test func lineSeriesDifferInMarkerAndDashAndHaveALegend() throws {
        let chart = LineChart(id: "months", title: "Offertes per maand", description: "Berekend, uitgebracht en geaccepteerd per maand",
                              categories: ["jan", "feb", "mrt"],
                              series: [.init(name: "berekend", values: [4, 8, 2]), .init(name: "uitgebracht", values: [2, 4, 1]),
                                       .init(name: "geaccepteerd", values: [0, 2, 1])])
        let svg = chart.svg(format: count)
        #expect(chart.scaleMaximum == 8)
        // y is proportional: 8 at the top of the plot, 4 halfway, 0 on the axis.
        #expect(chart.y(of: 8) == LineChart.plotTop)
        #expect(chart.y(of: 0) == LineChart.plotBottom)
        #expect(chart.y(of: 4) == (LineChart.plotTop + LineChart.plotBottom) / 2)
        #expect(svg.contains("<circle class=\"marker\""))
        #expect(svg.contains("<rect class=\"marker\""))
        #expect(svg.contains("<polygon class=\"marker\""))
        #expect(svg.contains("stroke-dasharray=\"6 3\""))
        #expect(svg.contains("stroke-dasharray=\"2 3\""))
        #expect(svg.contains("berekend (cirkel)"))
        #expect(svg.contains("uitgebracht (vierkant)"))
        #expect(svg.contains("geaccepteerd (driehoek)"))
        #expect(svg.contains("<title>feb: uitgebracht 4</title>"))
        // Three markers per series plus one in each legend entry.
        #expect(try matches("class=\"marker\"", in: svg).count == 12)
    }

    @Test func allZeroValuesDrawWithoutDividingByZero() {
        let bars = BarChart(id: "z", title: "t", description: "d", bars: [.init(label: "a", value: 0)])
        #expect(bars.barLengths == [0])
        let line = LineChart(id: "z", title: "t", description: "d", categories: ["jan"], series: [.init(name: "s", values: [0])])
        #expect(line.scaleMaximum == 4)
        #expect(!line.svg(format: count).contains("nan"))
    }

    private func matches(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
            return String(text[Range(range, in: text)!])
        }
    }
}
