import Domain

/// A rule that excludes a candidate–vacancy pair outright, whatever the score would be.
public enum HardFilter: String, Sendable, Codable, CaseIterable, Comparable {
    case vacancyClosed
    case travelReach
    case hoursOverlap
    case drivingLicence
    case workDemand
    case startDate

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public var dutchName: String {
        switch self {
        case .vacancyClosed: "vacature open"
        case .travelReach: "binnen reisafstand"
        case .hoursOverlap: "uren passen"
        case .drivingLicence: "rijbewijs"
        case .workDemand: "geen belasting die vermeden moet worden"
        case .startDate: "startdatum na beschikbaarheid"
        }
    }
}

/// Why a hard filter excluded the pair, in words for an adviser.
public struct FilterFailure: Sendable, Codable, Hashable {
    public var filter: HardFilter
    public var reason: String
}

/// One factor of the score: its value in [0, 1], its effective weight, and what it adds to the score. For the
/// practical factors the effective weight is the profile's weight times the pair's relevance.
public struct FactorContribution: Sendable, Codable, Hashable {
    public var factor: MatchFactor
    public var value: Double
    public var weight: Double
    /// weight × value; the contributions of an explanation add up (in factor order) to its score exactly.
    public var contribution: Double
    /// What the value is based on, in Dutch ("3 van 5 essentiële vaardigheden", "12,4 km van 20 km").
    public var detail: String
}

public struct OccupationLabel: Sendable, Codable, Hashable {
    public var id: EscoID
    public var labelNL: String
    public var iscoGroup: String
}

public struct SkillLabel: Sendable, Codable, Hashable {
    public var id: EscoID
    /// ESCO's Dutch label where the reference data has one, else ESCO's English label.
    public var label: String
    /// False when `label` is the English fallback.
    public var isDutch: Bool
}

/// Something an adviser can do to make the pair fit (better).
public struct Improvement: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable {
        case training, drivingLicence, hours, travel, workDemand, startDate, education, dutchLanguage, vacancyClosed
    }
    public var kind: Kind
    public var text: String
    /// How much the score would rise, where it can be computed (a missing essential skill acquired).
    public var scoreGain: Double?
}

/// The full account of one candidate–vacancy pair: score, factors, filters and what would raise it.
public struct MatchExplanation: Sendable, Codable, Hashable {
    public var candidateId: String
    public var vacancyId: Int64
    public var vacancyTitle: String
    /// Name of the matching profile whose weights were used (the candidate's region's).
    public var profile: String
    /// The sum of the contributions; for an excluded pair, the score it would have without the failed filters.
    public var score: Double
    /// Occupation and skills fit in [0, 1], before any practical factor.
    public var relevance: Double
    /// False when relevance lies below the profile's minimum: the pair is not ranked (another field of work).
    public var isRelevant: Bool
    /// True when a hard filter fails: such a pair is never listed.
    public var isExcluded: Bool
    public var factors: [FactorContribution]
    /// False when the vacancy has no known place ("locatie onbekend"): then distance counts as 0, never as near.
    public var locationKnown: Bool
    public var filtersPassed: [HardFilter]
    public var filtersFailed: [FilterFailure]
    public var distanceKm: Double?
    public var hoursOverlap: WeeklyHours?
    public var vacancyOccupation: OccupationLabel?
    public var candidateOccupations: [OccupationLabel]
    public var skillSource: SkillSource
    public var matchedEssentialSkills: [SkillLabel]
    public var missingEssentialSkills: [SkillLabel]
    public var improvements: [Improvement]
}

/// One row of a ranking, with its explanation when asked for.
public struct MatchResult: Sendable, Codable, Hashable {
    public var rank: Int
    public var candidateId: String
    public var vacancyId: Int64
    public var score: Double
    public var explanation: MatchExplanation?
}

extension MatchResult {
    /// One line of a ranking in Dutch: "3. 81,2% — vacature 1416 Vrachtwagenchauffeur C (4,2 km)". The title and
    /// distance appear when the result carries its explanation.
    public var dutchLine: String {
        let what = explanation.map { e in
            let title = e.vacancyTitle.isEmpty ? "" : " \(e.vacancyTitle)"
            let km = e.distanceKm.map { " (\(MatchExplanation.kilometres($0)))" } ?? ""
            return "vacature \(vacancyId)\(title)\(km), kandidaat \(candidateId)"
        } ?? "vacature \(vacancyId), kandidaat \(candidateId)"
        return "\(rank). \(MatchExplanation.percent(score)) — \(what)"
    }
}

extension MatchExplanation {
    /// Plain-text account in Dutch for `matchpunt match --explain` and for staff to read out.
    public var dutchText: String {
        var lines: [String] = []
        let title = vacancyTitle.isEmpty ? "vacature \(vacancyId)" : "\(vacancyTitle) (vacature \(vacancyId))"
        lines.append("Kandidaat \(candidateId) — \(title)")
        if isExcluded {
            lines.append("Uitgesloten: " + filtersFailed.map(\.reason).joined(separator: "; ") + ".")
            lines.append("Score zonder de uitsluiting: \(Self.percent(score)) (profiel \(profile))")
        } else {
            lines.append("Score: \(Self.percent(score)) (profiel \(profile))")
        }
        if let vacancyOccupation {
            lines.append("Beroep vacature: \(vacancyOccupation.labelNL) (ISCO \(vacancyOccupation.iscoGroup))")
        }
        if !candidateOccupations.isEmpty {
            lines.append("Gewenst beroep kandidaat: " + candidateOccupations.map(\.labelNL).joined(separator: ", "))
        }
        lines.append("Relevantie (beroep en vaardigheden): \(Self.percent(relevance))"
            + (isRelevant ? "" : " — ander beroepsveld, niet in de ranglijst"))
        if let distanceKm { lines.append("Afstand: \(Self.kilometres(distanceKm))") } else if !locationKnown { lines.append("Afstand: locatie onbekend") }
        lines.append("Opbouw van de score:")
        for factor in factors {
            let name = factor.factor.dutchName.padding(toLength: 20, withPad: " ", startingAt: 0)
            lines.append("  \(name) \(Self.decimal(factor.value, 2)) × gewicht \(Self.decimal(factor.weight, 2)) = \(Self.decimal(factor.contribution, 3))  (\(factor.detail))")
        }
        if !filtersPassed.isEmpty {
            lines.append("Voldoet aan: " + filtersPassed.map(\.dutchName).joined(separator: ", "))
        }
        if !missingEssentialSkills.isEmpty {
            lines.append("Ontbrekende essentiële vaardigheden: " + missingEssentialSkills.map(\.label).joined(separator: ", "))
        }
        if !improvements.isEmpty {
            lines.append("Wat de match zou verbeteren:")
            for improvement in improvements {
                let gain = improvement.scoreGain.map { " (+\(Self.decimal($0 * 100, 1)) punt)" } ?? ""
                lines.append("  - \(improvement.text)\(gain)")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func percent(_ value: Double) -> String { decimal(value * 100, 1) + "%" }

    static func kilometres(_ km: Double) -> String { decimal(km, 1) + " km" }

    /// Dutch decimal comma, fixed digits, without Foundation's locale machinery.
    public static func decimal(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        let whole = Int(rounded / scale)
        let fraction = Int(rounded - Double(whole) * scale)
        let sign = value < 0 && rounded > 0 ? "-" : ""
        guard digits > 0 else { return "\(sign)\(whole)" }
        let fractionText = String(fraction)
        return "\(sign)\(whole),\(String(repeating: "0", count: digits - fractionText.count))\(fractionText)"
    }
}
