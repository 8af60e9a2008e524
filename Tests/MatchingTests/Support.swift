import Benchmarks
import Domain
import Foundation
import Matching
import Reference

/// The real reference data and profiles of the repository, loaded once for all tests.
enum Fixture {
    /// The repository root, found from this file (resolving symlinks, so a scratch package that links the
    /// test directory still finds the real catalog).
    static let root: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let catalog = root.appendingPathComponent("catalog")
    static let reference: ReferenceData = try! ReferenceData.load(from: catalog.appendingPathComponent("reference"))
    static let profiles: MatchingProfiles = try! MatchingProfiles.load(from: catalog.appendingPathComponent("matching"), reference: reference)
    static let matcher = Matcher(reference: reference, profiles: profiles)
    static let date = CalendarDate(year: 2026, month: 3, day: 2)!

    /// A small synthetic region (real occupations, skills and Rijnmond postcodes) for property tests.
    static let region = SyntheticRegion.generate(reference: reference, candidateCount: 120, vacancyCount: 1_500, on: date, seed: 7)

    static let truckDriver = EscoID("45037d43-a8f5-4f46-b332-b2935bc305f4")   // vrachtwagenchauffeur, ISCO 8332
    static let busDriver = EscoID("00cee175-1376-43fb-9f02-ba3d7a910a58")     // buschauffeur, ISCO 8331
    static let forkliftDriver = EscoID("eeac6251-1974-42f5-91ed-513c6c883755") // heftruckchauffeur, ISCO 8344
    static let cook = EscoID("90f75f67-495d-49fa-ab57-2f320e251d7e")          // kok, ISCO 5120

    static func essentialSkills(of occupation: EscoID) -> [EscoID] {
        reference.occupation(occupation)!.essentialSkills.map { reference.skills[Int($0)].id }
    }

    /// A Dordrecht candidate who wants to drive trucks and has half the truck driver's essential skills.
    static func candidate(id: String = "K1", postcode: Int = 3311, reach: Int = 25, hours: (Int, Int) = (24, 40),
                          skills: [EscoID]? = nil, licences: [DrivingLicence] = [.ce], avoid: [WorkDemand] = [],
                          availableFrom: CalendarDate = CalendarDate(year: 2026, month: 2, day: 1)!,
                          register: Bool = false, municipality: String = "Dordrecht") -> Candidate {
        let truckSkills = essentialSkills(of: truckDriver)
        return Candidate(
            id: id, municipality: municipality, dateOfBirth: CalendarDate(year: 1990, month: 5, day: 1)!, benefit: .participatiewet,
            targetGroupRegister: register, ladderRung: .paidWorkWithSupport, hoursAvailable: WeeklyHours(min: hours.0, max: hours.1)!,
            travelReachKm: reach, postcode: Postcode(pc4: postcode)!, availableFrom: availableFrom,
            skills: skills ?? Array(truckSkills.prefix(truckSkills.count / 2)), desiredOccupations: [truckDriver],
            education: .mbo2, dutchLevel: .b1, drivingLicences: licences, avoid: avoid)
    }

    static func vacancy(id: Int64 = 1, occupation: EscoID? = truckDriver, postcode: Int? = 3313, hours: (Int, Int) = (32, 40),
                        required: [EscoID]? = nil, licences: [DrivingLicence] = [.c], demands: [WorkDemand] = [],
                        start: CalendarDate? = nil, status: VacancyStatus = .open, suitable: Bool = false,
                        title: String = "Vrachtwagenchauffeur C") -> Vacancy {
        Vacancy(
            id: id, source: "test", externalId: "T\(id)", employerId: 1, title: title, occupation: occupation,
            requiredSkills: required ?? essentialSkills(of: occupation ?? truckDriver), postcode: postcode.flatMap { Postcode(pc4: $0) },
            hours: WeeklyHours(min: hours.0, max: hours.1)!, contractMonths: 12, startDate: start, hourlyWage: Money(cents: 1_600),
            suitableForBanenafspraak: suitable, demands: demands, requiredLicences: licences, status: status)
    }
}

extension MatchExplanation {
    /// The contributions added in factor order, as the score is computed.
    var contributionSum: Double {
        var sum = 0.0
        for factor in factors.sorted(by: { $0.factor < $1.factor }) { sum += factor.contribution }
        return sum
    }
}
