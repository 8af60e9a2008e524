/// Server-rendered SVG charts for the staff pages (the management overview). Pure functions: a chart value
/// in, SVG text out, no I/O and no clock, so the tests check the markup itself.
///
/// Readable without colour: every bar carries its value as text at its end and a hatch pattern with an
/// outline; every line series has its own marker shape and dash pattern, a legend that repeats both and its
/// name written at the end of the line. Each chart is `role="img"` with a `<title>` and `<desc>` it is
/// labelled by; the page puts the same numbers in a table beside it.
///
/// Values are whole numbers (counts, or cents for money); the caller passes the one Dutch formatter
/// (`Money.description`, or a count) as `format`, so the chart never formats numbers itself.

/// A horizontal bar chart: one bar per category, its length proportional to its value.
public struct BarChart: Sendable, Equatable {
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Int64
        public init(label: String, value: Int64) {
            self.label = label
            self.value = value
        }
    }

    /// Makes the chart's element ids unique on the page (letters, digits and `-` are kept).
    public var id: String
    public var title: String
    public var description: String
    public var bars: [Bar]

    public init(id: String, title: String, description: String, bars: [Bar]) {
        self.id = id
        self.title = title
        self.description = description
        self.bars = bars
    }
}

/// A line chart over ordered categories (months), one line per series.
public struct LineChart: Sendable, Equatable {
    public struct Series: Sendable, Equatable {
        public var name: String
        /// One value per category.
        public var values: [Int64]
        public init(name: String, values: [Int64]) {
            self.name = name
            self.values = values
        }
    }

    public var id: String
    public var title: String
    public var description: String
    public var categories: [String]
    public var series: [Series]

    public init(id: String, title: String, description: String, categories: [String], series: [Series]) {
        self.id = id
        self.title = title
        self.description = description
        self.categories = categories
        self.series = series
    }
}

/// The geometry both charts share, in SVG user units (the SVG scales to its container's width).
enum ChartGeometry {
    static let width = 480.0
    /// Horizontal bars: the label column, then the bar area, then room for the value text.
    static let labelColumn = 150.0
    static let barArea = 230.0
    static let rowHeight = 26.0
    static let barThickness = 16.0
    /// Ink and fill; the contrast of #154273 on white is about 10:1.
    static let ink = "#154273"
    static let text = "#1b1b1b"
    static let fill = "#dbe6f3"

    /// "3.5" — one decimal, a dot, for SVG coordinates (never shown to people).
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// An id fragment that is safe in `id="…"` and `url(#…)`.
    static func safeId(_ id: String) -> String {
        let kept = id.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "-" }
        let text = String(kept)
        return text.isEmpty ? "chart" : text
    }

    static func header(id: String, title: String, description: String, height: Double) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="\(id)-title \(id)-desc" \
        viewBox="0 0 \(number(width)) \(number(height))" width="100%" preserveAspectRatio="xMinYMin meet" font-family="system-ui, sans-serif" font-size="12">
        <title id="\(id)-title">\(HTML.escape(title))</title>
        <desc id="\(id)-desc">\(HTML.escape(description))</desc>

        """
    }
}

extension BarChart {
    /// The length of each bar in user units: proportional to its value, the largest filling the bar area.
    /// Negative values draw as zero (the charts show counts and amounts promised).
    public var barLengths: [Double] {
        let largest = bars.map(\.value).max() ?? 0
        guard largest > 0 else { return bars.map { _ in 0 } }
        return bars.map { ChartGeometry.barArea * Double(max(0, $0.value)) / Double(largest) }
    }

    /// The chart as an SVG element; `format` writes a value as people read it (e.g. `Money(cents:).description`).
    public func svg(format: (Int64) -> String) -> String {
        typealias G = ChartGeometry
        let id = G.safeId(self.id)
        let height = max(1, Double(bars.count)) * G.rowHeight + 8
        var svg = G.header(id: id, title: title, description: description, height: height)
        svg += """
        <defs><pattern id="\(id)-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">\
        <rect width="6" height="6" fill="\(G.fill)"/><line x1="0" y1="0" x2="0" y2="6" stroke="\(G.ink)" stroke-width="2"/></pattern></defs>

        """
        if bars.isEmpty {
            svg += "<text x=\"0\" y=\"20\" fill=\"\(G.text)\">geen gegevens</text>\n"
        }
        for (index, (bar, length)) in zip(bars, barLengths).enumerated() {
            let top = 4 + Double(index) * G.rowHeight
            let middle = top + G.rowHeight / 2 + 4
            let valueText = HTML.escape(format(bar.value))
            svg += "<g class=\"bar\">"
            svg += "<text x=\"\(G.number(G.labelColumn - 6))\" y=\"\(G.number(middle))\" text-anchor=\"end\" fill=\"\(G.text)\">\(HTML.escape(Self.short(bar.label)))</text>"
            svg += "<rect x=\"\(G.number(G.labelColumn))\" y=\"\(G.number(top + (G.rowHeight - G.barThickness) / 2))\" width=\"\(G.number(length))\" "
            svg += "height=\"\(G.number(G.barThickness))\" fill=\"url(#\(id)-hatch)\" stroke=\"\(G.ink)\" stroke-width=\"1\">"
            svg += "<title>\(HTML.escape(bar.label)): \(valueText)</title></rect>"
            svg += "<text x=\"\(G.number(G.labelColumn + length + 6))\" y=\"\(G.number(middle))\" fill=\"\(G.text)\" class=\"value\">\(valueText)</text>"
            svg += "</g>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// Long category names are shortened in the chart (the table beside it has them in full).
    static func short(_ label: String) -> String {
        label.count <= 24 ? label : String(label.prefix(23)) + "…"
    }
}

extension LineChart {
    /// Marker shapes and dash patterns, in series order: what tells the lines apart without colour.
    public static let markers = ["cirkel", "vierkant", "driehoek", "ruit"]
    static let dashes = ["", "6 3", "2 3", "8 2 2 2"]

    static let plotLeft = 44.0, plotRight = 400.0, plotTop = 14.0, plotBottom = 190.0

    /// The largest value, rounded up so that the scale has whole steps; at least 1.
    public var scaleMaximum: Int64 {
        let largest = max(1, series.flatMap(\.values).max() ?? 1)
        // Four gridline steps of a whole number each.
        let step = (largest + 3) / 4
        return step * 4
    }

    /// The y coordinate of a value: proportional, 0 on the axis, `scaleMaximum` at the top of the plot.
    public func y(of value: Int64) -> Double {
        let scale = Double(scaleMaximum)
        return Self.plotBottom - (Self.plotBottom - Self.plotTop) * Double(max(0, value)) / scale
    }

    func x(of index: Int) -> Double {
        let steps = max(1, categories.count - 1)
        return Self.plotLeft + (Self.plotRight - Self.plotLeft) * Double(index) / Double(steps)
    }

    public func svg(format: (Int64) -> String) -> String {
        typealias G = ChartGeometry
        let id = G.safeId(self.id)
        let legendTop = Self.plotBottom + 34
        let height = legendTop + Double(max(1, series.count)) * 18 + 6
        var svg = G.header(id: id, title: title, description: description, height: height)
        // Gridlines and the value scale.
        for step in 0...4 {
            let value = scaleMaximum * Int64(step) / 4
            let y = G.number(y(of: value))
            svg += "<line x1=\"\(G.number(Self.plotLeft))\" x2=\"\(G.number(Self.plotRight))\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#767676\" stroke-width=\"\(step == 0 ? 1 : 0.5)\"/>"
            svg += "<text x=\"\(G.number(Self.plotLeft - 4))\" y=\"\(y)\" dy=\"4\" text-anchor=\"end\" fill=\"\(G.text)\">\(HTML.escape(format(value)))</text>\n"
        }
        for (index, category) in categories.enumerated() {
            svg += "<text x=\"\(G.number(x(of: index)))\" y=\"\(G.number(Self.plotBottom + 16))\" text-anchor=\"middle\" fill=\"\(G.text)\">\(HTML.escape(category))</text>"
        }
        svg += "\n"
        for (number, line) in series.enumerated() {
            let dash = Self.dashes[number % Self.dashes.count]
            let points = line.values.prefix(categories.count).enumerated().map { "\(G.number(x(of: $0.offset))),\(G.number(y(of: $0.element)))" }
            svg += "<g class=\"series\" data-series=\"\(HTML.escape(line.name))\">"
            svg += "<polyline fill=\"none\" stroke=\"\(G.ink)\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") points=\"\(points.joined(separator: " "))\"/>"
            for (index, value) in line.values.prefix(categories.count).enumerated() {
                let category = index < categories.count ? categories[index] : ""
                svg += Self.marker(number, x: x(of: index), y: y(of: value),
                                   title: "\(category): \(line.name) \(format(value))")
            }
            if let last = line.values.prefix(categories.count).indices.last {
                // The series' name at the end of its line: a direct label, no legend look-up needed.
                svg += "<text x=\"\(G.number(x(of: last) + 8))\" y=\"\(G.number(y(of: line.values[last]) + 4 + Double(number) * 11))\" fill=\"\(G.text)\">"
                svg += "\(HTML.escape(Self.shortName(line.name)))</text>"
            }
            svg += "</g>\n"
            // The legend repeats marker and dash.
            let legendY = legendTop + Double(number) * 18
            svg += "<g class=\"legend\"><line x1=\"\(G.number(Self.plotLeft))\" x2=\"\(G.number(Self.plotLeft + 30))\" y1=\"\(G.number(legendY))\" y2=\"\(G.number(legendY))\" "
            svg += "stroke=\"\(G.ink)\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
            svg += Self.marker(number, x: Self.plotLeft + 15, y: legendY, title: nil)
            svg += "<text x=\"\(G.number(Self.plotLeft + 38))\" y=\"\(G.number(legendY + 4))\" fill=\"\(G.text)\">\(HTML.escape(line.name)) (\(Self.markers[number % Self.markers.count]))</text></g>\n"
        }
        svg += "</svg>"
        return svg
    }

    static func shortName(_ name: String) -> String { name.count <= 12 ? name : String(name.prefix(11)) + "…" }

    /// Series 0 a filled circle, 1 an open square, 2 a filled triangle, 3 an open diamond.
    static func marker(_ series: Int, x: Double, y: Double, title: String?) -> String {
        typealias G = ChartGeometry
        let tooltip = title.map { "<title>\(HTML.escape($0))</title>" } ?? ""
        let (cx, cy) = (G.number(x), G.number(y))
        switch series % 4 {
        case 0:
            return "<circle class=\"marker\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"4\" fill=\"\(G.ink)\">\(tooltip)</circle>"
        case 1:
            return "<rect class=\"marker\" x=\"\(G.number(x - 4))\" y=\"\(G.number(y - 4))\" width=\"8\" height=\"8\" fill=\"#fff\" stroke=\"\(G.ink)\" stroke-width=\"2\">\(tooltip)</rect>"
        case 2:
            return "<polygon class=\"marker\" points=\"\(cx),\(G.number(y - 5)) \(G.number(x + 5)),\(G.number(y + 4)) \(G.number(x - 5)),\(G.number(y + 4))\" fill=\"\(G.ink)\">\(tooltip)</polygon>"
        default:
            return "<polygon class=\"marker\" points=\"\(cx),\(G.number(y - 5)) \(G.number(x + 5)),\(cy) \(cx),\(G.number(y + 5)) \(G.number(x - 5)),\(cy)\" fill=\"#fff\" stroke=\"\(G.ink)\" stroke-width=\"2\">\(tooltip)</polygon>"
        }
    }
}
