import Domain
import Foundation
import Reference
import Yams

/// The factors a match score is made of, in the fixed order in which contributions are added up.
///
/// The order matters: the score *is* the sum of the contributions in this order, so that an explanation's
/// contributions add up to exactly the score shown (floating-point addition is not associative).
public enum MatchFactor: String, Sendable, Codable, CaseIterable, Comparable {
    case occupation
    case skills
    case distance
    case hours
    case education
    case dutchLanguage
    case inclusiveVacancy

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The factors of practical fit, in order; occupation and skills make up relevance.
    public static let practical: [MatchFactor] = [.distance, .hours, .education, .dutchLanguage, .inclusiveVacancy]

    /// True for occupation and skills.
    public var isRelevance: Bool { self == .occupation || self == .skills }

    public var dutchName: String {
        switch self {
        case .occupation: "beroep"
        case .skills: "vaardigheden"
        case .distance: "reisafstand"
        case .hours: "uren"
        case .education: "opleiding"
        case .dutchLanguage: "Nederlandse taal"
        case .inclusiveVacancy: "inclusieve vacature"
        }
    }
}

/// Weights and thresholds of the matching score for one or more labour-market regions, read from
/// `catalog/matching/*.yaml`. Policy, not code: a region can value distance or the banenafspraak differently.
public struct MatchingProfile: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    /// Labour-market region names (as in `catalog/reference/labour-market-regions.tsv`) this profile applies to;
    /// empty for the default profile.
    public var regions: [String]
    /// Relative weights as written in the file (any positive scale).
    public var weights: [MatchFactor: Double]

    /// Occupation fit when the vacancy's occupation is one the candidate wants.
    public var sameOccupation: Double
    /// … else when it shares the ISCO unit group (4 digits), minor group (3) or sub-major group (2).
    public var sameUnitGroup: Double
    public var sameMinorGroup: Double
    public var sameSubMajorGroup: Double
    /// How much an optional skill counts relative to an essential one (0…1).
    public var optionalSkillWeight: Double
    /// Distance at or below which the distance factor is full.
    public var fullDistanceScoreWithinKm: Double
    /// Hours a week at or above which the hours factor is full: more hours in the job means a larger step out of benefit.
    public var fullHoursScoreFrom: Int
    /// What each education level short of the vacancy's minimum costs the education factor.
    public var educationPenaltyPerLevel: Double
    /// What each CEFR step short of the vacancy's minimum Dutch level costs the language factor.
    public var dutchPenaltyPerLevel: Double
    /// Inclusive-vacancy fit for the four combinations of register (doelgroepregister) and vacancy kind.
    public var registerCandidateSuitableVacancy: Double
    public var registerCandidateRegularVacancy: Double
    public var otherCandidateSuitableVacancy: Double
    public var otherCandidateRegularVacancy: Double
    /// A vacancy may start this many days before the candidate is available and still pass the start filter.
    public var startDateGraceDays: Int
    /// Results scoring below this are not listed.
    public var minimumScore: Double
    /// Share of the score that relevance (occupation and skills) earns on its own; the rest is practical fit
    /// (distance, hours, education, language, inclusive vacancy) *times* relevance, so practical factors can
    /// never lift an irrelevant vacancy: score = relevance × (share + (1 − share) × practical fit).
    public var relevanceShare: Double = 0.5
    /// Pairs whose relevance lies below this are left out of the ranking (they belong in the separate
    /// "ander beroepsveld" list); a pair with no relevance at all is never ranked, whatever this value.
    public var minimumRelevance: Double = 0.1
    /// Career-switch suggestions: an occupation is suggested when the candidate has at least this share of its
    /// essential skills …
    public var careerSwitchMinimumShare: Double = 0.5
    /// … and it has at least this many essential skills (a two-skill profile says too little) …
    public var careerSwitchMinimumEssentialSkills: Int = 4
    /// … at most this many suggestions, best share first.
    public var careerSwitchSuggestions: Int = 5

    /// Weights divided by their sum, in ``MatchFactor`` order, adjusted so that their floating-point sum in that
    /// order is at most 1: then a score (a sum of weight × value with values in [0, 1]) never exceeds 1.
    public var normalisedWeights: [Double] {
        Self.normalised(MatchFactor.allCases.map { weights[$0] ?? 0 })
    }

    /// Occupation and skills weights divided by their sum: how relevance (in [0, 1]) is made up.
    public var relevanceWeights: [Double] {
        Self.normalised([weights[.occupation] ?? 0, weights[.skills] ?? 0])
    }

    /// The five practical weights (distance … inclusive vacancy) divided by their sum: how practical fit is made up.
    public var practicalWeights: [Double] {
        Self.normalised(MatchFactor.practical.map { weights[$0] ?? 0 })
    }

    /// Divides by the sum and nudges the largest down until the floating-point sum (in order) is at most 1.
    static func normalised(_ raw: [Double]) -> [Double] {
        let total = raw.reduce(0, +)
        guard total > 0 else { return raw.map { _ in 0 } }
        var normalised = raw.map { $0 / total }
        var sum = normalised.reduce(0, +)
        while sum > 1 {
            let largest = normalised.indices.max { normalised[$0] < normalised[$1] }!
            normalised[largest] = normalised[largest].nextDown
            sum = normalised.reduce(0, +)
        }
        return normalised
    }
}

/// A matching profile file that cannot be used; names the file and, where known, the line.
public struct MatchingProfileError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var line: Int?
    public var reason: String

    public var description: String {
        if let line { return "\(path):\(line): \(reason)" }
        return "\(path): \(reason)"
    }
}

/// The profiles of `catalog/matching/`: one default (no regions) and any number of regional ones.
public struct MatchingProfiles: Sendable {
    public let defaultProfile: MatchingProfile
    public let regional: [MatchingProfile]
    private let byRegion: [String: Int]

    public init(defaultProfile: MatchingProfile, regional: [MatchingProfile]) {
        self.defaultProfile = defaultProfile
        self.regional = regional
        var byRegion: [String: Int] = [:]
        for (index, profile) in regional.enumerated() {
            for region in profile.regions { byRegion[region] = index }
        }
        self.byRegion = byRegion
    }

    /// The profile of a labour-market region, or the default.
    public func profile(forRegion name: String?) -> MatchingProfile {
        guard let name, let index = byRegion[name] else { return defaultProfile }
        return regional[index]
    }

    /// All profiles, default first; the position is the profile number an index stores per candidate.
    public var all: [MatchingProfile] { [defaultProfile] + regional }

    /// Position in ``all`` of the profile for a region.
    public func profileNumber(forRegion name: String?) -> Int {
        guard let name, let index = byRegion[name] else { return 0 }
        return index + 1
    }

    /// Loads every `*.yaml` in `directory` (normally `catalog/matching`). With `reference`, region names are
    /// checked against the labour-market regions. Throws ``MatchingProfileError`` naming file and line.
    public static func load(from directory: URL, reference: ReferenceData? = nil) throws -> MatchingProfiles {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw MatchingProfileError(path: directory.path, line: nil, reason: "cannot list matching profiles: \(error.localizedDescription)")
        }
        guard !files.isEmpty else {
            throw MatchingProfileError(path: directory.path, line: nil, reason: "no matching profile (*.yaml) found")
        }
        let knownRegions = reference.map { Set($0.regionByMunicipality.values.map(\.name)) }
        var defaults: [(MatchingProfile, String)] = []
        var regional: [MatchingProfile] = []
        var claimedBy: [String: String] = [:]
        for file in files {
            let text: String
            do { text = try String(contentsOf: file, encoding: .utf8) } catch {
                throw MatchingProfileError(path: file.path, line: nil, reason: "unreadable: \(error.localizedDescription)")
            }
            let profile = try parse(yaml: text, path: file.path)
            if let knownRegions {
                for region in profile.regions where !knownRegions.contains(region) {
                    throw MatchingProfileError(path: file.path, line: nil, reason: "unknown labour-market region '\(region)'")
                }
            }
            for region in profile.regions {
                if let other = claimedBy[region] {
                    throw MatchingProfileError(path: file.path, line: nil, reason: "region '\(region)' already has a profile in \(other)")
                }
                claimedBy[region] = file.lastPathComponent
            }
            if profile.regions.isEmpty { defaults.append((profile, file.lastPathComponent)) } else { regional.append(profile) }
        }
        guard defaults.count == 1 else {
            let names = defaults.map(\.1).joined(separator: ", ")
            throw MatchingProfileError(path: directory.path, line: nil,
                                       reason: defaults.isEmpty ? "no default profile (a profile without regions)" : "more than one default profile: \(names)")
        }
        return MatchingProfiles(defaultProfile: defaults[0].0, regional: regional)
    }

    /// Parses one profile document. Unknown keys are errors: a misspelt weight must not silently fall back.
    public static func parse(yaml: String, path: String) throws -> MatchingProfile {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw MatchingProfileError(path: path, line: nil, reason: "not valid YAML: \(error)")
        }
        guard let root, let top = root.mapping else {
            throw MatchingProfileError(path: path, line: root?.mark?.line, reason: "expected a mapping at the top")
        }
        var reader = ProfileReader(path: path)
        return try reader.read(top, rootLine: root.mark?.line)
    }
}

/// Walks the YAML node tree of a profile, remembering line numbers for messages.
private struct ProfileReader {
    let path: String

    func fail(_ node: Node?, _ reason: String) -> MatchingProfileError {
        MatchingProfileError(path: path, line: node?.mark?.line, reason: reason)
    }

    func checkKeys(_ mapping: Node.Mapping, allowed: Set<String>, section: String) throws {
        for (key, _) in mapping {
            guard let name = key.string, allowed.contains(name) else {
                throw fail(key, "unknown key '\(key.string ?? "?")' in \(section); allowed: \(allowed.sorted().joined(separator: ", "))")
            }
        }
    }

    func section(_ mapping: Node.Mapping, _ name: String) throws -> Node.Mapping {
        guard let node = mapping[name] else { throw MatchingProfileError(path: path, line: nil, reason: "missing section '\(name)'") }
        guard let inner = node.mapping else { throw fail(node, "'\(name)' must be a mapping") }
        return inner
    }

    func number(_ mapping: Node.Mapping, _ key: String, in section: String, range: ClosedRange<Double>) throws -> Double {
        guard let node = mapping[key] else {
            throw MatchingProfileError(path: path, line: nil, reason: "missing '\(section).\(key)'")
        }
        guard let value = node.float ?? node.int.map(Double.init), value.isFinite else {
            throw fail(node, "'\(section).\(key)' must be a number, found '\(node.string ?? "?")'")
        }
        guard range.contains(value) else {
            throw fail(node, "'\(section).\(key)' must lie in \(range.lowerBound)…\(range.upperBound), found \(value)")
        }
        return value
    }

    mutating func read(_ top: Node.Mapping, rootLine: Int?) throws -> MatchingProfile {
        let sections = ["profile", "description", "regions", "weights", "relevance", "careerSwitch", "occupation", "skills", "distance", "hours",
                        "education", "dutchLanguage", "inclusiveVacancy", "filters"]
        try checkKeys(top, allowed: Set(sections), section: "the profile")
        guard let name = top["profile"]?.string, !name.isEmpty else {
            throw MatchingProfileError(path: path, line: rootLine, reason: "missing 'profile' (the profile's name)")
        }
        let description = top["description"]?.string ?? ""
        var regions: [String] = []
        if let node = top["regions"] {
            guard let sequence = node.sequence else { throw fail(node, "'regions' must be a list of labour-market region names") }
            for item in sequence {
                guard let region = item.string, !region.isEmpty else { throw fail(item, "a region must be a name") }
                regions.append(region)
            }
        }

        let weightsNode = try section(top, "weights")
        try checkKeys(weightsNode, allowed: Set(MatchFactor.allCases.map(\.rawValue)), section: "weights")
        var weights: [MatchFactor: Double] = [:]
        for factor in MatchFactor.allCases {
            weights[factor] = try number(weightsNode, factor.rawValue, in: "weights", range: 0...1_000)
        }
        guard weights.values.reduce(0, +) > 0 else { throw fail(top["weights"], "at least one weight must be positive") }
        // Relevance is made of occupation and skills: without a weight on either nothing could ever be relevant.
        guard (weights[.occupation] ?? 0) + (weights[.skills] ?? 0) > 0 else {
            throw fail(top["weights"], "occupation and skills cannot both weigh 0: relevance is made of them")
        }

        let relevance = try section(top, "relevance")
        try checkKeys(relevance, allowed: ["relevanceShare", "minimumRelevance"], section: "relevance")
        let relevanceShare = try number(relevance, "relevanceShare", in: "relevance", range: 0...1)
        let minimumRelevance = try number(relevance, "minimumRelevance", in: "relevance", range: 0...1)

        let switches = try section(top, "careerSwitch")
        try checkKeys(switches, allowed: ["minimumEssentialShare", "minimumEssentialSkills", "suggestions"], section: "careerSwitch")
        let switchShare = try number(switches, "minimumEssentialShare", in: "careerSwitch", range: 0...1)
        let switchSkills = try number(switches, "minimumEssentialSkills", in: "careerSwitch", range: 1...100)
        let switchCount = try number(switches, "suggestions", in: "careerSwitch", range: 0...100)
        guard switchSkills == switchSkills.rounded(), switchCount == switchCount.rounded() else {
            throw fail(top["careerSwitch"], "'careerSwitch.minimumEssentialSkills' and 'careerSwitch.suggestions' must be whole numbers")
        }

        let occupation = try section(top, "occupation")
        try checkKeys(occupation, allowed: ["sameOccupation", "sameUnitGroup", "sameMinorGroup", "sameSubMajorGroup"], section: "occupation")
        let same = try number(occupation, "sameOccupation", in: "occupation", range: 0...1)
        let unit = try number(occupation, "sameUnitGroup", in: "occupation", range: 0...1)
        let minor = try number(occupation, "sameMinorGroup", in: "occupation", range: 0...1)
        let subMajor = try number(occupation, "sameSubMajorGroup", in: "occupation", range: 0...1)
        // A closer relative in the ISCO tree may never score lower than a more distant one.
        guard same >= unit, unit >= minor, minor >= subMajor else {
            throw fail(top["occupation"], "occupation values must not increase from sameOccupation to sameSubMajorGroup")
        }

        let skills = try section(top, "skills")
        try checkKeys(skills, allowed: ["optionalSkillWeight"], section: "skills")
        let optionalWeight = try number(skills, "optionalSkillWeight", in: "skills", range: 0...1)

        let distance = try section(top, "distance")
        try checkKeys(distance, allowed: ["fullScoreWithinKm"], section: "distance")
        let fullWithin = try number(distance, "fullScoreWithinKm", in: "distance", range: 0...300)

        let hours = try section(top, "hours")
        try checkKeys(hours, allowed: ["fullScoreFromHours"], section: "hours")
        let fullHours = try number(hours, "fullScoreFromHours", in: "hours", range: 1...80)

        let education = try section(top, "education")
        try checkKeys(education, allowed: ["penaltyPerLevelShort"], section: "education")
        let educationPenalty = try number(education, "penaltyPerLevelShort", in: "education", range: 0...1)

        let dutch = try section(top, "dutchLanguage")
        try checkKeys(dutch, allowed: ["penaltyPerLevelShort"], section: "dutchLanguage")
        let dutchPenalty = try number(dutch, "penaltyPerLevelShort", in: "dutchLanguage", range: 0...1)

        let inclusive = try section(top, "inclusiveVacancy")
        let inclusiveKeys = ["registerCandidateSuitableVacancy", "registerCandidateRegularVacancy",
                             "otherCandidateSuitableVacancy", "otherCandidateRegularVacancy"]
        try checkKeys(inclusive, allowed: Set(inclusiveKeys), section: "inclusiveVacancy")
        let inclusiveValues = try inclusiveKeys.map { try number(inclusive, $0, in: "inclusiveVacancy", range: 0...1) }

        let filters = try section(top, "filters")
        try checkKeys(filters, allowed: ["startDateGraceDays", "minimumScore"], section: "filters")
        let grace = try number(filters, "startDateGraceDays", in: "filters", range: 0...365)
        guard grace == grace.rounded() else { throw fail(filters["startDateGraceDays"], "'filters.startDateGraceDays' must be whole days") }
        let minimumScore = try number(filters, "minimumScore", in: "filters", range: 0...1)

        return MatchingProfile(
            name: name, description: description, regions: regions, weights: weights,
            sameOccupation: same, sameUnitGroup: unit, sameMinorGroup: minor, sameSubMajorGroup: subMajor,
            optionalSkillWeight: optionalWeight, fullDistanceScoreWithinKm: fullWithin, fullHoursScoreFrom: Int(fullHours),
            educationPenaltyPerLevel: educationPenalty, dutchPenaltyPerLevel: dutchPenalty,
            registerCandidateSuitableVacancy: inclusiveValues[0], registerCandidateRegularVacancy: inclusiveValues[1],
            otherCandidateSuitableVacancy: inclusiveValues[2], otherCandidateRegularVacancy: inclusiveValues[3],
            startDateGraceDays: Int(grace), minimumScore: minimumScore,
            relevanceShare: relevanceShare, minimumRelevance: minimumRelevance,
            careerSwitchMinimumShare: switchShare, careerSwitchMinimumEssentialSkills: Int(switchSkills), careerSwitchSuggestions: Int(switchCount))
    }
}
