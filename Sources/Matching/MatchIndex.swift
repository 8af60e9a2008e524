import Dispatch
import Domain
import Reference

/// Narrows a ranking. Each criterion applies to the *other* side: the vacancies when asking for a
/// candidate's vacancies, the candidates when asking for a vacancy's candidates.
public struct MatchQueryFilter: Sendable, Hashable, Codable {
    /// Labour-market region number (vacancy: of its postcode's municipality; candidate: of the residence).
    /// Any Int is accepted; one outside the index's Int16 range matches nothing (never traps).
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
/// Vacancies sit in packed 40-byte rows, candidates in parallel arrays; skills live in pools of sorted `Int32`
/// runs. Lists of vacancy slots per occupation and per postcode let a candidate query visit the closest
/// occupations first, stop as soon as nothing further away can enter the top k, and scan the unrelated rest only
/// within the candidate's reach. Every score comes from the same ``ScoreRules`` functions as the explanation.
///
/// The store is the source of truth: it calls `upsert(_:)`, ``removeVacancy(id:)`` and ``removeCandidate(id:)``
/// on change and ``rebuild(candidates:vacancies:)`` at start. A value type: hold it in a ``SharedMatchIndex``
/// to write and query from several tasks.
public struct MatchIndex: Sendable {
    public let matcher: Matcher
    /// The peildatum: vacancies whose `validThrough` lies before it are closed.
    public var date: CalendarDate

    // Postcodes in use, compacted: distance tables per query are as long as this list.
    private var pc4Codes: [Int32] = []
    private var pc4Slot: [Int: Int32] = [:]
    private var municipalityNames: [String] = []
    private var municipalitySlot: [String: Int32] = [:]

    // Vacancies: the fields the scan reads packed in one row per slot (one memory stream instead of fifteen),
    // the rest alongside.
    private var vRows: [VacancyRow] = []
    private var vId: [Int64] = []
    private var vSkillSource: [SkillSource] = []
    private var vTitle: [String] = []
    private var vSkillPool: [Int32] = []
    private var vFreeSlots: [Int32] = []
    private var vSlotById: [Int64: Int32] = [:]
    /// Live vacancy slots per occupation position (last list: occupation unknown), so a candidate query can
    /// visit the closest occupations first and stop once nothing further away can enter the top k.
    private var slotsByOccupation: [[Int32]] = []
    /// Position of each slot inside its occupation list, for O(1) removal.
    private var vListPosition: [Int32] = []
    /// Live vacancy slots per postcode slot (last list: postcode unknown), so the scan of unrelated
    /// occupations only visits postcodes within the candidate's reach.
    private var slotsByPostcode: [[Int32]] = [[]]
    private var vPostcodePosition: [Int32] = []
    /// Vacancy slots per skill position (its essential and optional skills). A vacancy of an unrelated occupation
    /// is relevant to a candidate only through a shared skill, so the last pass of a candidate query reads just
    /// the lists of the candidate's skills instead of every vacancy within reach.
    private var vacanciesBySkill: [[Posting]] = []
    /// Bumped whenever a vacancy slot changes or is freed: postings of an older generation are stale.
    private var vGeneration: [UInt32] = []
    private var vPostingGarbage = 0
    private var vPostingCount = 0

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
    /// Candidate slots per ISCO sub-major group (two digits) of their desired occupations: only these can have an
    /// occupation fit above 0 for a vacancy of that group.
    private var candidatesByGroup: [[Posting]] = Array(repeating: [], count: 100)
    /// Candidate slots per skill position: the only candidates outside the group with any relevance.
    private var candidatesBySkill: [[Posting]] = []
    private var cGeneration: [UInt32] = []
    private var cPostingGarbage = 0
    private var cPostingCount = 0
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

    /// Open, still valid vacancies of one occupation (a position in the reference data).
    public func openVacancyCount(occupation position: Int) -> Int {
        guard position >= 0, position < slotsByOccupation.count - 1 else { return 0 }
        let day = Int32(date.dayNumber)
        return slotsByOccupation[position].reduce(0) { count, slot in
            let row = vRows[Int(slot)]
            return count + (row.live && row.open && row.validThrough >= day ? 1 : 0)
        }
    }
    public var candidateCount: Int { cSlotById.count }

    // MARK: - Maintenance

    /// Replaces the whole content (at start, or after a bulk import).
    public mutating func rebuild(candidates: [Candidate], vacancies: [Vacancy]) {
        let fresh = MatchIndex(matcher: matcher, date: date)
        self = fresh
        for features in Self.occupationOrder(vacancies.map(matcher.features(of:))) { upsert(features) }
        for candidate in candidates { upsert(candidate) }
    }

    /// The vacancies in the order their slots are handed out at a rebuild: by occupation (unknown last), then
    /// postcode, then id. A candidate query reads whole occupation lists, so their rows and skill runs then lie
    /// next to each other in memory and are read as one stream instead of one cache miss per vacancy. The order
    /// changes no result: ties are broken on the vacancy id, never on the slot. Of two records with one id the
    /// later wins, as it would upserted one by one.
    static func occupationOrder(_ vacancies: [VacancyFeatures]) -> [VacancyFeatures] {
        var last: [Int64: Int] = [:]
        last.reserveCapacity(vacancies.count)
        for (i, v) in vacancies.enumerated() { last[v.id] = i }
        var order = vacancies.indices.filter { last[vacancies[$0].id] == $0 }
        order.sort { i, j in
            let a = vacancies[i], b = vacancies[j]
            let oa = a.occupation ?? Int32.max, ob = b.occupation ?? Int32.max
            if oa != ob { return oa < ob }
            let pa = a.pc4 ?? Int.max, pb = b.pc4 ?? Int.max
            if pa != pb { return pa < pb }
            return a.id < b.id
        }
        return order.map { vacancies[$0] }
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
            let old = Int(vRows[slot].essentialCount) + Int(vRows[slot].optionalCount)
            vPoolGarbage += old
            vPostingGarbage += old
            vGeneration[slot] &+= 1
            unlistFromOccupation(slot)
        } else if let free = vFreeSlots.popLast() {
            slot = Int(free)
        } else {
            slot = vId.count
            vRows.append(VacancyRow())
            vId.append(0); vSkillSource.append(.unknown); vTitle.append(""); vListPosition.append(-1); vPostcodePosition.append(-1)
            vGeneration.append(0)
        }
        if vacanciesBySkill.isEmpty { vacanciesBySkill = Array(repeating: [], count: matcher.reference.skills.count) }
        if slotsByOccupation.isEmpty {
            slotsByOccupation = Array(repeating: [], count: matcher.reference.occupations.count + 1)
        }
        vSlotById[v.id] = Int32(slot)
        vId[slot] = v.id
        var row = VacancyRow()
        row.live = true
        row.open = v.isOpen
        row.validThrough = v.validThroughDay ?? Int32.max
        row.pc4 = internPC4(v.pc4)
        row.hoursMin = UInt8(v.hours.min)
        row.hoursMax = UInt8(v.hours.max)
        row.licences = v.licenceBits
        row.demands = v.demandBits
        row.start = v.startDay ?? MatchIndex.startsWhenAvailable
        row.education = Int8(v.minimumEducation?.rawValue ?? 0)
        row.dutch = Int8(v.minimumDutchLevel?.rawValue ?? 0)
        row.suitable = v.suitableForBanenafspraak
        row.occupation = v.occupation ?? -1
        row.region = Int16(v.regionNumber ?? -1)
        row.municipality = internMunicipality(v.municipality)
        row.skillStart = Int32(vSkillPool.count)
        row.essentialCount = UInt16(min(v.essentialSkills.count, Int(UInt16.max)))
        row.optionalCount = UInt16(min(v.optionalSkills.count, Int(UInt16.max)))
        vSkillPool.append(contentsOf: v.essentialSkills.prefix(Int(UInt16.max)))
        vSkillPool.append(contentsOf: v.optionalSkills.prefix(Int(UInt16.max)))
        vRows[slot] = row
        vSkillSource[slot] = v.skillSource
        vTitle[slot] = v.title
        let list = row.occupation >= 0 ? Int(row.occupation) : slotsByOccupation.count - 1
        vListPosition[slot] = Int32(slotsByOccupation[list].count)
        slotsByOccupation[list].append(Int32(slot))
        let area = postcodeList(row.pc4)
        vPostcodePosition[slot] = Int32(slotsByPostcode[area].count)
        slotsByPostcode[area].append(Int32(slot))
        listVacancySkills(slot)
        compactVacancyPoolIfNeeded()
        compactVacancyPostingsIfNeeded()
    }

    private mutating func listVacancySkills(_ slot: Int) {
        let row = vRows[slot]
        let start = Int(row.skillStart), count = Int(row.essentialCount) + Int(row.optionalCount)
        let posting = Posting(slot: Int32(slot), generation: vGeneration[slot])
        for i in start..<start + count {
            let skill = Int(vSkillPool[i])
            guard skill >= 0 && skill < vacanciesBySkill.count else { continue }
            vacanciesBySkill[skill].append(posting)
            vPostingCount += 1
        }
    }

    /// Stale postings are skipped at query time; once they outnumber live ones, the lists are rebuilt.
    private mutating func compactVacancyPostingsIfNeeded() {
        guard vPostingGarbage > 4_096, vPostingGarbage * 2 > vPostingCount else { return }
        for i in vacanciesBySkill.indices { vacanciesBySkill[i].removeAll(keepingCapacity: true) }
        vPostingCount = 0
        vPostingGarbage = 0
        for slot in vId.indices where vRows[slot].live { listVacancySkills(slot) }
    }

    private mutating func unlistFromOccupation(_ slot: Int) {
        let occupation = vRows[slot].occupation
        let list = occupation >= 0 ? Int(occupation) : slotsByOccupation.count - 1
        let position = Int(vListPosition[slot])
        let last = slotsByOccupation[list].removeLast()
        if position < slotsByOccupation[list].count {
            slotsByOccupation[list][position] = last
            vListPosition[Int(last)] = Int32(position)
        }
        vListPosition[slot] = -1

        let area = postcodeList(vRows[slot].pc4)
        let at = Int(vPostcodePosition[slot])
        let lastInArea = slotsByPostcode[area].removeLast()
        if at < slotsByPostcode[area].count {
            slotsByPostcode[area][at] = lastInArea
            vPostcodePosition[Int(lastInArea)] = Int32(at)
        }
        vPostcodePosition[slot] = -1
    }

    /// The list in `slotsByPostcode` for a postcode slot; the last list holds vacancies without a known postcode.
    /// Interning a new postcode moves the "unknown" list up one place.
    private mutating func postcodeList(_ pc4Slot: Int32) -> Int {
        while slotsByPostcode.count < pc4Codes.count + 1 {
            let unknown = slotsByPostcode.removeLast()
            slotsByPostcode.append([])
            slotsByPostcode.append(unknown)
        }
        return pc4Slot >= 0 ? Int(pc4Slot) : slotsByPostcode.count - 1
    }

    public mutating func removeVacancy(id: Int64) {
        guard let slot = vSlotById.removeValue(forKey: id).map(Int.init) else { return }
        unlistFromOccupation(slot)
        let old = Int(vRows[slot].essentialCount) + Int(vRows[slot].optionalCount)
        vPoolGarbage += old
        vPostingGarbage += old
        vGeneration[slot] &+= 1
        vRows[slot] = VacancyRow()
        vTitle[slot] = ""
        vFreeSlots.append(Int32(slot))
        compactVacancyPoolIfNeeded()
        compactVacancyPostingsIfNeeded()
    }

    public mutating func upsert(_ c: CandidateFeatures) {
        let slot: Int
        if let existing = cSlotById[c.id] {
            slot = Int(existing)
            cPoolGarbage += Int(cSkillCount[slot]) + Int(cDesiredCount[slot])
            cPostingGarbage += candidatePostingCount(slot)
            cGeneration[slot] &+= 1
        } else if let free = cFreeSlots.popLast() {
            slot = Int(free)
        } else {
            slot = cId.count
            cGeneration.append(0)
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
        if candidatesBySkill.isEmpty { candidatesBySkill = Array(repeating: [], count: matcher.reference.skills.count) }
        listCandidate(slot)
        compactCandidatePoolIfNeeded()
        compactCandidatePostingsIfNeeded()
    }

    /// The ISCO sub-major groups (0…99) of a candidate slot's desired occupations, without repeats.
    private func desiredGroups(_ slot: Int) -> [Int] {
        var groups: [Int] = []
        let start = Int(cDesiredStart[slot])
        for i in start..<start + Int(cDesiredCount[slot]) {
            let unit = Int(matcher.tree.unitGroup[Int(cPool[i])])
            if unit >= 0 && !groups.contains(unit / 100) { groups.append(unit / 100) }
        }
        return groups
    }

    private func candidatePostingCount(_ slot: Int) -> Int { Int(cSkillCount[slot]) + desiredGroups(slot).count }

    private mutating func listCandidate(_ slot: Int) {
        let posting = Posting(slot: Int32(slot), generation: cGeneration[slot])
        for group in desiredGroups(slot) where group < candidatesByGroup.count {
            candidatesByGroup[group].append(posting)
            cPostingCount += 1
        }
        let start = Int(cSkillStart[slot])
        for i in start..<start + Int(cSkillCount[slot]) {
            let skill = Int(cPool[i])
            guard skill >= 0 && skill < candidatesBySkill.count else { continue }
            candidatesBySkill[skill].append(posting)
            cPostingCount += 1
        }
    }

    private mutating func compactCandidatePostingsIfNeeded() {
        guard cPostingGarbage > 4_096, cPostingGarbage * 2 > cPostingCount else { return }
        for i in candidatesByGroup.indices { candidatesByGroup[i].removeAll(keepingCapacity: true) }
        for i in candidatesBySkill.indices { candidatesBySkill[i].removeAll(keepingCapacity: true) }
        cPostingCount = 0
        cPostingGarbage = 0
        for slot in cId.indices where cLive[slot] { listCandidate(slot) }
    }

    public mutating func removeCandidate(id: String) {
        guard let slot = cSlotById.removeValue(forKey: id).map(Int.init) else { return }
        cLive[slot] = false
        cPostingGarbage += candidatePostingCount(slot)
        cGeneration[slot] &+= 1
        cPoolGarbage += Int(cSkillCount[slot]) + Int(cDesiredCount[slot])
        cSkillCount[slot] = 0
        cDesiredCount[slot] = 0
        cId[slot] = ""
        cFreeSlots.append(Int32(slot))
        compactCandidatePoolIfNeeded()
        compactCandidatePostingsIfNeeded()
    }

    /// Upserts append a fresh run to the pool; once dead runs outweigh live ones, copy the live runs out.
    private mutating func compactVacancyPoolIfNeeded() {
        guard vPoolGarbage > 4_096, vPoolGarbage * 2 > vSkillPool.count else { return }
        var pool: [Int32] = []
        pool.reserveCapacity(vSkillPool.count - vPoolGarbage)
        for slot in vId.indices where vRows[slot].live {
            let start = Int(vRows[slot].skillStart), count = Int(vRows[slot].essentialCount) + Int(vRows[slot].optionalCount)
            vRows[slot].skillStart = Int32(pool.count)
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
        let row = vRows[slot]
        let start = Int(row.skillStart), essential = Int(row.essentialCount), optional = Int(row.optionalCount)
        return VacancyFeatures(
            id: vId[slot], title: vTitle[slot], municipality: row.municipality >= 0 ? municipalityNames[Int(row.municipality)] : nil,
            regionNumber: row.region >= 0 ? Int(row.region) : nil, pc4: row.pc4 >= 0 ? Int(pc4Codes[Int(row.pc4)]) : nil,
            hours: WeeklyHours(min: Int(row.hoursMin), max: Int(row.hoursMax))!, licenceBits: row.licences,
            demandBits: row.demands, startDay: row.start == MatchIndex.startsWhenAvailable ? nil : row.start, isOpen: row.open,
            validThroughDay: row.validThrough == Int32.max ? nil : row.validThrough,
            minimumEducation: row.education > 0 ? EducationLevel(rawValue: Int(row.education)) : nil,
            minimumDutchLevel: row.dutch > 0 ? LanguageLevel(rawValue: Int(row.dutch)) : nil,
            suitableForBanenafspraak: row.suitable, occupation: row.occupation >= 0 ? row.occupation : nil,
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
        var closerOccupations: [[Int32]] = [[], [], [], []]
        var skillMark: [UInt8] = []
        /// Occupation positions compared with the candidate's desired ones.
        var touched: [Int32] = []
        /// One bit per slot: read already in this query (a slot sits in several posting lists).
        var seen: [UInt64] = []
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

    /// What one candidate query needs while it scans vacancy slots.
    private struct CandidateScan {
        let rules: ScoreRules
        let rows: UnsafeBufferPointer<VacancyRow>
        let ids: UnsafeBufferPointer<Int64>
        let vacancySkills: UnsafeBufferPointer<Int32>
        /// 1 at the skill positions the candidate has: counting a vacancy's skills is then one load per skill.
        let skillMark: UnsafeBufferPointer<UInt8>
        let distance: UnsafeBufferPointer<Double>
        let occupationLevel: UnsafeBufferPointer<UInt8>
        let inGroup: UnsafeBufferPointer<Bool>?
        let unknownOccupation: Int
        let day: Int32
        let candidateKnown: Bool
        let reach: Double
        let hoursMin: UInt8, hoursMax: UInt8, licences: UInt8, avoid: UInt16
        let available: Int32
        let education: Int, dutch: Int, inRegister: Bool
        let minimum: Double
        let region: Int16?, municipality: Int32?, hours: WeeklyHours?
        var heap: TopK
        /// Set for the last pass, which must skip vacancies of occupations already visited by occupation.
        var onlyUnrelated = false

        /// Filters and scores the given slots.
        @inline(__always)
        mutating func visit(_ slots: UnsafeBufferPointer<Int32>) {
            for s in slots { visit(slot: Int(s)) }
        }

        /// Filters and scores one slot; the skill comparison only runs when the pair could still enter.
        @inline(__always)
        mutating func visit(slot v: Int) {
                let row = rows[v]
                guard row.live, row.open, row.validThrough >= day else { return }
                let km = (row.pc4 >= 0 && candidateKnown) ? distance[Int(row.pc4)] : .nan
                if km > reach { return }
                let lo = max(hoursMin, row.hoursMin), hi = min(hoursMax, row.hoursMax)
                guard lo <= hi, row.licences & ~licences == 0, row.demands & avoid == 0, row.start >= available else { return }
                if let region, row.region != region { return }
                if let municipality, row.municipality != municipality { return }
                if let hours, max(hours.min, Int(row.hoursMin)) > min(hours.max, Int(row.hoursMax)) { return }
                let occupation = row.occupation
                let level = Int(occupationLevel[occupation >= 0 ? Int(occupation) : unknownOccupation])
                if onlyUnrelated && level < 4 { return }
                if let inGroup, occupation < 0 || !inGroup[Int(occupation)] { return }

                let v0 = rules.occupationValue(level: level)
                if !rules.isRanked(relevance: rules.relevance(v0, 1)) { return }
                let v2 = rules.distanceValue(km: km, reach: reach)
                let v3 = rules.hoursValue(overlapMax: Int(hi))
                let v4 = ScoreRules.levelValue(have: education, need: Int(row.education), penalty: rules.educationPenalty)
                let v5 = ScoreRules.levelValue(have: dutch, need: Int(row.dutch), penalty: rules.dutchPenalty)
                let v6 = rules.inclusiveValue(inRegister: inRegister, suitable: row.suitable)
                let bound = rules.bound(v0, v2, v3, v4, v5, v6)
                if bound < minimum || !heap.couldEnter(score: bound) { return }
                let start = Int(row.skillStart), essential = Int(row.essentialCount), optional = Int(row.optionalCount)
                var essentialHad = 0, optionalHad = 0
                for i in start..<start + essential { essentialHad &+= Int(skillMark[Int(vacancySkills[i])]) }
                for i in start + essential..<start + essential + optional { optionalHad &+= Int(skillMark[Int(vacancySkills[i])]) }
                let v1 = rules.skillsValue(essentialHad: essentialHad, essentialTotal: essential, optionalHad: optionalHad, optionalTotal: optional)
                if !rules.isRanked(relevance: rules.relevance(v0, v1)) { return }
                let score = rules.score(v0, v1, v2, v3, v4, v5, v6)
                if score < minimum { return }
                heap.offer(RankedEntry(score: score, slot: Int32(v), tieKey: ids[v]))
        }
    }

    private func rankVacancies(candidateSlot c: Int, k: Int, filter: MatchQueryFilter, scratch: inout QueryScratch) -> [RankedEntry] {
        let rules = matcher.rules[Int(cProfile[c])]
        let tree = matcher.tree
        // Distances from the candidate's PC4 to every PC4 in use: one trigonometric call per postcode, not per vacancy.
        distanceTable(from: Int(cPC4Code[c]), into: &scratch.distance)
        let candidateKnown = cPC4[c] >= 0
        let reach = cReach[c]
        // Closeness of every ESCO occupation to the candidate's desired ones; slot `count` stands for "unknown".
        let occupationCount = matcher.reference.occupations.count
        scratch.occupationLevel.removeAll(keepingCapacity: true)
        scratch.occupationLevel.append(contentsOf: repeatElement(4, count: occupationCount + 1))
        for level in 0..<4 { scratch.closerOccupations[level].removeAll(keepingCapacity: true) }
        let desiredStart = Int(cDesiredStart[c]), desiredCount = Int(cDesiredCount[c])
        // Only occupations in a desired occupation's ISCO sub-major group (and the desired ones themselves) can be
        // closer than "unrelated", so only those are compared, not all 3,000; visited in position order as before.
        scratch.touched.removeAll(keepingCapacity: true)
        cPool.withUnsafeBufferPointer { pool in
            let desired = UnsafeBufferPointer(rebasing: pool[desiredStart..<desiredStart + desiredCount])
            var groups: [Int] = []
            for d in desired {
                scratch.touched.append(d)
                let unit = Int(tree.unitGroup[Int(d)])
                if unit >= 0 && !groups.contains(unit / 100) { groups.append(unit / 100) }
            }
            for group in groups where group < tree.occupationsBySubMajorGroup.count {
                scratch.touched.append(contentsOf: tree.occupationsBySubMajorGroup[group])
            }
            scratch.touched.sort()
            var previous: Int32 = -1
            for o in scratch.touched where o != previous {
                previous = o
                let level = tree.bestLevel(vacancy: o, desired: desired)
                scratch.occupationLevel[Int(o)] = UInt8(level)
                if level < 4 { scratch.closerOccupations[level].append(o) }
            }
        }
        let useGroup = groupTable(filter.iscoGroup, into: &scratch.inGroup)
        let minimum = max(rules.minimumScore, filter.minimumScore ?? 0)
        let skillStart = Int(cSkillStart[c]), skillCount = Int(cSkillCount[c])
        let closer = scratch.closerOccupations
        if scratch.skillMark.count != matcher.reference.skills.count {
            scratch.skillMark = [UInt8](repeating: 0, count: matcher.reference.skills.count)
        }
        for i in skillStart..<skillStart + skillCount { scratch.skillMark[Int(cPool[i])] = 1 }
        defer { for i in skillStart..<skillStart + skillCount { scratch.skillMark[Int(cPool[i])] = 0 } }
        // Taken out of the scratch for the duration, so that it can be written while other scratch buffers are read.
        var seen: [UInt64] = []
        swap(&seen, &scratch.seen)
        defer { swap(&seen, &scratch.seen) }

        return vSkillPool.withUnsafeBufferPointer { vPool in
        vGeneration.withUnsafeBufferPointer { generations in
        vRows.withUnsafeBufferPointer { rows in
        vId.withUnsafeBufferPointer { ids in
        scratch.distance.withUnsafeBufferPointer { distance in
        scratch.occupationLevel.withUnsafeBufferPointer { occupationLevel in
        scratch.inGroup.withUnsafeBufferPointer { inGroup in
        scratch.skillMark.withUnsafeBufferPointer { skillMark in
            var scan = CandidateScan(
                rules: rules, rows: rows, ids: ids, vacancySkills: vPool, skillMark: skillMark,
                distance: distance, occupationLevel: occupationLevel, inGroup: useGroup ? inGroup : nil,
                unknownOccupation: occupationCount, day: Int32(date.dayNumber), candidateKnown: candidateKnown, reach: reach,
                hoursMin: cHoursMin[c], hoursMax: cHoursMax[c], licences: cLicences[c], avoid: cAvoid[c],
                available: cAvailable[c] - rules.startGraceDays, education: Int(cEducation[c]), dutch: Int(cDutch[c]),
                inRegister: cRegister[c], minimum: minimum, region: filter.regionNumber.map { Int16(exactly: $0) ?? .min },
                municipality: filter.municipality.map { municipalitySlot[$0] ?? -2 }, hours: filter.hours, heap: TopK(k: k))
            // Closest occupations first. Before each level, the best score any vacancy at that level could reach
            // (its occupation value and every skill had: relevance × 1); once that cannot enter the top k, neither
            // can anything further away, because profiles never let a more distant level score higher.
            for level in 0...4 {
                let ceiling = rules.relevanceCeiling(level: level)
                if ceiling < minimum || !rules.isRanked(relevance: ceiling) || !scan.heap.couldEnter(score: ceiling) { break }
                if level < 4 {
                    for o in closer[level] { slotsByOccupation[Int(o)].withUnsafeBufferPointer { scan.visit($0) } }
                } else {
                    // Unrelated occupations: relevant only through a shared skill, so only the vacancies listed
                    // under the candidate's skills are read (each once); vacancies of closer occupations were seen above.
                    scan.onlyUnrelated = true
                    seen.removeAll(keepingCapacity: true)
                    seen.append(contentsOf: repeatElement(0, count: (rows.count + 63) / 64))
                    seen.withUnsafeMutableBufferPointer { seen in
                        // Every vacancy of a closer occupation was read above: marked seen, it is skipped without
                        // reading its row again.
                        for level in 0..<4 {
                            for o in closer[level] {
                                for v in slotsByOccupation[Int(o)] { seen[Int(v) >> 6] |= UInt64(1) << UInt64(v & 63) }
                            }
                        }
                        for i in skillStart..<skillStart + skillCount {
                            let skill = Int(cPool[i])
                            guard skill < vacanciesBySkill.count else { continue }
                            vacanciesBySkill[skill].withUnsafeBufferPointer { postings in
                                for posting in postings {
                                    let v = Int(posting.slot)
                                    guard generations[v] == posting.generation else { continue }
                                    let (word, bit) = (v >> 6, UInt64(1) << UInt64(v & 63))
                                    if seen[word] & bit != 0 { continue }
                                    seen[word] |= bit
                                    scan.visit(slot: v)
                                }
                            }
                        }
                    }
                }
            }
            return scan.heap.sortedBestFirst()
        }}}}}}}}
    }

    private func rankCandidates(vacancySlot v: Int, k: Int, filter: MatchQueryFilter, scratch: inout QueryScratch) -> [RankedEntry] {
        let tree = matcher.tree
        let allRules = matcher.rules
        let day = Int32(date.dayNumber)
        var heap = TopK(k: k, candidateIds: cId)
        let row = vRows[v]
        guard row.live, row.open, row.validThrough >= day else { return [] }
        let vacancyKnown = row.pc4 >= 0
        if vacancyKnown { distanceTable(from: Int(pc4Codes[Int(row.pc4)]), into: &scratch.distance) } else { scratch.distance = [] }
        let useGroup = groupTable(filter.iscoGroup, into: &scratch.inGroup)
        let wantRegion = filter.regionNumber.map { Int16(exactly: $0) ?? .min }
        let wantMunicipality: Int32? = filter.municipality.map { municipalitySlot[$0] ?? -2 }
        let wantHours = filter.hours
        let inGroup = scratch.inGroup

        let vMin = row.hoursMin, vMax = row.hoursMax, licences = row.licences, demands = row.demands, start = row.start
        let needEducation = Int(row.education), needDutch = Int(row.dutch), suitable = row.suitable, occupation = row.occupation
        let skillStart = Int(row.skillStart), essential = Int(row.essentialCount), optional = Int(row.optionalCount)

        // Mark the vacancy's skills (1 essential, 2 optional): each candidate's skills are then counted by lookup.
        if scratch.skillMark.count != matcher.reference.skills.count {
            scratch.skillMark = [UInt8](repeating: 0, count: matcher.reference.skills.count)
        }
        for i in skillStart..<skillStart + essential { scratch.skillMark[Int(vSkillPool[i])] = 1 }
        for i in skillStart + essential..<skillStart + essential + optional { scratch.skillMark[Int(vSkillPool[i])] = 2 }
        defer { for i in skillStart..<skillStart + essential + optional { scratch.skillMark[Int(vSkillPool[i])] = 0 } }

        // Only candidates with some relevance can be ranked: those whose desired occupations share the vacancy's
        // ISCO sub-major group (occupation fit), and those who share one of its skills. Nobody else is read.
        let group = occupation >= 0 ? Int(tree.unitGroup[Int(occupation)]) : -1
        let groupList = group >= 0 && group / 100 < candidatesByGroup.count ? group / 100 : nil
        // The most any candidate outside the group could score: skills fit only (every skill had, all else full).
        let unrelatedCeiling = allRules.map { $0.relevanceCeiling(level: 4) }.max() ?? 0
        let unrelatedCanRank = allRules.contains { $0.isRanked(relevance: $0.relevanceCeiling(level: 4)) }
        var seen: [UInt64] = []
        swap(&seen, &scratch.seen)
        defer { swap(&seen, &scratch.seen) }
        seen.removeAll(keepingCapacity: true)
        seen.append(contentsOf: repeatElement(0, count: (cId.count + 63) / 64))

        allRules.withUnsafeBufferPointer { allRules in
        cPool.withUnsafeBufferPointer { pool in
        cGeneration.withUnsafeBufferPointer { generations in
        seen.withUnsafeMutableBufferPointer { seen in
        scratch.skillMark.withUnsafeBufferPointer { skillMark in
        scratch.distance.withUnsafeBufferPointer { distance in
            func consider(_ c: Int) {
                guard cLive[c] else { return }
                let rules = allRules[Int(cProfile[c])]
                let pc = cPC4[c]
                let km = (pc >= 0 && vacancyKnown) ? distance[Int(pc)] : .nan
                let reach = cReach[c]
                if km > reach { return }
                let lo = max(cHoursMin[c], vMin), hi = min(cHoursMax[c], vMax)
                guard lo <= hi, licences & ~cLicences[c] == 0, demands & cAvoid[c] == 0, start >= cAvailable[c] - rules.startGraceDays else { return }
                if let wantRegion, cRegion[c] != wantRegion { return }
                if let wantMunicipality, cMunicipality[c] != wantMunicipality { return }
                if let wantHours, max(wantHours.min, Int(cHoursMin[c])) > min(wantHours.max, Int(cHoursMax[c])) { return }
                let desiredStart = Int(cDesiredStart[c])
                let desired = UnsafeBufferPointer(rebasing: pool[desiredStart..<desiredStart + Int(cDesiredCount[c])])
                if useGroup && !desired.contains(where: { inGroup[Int($0)] }) { return }

                let level = occupation >= 0 ? tree.bestLevel(vacancy: occupation, desired: desired) : 4
                let v0 = rules.occupationValue(level: level)
                if !rules.isRanked(relevance: rules.relevance(v0, 1)) { return }
                let v2 = rules.distanceValue(km: km, reach: reach)
                let v3 = rules.hoursValue(overlapMax: Int(hi))
                let v4 = ScoreRules.levelValue(have: Int(cEducation[c]), need: needEducation, penalty: rules.educationPenalty)
                let v5 = ScoreRules.levelValue(have: Int(cDutch[c]), need: needDutch, penalty: rules.dutchPenalty)
                let v6 = rules.inclusiveValue(inRegister: cRegister[c], suitable: suitable)
                let minimum = max(rules.minimumScore, filter.minimumScore ?? 0)
                let bound = rules.bound(v0, v2, v3, v4, v5, v6)
                if bound < minimum || !heap.couldEnter(score: bound) { return }
                let skillsStart = Int(cSkillStart[c])
                var essentialHad = 0, optionalHad = 0
                for i in skillsStart..<skillsStart + Int(cSkillCount[c]) {
                    let mark = skillMark[Int(pool[i])]
                    essentialHad &+= Int(mark & 1)
                    optionalHad &+= Int(mark >> 1)
                }
                let v1 = rules.skillsValue(essentialHad: essentialHad, essentialTotal: essential, optionalHad: optionalHad, optionalTotal: optional)
                if !rules.isRanked(relevance: rules.relevance(v0, v1)) { return }
                let score = rules.score(v0, v1, v2, v3, v4, v5, v6)
                if score < minimum { return }
                heap.offer(RankedEntry(score: score, slot: Int32(c), tieKey: 0))
            }
            func visit(_ postings: UnsafeBufferPointer<Posting>) {
                for posting in postings {
                    let c = Int(posting.slot)
                    guard generations[c] == posting.generation else { continue }
                    let (word, bit) = (c >> 6, UInt64(1) << UInt64(c & 63))
                    if seen[word] & bit != 0 { continue }
                    seen[word] |= bit
                    consider(c)
                }
            }
            if let groupList { candidatesByGroup[groupList].withUnsafeBufferPointer { visit($0) } }
            // Outside the group only skills can make a candidate relevant; skip them all when even a full skills
            // fit could not enter the top k.
            if unrelatedCanRank && heap.couldEnter(score: unrelatedCeiling) {
                for i in skillStart..<skillStart + essential + optional {
                    let skill = Int(vSkillPool[i])
                    guard skill < candidatesBySkill.count else { continue }
                    candidatesBySkill[skill].withUnsafeBufferPointer { visit($0) }
                }
            }
        }}}}}}
        return heap.sortedBestFirst()
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
        total += bytes(vRows) + bytes(vId) + bytes(vSkillSource) + stringBytes(vTitle) + bytes(vSkillPool) + bytes(vFreeSlots)
        total += bytes(vListPosition) + bytes(slotsByOccupation) + slotsByOccupation.reduce(0) { $0 + bytes($1) + 32 }
        total += bytes(vPostcodePosition) + bytes(slotsByPostcode) + slotsByPostcode.reduce(0) { $0 + bytes($1) + 32 }
        total += vSlotById.capacity * (MemoryLayout<Int64>.stride + MemoryLayout<Int32>.stride + 4)
        total += stringBytes(cId) + bytes(cLive) + bytes(cPC4) + bytes(cPC4Code) + bytes(cReach) + bytes(cHoursMin) + bytes(cHoursMax)
        total += bytes(cLicences) + bytes(cAvoid) + bytes(cAvailable) + bytes(cEducation) + bytes(cDutch) + bytes(cRegister)
        total += bytes(cProfile) + bytes(cRegion) + bytes(cMunicipality) + stringBytes(cMunicipalityName) + bytes(cSkillStart)
        total += bytes(cSkillCount) + bytes(cDesiredStart) + bytes(cDesiredCount) + bytes(cPool) + bytes(cFreeSlots)
        total += cSlotById.capacity * (MemoryLayout<String>.stride + MemoryLayout<Int32>.stride + 4)
        // Posting lists per skill and per ISCO sub-major group, and the slot generations that validate them.
        for lists in [vacanciesBySkill, candidatesBySkill, candidatesByGroup] {
            total += bytes(lists) + lists.reduce(0) { $0 + bytes($1) + 32 }
        }
        total += bytes(vGeneration) + bytes(cGeneration)
        return total
    }
}

/// The fields of a vacancy the scan reads, packed together (40 bytes).
struct VacancyRow: Sendable {
    var pc4: Int32 = -1
    var start: Int32 = 0
    var validThrough: Int32 = 0
    var occupation: Int32 = -1
    var skillStart: Int32 = 0
    var municipality: Int32 = -1
    var demands: UInt16 = 0
    var essentialCount: UInt16 = 0
    var optionalCount: UInt16 = 0
    var region: Int16 = -1
    var hoursMin: UInt8 = 0
    var hoursMax: UInt8 = 0
    var licences: UInt8 = 0
    var education: Int8 = 0
    var dutch: Int8 = 0
    var live = false
    var open = false
    var suitable = false
}

/// An entry of a posting list: a slot, valid while the slot's generation is unchanged.
struct Posting: Sendable {
    var slot: Int32
    var generation: UInt32
}

/// A scored slot; `tieKey` is the vacancy id (candidate ties are broken on the id string).
struct RankedEntry: Sendable {
    var score: Double
    var slot: Int32
    var tieKey: Int64
}

/// The k best entries seen so far, kept as a min-heap whose root is the worst of them.
struct TopK {
    let k: Int
    private var heap: [RankedEntry] = []
    /// Candidate ids for candidate rankings (ties by id string); nil for vacancy rankings (ties by id number).
    private var names: [String]? = nil

    init(k: Int, candidateIds: [String]? = nil) {
        self.k = k
        self.names = candidateIds
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
