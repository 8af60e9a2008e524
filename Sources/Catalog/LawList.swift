import Foundation
import Yams

/// `catalog/laws.yaml`: each law's names as cited and its articles.
public struct LawList: Sendable {
    public struct Law: Sendable {
        public var cite: [String]
        public var articles: Set<String>
    }

    public struct Citation: Sendable {
        public var law: String
        public var article: String
        public var exists: Bool
    }

    public var laws: [Law] = []

    public init(contentsOf url: URL) throws {
        let root = try Yams.compose(yaml: String(contentsOf: url, encoding: .utf8))
        for node in root?.mapping?["laws"]?.sequence ?? [] {
            let cite = node.mapping?["cite"]?.sequence?.compactMap(\.string) ?? []
            let articles = Set(node.mapping?["articles"]?.sequence?.compactMap(\.string) ?? [])
            laws.append(Law(cite: cite, articles: articles))
        }
    }

    /// Every "<law> art. N[, M …]" in `text`. Paragraphs ("lid 4 en 5"), points ("onder e en g") and quoted
    /// or bracketed text after the article numbers are not article numbers and are skipped.
    public func citations(in text: String) -> [Citation] {
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
                if let stop = segment.firstIndex(where: { ";()'/\"#".contains($0) }) { segment = String(segment[..<stop]) }
                // Stop at the next law name.
                for (other, _) in names { if let next = segment.range(of: " " + other + " ") { segment = String(segment[..<next.lowerBound]) } }
                let cleaned = segment
                    .replacingOccurrences(of: #"lid\s+\d+(\s*(,|en)\s*\d+)*"#, with: " ", options: .regularExpression)
                    .replacingOccurrences(of: #"onder\s+[a-z]{1,2}(\s*(,|en)\s*[a-z]{1,2}\b)*"#, with: " ", options: .regularExpression)
                    .replacingOccurrences(of: #"\b\d{4}-\d{2}-\d{2}\b"#, with: " ", options: .regularExpression)
                    // Sub-points ("onder b 4°", "1° tot en met 3°") are not article numbers either.
                    .replacingOccurrences(of: #"\d+°"#, with: " ", options: .regularExpression)
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
