import Catalog
import Foundation
import Testing

@Suite("Golden cases in catalog/tests")
struct GoldenCaseTests {
    @Test func everyGoldenCasePasses() throws {
        let catalog = try PolicyCatalog.load(from: catalogDirectory)
        let files = GoldenCaseRunner.caseFiles(in: catalogDirectory.appendingPathComponent("tests"))
        let report = GoldenCaseRunner(catalog: catalog).run(files: files)
        #expect(report.results.count >= 40)
        #expect(report.allPassed, "\(report.text)")
    }

    @Test func aWrongExpectationFailsWithADiff() throws {
        let catalog = try PolicyCatalog.load(from: catalogDirectory)
        let text = """
        cases:
          - name: wrong amount on purpose
            request:
              municipality: Dordrecht
              dateOfBirth: 1995-06-15
              benefit: participatiewet
              targetGroupRegister: true
              wageValue: {percent: 50, measuredOn: 2025-12-01}
              start: 2026-01-01
              hoursPerWeek: 36
              contractMonths: 12
              hourlyWage: 14.71
            expect:
              loonkostensubsidie: {status: eligible, monthly: 1530.13}
              baanbonus: {status: notEligible}
          - name: not a case
            request: {municipality: Dordrecht}
          - name: a misspelt field
            request:
              municipality: Dordrecht
              dateOfBirth: 1995-06-15
              benefit: participatiewet
              start: 2026-01-01
              hoursPerWeek: 36
              contractMonths: 12
              hourlyWage: 14.71
              targetGroupRegistr: true
            expect:
              loonkostensubsidie: {status: notEligible, monthy: 12.00}
        """
        let results = GoldenCaseRunner(catalog: catalog).run(text: text, file: "wrong.yaml")
        #expect(results.count == 3)
        #expect(results[2].differences.contains { $0.contains("onbekend veld 'targetGroupRegistr'") })
        #expect(results[2].differences.contains { $0.contains("onbekend veld 'monthy'") })
        #expect(results[0].line == 2)
        #expect(results[0].differences.contains { $0.contains("monthly: verwacht 1530.13, kreeg 1530.14") })
        #expect(results[0].differences.contains { $0.contains("baanbonus.status") })
        #expect(!results[1].passed)
        let report = GoldenReport(results: results)
        #expect(report.text.contains("FAIL wrong.yaml:2 wrong amount on purpose"))
        #expect(!report.allPassed)
    }
}

@Suite("Golden case coverage")
struct GoldenCoverageTests {
    @Test func everyRuleHasEligibleAndOtherGoldenCases() throws {
        let catalog = try PolicyCatalog.load(from: catalogDirectory)
        var statuses: [String: Set<DecisionStatus>] = [:]
        for url in GoldenCaseRunner.caseFiles(in: catalogDirectory.appendingPathComponent("tests")) {
            let text = try String(contentsOf: url, encoding: .utf8)
            // The runner already parses and checks the cases; here only which instruments they pin down.
            for (id, status) in expectedStatuses(in: text) { statuses[id, default: []].insert(status) }
        }
        for instrument in catalog.instruments where instrument.rule != nil {
            let seen = statuses[instrument.id] ?? []
            #expect(!seen.isEmpty, "\(instrument.id) has no golden case")
            #expect(seen.count >= 2 || instrument.id == "ikdoemeepremie" && seen.contains(.needsInformation),
                    "\(instrument.id) is only tested as \(seen)")
        }
    }

    /// Instrument id → expected status, from every case's `expect:`.
    private func expectedStatuses(in text: String) -> [(String, DecisionStatus)] {
        let cases = (try? GoldenCaseRunner.decodeCases(text: text)) ?? []
        return cases.flatMap { golden in (golden.expect ?? [:]).map { ($0.key, $0.value.status) } }
    }
}
