@testable import Catalog
import Domain
import Foundation
import Testing

/// Every figure can be traced, and every citation points at an article that exists.
@Suite("Catalog sources and citations")
struct CatalogSourcesTests {
    let catalog: PolicyCatalog

    init() throws { catalog = try PolicyCatalog.load(from: catalogDirectory) }

    @Test func everyParameterValueHasASource() {
        var missing: [String] = []
        for parameter in catalog.parameters {
            for value in parameter.values where (value.source ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                missing.append("\(parameter.id) vanaf \(value.from)")
            }
        }
        #expect(missing.isEmpty, "waarden zonder bron: \(missing)")
    }

    /// Secondary-only values say so; values the statute confirms do not.
    @Test func unconfirmedMarksFollowTheSources() throws {
        func value(_ id: String, _ from: String) throws -> DatedValue {
            try #require(catalog.parameter(id)?.values.first { $0.from == date(from) })
        }
        #expect(try value("jobcoaching.uwv.minimumHours", "2025-01-01").unconfirmed != nil)
        #expect(try value("jobcoaching.uwv.minimumMonths", "2025-01-01").unconfirmed != nil)
        #expect(try value("lkv.older.yearCap", "2024-01-01").unconfirmed == nil)
        #expect(try value("lkv.older.years", "2024-01-01").unconfirmed == nil)
        #expect(catalog.parameter("lkv.older.years")?.unconfirmed == nil)
        #expect(try value("pw31.n.cap", "2025-01-01").source?.contains("Pw art. 31 lid 2 onder n") == true)
        // No minimum wage from 2026-07-01 was found: the catalog has none rather than a guess.
        #expect(catalog.parameter("wml.referenceMonth.adult")?.values.last?.from == date("2026-01-01"))
    }

    @Test func theLoaderRefusesAValueWithoutASource() {
        let file = """
        parameters:
          - id: test.value
            description: test
            unit: euro
            legalReference: "Pw art. 10d lid 4"
            indexation: none
            values:
              - {from: 2026-01-01, value: 1}
        """
        #expect(throws: CatalogLoadError.self) { try PolicyCatalog.load(files: [("parameters/test.yaml", file)]) }
    }

    @Test func everyLegalReferenceNamesAnArticleInTheListOfLaws() throws {
        let laws = try LawList(contentsOf: catalogDirectory.appendingPathComponent("laws.yaml"))
        var texts: [(place: String, text: String)] = []
        for parameter in catalog.parameters {
            texts.append(("\(parameter.id).legalReference", parameter.legalReference))
            for value in parameter.values { texts.append(("\(parameter.id)@\(value.from).source", value.source ?? "")) }
        }
        for instrument in catalog.instruments {
            for basis in instrument.legalBasis { texts.append(("\(instrument.id).legalBasis", basis)) }
            for condition in instrument.conditions + instrument.actions { texts.append(("\(instrument.id).text", condition)) }
        }
        var problems: [String] = []
        var checked = 0
        for (place, text) in texts {
            let found = laws.citations(in: text)
            checked += found.count
            for citation in found where !citation.exists { problems.append("\(place): \(citation.law) art. \(citation.article) staat niet in catalog/laws.yaml") }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(checked > 80, "te weinig verwijzingen herkend: \(checked)")
    }

    @Test func everyGoldenCaseCitesAnArticleThatExists() throws {
        let laws = try LawList(contentsOf: catalogDirectory.appendingPathComponent("laws.yaml"))
        var problems: [String] = []
        var cases = 0
        for url in GoldenCaseRunner.caseFiles(in: catalogDirectory.appendingPathComponent("tests")) {
            for golden in try GoldenCaseRunner.decodeCases(text: String(contentsOf: url, encoding: .utf8)) {
                cases += 1
                let name = golden.name
                guard let law = golden.law else {
                    problems.append("\(url.lastPathComponent): '\(name)' noemt geen artikel (law:)")
                    continue
                }
                let citations = laws.citations(in: law)
                if citations.isEmpty { problems.append("\(url.lastPathComponent): '\(name)': geen wetsartikel herkend in '\(law)'") }
                for citation in citations where !citation.exists {
                    problems.append("\(url.lastPathComponent): '\(name)': \(citation.law) art. \(citation.article) staat niet in catalog/laws.yaml")
                }
            }
        }
        #expect(cases >= 120, "ten minste 120 gouden gevallen, gevonden \(cases)")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}

