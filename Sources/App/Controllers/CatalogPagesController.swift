import Catalog
import Domain
import Foundation
import Hummingbird

/// The catalog browser for staff: the parameters in force on a chosen date for a chosen policy region, with
/// legal reference, each value's source and valid-from and the stale / unconfirmed / not-yet-known marks;
/// the instruments; and the golden cases of `catalog/tests` run against the loaded catalog (pass or fail per
/// case, with the differences).
struct CatalogPagesController {
    let policy: PolicyCatalog
    let testsDirectory: URL
    let templates: Templates
    /// The fingerprint of the loaded catalog (as quotes record it), shown with the golden-case results.
    let catalogHash: String
    let golden = GoldenCaseResults()

    struct RegionOption: Sendable {
        var id: String
        var label: String
        var selected: Bool
    }

    struct ParameterRow: Sendable {
        var id: String
        var description: String
        var value: String
        var unit: String
        var validFrom: String
        var validUntil: String?
        var legalReference: String
        var source: String
        var roles: String?
        /// Short marks: verouderd, onbevestigd, nog niet bekend, beëindigd.
        var marks: [String]
        /// The catalog's full remark for each mark.
        var remarks: [String]
    }

    struct InstrumentRow: Sendable {
        var id: String
        var name: String
        var side: String
        var paidBy: String
        var executedBy: String
        var legalBasis: String
        var conditions: [String]
        var actions: [String]
        var hasActions: Bool
    }

    struct ParametersView: PageView {
        var title: String
        var date: String
        var regions: [RegionOption]
        var regionName: String
        var parameters: [ParameterRow]
        var count: Int
        var instruments: [InstrumentRow]
    }

    struct CaseRow: Sendable {
        var name: String
        var place: String
        var passed: Bool
        var result: String
        var differences: [String]
    }

    struct GoldenView: PageView {
        var title: String
        var total: Int
        var passed: Int
        var failed: Int
        var allPassed: Bool
        var cases: [CaseRow]
        var failures: [CaseRow]
        var hasFailures: Bool
        var duration: String
        var catalogHash: String
    }

    static let sideNames: [InstrumentSide: String] = [.employer: "werkgever", .candidate: "kandidaat", .service: "dienstverlening"]

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        let pages = router.group("catalogus")
        pages.get { request, context -> HTML in
            let query = request.uri.queryParameters
            let date: CalendarDate
            if let text = query.get("datum"), !text.isEmpty {
                guard text.count <= 10, let parsed = CalendarDate(iso: text) else {
                    throw HTTPError(.badRequest, message: "datum moet een datum zijn (JJJJ-MM-DD)")
                }
                date = parsed
            } else {
                date = .today
            }
            let regionText = query.get("regio").flatMap { $0.isEmpty ? nil : $0 }
            if let regionText, !policy.regionIDs.contains(regionText) {
                throw HTTPError(.badRequest, message: "onbekende regio; kies een van \(policy.regionIDs.joined(separator: ", "))")
            }
            let rows: [ParameterInForce]
            do {
                rows = try policy.parametersInForce(on: date, region: regionText)
            } catch {
                throw HTTPError(.badRequest, message: "\(error)")
            }
            let options = [RegionOption(id: "", label: "alle parameters", selected: regionText == nil)]
                + policy.regionIDs.map { RegionOption(id: $0, label: $0, selected: $0 == regionText) }
            return try templates.page("catalog", ParametersView(
                title: "Catalogus: parameters op \(date)", date: date.description, regions: options,
                regionName: regionText.map { "regio \($0)" } ?? "alle regio's", parameters: rows.map(row), count: rows.count,
                instruments: policy.instruments.map { instrument in
                    InstrumentRow(id: instrument.id, name: instrument.name, side: Self.sideNames[instrument.side] ?? instrument.side.rawValue,
                                  paidBy: instrument.paidBy.dutchName, executedBy: instrument.executedBy.dutchName,
                                  legalBasis: instrument.legalBasis.joined(separator: "; "), conditions: instrument.conditions,
                                  actions: instrument.actions, hasActions: !instrument.actions.isEmpty)
                }), layout: request.layout(context))
        }
        pages.get("gouden-gevallen") { request, context -> HTML in
            try templates.page("catalog-golden", await golden.view { runGoldenCases() }, layout: request.layout(context))
        }
    }

    /// Runs the golden cases of `catalog/tests` against the loaded catalog, once: the catalog is loaded at start and
    /// never reloaded while the process runs, and so are the results (a changed case file shows after a restart,
    /// like a changed catalog). Running them per request took about 0.4 s of CPU on every view of this page.
    private func runGoldenCases() -> GoldenView {
        let started = ContinuousClock.now
        let report = GoldenCaseRunner(catalog: policy).run(files: GoldenCaseRunner.caseFiles(in: testsDirectory))
        let elapsed = ContinuousClock.now - started
        let cases = report.results.map { result in
            CaseRow(name: result.name, place: "\(result.file):\(result.line)", passed: result.passed,
                    result: result.passed ? "geslaagd" : "mislukt", differences: result.differences)
        }
        let milliseconds = elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return GoldenView(
            title: "Gouden gevallen", total: report.results.count, passed: report.passed, failed: report.failed,
            allPassed: report.allPassed, cases: cases, failures: cases.filter { !$0.passed }, hasFailures: report.failed > 0,
            duration: "\(milliseconds) ms", catalogHash: catalogHash)
    }

    private func row(_ entry: ParameterInForce) -> ParameterRow {
        let parameter = policy.parameter(entry.id)
        let value = parameter?.values.first { $0.from == entry.validFrom && entry.validFrom != nil }
        var marks: [String] = []
        for remark in entry.remarks {
            // A stale value is carried forward into later periods, where decisions mark it projected.
            if remark.hasPrefix("verouderd") { marks.append("verouderd: geprojecteerd") }
            else if remark.hasPrefix("onbevestigd") { marks.append("onbevestigd") }
            else if remark.hasPrefix("nog geen waarde") { marks.append("nog niet bekend: geprojecteerd") }
            else if remark.hasPrefix("beëindigd") { marks.append("beëindigd") }
        }
        return ParameterRow(
            id: entry.id, description: entry.description, value: entry.value ?? "—", unit: entry.unit,
            validFrom: entry.validFrom?.description ?? "—", validUntil: entry.validUntil?.description,
            legalReference: entry.legalReference, source: value?.source ?? "—",
            roles: entry.roles.isEmpty ? nil : entry.roles.joined(separator: ", "),
            marks: Array(Set(marks)).sorted(), remarks: entry.remarks)
    }
}

/// The golden-case results of this process, computed by the first request that asks for them; requests that
/// arrive while they run wait for the same run rather than starting their own.
actor GoldenCaseResults {
    private var result: Task<CatalogPagesController.GoldenView, Never>?

    func view(_ run: @escaping @Sendable () -> CatalogPagesController.GoldenView) async -> CatalogPagesController.GoldenView {
        if let result { return await result.value }
        let task = Task.detached(priority: .utility) { run() }
        result = task
        return await task.value
    }
}
