@testable import Catalog
import Domain
import Foundation
import Testing
import Yams

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
        let laws = try LawList(url: catalogDirectory.appendingPathComponent("laws.yaml"))
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
        let laws = try LawList(url: catalogDirectory.appendingPathComponent("laws.yaml"))
        var problems: [String] = []
        var cases = 0
        for url in GoldenCaseRunner.caseFiles(in: catalogDirectory.appendingPathComponent("tests")) {
            let root = try Yams.compose(yaml: String(contentsOf: url, encoding: .utf8))
            for node in root?.mapping?["cases"]?.sequence ?? [] {
                cases += 1
                let name = node.mapping?["name"]?.string ?? "?"
                guard let law = node.mapping?["law"]?.string else {
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

/// `catalog/laws.yaml`: each law's names as cited and its articles.
struct LawList {
    struct Law {
        var cite: [String]
        var articles: Set<String>
    }

    struct Citation {
        var law: String
        var article: String
        var exists: Bool
    }

    var laws: [Law] = []

    init(url: URL) throws {
        let root = try Yams.compose(yaml: String(contentsOf: url, encoding: .utf8))
        for node in root?.mapping?["laws"]?.sequence ?? [] {
            let cite = node.mapping?["cite"]?.sequence?.compactMap(\.string) ?? []
            let articles = Set(node.mapping?["articles"]?.sequence?.compactMap(\.string) ?? [])
            laws.append(Law(cite: cite, articles: articles))
        }
    }

    /// Every "<law> art. N[, M …]" in `text`. Paragraphs ("lid 4 en 5"), points ("onder e en g") and quoted
    /// or bracketed text after the article numbers are not article numbers and are skipped.
    func citations(in text: String) -> [Citation] {
        var result: [Citation] = []
        // Longest names first, so "Regeling loonwaardebepaling Participatiewet" is not read as the Participatiewet.
        let names = laws.flatMap { law in law.cite.map { ($0, law) } }.sorted { $0.0.count > $1.0.count }
        var remaining = text
        for (name, law) in names {
            while let range = remaining.range(of: name + " art.") ?? remaining.range(of: name + " artikel") {
                // The name must start a word (e.g. "WW" not inside "Wet WIA").
                if range.lowerBound > remaining.startIndex, remaining[remaining.index(before: range.lowerBound)].isLetter {
                    remaining.replaceSubrange(range, with: String(repeating: "#", count: name.count + 4))
                    continue
                }
                var segment = String(remaining[range.upperBound...])
                if let stop = segment.firstIndex(where: { ";()'/\"".contains($0) }) { segment = String(segment[..<stop]) }
                // Stop at the next law name.
                for (other, _) in names { if let next = segment.range(of: " " + other + " ") { segment = String(segment[..<next.lowerBound]) } }
                let cleaned = segment
                    .replacingOccurrences(of: #"lid\s+\d+(\s*(,|en)\s*\d+)*"#, with: " ", options: .regularExpression)
                    .replacingOccurrences(of: #"onder\s+[a-z]{1,2}(\s*(,|en)\s*[a-z]{1,2}\b)*"#, with: " ", options: .regularExpression)
                    .replacingOccurrences(of: #"\b\d{4}-\d{2}-\d{2}\b"#, with: " ", options: .regularExpression)
                let pattern = try! NSRegularExpression(pattern: #"(?<![\w.:])\d+[a-z]{0,2}(?:[.:]\d+)?(?![\w.:]*\d)"#)
                let matches = pattern.matches(in: cleaned, range: NSRange(cleaned.startIndex..., in: cleaned))
                for match in matches {
                    let article = String(cleaned[Range(match.range, in: cleaned)!])
                    result.append(Citation(law: name, article: article, exists: law.articles.contains(article)))
                }
                remaining.replaceSubrange(range, with: String(repeating: "#", count: name.count + 4))
            }
        }
        return result
    }
}
