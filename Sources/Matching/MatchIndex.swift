import Dispatch
import Domain
import Reference

/// Narrows a ranking. Each criterion applies to the *other* side: the vacancies when asking for a
/// candidate's vacancies, the candidates when asking for a vacancy's candidates.
public struct MatchQueryFilter: Sendable, Hashable, Codable {
    /// Labour-market region number (vacancy: of its postcode's municipality; candidate: of the residence).
    public var regionNumber: Int?
    /// Municipality name as in the reference data.
    public var municipality: String?
    /// ISCO-08 prefix of 1–4 digits: the vacancy's occupation, or any of the candidate's desired occupations.
    public var iscoGroup: String?
    /// Leave out results scoring below this (on top of the profile's own minimum).
    public var minimumScore: Double?
    /// The other side's weekly hours must overlap these.
    public var hours: WeeklyHours?

    public init(regionNumber: Int? = nil, municipality: String? = nil, iscoGroup: String? = nil, minimumScore: Double? = nil, hours: WeeklyHours? = nil) {
        self.regionNumber = regionNumber
        self.municipality = municipality
        self.iscoGroup = iscoGroup
        self.minimumScore = minimumScore
        self.hours = hours
    }
}

/// In-memory index of a region's candidates and open vacancies that answers top-k in both directions.
///
/// Laid out as parallel arrays (one per attribute) so the scan over 100k vacancies touches little memory; skills
/// live in one pool of sorted `Int32` runs. The store is the source of truth: it calls ``upsert(_:)-candidate``
/// and ``removeVacancy(id:)`` on change and ``rebuild(candidates:vacancies:)`` at start. A value type: a writer
/// mutates its copy while readers keep theirs (wrap it in a lock or actor for shared use).
public struct MatchIndex: Sendable {
    public let matcher: Matcher
    /// The peildatum: vacancies whose `validThrough` lies before it are closed.
    public var date: CalendarDate

    // Postcodes in use, compacted: distance tables per query are as long as this list.
    private var pc4Codes: [Int32] = []
    private var pc4Slot: [Int: Int32] = [:]
    private var municipalityNames: [String] = []
    private var municipalitySlot: [String: Int32] = [:]

    // Vacancies, one entry per slot.
    private var vId: [Int64] = []
    private var vLive: [Bool] = []
    private var vOpen: [Bool] = []
    private var vValidThrough: [Int32] = []
    private var vPC4: [Int32] = []
    private var vHoursMin: [UInt8] = []
    private var vHoursMax: [UInt8] = []
    private var vLicences: [UInt8] = []
    private var vDemands: [UInt16] = []
    private var vStart: [Int32] = []
    private var vEducation: [Int8] = []
    private var vDutch: [Int8] = []
    private var vSuitable: [Bool] = []
    private var vOccupation: [Int32] = []
    private var vRegion: [Int16] = []
    private var vMunicipality: [Int32] = []
    private var vSkillStart: [Int32] = []
    private var vEssentialCount: [UInt16] = []
    private var vOptionalCount: [UInt16] = []
    private var vSkillSource: [SkillSource] = []
    private var vTitle: [String] = []
    private var vSkillPool: [Int32] = []
    private var vFreeSlots: [Int32] = []
    private var vSlotById: [Int64: Int32] = [:]

    // Candidates, one entry per slot.
    private var cId: [String] = []
    private var cLive: [Bool] = []
    private var cPC4: [Int32] = []
    private var cPC4Code: [Int32] = []
    private var cReach: [Double] = []
    private var cHoursMin: [UInt8] = []
    private var cHoursMax: [UInt8] = []
    private var cLicences: [UInt8] = []
    private var cAvoid: [UInt16] = []
    private var cAvailable: [Int32] = []
    private var cEducation: [Int8] = []
    private var cDutch: [Int8] = []
    private var cRegister: [Bool] = []
    private var cProfile: [UInt8] = []
    private var cRegion: [Int16] = []
    private var cMunicipality: [Int32] = []
    private var cMunicipalityName: [String] = []
    private var cSkillStart: [Int32] = []
    private var cSkillCount: [UInt16] = []
    private var cDesiredStart: [Int32] = []
    private var cDesiredCount: [UInt8] = []
    private var cPool: [Int32] = []
    private var cFreeSlots: [Int32] = []
    private var cSlotById: [String: Int32] = [:]
    /// Pool entries no longer referenced (after upserts/removals); compacted when they dominate.
    private var vPoolGarbage = 0
    private var cPoolGarbage = 0

    /// Start day stored for a vacancy without a start date: it starts when the candidate can, so it passes.
    static let startsWhenAvailable = Int32.max / 2

    public init(matcher: Matcher, date: CalendarDate) {
        self.matcher = matcher
        self.date = date
    }

    public var vacancyCount: Int { vSlotById.count }
    public var candidateCount: Int { cSlotById.count }

    // MARK: - Maintenance

    /// Replaces the whole content (at start, or after a bulk import).
    public mutating func rebuild(candidates: [Candidate], vacancies: [Vacancy]) {
        let fresh = MatchIndex(matcher: matcher, date: date)
        self = fresh
        for vacancy in vacancies { upsert(vacancy) }
        for candidate in candidates { upsert(candidate) }
    }

    public mutating func upsert(_ vacancy: Vacancy) { upsert(matcher.features(of: vacancy)) }
    public mutating func upsert(_ candidate: Candidate) { upsert(matcher.features(of: candidate)) }

    private mutating func internPC4(_ code: Int?) -> Int32 {
        guard let code, !matcher.latitude[max(0, min(9_999, code))].isNaN else { return -1 }
        if let slot = pc4Slot[code] { return slot }
        let slot = Int32(pc4Codes.count)
        pc4Codes.append(Int32(code))
        pc4Slot[code] = slot
        return slot
    }

    private mutating func internMunicipality(_ name: String?) -> Int32 {
        guard let name else { return -1 }
        if let slot = municipalitySlot[name] { return slot }
        let slot = Int32(municipalityNames.count)
        municipalityNames.append(name)
        municipalitySlot[name] = slot
        return slot
    }

    public mutating func upsert(_ v: VacancyFeatures) {
        let slot: Int
        if let existing = vSlotById[v.id] {
            slot = Int(existing)
            vPoolGarbage += Int(vEssentialCount[slot]) + Int(vOptionalCount[slot])
        } else if let free = vFreeSlots.popLast() {
            slot = Int(free)
        } else {
            slot = vId.count
            vId.append(0); vLive.append(false); vOpen.append(false); vValidThrough.append(0); vPC4.append(-1)
            vHoursMin.append(0); vHoursMax.append(0); vLicences.append(0); vDemands.append(0); vStart.append(0)
            vEducation.append(0); vDutch.append(0); vSuitable.append(false); vOccupation.append(-1); vRegion.append(-1)
            vMunicipality.append(-1); vSkillStart.append(0); vEssentialCount.append(0); vOptionalCount.append(0)
            vSkillSource.append(.unknown); vTitle.append("")
        }
        vSlotById[v.id] = Int32(slot)
        vId[slot] = v.id
        vLive[slot] = true
        vOpen[slot] = v.isOpen
        vValidThrough[slot] = v.validThroughDay ?? Int32.max
        vPC4[slot] = internPC4(v.pc4)
        vHoursMin[slot] = UInt8(v.hours.min)
        vHoursMax[slot] = UInt8(v.hours.max)
        vLicences[slot] = v.licenceBits
        vDemands[slot] = v.demandBits
        vStart[slot] = v.startDay ?? MatchIndex.startsWhenAvailable
        vEducation[slot] = Int8(v.minimumEducation?.rawValue ?? 0)
        vDutch[slot] = Int8(v.minimumDutchLevel?.rawValue ?? 0)
        vSuitable[slot] = v.suitableForBanenafspraak
        vOccupation[slot] = v.occupation ?? -1
        vRegion[slot] = Int16(v.regionNumber ?? -1)
        vMunicipality[slot] = internMunicipality(v.municipality)
        vSkillStart[slot] = Int32(vSkillPool.count)
        vEssentialCount[slot] = UInt16(min(v.essentialSkills.count, Int(UInt16.max)))
        vOptionalCount[slot] = UInt16(min(v.optionalSkills.count, Int(UInt16.max)))
        vSkillPool.append(contentsOf: v.essentialSkills.prefix(Int(UInt16.max)))
        vSkillPool.append(contentsOf: v.optionalSkills.prefix(Int(UInt16.max)))
        vSkillSource[slot] = v.skillSource
        vTitle[slot] = v.title
        compactVacancyPoolIfNeeded()
    }

    public mutating func removeVacancy(id: Int64) {
        guard let slot = vSlotById.removeValue(forKey: id).map(Int.init) else { return }
        vLive[slot] = false
        vPoolGarbage += Int(vEssentialCount[slot]) + Int(vOptionalCount[slot])
        vEssentialCount[slot] = 0
        vOptionalCount[slot] = 0
        vTitle[slot] = ""
        vFreeSlots.append(Int32(slot))
        compactVacancyPoolIfNeeded()
    }

    public mutating func upsert(_ c: CandidateFeatures) {
        let slot: Int
        if let existing = cSlotById[c.id] {
            slot = Int(existing)
            cPoolGarbage += Int(cSkillCount[slot]) + Int(cDesiredCount[slot])
        } else if let free = cFreeSlots.popLast() {
            slot = Int(free)
        } else {
            slot = cId.count
            cId.append(""); cLive.append(false); cPC4.append(-1); cPC4Code.append(0); cReach.append(0); cHoursMin.append(0)
            cHoursMax.append(0); cLicences.append(0); cAvoid.append(0); cAvailable.append(0); cEducation.append(0)
            cDutch.append(0); cRegister.append(false); cProfile.append(0); cRegion.append(-1); cMunicipality.append(-1)
            cMunicipalityName.append(""); cSkillStart.append(0); cSkillCount.append(0); cDesiredStart.append(0); cDesiredCount.append(0)
        }
        cSlotById[c.id] = Int32(slot)
        cId[slot] = c.id
        cLive[slot] = true
        cPC4[slot] = internPC4(c.pc4)
        cPC4Code[slot] = Int32(c.pc4)
        cReach[slot] = c.travelReachKm
        cHoursMin[slot] = UInt8(c.hours.min)
        cHoursMax[slot] = UInt8(c.hours.max)
        cLicences[slot] = c.licenceBits
        cAvoid[slot] = c.avoidBits
        cAvailable[slot] = c.availableFromDay
        cEducation[slot] = Int8(c.education.rawValue)
        cDutch[slot] = Int8(c.dutchLevel.rawValue)
        cRegister[slot] = c.inRegister
        cProfile[slot] = UInt8(c.profileNumber)
        cRegion[slot] = Int16(c.regionNumber ?? -1)
        cMunicipality[slot] = internMunicipality(c.municipality)
        cMunicipalityName[slot] = c.municipality
        cSkillStart[slot] = Int32(cPool.count)
        cSkillCount[slot] = UInt16(min(c.skills.count, Int(UInt16.max)))
        cPool.append(contentsOf: c.skills.prefix(Int(UInt16.max)))
        cDesiredStart[slot] = Int32(cPool.count)
        cDesiredCount[slot] = UInt8(min(c.desiredOccupations.count, 255))
        cPool.append(contentsOf: c.desiredOccupations.prefix(255))
        compactCandidatePoolIfNeeded()
    }

    public mutating func removeCandidate(id: String) {
        guard let slot = cSlotById.removeValue(forKey: id).map(Int.init) else { return }
        cLive[slot] = false
        cPoolGarbage += Int(cSkillCount[slot]) + Int(cDesiredCount[slot])
        cSkillCount[slot] = 0
        cDesiredCount[slot] = 0
        cId[slot] = ""
        cFreeSlots.append(Int32(slot))
        compactCandidatePoolIfNeeded()
    }

    /// Upserts append a fresh run to the pool; once dead runs outweigh live ones, copy the live runs out.
    private mutating func compactVacancyPoolIfNeeded() {
        guard vPoolGarbage > 4_096, vPoolGarbage * 2 > vSkillPool.count else { return }
        var pool: [Int32] = []
        pool.reserveCapacity(vSkillPool.count - vPoolGarbage)
        for slot in vId.indices where vLive[slot] {
            let start = Int(vSkillStart[slot]), count = Int(vEssentialCount[slot]) + Int(vOptionalCount[slot])
            vSkillStart[slot] = Int32(pool.count)
            pool.append(contentsOf: vSkillPool[start..<start + count])
        }
        vSkillPool = pool
        vPoolGarbage = 0
    }

    private mutating func compactCandidatePoolIfNeeded() {
        guard cPoolGarbage > 4_096, cPoolGarbage * 2 > cPool.count else { return }
        var pool: [Int32] = []
        pool.reserveCapacity(cPool.count - cPoolGarbage)
        for slot in cId.indices where cLive[slot] {
            let skills = Int(cSkillStart[slot]), skillCount = Int(cSkillCount[slot])
            let desired = Int(cDesiredStart[slot]), desiredCount = Int(cDesiredCount[slot])
            cSkillStart[slot] = Int32(pool.count)
            pool.append(contentsOf: cPool[skills..<skills + skillCount])
            cDesiredStart[slot] = Int32(pool.count)
            pool.append(contentsOf: cPool[desired..<desired + desiredCount])
        }
        cPool = pool
        cPoolGarbage = 0
    }

    // MARK: - Features back out (for explanations)

    public func vacancyFeatures(id: Int64) -> VacancyFeatures? {
        guard let slot = vSlotById[id].map(Int.init) else { return nil }
        let start = Int(vSkillStart[slot]), essential = Int(vEssentialCount[slot]), optional = Int(vOptionalCount[slot])
        return VacancyFeatures(
            id: vId[slot], title: vTitle[slot], municipality: vMunicipality[slot] >= 0 ? municipalityNames[Int(vMunicipality[slot])] : nil,
            regionNumber: vRegion[slot] >= 0 ? Int(vRegion[slot]) : nil, pc4: vPC4[slot] >= 0 ? Int(pc4Codes[Int(vPC4[slot])]) : nil,
            hours: WeeklyHours(min: Int(vHoursMin[slot]), max: Int(vHoursMax[slot]))!, licenceBits: vLicences[slot],
            demandBits: vDemands[slot], startDay: vStart[slot] == MatchIndex.startsWhenAvailable ? nil : vStart[slot], isOpen: vOpen[slot],
            validThroughDay: vValidThrough[slot] == Int32.max ? nil : vValidThrough[slot],
            minimumEducation: vEducation[slot] > 0 ? EducationLevel(rawValue: Int(vEducation[slot])) : nil,
            minimumDutchLevel: vDutch[slot] > 0 ? LanguageLevel(rawValue: Int(vDutch[slot])) : nil,
            suitableForBanenafspraak: vSuitable[slot], occupation: vOccupation[slot] >= 0 ? vOccupation[slot] : nil,
            essentialSkills: Array(vSkillPool[start..<start + essential]),
            optionalSkills: Array(vSkillPool[start + essential..<start + essential + optional]), skillSource: vSkillSource[slot])
    }

    public func candidateFeatures(id: String) -> CandidateFeatures? {
        guard let slot = cSlotById[id].map(Int.init) else { return nil }
        let skills = Int(cSkillStart[slot]), desired = Int(cDesiredStart[slot])
        return CandidateFeatures(
            id: cId[slot], municipality: cMunicipalityName[slot], regionNumber: cRegion[slot] >= 0 ? Int(cRegion[slot]) : nil,
            profileNumber: Int(cProfile[slot]), pc4: Int(cPC4Code[slot]), travelReachKm: cReach[slot],
            hours: WeeklyHours(min: Int(cHoursMin[slot]), max: Int(cHoursMax[slot]))!, licenceBits: cLicences[slot],
            avoidBits: cAvoid[slot], availableFromDay: cAvailable[slot],
            education: EducationLevel(rawValue: Int(cEducation[slot]))!, dutchLevel: LanguageLevel(rawValue: Int(cDutch[slot]))!,
            inRegister: cRegister[slot], skills: Array(cPool[skills..<skills + Int(cSkillCount[slot])]),
            desiredOccupations: Array(cPool[desired..<desired + Int(cDesiredCount[slot])]))
    }

    /// The full explanation of a pair held in the index, or nil when either is not in it.
    public func explain(candidateId: String, vacancyId: Int64) -> MatchExplanation? {
        guard let c = candidateFeatures(id: candidateId), let v = vacancyFeatures(id: vacancyId) else { return nil }
        return matcher.explain(c, v, on: date)
    }

    // MARK: - Queries

    /// The best `k` open vacancies for a candidate, best first; ties go to the lower vacancy id.
    public func topVacancies(forCandidate id: String, k: Int = 20, filter: MatchQueryFilter = MatchQueryFilter(), explain: Bool = false) -> [MatchResult] {
        guard let slot = cSlotById[id] else { return [] }
        var scratch = QueryScratch()
        let ranked = rankVacancies(candidateSlot: Int(slot), k: k, filter: filter, scratch: &scratch)
        return ranked.enumerated().map { rank, entry in
            let vacancyId = vId[Int(entry.slot)]
            return MatchResult(rank: rank + 1, candidateId: id, vacancyId: vacancyId, score: entry.score,
                               explanation: explain ? self.explain(candidateId: id, vacancyId: vacancyId) : nil)
        }
    }

    /// The best `k` candidates for a vacancy, best first; ties go to the candidate id first in code-point order.
    public func topCandidates(forVacancy id: Int64, k: Int = 20, filter: MatchQueryFilter = MatchQueryFilter(), explain: Bool = false) -> [MatchResult] {
        guard let slot = vSlotById[id] else { return [] }
        var scratch = QueryScratch()
        let ranked = rankCandidates(vacancySlot: Int(slot), k: k, filter: filter, scratch: &scratch)
        return ranked.enumerated().map { rank, entry in
            let candidateId = cId[Int(entry.slot)]
            return MatchResult(rank: rank + 1, candidateId: candidateId, vacancyId: id, score: entry.score,
                               explanation: explain ? self.explain(candidateId: candidateId, vacancyId: id) : nil)
        }
    }

    /// Every candidate's top `k` vacancies, spread over `threads` threads; ordered by candidate id.
    public func topVacanciesForEveryCandidate(k: Int = 20, filter: MatchQueryFilter = MatchQueryFilter(), threads: Int = 2) -> [(candidateId: String, matches: [MatchResult])] {
        let slots = cId.indices.filter { cLive[$0] }.sorted { cId[$0] < cId[$1] }
        var results = [[RankedEntry]](repeating: [], count: slots.count)
        let chunk = 64
        let chunks = (slots.count + chunk - 1) / chunk
        results.withUnsafeMutableBufferPointer { buffer in
            let out = SendableBuffer(buffer)
            let next = AtomicCounter()
            // A few workers pull chunks from a shared counter, so a slow chunk does not leave a core idle.
            DispatchQueue.concurrentPerform(iterations: max(1, threads)) { _ in
                var scratch = QueryScratch()
                while true {
                    let c = next.next()
                    if c >= chunks { break }
                    for i in c * chunk..<min(slots.count, (c + 1) * chunk) {
                        out.buffer[i] = rankVacancies(candidateSlot: slots[i], k: k, filter: filter, scratch: &scratch)
                    }
                }
            }
        }
        return slots.indices.map { i in
            let candidateId = cId[slots[i]]
            return (candidateId, results[i].enumerated().map { rank, entry in
                MatchResult(rank: rank + 1, candidateId: candidateId, vacancyId: vId[Int(entry.slot)], score: entry.score, explanation: nil)
            })
        }
    }

    // MARK: - Hot loops

    /// Per-thread buffers reused across queries.
    struct QueryScratch {
        var distance: [Double] = []
        var occupationLevel: [UInt8] = []
        var inGroup: [Bool] = []
    }

    private func distanceTable(from pc4: Int, into table: inout [Double]) {
        table.removeAll(keepingCapacity: true)
        table.reserveCapacity(pc4Codes.count)
        for code in pc4Codes { table.append(matcher.distanceKm(pc4, Int(code))) }
    }

    /// ISCO-prefix membership per occupation position, for the occupation-group filter.
    private func groupTable(_ prefix: String?, into table: inout [Bool]) -> Bool {
        guard let prefix, !prefix.isEmpty else { return false }
        let occupations = matcher.reference.occupations
        table = occupations.map { $0.iscoGroup.hasPrefix(prefix) }
        return true
    }

    private func rankVacancies(candidateSlot c: Int, k: Int, filter: MatchQueryFilter, scratch: inout QueryScratch) -> [RankedEntry] {
        let rules = matcher.rules[Int(cProfile[c])]
        let tree = matcher.tree
        let day = Int32(date.dayNumber)
        // Distances from the candidate's PC4 to every PC4 in use: one trigonometric call per postcode, not per vacancy.
        distanceTable(from: Int(cPC4Code[c]), into: &scratch.distance)
        let candidateKnown = cPC4[c] >= 0
        // Closeness of every ESCO occupation to the candidate's desired ones; slot `count` stands for "unknown".
        let occupationCount = matcher.reference.occupations.count
        scratch.occupationLevel.removeAll(keepingCapacity: true)
        let desiredStart = Int(cDesiredStart[c]), desiredCount = Int(cDesiredCount[c])
        cPool.withUnsafeBufferPointer { pool in
            let desired = UnsafeBufferPointer(rebasing: pool[desiredStart..<desiredStart + desiredCount])
            for o in 0..<occupationCount { scratch.occupationLevel.append(UInt8(tree.bestLevel(vacancy: Int32(o), desired: desired))) }
        }
        scratch.occupationLevel.append(4)
        let useGroup = groupTable(filter.iscoGroup, into: &scratch.inGroup)
        let minimum = max(rules.minimumScore, filter.minimumScore ?? 0)
        let wantRegion = filter.regionNumber.map { Int16($0) }
        let wantMunicipality: Int32? = filter.municipality.map { municipalitySlot[$0] ?? -2 }
        let wantHours = filter.hours

        let reach = cReach[c], cMin = cHoursMin[c], cMax = cHoursMax[c], licences = cLicences[c], avoid = cAvoid[c]
        let available = cAvailable[c] - rules.startGraceDays
        let education = Int(cEducation[c]), dutch = Int(cDutch[c]), register = cRegister[c]
        let skillStart = Int(cSkillStart[c]), skillCount = Int(cSkillCount[c])
        var heap = TopK(k: k)
        let inGroup = scratch.inGroup

        cPool.withUnsafeBufferPointer { pool in
        vSkillPool.withUnsafeBufferPointer { vPool in
        scratch.distance.withUnsafeBufferPointer { distance in
        scratch.occupationLevel.withUnsafeBufferPointer { occupationLevel in
            let candidateSkills = UnsafeBufferPointer(rebasing: pool[skillStart..<skillStart + skillCount])
            for v in 0..<vId.count {
                guard vLive[v], vOpen[v], vValidThrough[v] >= day else { continue }
                let pc = vPC4[v]
                let km = (pc >= 0 && candidateKnown) ? distance[Int(pc)] : .nan
                if km > reach { continue }
                let lo = max(cMin, vHoursMin[v]), hi = min(cMax, vHoursMax[v])
                guard lo <= hi, vLicences[v] & ~licences == 0, vDemands[v] & avoid == 0, vStart[v] >= available else { continue }
                if let wantRegion, vRegion[v] != wantRegion { continue }
                if let wantMunicipality, vMunicipality[v] != wantMunicipality { continue }
                if let wantHours, max(wantHours.min, Int(vHoursMin[v])) > min(wantHours.max, Int(vHoursMax[v])) { continue }
                let occupation = vOccupation[v]
                if useGroup && (occupation < 0 || !inGroup[Int(occupation)]) { continue }

                let v0 = rules.occupationValue(level: Int(occupationLevel[occupation >= 0 ? Int(occupation) : occupationCount]))
                let v2 = rules.distanceValue(km: km, reach: reach)
                let v3 = rules.hoursValue(overlapMax: Int(hi))
                let v4 = ScoreRules.levelValue(have: education, need: Int(vEducation[v]), penalty: rules.educationPenalty)
                let v5 = ScoreRules.levelValue(have: dutch, need: Int(vDutch[v]), penalty: rules.dutchPenalty)
                let v6 = rules.inclusiveValue(inRegister: register, suitable: vSuitable[v])
                let bound = rules.bound(v0, v2, v3, v4, v5, v6)
                if bound < minimum || !heap.couldEnter(score: bound) { continue }
                let start = Int(vSkillStart[v]), essential = Int(vEssentialCount[v]), optional = Int(vOptionalCount[v])
                let essentialHad = sortedIntersectionCount(candidateSkills, UnsafeBufferPointer(rebasing: vPool[start..<start + essential]))
                let optionalHad = optional == 0 ? 0 : sortedIntersectionCount(candidateSkills, UnsafeBufferPointer(rebasing: vPool[start + essential..<start + essential + optional]))
                let v1 = rules.skillsValue(essentialHad: essentialHad, essentialTotal: essential, optionalHad: optionalHad, optionalTotal: optional)
                let score = rules.score(v0, v1, v2, v3, v4, v5, v6)
                if score < minimum { continue }
                heap.offer(RankedEntry(score: score, slot: Int32(v), tieKey: vId[v]))
            }
        }}}}
        return heap.sortedBestFirst()
    }

    private func rankCandidates(vacancySlot v: Int, k: Int, filter: MatchQueryFilter, scratch: inout QueryScratch) -> [RankedEntry] {
        let tree = matcher.tree
        let allRules = matcher.rules
        let day = Int32(date.dayNumber)
        var heap = TopK(k: k)
        guard vLive[v], vOpen[v], vValidThrough[v] >= day else { return [] }
        let vacancyKnown = vPC4[v] >= 0
        if vacancyKnown { distanceTable(from: Int(pc4Codes[Int(vPC4[v])]), into: &scratch.distance) } else { scratch.distance = [] }
        let useGroup = groupTable(filter.iscoGroup, into: &scratch.inGroup)
        let wantRegion = filter.regionNumber.map { Int16($0) }
        let wantMunicipality: Int32? = filter.municipality.map { municipalitySlot[$0] ?? -2 }
        let wantHours = filter.hours
        let inGroup = scratch.inGroup

        let vMin = vHoursMin[v], vMax = vHoursMax[v], licences = vLicences[v], demands = vDemands[v], start = vStart[v]
        let needEducation = Int(vEducation[v]), needDutch = Int(vDutch[v]), suitable = vSuitable[v], occupation = vOccupation[v]
        let skillStart = Int(vSkillStart[v]), essential = Int(vEssentialCount[v]), optional = Int(vOptionalCount[v])

        cPool.withUnsafeBufferPointer { pool in
        vSkillPool.withUnsafeBufferPointer { vPool in
        scratch.distance.withUnsafeBufferPointer { distance in
            let essentialSkills = UnsafeBufferPointer(rebasing: vPool[skillStart..<skillStart + essential])
            let optionalSkills = UnsafeBufferPointer(rebasing: vPool[skillStart + essential..<skillStart + essential + optional])
            for c in 0..<cId.count {
                guard cLive[c] else { continue }
                let rules = allRules[Int(cProfile[c])]
                let pc = cPC4[c]
                let km = (pc >= 0 && vacancyKnown) ? distance[Int(pc)] : .nan
                let reach = cReach[c]
                if km > reach { continue }
                let lo = max(cHoursMin[c], vMin), hi = min(cHoursMax[c], vMax)
                guard lo <= hi, licences & ~cLicences[c] == 0, demands & cAvoid[c] == 0, start >= cAvailable[c] - rules.startGraceDays else { continue }
                if let wantRegion, cRegion[c] != wantRegion { continue }
                if let wantMunicipality, cMunicipality[c] != wantMunicipality { continue }
                if let wantHours, max(wantHours.min, Int(cHoursMin[c])) > min(wantHours.max, Int(cHoursMax[c])) { continue }
                let desiredStart = Int(cDesiredStart[c])
                let desired = UnsafeBufferPointer(rebasing: pool[desiredStart..<desiredStart + Int(cDesiredCount[c])])
                if useGroup && !desired.contains(where: { inGroup[Int($0)] }) { continue }

                let level = occupation >= 0 ? tree.bestLevel(vacancy: occupation, desired: desired) : 4
                let v0 = rules.occupationValue(level: level)
                let v2 = rules.distanceValue(km: km, reach: reach)
                let v3 = rules.hoursValue(overlapMax: Int(hi))
                let v4 = ScoreRules.levelValue(have: Int(cEducation[c]), need: needEducation, penalty: rules.educationPenalty)
                let v5 = ScoreRules.levelValue(have: Int(cDutch[c]), need: needDutch, penalty: rules.dutchPenalty)
                let v6 = rules.inclusiveValue(inRegister: cRegister[c], suitable: suitable)
                let minimum = max(rules.minimumScore, filter.minimumScore ?? 0)
                let bound = rules.bound(v0, v2, v3, v4, v5, v6)
                if bound < minimum || !heap.couldEnter(score: bound) { continue }
                let skillsStart = Int(cSkillStart[c])
                let candidateSkills = UnsafeBufferPointer(rebasing: pool[skillsStart..<skillsStart + Int(cSkillCount[c])])
                let essentialHad = sortedIntersectionCount(candidateSkills, essentialSkills)
                let optionalHad = optional == 0 ? 0 : sortedIntersectionCount(candidateSkills, optionalSkills)
                let v1 = rules.skillsValue(essentialHad: essentialHad, essentialTotal: essential, optionalHad: optionalHad, optionalTotal: optional)
                let score = rules.score(v0, v1, v2, v3, v4, v5, v6)
                if score < minimum { continue }
                heap.offerCandidate(RankedEntry(score: score, slot: Int32(c), tieKey: 0), ids: cId)
            }
        }}}
        return heap.sortedBestFirst(candidateIds: cId)
    }

    // MARK: - Memory

    /// Bytes held by the index's arrays and dictionaries (capacity × element size, plus string storage and a
    /// per-entry overhead for hash tables). An estimate, not a measurement of the allocator.
    public var memoryEstimateBytes: Int {
        func bytes<T>(_ array: [T]) -> Int { array.capacity * MemoryLayout<T>.stride }
        func stringBytes(_ strings: [String]) -> Int {
            bytes(strings) + strings.reduce(0) { $0 + ($1.utf8.count > 15 ? 32 + $1.utf8.count : 0) }
        }
        var total = 0
        total += bytes(pc4Codes) + pc4Slot.capacity * 24 + municipalityNames.count * 48 + municipalitySlot.capacity * 40
        total += bytes(vId) + bytes(vLive) + bytes(vOpen) + bytes(vValidThrough) + bytes(vPC4) + bytes(vHoursMin) + bytes(vHoursMax)
        total += bytes(vLicences) + bytes(vDemands) + bytes(vStart) + bytes(vEducation) + bytes(vDutch) + bytes(vSuitable)
        total += bytes(vOccupation) + bytes(vRegion) + bytes(vMunicipality) + bytes(vSkillStart) + bytes(vEssentialCount)
        total += bytes(vOptionalCount) + bytes(vSkillSource) + stringBytes(vTitle) + bytes(vSkillPool) + bytes(vFreeSlots)
        total += vSlotById.capacity * (MemoryLayout<Int64>.stride + MemoryLayout<Int32>.stride + 4)
        total += stringBytes(cId) + bytes(cLive) + bytes(cPC4) + bytes(cPC4Code) + bytes(cReach) + bytes(cHoursMin) + bytes(cHoursMax)
        total += bytes(cLicences) + bytes(cAvoid) + bytes(cAvailable) + bytes(cEducation) + bytes(cDutch) + bytes(cRegister)
        total += bytes(cProfile) + bytes(cRegion) + bytes(cMunicipality) + stringBytes(cMunicipalityName) + bytes(cSkillStart)
        total += bytes(cSkillCount) + bytes(cDesiredStart) + bytes(cDesiredCount) + bytes(cPool) + bytes(cFreeSlots)
        total += cSlotById.capacity * (MemoryLayout<String>.stride + MemoryLayout<Int32>.stride + 4)
        return total
    }
}

/// A scored slot; `tieKey` is the vacancy id (candidate ties are broken on the id string).
struct RankedEntry: Sendable {
    var score: Double
    var slot: Int32
    var tieKey: Int64
}

/// The k best entries seen so far, kept as a min-heap whose root is the worst of them.
struct TopK {
    private(set) var k: Int
    private var heap: [RankedEntry] = []
    /// Candidate ids for candidate rankings (ties by id string); nil for vacancy rankings (ties by id number).
    private var names: [String]? = nil

    init(k: Int) { self.k = k }

    mutating func reset(k: Int) {
        self.k = k
        heap.removeAll(keepingCapacity: true)
        names = nil
    }

    /// Whether an entry scoring `score` might still enter: ties with the worst might win on the id.
    @inline(__always)
    func couldEnter(score: Double) -> Bool {
        k > 0 && (heap.count < k || score >= heap[0].score)
    }

    /// True when `a` ranks below `b`: lower score, or equal score and the later id.
    @inline(__always)
    private func worse(_ a: RankedEntry, _ b: RankedEntry) -> Bool {
        if a.score != b.score { return a.score < b.score }
        if let names { return names[Int(a.slot)] > names[Int(b.slot)] }
        return a.tieKey > b.tieKey
    }

    mutating func offer(_ entry: RankedEntry) {
        guard k > 0 else { return }
        if heap.count < k {
            heap.append(entry)
            siftUp(heap.count - 1)
        } else if worse(heap[0], entry) {
            heap[0] = entry
            siftDown(0)
        }
    }

    mutating func offerCandidate(_ entry: RankedEntry, ids: [String]) {
        if names == nil { names = ids }
        offer(entry)
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard worse(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count && worse(heap[left], heap[worst]) { worst = left }
            if right < heap.count && worse(heap[right], heap[worst]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }

    func sortedBestFirst() -> [RankedEntry] {
        heap.sorted { worse($1, $0) }
    }

    func sortedBestFirst(candidateIds: [String]) -> [RankedEntry] {
        heap.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            return candidateIds[Int(a.slot)] < candidateIds[Int(b.slot)]
        }
    }
}

/// Hands out chunk numbers to the batch workers.
final class AtomicCounter: @unchecked Sendable {
    private var value = 0
    private let lock = DispatchSemaphore(value: 1)

    func next() -> Int {
        lock.wait()
        defer { lock.signal() }
        value += 1
        return value - 1
    }
}

/// Each batch worker writes only the result positions of the chunks it took, so no two threads share a position.
struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
