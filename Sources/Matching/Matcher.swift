import Domain
import Reference

/// Scores and explains candidate–vacancy pairs against the reference data and the matching profiles.
/// Immutable and thread-safe; ``MatchIndex`` uses it for the same rules at speed.
public final class Matcher: Sendable {
    public let reference: ReferenceData
    public let profiles: MatchingProfiles
    let rules: [ScoreRules]
    let tree: OccupationTree
    /// Centroid per PC4 code (index = the four digits), NaN where the reference has no such area.
    let latitude: [Double]
    let longitude: [Double]
    /// Per skill position: the occupations (positions) that list it as essential, for career-switch suggestions.
    let occupationsByEssentialSkill: [[Int32]]
    /// Distinct essential skills per occupation position.
    let essentialSkillCount: [Int]

    public init(reference: ReferenceData, profiles: MatchingProfiles) {
        self.reference = reference
        self.profiles = profiles
        self.rules = profiles.all.map(ScoreRules.init)
        self.tree = OccupationTree(reference: reference)
        var latitude = [Double](repeating: .nan, count: 10_000)
        var longitude = [Double](repeating: .nan, count: 10_000)
        for area in reference.postcodeAreas.values {
            latitude[area.pc4] = area.latitude
            longitude[area.pc4] = area.longitude
        }
        self.latitude = latitude
        self.longitude = longitude
        var byEssential = [[Int32]](repeating: [], count: reference.skills.count)
        var essentialCount = [Int](repeating: 0, count: reference.occupations.count)
        for (position, occupation) in reference.occupations.enumerated() {
            let skills = Set(occupation.essentialSkills)
            essentialCount[position] = skills.count
            for skill in skills.sorted() where Int(skill) < byEssential.count { byEssential[Int(skill)].append(Int32(position)) }
        }
        self.occupationsByEssentialSkill = byEssential
        self.essentialSkillCount = essentialCount
    }

    // MARK: - Features

    public func features(of candidate: Candidate) -> CandidateFeatures {
        let region = reference.region(ofMunicipality: candidate.municipality)
        return CandidateFeatures(
            id: candidate.id, municipality: candidate.municipality, regionNumber: region?.number,
            profileNumber: profiles.profileNumber(forRegion: region?.name),
            pc4: candidate.postcode.pc4, travelReachKm: Double(candidate.travelReachKm), hours: candidate.hoursAvailable,
            licenceBits: LicenceBits.held(candidate.drivingLicences), avoidBits: DemandBits.bits(candidate.avoid),
            availableFromDay: Int32(candidate.availableFrom.dayNumber), education: candidate.education,
            dutchLevel: candidate.dutchLevel, inRegister: candidate.targetGroupRegister,
            skills: Self.positions(candidate.skills, reference.skillPosition),
            desiredOccupations: Self.positions(candidate.desiredOccupations, reference.occupationPosition))
    }

    public func features(of vacancy: Vacancy) -> VacancyFeatures {
        let occupation = vacancy.occupation.flatMap { reference.occupationPosition($0) }.map(Int32.init)
        var essential = Self.positions(vacancy.requiredSkills, reference.skillPosition)
        var optional = Self.positions(vacancy.optionalSkills, reference.skillPosition)
        var source = SkillSource.vacancy
        if essential.isEmpty && optional.isEmpty {
            // Feeds often give a title only; the occupation's ESCO skill profile is the best stand-in.
            if let occupation {
                let profile = reference.occupations[Int(occupation)]
                essential = Array(Set(profile.essentialSkills)).sorted()
                optional = Array(Set(profile.optionalSkills).subtracting(essential)).sorted()
                source = essential.isEmpty && optional.isEmpty ? .unknown : .occupation
            } else {
                source = .unknown
            }
        } else {
            optional = Array(Set(optional).subtracting(essential)).sorted()
        }
        let area = vacancy.postcode.flatMap { reference.postcodeAreas[$0.pc4] }
        let region = area.flatMap { reference.region(ofMunicipality: $0.municipality) }
        return VacancyFeatures(
            id: vacancy.id, title: vacancy.title, municipality: area?.municipality, regionNumber: region?.number,
            pc4: vacancy.postcode?.pc4, hours: vacancy.hours, licenceBits: LicenceBits.required(vacancy.requiredLicences),
            demandBits: DemandBits.bits(vacancy.demands), startDay: vacancy.startDate.map { Int32($0.dayNumber) },
            isOpen: vacancy.status == .open, validThroughDay: vacancy.validThrough.map { Int32($0.dayNumber) },
            minimumEducation: vacancy.minimumEducation, minimumDutchLevel: vacancy.minimumDutchLevel,
            suitableForBanenafspraak: vacancy.suitableForBanenafspraak, occupation: occupation,
            essentialSkills: essential, optionalSkills: optional, skillSource: source)
    }

    static func positions(_ ids: [EscoID], _ lookup: (EscoID) -> Int?) -> [Int32] {
        Array(Set(ids.compactMap { lookup($0).map(Int32.init) })).sorted()
    }

    /// The one distance used everywhere: great circle between PC4 centroids, always computed from the lower
    /// postcode to the higher so that both directions get the identical number. NaN when either is unknown.
    @inline(__always)
    func distanceKm(_ a: Int, _ b: Int) -> Double {
        let (p, q) = a <= b ? (a, b) : (b, a)
        guard (0..<10_000).contains(p), (0..<10_000).contains(q), !latitude[p].isNaN, !latitude[q].isNaN else { return .nan }
        return ReferenceData.haversineKm(latitude[p], longitude[p], latitude[q], longitude[q])
    }

    // MARK: - Explain

    /// Explains a pair on a date (the peildatum: it decides whether the vacancy is still valid).
    public func explain(candidate: Candidate, vacancy: Vacancy, on date: CalendarDate) -> MatchExplanation {
        explain(features(of: candidate), features(of: vacancy), on: date)
    }

    /// The score of a pair, or nil when a hard filter excludes it.
    public func score(candidate: Candidate, vacancy: Vacancy, on date: CalendarDate) -> Double? {
        let explanation = explain(candidate: candidate, vacancy: vacancy, on: date)
        return explanation.isExcluded ? nil : explanation.score
    }

    /// The filters a pair fails, in ``HardFilter`` order, with reasons in Dutch.
    func failedFilters(_ c: CandidateFeatures, _ v: VacancyFeatures, day: Int32, distance: Double, rules: ScoreRules) -> [FilterFailure] {
        var failures: [FilterFailure] = []
        if !v.isOpen || (v.validThroughDay.map { $0 < day } ?? false) {
            failures.append(FilterFailure(filter: .vacancyClosed, reason: "de vacature is gesloten"))
        }
        if !distance.isNaN && distance > c.travelReachKm {
            failures.append(FilterFailure(filter: .travelReach,
                reason: "de vacature ligt op \(MatchExplanation.kilometres(distance)), verder dan de reisafstand van \(Int(c.travelReachKm)) km"))
        }
        if c.hours.overlap(with: v.hours) == nil {
            failures.append(FilterFailure(filter: .hoursOverlap,
                reason: "de kandidaat kan \(c.hours) per week, de vacature vraagt \(v.hours)"))
        }
        let missingLicences = v.licenceBits & ~c.licenceBits
        if missingLicences != 0 {
            let names = LicenceBits.licences(in: missingLicences).map(\.rawValue).joined(separator: ", ")
            failures.append(FilterFailure(filter: .drivingLicence, reason: "rijbewijs \(names) vereist, de kandidaat heeft het niet"))
        }
        let demands = v.demandBits & c.avoidBits
        if demands != 0 {
            let names = DemandBits.demands(in: demands).map(\.dutchName).joined(separator: ", ")
            failures.append(FilterFailure(filter: .workDemand, reason: "het werk vraagt \(names), wat de kandidaat moet vermijden"))
        }
        if let start = v.startDay, start + rules.startGraceDays < c.availableFromDay {
            failures.append(FilterFailure(filter: .startDate,
                reason: "de vacature begint \(CalendarDate(dayNumber: Int(start))), de kandidaat is beschikbaar vanaf \(CalendarDate(dayNumber: Int(c.availableFromDay)))"))
        }
        return failures
    }

    func explain(_ c: CandidateFeatures, _ v: VacancyFeatures, on date: CalendarDate) -> MatchExplanation {
        let rules = self.rules[c.profileNumber]
        let day = Int32(date.dayNumber)
        let distance = v.pc4.map { distanceKm(c.pc4, $0) } ?? .nan
        let failures = failedFilters(c, v, day: day, distance: distance, rules: rules)
        let failed = Set(failures.map(\.filter))

        // The same value functions, in the same order, as the index's hot loop.
        let level = v.occupation.map { o in c.desiredOccupations.withUnsafeBufferPointer { tree.bestLevel(vacancy: o, desired: $0) } } ?? 4
        let occupationValue = rules.occupationValue(level: level)
        let essentialHad = sortedIntersectionCount(c.skills, v.essentialSkills)
        let optionalHad = sortedIntersectionCount(c.skills, v.optionalSkills)
        let skillsValue = rules.skillsValue(essentialHad: essentialHad, essentialTotal: v.essentialSkills.count,
                                            optionalHad: optionalHad, optionalTotal: v.optionalSkills.count)
        let distanceValue = failed.contains(.travelReach) ? 0 : rules.distanceValue(km: distance, reach: c.travelReachKm)
        let overlap = c.hours.overlap(with: v.hours)
        let hoursValue = overlap.map { rules.hoursValue(overlapMax: $0.max) } ?? 0
        let educationValue = ScoreRules.levelValue(have: c.education.rawValue, need: v.minimumEducation?.rawValue ?? 0, penalty: rules.educationPenalty)
        let dutchValue = ScoreRules.levelValue(have: c.dutchLevel.rawValue, need: v.minimumDutchLevel?.rawValue ?? 0, penalty: rules.dutchPenalty)
        let inclusiveValue = rules.inclusiveValue(inRegister: c.inRegister, suitable: v.suitableForBanenafspraak)
        let score = rules.score(occupationValue, skillsValue, distanceValue, hoursValue, educationValue, dutchValue, inclusiveValue)

        let occupationLabel: (Int32) -> OccupationLabel = { position in
            let o = self.reference.occupations[Int(position)]
            return OccupationLabel(id: o.id, labelNL: o.labelNL, iscoGroup: o.iscoGroup)
        }
        let levelWords = ["zelfde beroep", "zelfde ISCO-beroepsgroep", "verwante ISCO-beroepsgroep (3 cijfers)", "zelfde ISCO-subhoofdgroep", "ander beroepsveld"]
        let occupationDetail = v.occupation == nil ? "beroep van de vacature onbekend"
            : c.desiredOccupations.isEmpty ? "kandidaat heeft geen gewenst beroep" : levelWords[level]
        let skillsDetail: String = switch v.skillSource {
        case .unknown: "geen vaardigheden bekend voor deze vacature"
        case .vacancy, .occupation:
            "\(essentialHad) van \(v.essentialSkills.count) essentiële en \(optionalHad) van \(v.optionalSkills.count) optionele vaardigheden"
                + (v.skillSource == .occupation ? " (van het beroep)" : "")
        }
        // A vacancy without a place is never treated as near: its distance value is 0 and the adviser reads why.
        let distanceDetail = v.pc4 == nil ? "locatie onbekend (telt niet als dichtbij)"
            : distance.isNaN ? "afstand onbekend (telt niet als dichtbij)"
            : "\(MatchExplanation.kilometres(distance)) bij een reisafstand van \(Int(c.travelReachKm)) km"
        let hoursDetail = overlap.map { "samen \($0) per week" } ?? "geen overlap in uren"
        let educationDetail = v.minimumEducation.map { "vraagt \($0.dutchName), kandidaat \(c.education.dutchName)" } ?? "geen eis"
        let dutchDetail = v.minimumDutchLevel.map { "vraagt \($0.code), kandidaat \(c.dutchLevel.code)" } ?? "geen eis"
        let inclusiveDetail = (v.suitableForBanenafspraak ? "banenafspraakbaan" : "reguliere vacature")
            + (c.inRegister ? ", kandidaat in het doelgroepregister" : ", kandidaat niet in het doelgroepregister")
        let values = [occupationValue, skillsValue, distanceValue, hoursValue, educationValue, dutchValue, inclusiveValue]
        let details = [occupationDetail, skillsDetail, distanceDetail, hoursDetail, educationDetail, dutchDetail, inclusiveDetail]
        let relevance = rules.relevance(occupationValue, skillsValue)
        let weights = rules.weights(relevance: relevance)
        let factors = MatchFactor.allCases.enumerated().map { i, factor in
            FactorContribution(factor: factor, value: values[i], weight: weights[i], contribution: weights[i] * values[i], detail: details[i])
        }

        let skillLabel: (Int32) -> SkillLabel = { position in
            let s = self.reference.skills[Int(position)]
            return SkillLabel(id: s.id, label: s.label, isDutch: s.labelNL != nil)
        }
        let candidateSkills = Set(c.skills)
        let missing = v.essentialSkills.filter { !candidateSkills.contains($0) }
        let matched = v.essentialSkills.filter { candidateSkills.contains($0) }

        var improvements: [Improvement] = []
        for failure in failures {
            improvements.append(improvement(for: failure, c, v, distance: distance))
        }
        // Each missing essential skill, with what acquiring it would add (computed, not estimated).
        // A skill raises relevance, so it raises the practical contributions too: the gain is the whole difference.
        let skillsValueWithOneMore = rules.skillsValue(essentialHad: essentialHad + 1, essentialTotal: v.essentialSkills.count,
                                                       optionalHad: optionalHad, optionalTotal: v.optionalSkills.count)
        let gainPerSkill = rules.score(occupationValue, skillsValueWithOneMore, distanceValue, hoursValue, educationValue, dutchValue, inclusiveValue) - score
        // Five at most: a longer list buries the filters an adviser can act on (the full list is in the explanation).
        for skill in missing.prefix(5) {
            let label = reference.skills[Int(skill)].label
            improvements.append(Improvement(kind: .training, text: "training of werkervaring in '\(label)'", scoreGain: gainPerSkill))
        }
        if missing.count > 5 {
            improvements.append(Improvement(kind: .training, text: "en \(missing.count - 5) andere ontbrekende essentiële vaardigheden", scoreGain: nil))
        }
        if let need = v.minimumEducation, c.education < need {
            improvements.append(Improvement(kind: .education, text: "opleiding tot minimaal \(need.dutchName) (nu \(c.education.dutchName))", scoreGain: nil))
        }
        if let need = v.minimumDutchLevel, c.dutchLevel < need {
            improvements.append(Improvement(kind: .dutchLanguage, text: "taaltraining Nederlands tot \(need.code) (nu \(c.dutchLevel.code))", scoreGain: nil))
        }
        if let overlap, overlap.max < rules.profileFullHours, c.hours.max < v.hours.max {
            improvements.append(Improvement(kind: .hours,
                text: "meer uren beschikbaar (de vacature biedt tot \(v.hours.max) uur, de kandidaat kan tot \(c.hours.max) uur)", scoreGain: nil))
        }

        return MatchExplanation(
            candidateId: c.id, vacancyId: v.id, vacancyTitle: v.title, profile: profiles.all[c.profileNumber].name, score: score,
            relevance: relevance, isRelevant: rules.isRanked(relevance: relevance), isExcluded: !failures.isEmpty, factors: factors,
            locationKnown: v.pc4 != nil,
            filtersPassed: HardFilter.allCases.filter { !failed.contains($0) }, filtersFailed: failures,
            distanceKm: distance.isNaN ? nil : distance, hoursOverlap: overlap,
            vacancyOccupation: v.occupation.map(occupationLabel), candidateOccupations: c.desiredOccupations.map(occupationLabel),
            skillSource: v.skillSource, matchedEssentialSkills: matched.map(skillLabel), missingEssentialSkills: missing.map(skillLabel),
            improvements: improvements)
    }

    private func improvement(for failure: FilterFailure, _ c: CandidateFeatures, _ v: VacancyFeatures, distance: Double) -> Improvement {
        switch failure.filter {
        case .vacancyClosed:
            return Improvement(kind: .vacancyClosed, text: "de vacature is gesloten: vraag de werkgever of er een vergelijkbare plek is", scoreGain: nil)
        case .travelReach:
            return Improvement(kind: .travel,
                text: "reisafstand vergroten tot \(Int(distance.rounded(.up))) km (reisondersteuning, fiets of OV-begeleiding)", scoreGain: nil)
        case .hoursOverlap:
            let text = c.hours.max < v.hours.min
                ? "uren opbouwen naar minstens \(v.hours.min) uur per week, of met de werkgever een kleinere baan bespreken"
                : "met de werkgever bespreken of \(c.hours.max) uur per week mogelijk is"
            return Improvement(kind: .hours, text: text, scoreGain: nil)
        case .drivingLicence:
            let names = LicenceBits.licences(in: v.licenceBits & ~c.licenceBits).map(\.rawValue).joined(separator: ", ")
            return Improvement(kind: .drivingLicence, text: "rijbewijs \(names) halen (rijopleiding)", scoreGain: nil)
        case .workDemand:
            let names = DemandBits.demands(in: v.demandBits & c.avoidBits).map(\.dutchName).joined(separator: ", ")
            return Improvement(kind: .workDemand,
                text: "met de werkgever bespreken of het werk zonder \(names) kan (aanpassing werkplek of taken)", scoreGain: nil)
        case .startDate:
            return Improvement(kind: .startDate,
                text: "vragen of de werkgever kan wachten tot \(CalendarDate(dayNumber: Int(c.availableFromDay)))", scoreGain: nil)
        }
    }
}

extension ScoreRules {
    var profileFullHours: Int { Int(fullHours) }
}
