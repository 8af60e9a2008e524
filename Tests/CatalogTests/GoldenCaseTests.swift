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
        """
        let results = GoldenCaseRunner(catalog: catalog).run(text: text, file: "wrong.yaml")
        #expect(results.count == 2)
        #expect(results[0].line == 2)
        #expect(results[0].differences.contains { $0.contains("monthly: verwacht 1530.13, kreeg 1530.14") })
        #expect(results[0].differences.contains { $0.contains("baanbonus.status") })
        #expect(!results[1].passed)
        let report = GoldenReport(results: results)
        #expect(report.text.contains("FAIL wrong.yaml:2 wrong amount on purpose"))
        #expect(!report.allPassed)
    }
}
