import Domain
import Matching
import Reference

/// A labour-market region's worth of made-up candidates and vacancies, built from real ESCO occupations and
/// skills and the region's real PC4 areas. For benchmarks and property tests; deterministic for a seed.
///
/// Shape (an assumption, not a measured caseload): demand is concentrated on a few hundred occupations in
/// ISCO major groups 3–9 with a Zipf-like spread; 60% of vacancies list their own skills, the rest only a
/// title and occupation; candidates want one to three occupations and hold part of their skills.
public struct SyntheticRegion: Sendable {
    public let regionName: String
    public let candidates: [Candidate]
    public let vacancies: [Vacancy]

    public static func generate(reference: ReferenceData, regionName: String = "Rijnmond", candidateCount: Int = 20_000,
                                vacancyCount: Int = 100_000, on date: CalendarDate, seed: UInt64 = 2026) -> SyntheticRegion {
        var random = SplitMix64(seed: seed)
        let municipalities = Set(reference.regionByMunicipality.filter { $0.value.name == regionName }.map(\.key))
        var areas = reference.postcodeAreas.values.filter { municipalities.contains($0.municipality) }.sorted { $0.pc4 < $1.pc4 }
        if areas.isEmpty { areas = reference.postcodeAreas.values.sorted { $0.pc4 < $1.pc4 } }

        // Occupations a regional labour market actually asks for: ISCO major groups 3–9 with a skill profile.
        let pool = reference.occupations.indices.filter { i in
            let o = reference.occupations[i]
            return "3456789".contains(o.iscoGroup.first!) && o.essentialSkills.count >= 5
        }
        var shuffled = pool
        shuffled.shuffle(using: &random)
        let demanded = Array(shuffled.prefix(400))
        // Zipf-like popularity: the r-th occupation is drawn with weight 1/(r+5).
        let cumulative = demanded.indices.reduce(into: [Double]()) { sums, r in sums.append((sums.last ?? 0) + 1 / Double(r + 5)) }
        func popularOccupation(_ random: inout SplitMix64) -> Int {
            let x = Double.random(in: 0..<cumulative.last!, using: &random)
            var lo = 0, hi = cumulative.count - 1
            while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] > x { hi = mid } else { lo = mid + 1 } }
            return demanded[lo]
        }
        func pick<T>(_ items: [T], _ random: inout SplitMix64) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
        func chance(_ p: Double, _ random: inout SplitMix64) -> Bool { Double.random(in: 0..<1, using: &random) < p }
        func sample(_ items: [Int32], share: ClosedRange<Double>, _ random: inout SplitMix64) -> [Int32] {
            let n = Int((Double(items.count) * Double.random(in: share, using: &random)).rounded())
            var copy = items
            copy.shuffle(using: &random)
            return Array(copy.prefix(n))
        }
        let skillId: (Int32) -> EscoID = { reference.skills[Int($0)].id }

        let vacancyHours: [(Int, Int)] = [(32, 40), (24, 32), (16, 24), (36, 40), (8, 16), (20, 38), (38, 40), (12, 20)]
        var vacancies: [Vacancy] = []
        vacancies.reserveCapacity(vacancyCount)
        for n in 0..<vacancyCount {
            let occupation = reference.occupations[popularOccupation(&random)]
            let area = pick(areas, &random)
            let listsSkills = chance(0.6, &random)
            let hours = pick(vacancyHours, &random)
            var licences: [DrivingLicence] = []
            let l = Double.random(in: 0..<1, using: &random)
            if l < 0.03 { licences = [.ce] } else if l < 0.07 { licences = [.c] } else if l < 0.22 { licences = [.b] }
            var demands: [WorkDemand] = []
            for _ in 0..<Int.random(in: 0...2, using: &random) { demands.append(pick(WorkDemand.allCases, &random)) }
            vacancies.append(Vacancy(
                id: Int64(n + 1), source: "synthetisch", externalId: "S\(n + 1)", employerId: Int64(n % 9_000 + 1),
                title: occupation.labelNL, occupation: occupation.id,
                requiredSkills: listsSkills ? sample(occupation.essentialSkills, share: 0.4...0.8, &random).map(skillId) : [],
                optionalSkills: listsSkills ? sample(occupation.optionalSkills, share: 0.0...0.3, &random).map(skillId) : [],
                postcode: Postcode(pc4: area.pc4), hours: WeeklyHours(min: hours.0, max: hours.1)!,
                contractMonths: pick([6, 12, nil], &random),
                startDate: chance(0.5, &random) ? date.adding(days: Int.random(in: -30...60, using: &random)) : nil,
                hourlyWage: Money(cents: Int64.random(in: 1_471...2_600, using: &random)),
                suitableForBanenafspraak: chance(0.06, &random), demands: Array(Set(demands)).sorted(), requiredLicences: licences,
                minimumEducation: chance(0.5, &random) ? pick([.vmbo, .mbo1, .mbo2, .mbo3, .mbo4, .hbo], &random) : nil,
                minimumDutchLevel: chance(0.4, &random) ? pick([.a2, .b1, .b2], &random) : nil,
                status: .open, validThrough: date.adding(days: Int.random(in: 10...90, using: &random))))
        }

        let candidateHours: [(Int, Int)] = [(0, 40), (24, 36), (16, 24), (8, 16), (20, 32), (32, 40), (12, 24)]
        var candidates: [Candidate] = []
        candidates.reserveCapacity(candidateCount)
        for n in 0..<candidateCount {
            let area = pick(areas, &random)
            var desired: [Int] = []
            for _ in 0..<Int.random(in: 1...3, using: &random) { desired.append(popularOccupation(&random)) }
            var skills: [Int32] = []
            for (i, occupation) in desired.enumerated() {
                skills += sample(reference.occupations[occupation].essentialSkills, share: i == 0 ? 0.3...0.9 : 0.1...0.5, &random)
            }
            for _ in 0..<2 { skills.append(Int32.random(in: 0..<Int32(reference.skills.count), using: &random)) }
            let hours = pick(candidateHours, &random)
            var licences: [DrivingLicence] = []
            let l = Double.random(in: 0..<1, using: &random)
            if l < 0.03 { licences = [.ce] } else if l < 0.08 { licences = [.c] } else if l < 0.50 { licences = [.b] }
            var avoid: [WorkDemand] = []
            if chance(0.3, &random) { avoid.append(pick(WorkDemand.allCases, &random)) }
            if chance(0.1, &random) { avoid.append(pick(WorkDemand.allCases, &random)) }
            let register = chance(0.12, &random)
            candidates.append(Candidate(
                id: "K\(String(100_000 + n))", municipality: area.municipality,
                dateOfBirth: date.adding(years: -Int.random(in: 18...64, using: &random)), benefit: .participatiewet,
                targetGroupRegister: register, workLimitation: register,
                ladderRung: pick(LadderRung.allCases, &random), hoursAvailable: WeeklyHours(min: hours.0, max: hours.1)!,
                travelReachKm: pick([5, 10, 15, 20, 25, 30, 40], &random), postcode: Postcode(pc4: area.pc4)!,
                availableFrom: date.adding(days: Int.random(in: -200...60, using: &random)),
                skills: Array(Set(skills)).sorted().map(skillId), desiredOccupations: desired.map { reference.occupations[$0].id },
                education: pick(EducationLevel.allCases, &random), dutchLevel: pick(LanguageLevel.allCases, &random),
                drivingLicences: licences, avoid: Array(Set(avoid)).sorted()))
        }
        return SyntheticRegion(regionName: regionName, candidates: candidates, vacancies: vacancies)
    }
}
