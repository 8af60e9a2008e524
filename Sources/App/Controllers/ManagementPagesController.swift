import Domain
import Foundation
import Hummingbird
import Rendering
import Services

/// `/overzicht?jaar=2026`: the yearly management overview (quotes per month and per instrument, amounts
/// promised, candidates per ladder rung, placements per region) as SVG charts with the numbers in a table
/// beside each, a CSV per table and a print stylesheet. Counts and sums only; a consultant's overview covers
/// their own regions.
struct ManagementPagesController {
    let report: ManagementReport?
    let templates: Templates
    /// Today's year is the default of the year form.
    let currentYear: @Sendable () -> Int

    static let monthNames = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
    static let monthAbbreviations = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    static let rungNames = [1: "geïsoleerd", 2: "sociale contacten buiten de deur", 3: "deelname georganiseerde activiteiten",
                            4: "onbetaald werk", 5: "betaald werk met ondersteuning", 6: "betaald werk"]

    struct CountsRow: Sendable {
        var label: String
        var quoted: Int
        var issued: Int
        var accepted: Int
        var offered: String
        var promised: String
    }

    struct RungRow: Sendable {
        var rung: Int
        var name: String
        var total: Int
        var register: Int
        var statusHolder: Int
    }

    struct RegionRow: Sendable {
        var region: String
        var placements: Int
        var promised: String
    }

    struct View: PageView {
        var title: String
        var year: Int
        var yearOptions: [YearOption]
        var available: Bool
        var months: [CountsRow]
        var total: CountsRow
        var instruments: [CountsRow]
        var noInstruments: Bool
        var rungs: [RungRow]
        var rungTotal: Int
        var regions: [RegionRow]
        var noRegions: Bool
        var monthChart: String
        var instrumentChart: String
        var rungChart: String
        var regionChart: String
        var scope: String?
        var unreadable: Int
        /// Stored, not computed: the templates see stored properties only (reflection).
        var hasUnreadable: Bool
    }

    struct YearOption: Sendable {
        var year: Int
        var selected: Bool
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        let pages = router.group("overzicht").add(middleware: LoginRequiredMiddleware())
        pages.get { request, context -> HTML in
            let year = try requestedYear(request)
            guard let report else {
                return try templates.page("management", emptyView(year: year))
            }
            let overview = try await report.overview(year: year, by: context.auditActor)
            return try templates.page("management", view(overview, scope: context.identity?.role == .admin ? "alle regio's" : "uw regio's"))
        }
        pages.get(":table") { request, context -> Response in
            let table = try context.parameters.require("table")
            let year = try requestedYear(request)
            guard let report else { throw HTTPError(.notFound) }
            let overview = try await report.overview(year: year, by: context.auditActor)
            guard let csv = Self.csv(table, overview) else { throw HTTPError(.notFound, message: "onbekende tabel") }
            return DutchCSV.response(csv, filename: "matchpunt-overzicht-\(year)-\(table)")
        }
    }

    /// The year from the form; out of range or not a number is a 400 naming the field.
    private func requestedYear(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("jaar"), !text.isEmpty else { return currentYear() }
        guard text.count <= 4, let year = Int(text), ManagementReport.years.contains(year) else {
            throw HTTPError(.badRequest, message: "jaar moet een jaartal van 2000 tot en met 2100 zijn")
        }
        return year
    }

    private func yearOptions(_ selected: Int) -> [YearOption] {
        let newest = max(currentYear(), selected)
        return (max(ManagementReport.years.lowerBound, min(selected, newest - 5))...newest).reversed().map { YearOption(year: $0, selected: $0 == selected) }
    }

    static func countsRow(_ label: String, _ counts: ManagementOverview.QuoteCounts) -> CountsRow {
        CountsRow(label: label, quoted: counts.quoted, issued: counts.issued, accepted: counts.accepted,
                  offered: counts.offered.description, promised: counts.promised.description)
    }

    func view(_ overview: ManagementOverview, scope: String) -> View {
        let count: (Int64) -> String = { String($0) }
        let money: (Int64) -> String = { Money(cents: $0).description }
        let year = overview.year
        let monthChart = LineChart(
            id: "chart-maanden", title: "Offertes per maand in \(year)",
            description: "Lijngrafiek: aantal berekende, uitgebrachte en geaccepteerde offertes per maand. De getallen staan in de tabel ernaast.",
            categories: Self.monthAbbreviations,
            series: [.init(name: "berekend", values: overview.months.map { Int64($0.counts.quoted) }),
                     .init(name: "uitgebracht", values: overview.months.map { Int64($0.counts.issued) }),
                     .init(name: "geaccepteerd", values: overview.months.map { Int64($0.counts.accepted) })])
        let instrumentChart = BarChart(
            id: "chart-instrumenten", title: "Toegezegd bedrag per instrument in \(year)",
            description: "Staafgrafiek: het totaal van de instrumenten in geaccepteerde offertes, per instrument.",
            bars: overview.instruments.map { .init(label: $0.name, value: $0.counts.promised.cents) })
        let rungChart = BarChart(
            id: "chart-treden", title: "Kandidaten per trede van de participatieladder",
            description: "Staafgrafiek: het aantal kandidaten per trede, nu.",
            bars: overview.rungs.map { .init(label: "trede \($0.rung)", value: Int64($0.total)) })
        let regionChart = BarChart(
            id: "chart-regios", title: "Plaatsingen per arbeidsmarktregio in \(year)",
            description: "Staafgrafiek: het aantal geaccepteerde offertes per arbeidsmarktregio van de woongemeente van de kandidaat.",
            bars: overview.regions.map { .init(label: $0.region, value: Int64($0.placements)) })
        return View(
            title: "Managementoverzicht \(year)", year: year, yearOptions: yearOptions(year), available: true,
            months: overview.months.map { Self.countsRow(Self.monthNames[$0.month - 1], $0.counts) },
            total: Self.countsRow("Totaal", overview.total),
            instruments: overview.instruments.map { Self.countsRow($0.name, $0.counts) }, noInstruments: overview.instruments.isEmpty,
            rungs: overview.rungs.map { RungRow(rung: $0.rung, name: Self.rungNames[$0.rung] ?? "", total: $0.total,
                                                register: $0.targetGroupRegister, statusHolder: $0.statusHolder) },
            rungTotal: overview.rungs.reduce(0) { $0 + $1.total },
            regions: overview.regions.map { RegionRow(region: $0.region, placements: $0.placements, promised: $0.promised.description) },
            noRegions: overview.regions.isEmpty,
            monthChart: monthChart.svg(format: count), instrumentChart: instrumentChart.svg(format: money),
            rungChart: rungChart.svg(format: count), regionChart: regionChart.svg(format: count),
            scope: scope, unreadable: overview.unreadable, hasUnreadable: overview.unreadable > 0)
    }

    private func emptyView(year: Int) -> View {
        let empty = Self.countsRow("Totaal", .init())
        return View(title: "Managementoverzicht \(year)", year: year, yearOptions: yearOptions(year), available: false, months: [], total: empty,
                    instruments: [], noInstruments: true, rungs: [], rungTotal: 0, regions: [], noRegions: true, monthChart: "",
                    instrumentChart: "", rungChart: "", regionChart: "", scope: nil, unreadable: 0, hasUnreadable: false)
    }

    /// An amount as Dutch Excel reads a number: decimal comma, no thousands dots, no euro sign.
    static func csvAmount(_ money: Money) -> String { money.plain.replacingOccurrences(of: ".", with: ",") }

    static let countHeaders = ["Berekend", "Uitgebracht", "Geaccepteerd", "Aangeboden bedrag (euro)", "Toegezegd bedrag (euro)"]

    static func csvCounts(_ counts: ManagementOverview.QuoteCounts) -> [String] {
        [String(counts.quoted), String(counts.issued), String(counts.accepted), csvAmount(counts.offered), csvAmount(counts.promised)]
    }

    /// One table of the overview as CSV; nil for an unknown table name.
    static func csv(_ table: String, _ overview: ManagementOverview) -> String? {
        switch table {
        case "maanden.csv":
            return DutchCSV.document(header: ["Jaar", "Maand"] + countHeaders,
                                     rows: overview.months.map { [String(overview.year), monthNames[$0.month - 1]] + csvCounts($0.counts) }
                                         + [[String(overview.year), "totaal"] + csvCounts(overview.total)])
        case "instrumenten.csv":
            return DutchCSV.document(header: ["Jaar", "Instrument"] + countHeaders,
                                     rows: overview.instruments.map { [String(overview.year), $0.name] + csvCounts($0.counts) })
        case "treden.csv":
            return DutchCSV.document(header: ["Trede", "Omschrijving", "Kandidaten", "Waarvan doelgroepregister", "Waarvan statushouder"],
                                     rows: overview.rungs.map { [String($0.rung), rungNames[$0.rung] ?? "", String($0.total), String($0.targetGroupRegister),
                                                                 String($0.statusHolder)] })
        case "regios.csv":
            return DutchCSV.document(header: ["Jaar", "Arbeidsmarktregio", "Plaatsingen", "Toegezegd bedrag (euro)"],
                                     rows: overview.regions.map { [String(overview.year), $0.region, String($0.placements), csvAmount($0.promised)] })
        default:
            return nil
        }
    }
}
