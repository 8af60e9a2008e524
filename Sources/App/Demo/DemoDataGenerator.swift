import Domain
import Foundation
import Matching
import Reference

/// A synthetic WSP caseload for Drechtsteden and Wierden: no real person, but real municipalities, real PC4
/// areas, real ESCO occupations and skills, and proportions taken from the Drechtsteden 2023 caseload
/// (about 60% on ladder rung 1–2, 20% on 3, 20% on 4 or higher; over 70% on benefit more than two years,
/// almost half more than five; about 20% status holders).
///
/// Deterministic: the same seed and reference data give the same records, byte for byte.
public struct DemoDataGenerator {
    public struct Output: Sendable {
        public var employers: [Employer]
        public var candidates: [Candidate]
        public var vacancies: [Vacancy]
    }

    public struct Size: Sendable {
        public var candidates: Int
        public var employers: Int
        public var vacancies: Int

        public init(candidates: Int, employers: Int, vacancies: Int) {
            self.candidates = candidates
            self.employers = employers
            self.vacancies = vacancies
        }

        public static let demo = Size(candidates: 300, employers: 40, vacancies: 3000)
    }

    /// Municipalities (2017 names, as in the reference data) with a weight roughly proportional to their
    /// number of people on social assistance.
    static let municipalities: [(String, Int)] = [
        ("Dordrecht", 40), ("Zwijndrecht", 10), ("Papendrecht", 6), ("Sliedrecht", 5), ("Alblasserdam", 4),
        ("Hendrik-Ido-Ambacht", 4), ("Hardinxveld-Giessendam", 3), ("Wierden", 20),
    ]

    /// The day the demo caseload describes; fixed so the output does not depend on the clock.
    public static let referenceDate = CalendarDate(year: 2026, month: 11, day: 1)!

    let reference: ReferenceData
    let size: Size
    var random: SplitMix64

    public init(reference: ReferenceData, size: Size = .demo, seed: UInt64 = 2026) {
        self.reference = reference
        self.size = size
        self.random = SplitMix64(seed: seed)
    }

    public mutating func generate() -> Output {
        let areas = areasByMunicipality()
        let occupations = entryLevelOccupations()
        let employers = makeEmployers(areas: areas, occupations: occupations)
        let candidates = (1...size.candidates).map { makeCandidate(number: $0, areas: areas, occupations: occupations) }
        let vacancies = (1...size.vacancies).map { makeVacancy(number: $0, employers: employers, areas: areas, occupations: occupations) }
        return Output(employers: employers.map(\.employer), candidates: candidates, vacancies: vacancies)
    }

    // MARK: - Reference subsets

    private func areasByMunicipality() -> [String: [PostcodeArea]] {
        var areas: [String: [PostcodeArea]] = [:]
        for (municipality, _) in Self.municipalities {
            areas[municipality] = reference.postcodeAreas.values.filter { $0.municipality == municipality }.sorted { $0.pc4 < $1.pc4 }
        }
        return areas
    }

    /// Occupations people from the Participatiewet are most often placed in: elementary occupations (ISCO 9),
    /// service and sales (5), clerical support (4), crafts (7) and operators/drivers (8), with a skill profile.
    private func entryLevelOccupations() -> [(Occupation, Int)] {
        let weights: [Character: Int] = ["9": 6, "5": 4, "4": 2, "7": 2, "8": 3]
        return reference.occupations
            .filter { !$0.essentialSkills.isEmpty && weights[$0.iscoGroup.first!] != nil }
            .map { ($0, weights[$0.iscoGroup.first!]!) }
    }

    // MARK: - Employers

    private struct DemoEmployer {
        var employer: Employer
        var municipality: String
        var pc4: Int
        var sector: Character
    }

    private static let employerWords: [(Character, [String])] = [
        ("9", ["Schoonmaak", "Facilitair", "Logistiek", "Groenvoorziening", "Recycling"]),
        ("5", ["Zorg", "Horeca", "Retail", "Welzijn", "Beveiliging"]),
        ("4", ["Administratie", "Klantenservice", "Zakelijke Diensten"]),
        ("7", ["Bouw", "Installatietechniek", "Metaal", "Scheepsbouw", "Houtbewerking"]),
        ("8", ["Transport", "Productie", "Verpakking", "Distributie"]),
    ]
    private static let legalForms = ["B.V.", "B.V.", "B.V.", "V.O.F.", "Stichting", "Coöperatie U.A."]
    private static let streets = ["Industrieweg", "Handelsweg", "Nijverheidsstraat", "Havenweg", "Spoorstraat", "Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg", "Ambachtsweg"]

    private mutating func makeEmployers(areas: [String: [PostcodeArea]], occupations: [(Occupation, Int)]) -> [DemoEmployer] {
        (1...size.employers).map { number in
            let municipality = random.pick(weighted: Self.municipalities)
            let area = random.pick(areas[municipality]!)
            let (sector, words) = random.pick(Self.employerWords)
            let name = "\(random.pick(words)) \(area.places.first ?? municipality) \(random.pick(Self.legalForms))"
            // Synthetic KvK numbers in the 9xxxxxxx range with the employer's number in them: unique, not real.
            let kvk = KvKNumber(String(90_000_000 + number * 1_371))!
            let address = Address(street: "\(random.pick(Self.streets)) \(random.int(in: 1...180))",
                                  postcode: Postcode(pc4: area.pc4, letters: letters())!, city: area.places.first ?? municipality)
            return DemoEmployer(employer: Employer(id: Int64(number), name: name, kvkNumber: kvk, address: address),
                                municipality: municipality, pc4: area.pc4, sector: sector)
        }
    }

    private mutating func letters() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPRTVWXZ")
        return String([random.pick(alphabet), random.pick(alphabet)])
    }

    // MARK: - Candidates

    private mutating func makeCandidate(number: Int, areas: [String: [PostcodeArea]], occupations: [(Occupation, Int)]) -> Candidate {
        let today = Self.referenceDate
        let municipality = random.pick(weighted: Self.municipalities)
        let area = random.pick(areas[municipality]!)
        let age = random.pick(weighted: [(18...20, 8), (21...26, 17), (27...44, 40), (45...56, 22), (57...66, 13)])
        let birth = today.adding(years: -random.int(in: age)).adding(days: -random.int(in: 0...364))
        let benefit = random.pick(weighted: [(BenefitType.participatiewet, 80), (.nugger, 7), (.wajong, 5), (.ww, 4), (.wia, 4)])
        let rung = random.pick(weighted: [(LadderRung.isolated, 25), (.socialContacts, 35), (.organisedActivities, 20),
                                          (.unpaidWork, 10), (.paidWorkWithSupport, 7), (.paidWork, 3)])
        let yearsOnBenefit = random.pick(weighted: [(0...1, 28), (2...4, 25), (5...15, 47)])
        let benefitSince = today.adding(years: -random.int(in: yearsOnBenefit)).adding(days: -random.int(in: 0...364))
        // Register and sheltered work exclude each other.
        let register = benefit == .wajong || random.chance(22)
        let sheltered = !register && random.chance(5)
        let limitation = register || sheltered || benefit == .wia || random.chance(12)
        var wageValue: WageValueMeasurement?
        if (register || sheltered) && random.chance(65) {
            wageValue = WageValueMeasurement(percent: random.int(in: 4...19) * 5, measuredOn: today.adding(days: -random.int(in: 10...700)))
        }
        let statusHolder = random.chance(20)
        let dutch: LanguageLevel = statusHolder
            ? random.pick(weighted: [(.a1, 30), (.a2, 40), (.b1, 25), (.b2, 5)])
            : random.pick(weighted: [(.a2, 5), (.b1, 25), (.b2, 40), (.c1, 25), (.c2, 5)])
        let education = random.pick(weighted: [(EducationLevel.none, 6), (.primary, 10), (.vmbo, 22), (.mbo1, 14), (.mbo2, 22), (.mbo3, 12), (.mbo4, 8), (.havoVwo, 3), (.hbo, 3)])
        let minHours = random.pick([8, 12, 16, 16, 20, 24, 24, 32])
        let maxHours = min(40, minHours + random.pick([0, 8, 8, 12, 16, 16, 20]))
        let desired = (0..<random.int(in: 1...2)).map { _ in random.pick(weighted: occupations) }
        var skills: [EscoID] = []
        for occupation in desired {
            let share = random.int(in: 30...90)
            let known = occupation.essentialSkills.filter { _ in random.chance(share) }
            skills.append(contentsOf: known.map { reference.skills[Int($0)].id })
            skills.append(contentsOf: random.sample(occupation.optionalSkills, count: 2).map { reference.skills[Int($0)].id })
        }
        let avoid: [WorkDemand] = limitation
            ? random.sample(WorkDemand.allCases, count: random.int(in: 1...3))
            : (random.chance(25) ? [random.pick(WorkDemand.allCases)] : [])
        var licences: [DrivingLicence] = random.chance(45) ? [.b] : []
        if !licences.isEmpty, random.chance(10) { licences.append(.c) }
        return Candidate(
            id: String(format: "K%05d", number), municipality: municipality, dateOfBirth: birth, benefit: benefit,
            benefitSince: benefit == .nugger ? nil : benefitSince, targetGroupRegister: register, shelteredWorkIndication: sheltered,
            workLimitation: limitation, wageValue: wageValue, hadEducationObstacle: limitation && random.chance(20),
            ladderRung: rung, singleParentWithChildUnder12: random.chance(14), statusHolder: statusHolder,
            hoursAvailable: WeeklyHours(min: minHours, max: maxHours)!, travelReachKm: random.pick([5, 10, 10, 15, 15, 20, 25, 30]),
            postcode: Postcode(pc4: area.pc4, letters: letters())!,
            availableFrom: today.adding(days: random.int(in: -60...90)),
            skills: Array(Set(skills)).sorted(), desiredOccupations: desired.map(\.id),
            education: education, dutchLevel: dutch, drivingLicences: licences, avoid: avoid.sorted())
    }

    // MARK: - Vacancies

    private mutating func makeVacancy(number: Int, employers: [DemoEmployer], areas: [String: [PostcodeArea]], occupations: [(Occupation, Int)]) -> Vacancy {
        let employer = random.pick(employers)
        // Employers mostly hire in their own sector.
        let pool = random.chance(75) ? occupations.filter { $0.0.iscoGroup.first == employer.sector } : occupations
        let occupation = random.pick(weighted: pool.isEmpty ? occupations : pool)
        var title = random.chance(70) || occupation.alternativeLabelsNL.isEmpty ? occupation.labelNL : random.pick(occupation.alternativeLabelsNL)
        if random.chance(15) { title += " (m/v)" }
        if random.chance(8) { title = "Junior " + title }
        // Most jobs are at the employer's address; some at another site in the region.
        let pc4 = random.chance(80) ? employer.pc4 : random.pick(areas[random.pick(weighted: Self.municipalities)]!).pc4
        let required = random.sample(occupation.essentialSkills, count: random.int(in: 3...6)).map { reference.skills[Int($0)].id }
        let optional = random.sample(occupation.optionalSkills, count: random.int(in: 0...4)).map { reference.skills[Int($0)].id }
        let hours = random.pick([(8, 16), (12, 20), (16, 24), (20, 28), (24, 32), (32, 36), (32, 40), (36, 38), (36, 40), (38, 40)])
        let months = random.pick(weighted: [(Optional(6), 20), (7, 10), (12, 35), (24, 10), (nil, 25)])
        let start = Self.referenceDate.adding(days: random.int(in: 0...150))
        let wageCents = Int64(random.int(in: 1471...2250))
        let demands = Self.demands(for: occupation.iscoGroup, random: &random)
        let licences: [DrivingLicence] = occupation.iscoGroup.hasPrefix("83") ? [random.pick([.b, .c, .ce])] : (random.chance(5) ? [.b] : [])
        return Vacancy(
            id: Int64(number), source: "demo", externalId: String(format: "DEMO-%05d", number), employerId: employer.employer.id,
            title: title, occupation: occupation.id, requiredSkills: required, optionalSkills: optional,
            postcode: Postcode(pc4: pc4, letters: letters())!, hours: WeeklyHours(min: hours.0, max: hours.1)!,
            contractMonths: months, startDate: start, hourlyWage: Money(cents: wageCents),
            suitableForBanenafspraak: random.chance(15), demands: demands, requiredLicences: licences,
            minimumEducation: random.chance(30) ? random.pick([.vmbo, .mbo1, .mbo2, .mbo3]) : nil,
            minimumDutchLevel: random.chance(40) ? random.pick([.a2, .b1, .b1, .b2]) : nil,
            status: random.chance(92) ? .open : .closed, validThrough: start.adding(days: 60))
    }

    private static func demands(for isco: String, random: inout SplitMix64) -> [WorkDemand] {
        let typical: [WorkDemand] = switch isco.first {
        case "9": [.heavyLifting, .prolongedStanding, .dustOrFumes, .outdoorWork, .cold]
        case "5": [.customerContact, .prolongedStanding, .irregularHours, .timePressure]
        case "4": [.customerContact, .timePressure, .fineVision]
        case "7": [.heavyLifting, .noise, .workingAtHeight, .dustOrFumes, .outdoorWork]
        default: [.noise, .nightShifts, .irregularHours, .heavyLifting, .fineVision]
        }
        return random.sample(typical, count: random.int(in: 0...2)).sorted()
    }
}
