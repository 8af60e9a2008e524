import Domain
import Reference

/// A profile turned into plain numbers for the hot loop. Every factor value is computed by the static
/// functions here, both when the index ranks and when an explanation is built, so the two always agree.
struct ScoreRules: Sendable {
    /// Weights of occupation and skills in the score: relevanceShare × their share of relevance.
    let w0, w1: Double
    /// Occupation and skills weights within relevance (they sum to 1).
    let r0, r1: Double
    /// (1 − relevanceShare) × each practical factor's share of practical fit. In a pair's score each is
    /// multiplied by the pair's relevance first: practical fit counts only as far as the vacancy is relevant.
    let p2, p3, p4, p5, p6: Double
    /// Pairs below this relevance (and every pair with none) are not ranked.
    let minimumRelevance: Double
    let occupationByLevel: (Double, Double, Double, Double, Double)
    let optionalSkillWeight: Double
    let fullDistanceKm: Double
    let fullHours: Double
    let educationPenalty: Double
    let dutchPenalty: Double
    let inclusive: (registerSuitable: Double, registerRegular: Double, otherSuitable: Double, otherRegular: Double)
    let startGraceDays: Int32
    let minimumScore: Double

    init(_ profile: MatchingProfile) {
        let share = profile.relevanceShare
        let r = profile.relevanceWeights, p = profile.practicalWeights
        (r0, r1) = (r[0], r[1])
        (w0, w1) = (share * r[0], share * r[1])
        let rest = 1 - share
        (p2, p3, p4, p5, p6) = (rest * p[0], rest * p[1], rest * p[2], rest * p[3], rest * p[4])
        minimumRelevance = profile.minimumRelevance
        occupationByLevel = (profile.sameOccupation, profile.sameUnitGroup, profile.sameMinorGroup, profile.sameSubMajorGroup, 0)
        optionalSkillWeight = profile.optionalSkillWeight
        fullDistanceKm = profile.fullDistanceScoreWithinKm
        fullHours = Double(profile.fullHoursScoreFrom)
        educationPenalty = profile.educationPenaltyPerLevel
        dutchPenalty = profile.dutchPenaltyPerLevel
        inclusive = (profile.registerCandidateSuitableVacancy, profile.registerCandidateRegularVacancy,
                     profile.otherCandidateSuitableVacancy, profile.otherCandidateRegularVacancy)
        startGraceDays = Int32(profile.startDateGraceDays)
        minimumScore = profile.minimumScore
    }

    /// The effective weight of each factor for a pair of the given relevance, in ``MatchFactor`` order:
    /// value × weight is the factor's contribution, and the contributions add up to the score.
    func weights(relevance r: Double) -> [Double] { [w0, w1, p2 * r, p3 * r, p4 * r, p5 * r, p6 * r] }

    /// Relevance of a pair in [0, 1]: occupation fit and skills fit, nothing practical.
    @inline(__always)
    func relevance(_ v0: Double, _ v1: Double) -> Double { r0 * v0 + r1 * v1 }

    /// Whether a pair of this relevance belongs in the ranking at all.
    @inline(__always)
    func isRanked(relevance r: Double) -> Bool { r > 0 && r >= minimumRelevance }

    /// The most relevance a pair at this occupation level can reach (all skills had).
    @inline(__always)
    func relevanceCeiling(level: Int) -> Double { relevance(occupationValue(level: level), 1) }

    @inline(__always)
    func occupationValue(level: Int) -> Double {
        switch level {
        case 0: occupationByLevel.0
        case 1: occupationByLevel.1
        case 2: occupationByLevel.2
        case 3: occupationByLevel.3
        default: occupationByLevel.4
        }
    }

    /// Share of the vacancy's skills the candidate has; optional skills count `optionalSkillWeight` each.
    @inline(__always)
    func skillsValue(essentialHad: Int, essentialTotal: Int, optionalHad: Int, optionalTotal: Int) -> Double {
        let total = Double(essentialTotal) + optionalSkillWeight * Double(optionalTotal)
        guard total > 0 else { return 0 }
        return min(1, (Double(essentialHad) + optionalSkillWeight * Double(optionalHad)) / total)
    }

    /// Full within `fullDistanceKm`, then falling linearly to 0 at the candidate's reach; 0 when unknown
    /// (no credit for a distance nobody can vouch for).
    @inline(__always)
    func distanceValue(km: Double, reach: Double) -> Double {
        if km.isNaN { return 0 }
        if km <= fullDistanceKm || reach <= fullDistanceKm { return 1 }
        return max(0, min(1, 1 - (km - fullDistanceKm) / (reach - fullDistanceKm)))
    }

    /// A function of the hours overlap alone (its upper end): the more hours a week both sides can agree on,
    /// the larger the step out of benefit. Widening the overlap can therefore never lower it.
    @inline(__always)
    func hoursValue(overlapMax: Int) -> Double { min(1, Double(overlapMax) / fullHours) }

    @inline(__always)
    static func levelValue(have: Int, need: Int, penalty: Double) -> Double {
        need <= have ? 1 : max(0, 1 - penalty * Double(need - have))
    }

    @inline(__always)
    func inclusiveValue(inRegister: Bool, suitable: Bool) -> Double {
        switch (inRegister, suitable) {
        case (true, true): inclusive.registerSuitable
        case (true, false): inclusive.registerRegular
        case (false, true): inclusive.otherSuitable
        case (false, false): inclusive.otherRegular
        }
    }

    /// The score: contributions added in ``MatchFactor`` order, each practical weight first multiplied by the
    /// pair's relevance. The explanation forms the same products in the same order, so its contributions sum to
    /// exactly this number. Zero relevance gives a score of exactly 0, whatever the practical factors.
    @inline(__always)
    func score(_ v0: Double, _ v1: Double, _ v2: Double, _ v3: Double, _ v4: Double, _ v5: Double, _ v6: Double) -> Double {
        let r = relevance(v0, v1)
        var sum = w0 * v0
        sum += w1 * v1
        sum += (p2 * r) * v2
        sum += (p3 * r) * v3
        sum += (p4 * r) * v4
        sum += (p5 * r) * v5
        sum += (p6 * r) * v6
        return sum
    }

    /// The score with the skills factor full: an upper bound (the score grows with every value) used to skip
    /// the skill comparison for pairs that cannot enter the top k.
    @inline(__always)
    func bound(_ v0: Double, _ v2: Double, _ v3: Double, _ v4: Double, _ v5: Double, _ v6: Double) -> Double {
        score(v0, 1, v2, v3, v4, v5, v6)
    }
}

/// The ISCO-08 hierarchy of the ESCO occupations, for the occupation-fit factor.
struct OccupationTree: Sendable {
    /// ISCO unit group (four digits as a number) per occupation position.
    let unitGroup: [Int16]
    /// Occupation positions per ISCO sub-major group (0…99), ascending: the only occupations that can be closer
    /// than "unrelated" to one of that group.
    let occupationsBySubMajorGroup: [[Int32]]

    init(reference: ReferenceData) {
        unitGroup = reference.occupations.map { Int16($0.iscoGroup) ?? -1 }
        var groups = [[Int32]](repeating: [], count: 100)
        for (position, unit) in unitGroup.enumerated() where unit >= 0 && Int(unit) / 100 < groups.count {
            groups[Int(unit) / 100].append(Int32(position))
        }
        occupationsBySubMajorGroup = groups
    }

    /// 0 same occupation, 1 same unit group, 2 same minor group, 3 same sub-major group, 4 unrelated.
    @inline(__always)
    func level(_ a: Int32, _ b: Int32) -> Int {
        if a == b { return 0 }
        let x = unitGroup[Int(a)], y = unitGroup[Int(b)]
        if x < 0 || y < 0 { return 4 }
        if x == y { return 1 }
        if x / 10 == y / 10 { return 2 }
        if x / 100 == y / 100 { return 3 }
        return 4
    }

    /// The closest relation between a vacancy's occupation and any of the candidate's desired ones.
    @inline(__always)
    func bestLevel(vacancy: Int32, desired: UnsafeBufferPointer<Int32>) -> Int {
        var best = 4
        for d in desired { best = min(best, level(vacancy, d)) }
        return best
    }
}
