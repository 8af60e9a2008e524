import Domain
import Reference

/// Another occupation a candidate could move into: most of its essential skills are already there.
public struct CareerSwitch: Sendable, Codable, Hashable {
    public var occupation: OccupationLabel
    /// Essential skills of the occupation (ESCO) the candidate has, and how many it has in all.
    public var essentialHad: Int
    public var essentialTotal: Int
    /// The essential skills still missing: what training would have to add.
    public var missingEssentialSkills: [SkillLabel]
    /// Open vacancies of this occupation in the index (nil when asked of the matcher alone).
    public var openVacancies: Int?

    public var share: Double { essentialTotal == 0 ? 0 : Double(essentialHad) / Double(essentialTotal) }

    /// "heftruckchauffeur: 5 van 7 essentiële vaardigheden, mist 'x', 'y'".
    public var dutchLine: String {
        let missing = missingEssentialSkills.map { "'\($0.label)'" }.joined(separator: ", ")
        let vacancies = openVacancies.map { ", \($0) open vacature\($0 == 1 ? "" : "s")" } ?? ""
        return "\(occupation.labelNL): \(essentialHad) van \(essentialTotal) essentiële vaardigheden\(vacancies)"
            + (missing.isEmpty ? "" : "; mist \(missing)")
    }
}

extension Matcher {
    /// Occupations whose ESCO essential skills the candidate largely has, other than the ones they want already:
    /// the "what would raise this" for an occupation rather than a vacancy. Thresholds come from the candidate's
    /// profile (`careerSwitch` in `catalog/matching`). Ordered by share had, then more skills had, then ESCO code.
    public func careerSwitches(for candidate: CandidateFeatures) -> [CareerSwitch] {
        let profile = profiles.all[candidate.profileNumber]
        guard profile.careerSwitchSuggestions > 0, !candidate.skills.isEmpty else { return [] }
        var had: [Int32: Int] = [:]
        for skill in candidate.skills where Int(skill) < occupationsByEssentialSkill.count {
            for occupation in occupationsByEssentialSkill[Int(skill)] { had[occupation, default: 0] += 1 }
        }
        let desired = Set(candidate.desiredOccupations)
        let owned = Set(candidate.skills)
        var found: [(occupation: Int32, had: Int, total: Int)] = []
        for (occupation, count) in had where !desired.contains(occupation) {
            let total = essentialSkillCount[Int(occupation)]
            guard total >= profile.careerSwitchMinimumEssentialSkills,
                  Double(count) >= profile.careerSwitchMinimumShare * Double(total) else { continue }
            found.append((occupation, count, total))
        }
        found.sort { a, b in
            // Compare shares as cross products: exact, no rounding ties.
            let left = a.had * b.total, right = b.had * a.total
            if left != right { return left > right }
            if a.had != b.had { return a.had > b.had }
            return reference.occupations[Int(a.occupation)].escoCode < reference.occupations[Int(b.occupation)].escoCode
        }
        return found.prefix(profile.careerSwitchSuggestions).map { entry in
            let o = reference.occupations[Int(entry.occupation)]
            let missing = Array(Set(o.essentialSkills)).sorted().filter { !owned.contains($0) }.map { position in
                let s = reference.skills[Int(position)]
                return SkillLabel(id: s.id, label: s.label, isDutch: s.labelNL != nil)
            }
            return CareerSwitch(occupation: OccupationLabel(id: o.id, labelNL: o.labelNL, iscoGroup: o.iscoGroup),
                                essentialHad: entry.had, essentialTotal: entry.total, missingEssentialSkills: missing, openVacancies: nil)
        }
    }

    public func careerSwitches(for candidate: Candidate) -> [CareerSwitch] { careerSwitches(for: features(of: candidate)) }
}

extension MatchIndex {
    /// Career-switch suggestions for a candidate in the index, each with the number of open vacancies of that
    /// occupation held here (an adviser looks first at switches with work behind them).
    public func careerSwitches(forCandidate id: String) -> [CareerSwitch] {
        guard let features = candidateFeatures(id: id) else { return [] }
        return matcher.careerSwitches(for: features).map { suggestion in
            var suggestion = suggestion
            suggestion.openVacancies = matcher.reference.occupationPosition(suggestion.occupation.id).map { openVacancyCount(occupation: $0) } ?? 0
            return suggestion
        }
    }
}
