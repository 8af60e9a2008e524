import Domain
import Matching

/// One result of a ranking (either direction) with its explanation laid out as a table, and the links an
/// adviser follows from it: the other side's page, a one-click instrument estimate, a quote.
struct RankingRowView: Sendable {
    struct Factor: Sendable {
        let name: String
        let value: String
        let weight: String
        let contribution: String
        let detail: String
    }

    let rank: Int
    let link: String
    let label: String
    let score: String
    let distance: String
    let relevance: String
    let factors: [Factor]
    let filtersPassed: String?
    let missingSkills: String?
    let improvements: [String]
    let hasImprovements: Bool
    let occupation: String?
    let estimateLink: String
    let quoteLink: String

    init(_ result: MatchResult, link: String, label: String, terms: PlacementForm?, candidateId: String) {
        rank = result.rank
        self.link = link
        self.label = label
        score = PageFormat.percent(result.score)
        let e = result.explanation
        distance = e?.distanceKm.map(PageFormat.kilometres) ?? (e?.locationKnown == false ? "locatie onbekend" : "")
        relevance = e.map { PageFormat.percent($0.relevance) } ?? ""
        factors = (e?.factors ?? []).map {
            Factor(name: $0.factor.dutchName, value: PageFormat.decimal($0.value), weight: PageFormat.decimal($0.weight),
                   contribution: PageFormat.decimal($0.contribution, digits: 3), detail: $0.detail)
        }
        filtersPassed = (e?.filtersPassed ?? []).map(\.dutchName).joined(separator: ", ").nonEmpty
        missingSkills = (e?.missingEssentialSkills ?? []).map(\.label).joined(separator: ", ").nonEmpty
        improvements = (e?.improvements ?? []).map { improvement in
            improvement.text + (improvement.scoreGain.map { " (+\(PageFormat.decimal($0 * 100, digits: 1)) punt)" } ?? "")
        }
        hasImprovements = !improvements.isEmpty
        occupation = e?.vacancyOccupation?.labelNL
        let query = terms?.query ?? "vacature=\(result.vacancyId)"
        let escaped = QueryString.escape(candidateId)
        estimateLink = "/kandidaten/\(escaped)/instrumenten?\(query)"
        quoteLink = "/offertes/nieuw?kandidaat=\(escaped)&\(query)"
    }
}
