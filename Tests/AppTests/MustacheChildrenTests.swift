import Foundation
import Mustache
import Testing
@testable import App

/// The generated `MustacheParent` conformances (scripts/mustache-children.py) answer exactly what `Mirror` would:
/// every stored property by its name, a nil optional as nil, and nothing else.
@Suite struct MustacheChildrenTests {
    func sameAsMirror(_ value: some MustacheParent) {
        for child in Mirror(reflecting: value).children {
            let label = try! #require(child.label)
            let reflected = Mirror(reflecting: child.value).displayStyle == .optional
                ? Mirror(reflecting: child.value).children.first.map { String(describing: $0.value) } : String(describing: child.value)
            #expect(value.child(named: label).map { String(describing: $0) } == reflected, "\(type(of: value)).\(label)")
        }
        #expect(value.child(named: "bestaat-niet") == nil)
    }

    @Test func generatedChildrenMatchMirror() {
        sameAsMirror(CandidatePagesController.Row(id: "K1", link: "/kandidaten/K1", municipality: "Dordrecht", rung: "trede 3", hours: "24–32",
                                                  register: "ja", benefit: "bijstand", availableFrom: "1 september 2026", status: "gedeactiveerd"))
        sameAsMirror(DashboardPagesController.QuoteRow(label: "MP-2026-000001 v1", link: "/offertes/MP-2026-000001", candidateId: "K1",
                                                       validUntil: "1 oktober 2026", expiringSoon: true))
        sameAsMirror(CatalogPagesController.GoldenView(title: "Gouden gevallen", total: 2, passed: 1, failed: 1, allPassed: false, cases: [],
                                                       failures: [], hasFailures: true, duration: "3 ms", catalogHash: "abc"))
        sameAsMirror(VacancyPagesController.FormView(heading: "Nieuwe vacature", action: "/vacatures", editing: false, cancelLink: nil,
                                                     fields: [], formProblem: "Controleer de gemarkeerde velden.", banenafspraak: true))
        sameAsMirror(InstrumentCardView.Warning(kind: "stale", text: "verouderd"))
        sameAsMirror(RankingRowView.Factor(name: "afstand", value: "0,8", weight: "0,2", contribution: "0,16", detail: "12 km"))
    }

    @Test func theGeneratedFileIsCurrent() throws {
        // The same list the script writes, read back: every view model the templates read has a conformance.
        let file = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/App/Views/MustacheParent+Pages.swift"), encoding: .utf8)
        for name in ["CandidatePagesController.ListView", "CatalogPagesController.ParameterRow", "ManagementPagesController.View",
                     "UserAdminPagesController.UserRow", "QuotePagesController.QuoteView", "NetCostView.Row"] {
            #expect(file.contains("extension \(name): MustacheParent"), "\(name)")
        }
    }
}
