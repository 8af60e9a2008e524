import Domain
import Reference

/// A candidate reduced to what matching needs, in compact form (positions into the reference data instead of
/// ids), so that the explanation path and the index's hot loop compute from exactly the same numbers.
public struct CandidateFeatures: Sendable, Hashable {
    public var id: String
    public var municipality: String
    /// Labour-market region number, or nil when the municipality is not in the reference table.
    public var regionNumber: Int?
    /// Position in ``MatchingProfiles/all`` of the profile that scores this candidate's pairs.
    public var profileNumber: Int
    public var pc4: Int
    public var travelReachKm: Double
    public var hours: WeeklyHours
    /// Driving licences as a bit set, including the categories a licence implies (CE → C, BE, B, AM).
    public var licenceBits: UInt8
    public var avoidBits: UInt16
    public var availableFromDay: Int32
    public var education: EducationLevel
    public var dutchLevel: LanguageLevel
    public var inRegister: Bool
    /// Positions in ``ReferenceData/skills``, sorted, without duplicates; unknown skill ids are dropped.
    public var skills: [Int32]
    /// Positions in ``ReferenceData/occupations``, sorted; unknown ids are dropped.
    public var desiredOccupations: [Int32]
}

/// Where the skills a vacancy is scored against come from.
public enum SkillSource: String, Sendable, Codable, Hashable {
    /// The vacancy lists its own required and optional skills.
    case vacancy
    /// The vacancy lists none, so its ESCO occupation's essential and optional skills stand in.
    case occupation
    /// Neither: the skills factor is 0 because nothing is known to compare.
    case unknown
}

/// A vacancy reduced to what matching needs (see ``CandidateFeatures``).
public struct VacancyFeatures: Sendable, Hashable {
    public var id: Int64
    public var title: String
    public var municipality: String?
    public var regionNumber: Int?
    public var pc4: Int?
    public var hours: WeeklyHours
    public var licenceBits: UInt8
    public var demandBits: UInt16
    /// Day number of the start date, or nil when the vacancy starts as soon as possible.
    public var startDay: Int32?
    public var isOpen: Bool
    /// Day number of the last day the vacancy is valid, or nil when open-ended.
    public var validThroughDay: Int32?
    public var minimumEducation: EducationLevel?
    public var minimumDutchLevel: LanguageLevel?
    public var suitableForBanenafspraak: Bool
    /// Position in ``ReferenceData/occupations``, or nil when unknown.
    public var occupation: Int32?
    public var essentialSkills: [Int32]
    public var optionalSkills: [Int32]
    public var skillSource: SkillSource
}

enum LicenceBits {
    static func bit(_ licence: DrivingLicence) -> UInt8 {
        switch licence {
        case .am: 1 << 0
        case .a: 1 << 1
        case .b: 1 << 2
        case .be: 1 << 3
        case .c: 1 << 4
        case .ce: 1 << 5
        case .d: 1 << 6
        }
    }

    /// What a licence entitles one to drive as well (Dutch rules: B includes AM; C and D need B; CE includes C
    /// and BE). Without this a CE driver would fail a vacancy that asks for B.
    static func held(_ licences: [DrivingLicence]) -> UInt8 {
        var bits = licences.reduce(UInt8(0)) { $0 | bit($1) }
        let implied: [(DrivingLicence, [DrivingLicence])] = [(.ce, [.c, .be]), (.be, [.b]), (.c, [.b]), (.d, [.b]), (.b, [.am]), (.a, [.am])]
        // Two passes reach the fixed point of the chains above (CE → C → B → AM).
        for _ in 0..<3 {
            for (licence, implies) in implied where bits & bit(licence) != 0 {
                for other in implies { bits |= bit(other) }
            }
        }
        return bits
    }

    static func required(_ licences: [DrivingLicence]) -> UInt8 { licences.reduce(UInt8(0)) { $0 | bit($1) } }

    static func licences(in bits: UInt8) -> [DrivingLicence] { DrivingLicence.allCases.filter { bits & bit($0) != 0 } }
}

enum DemandBits {
    static func bits(_ demands: [WorkDemand]) -> UInt16 {
        demands.reduce(UInt16(0)) { $0 | (1 << UInt16(WorkDemand.allCases.firstIndex(of: $1)!)) }
    }

    static func demands(in bits: UInt16) -> [WorkDemand] {
        WorkDemand.allCases.enumerated().filter { bits & (1 << UInt16($0.offset)) != 0 }.map(\.element)
    }
}

/// Counts the common elements of two sorted, duplicate-free arrays.
@inline(__always)
func sortedIntersectionCount(_ a: UnsafeBufferPointer<Int32>, _ b: UnsafeBufferPointer<Int32>) -> Int {
    var i = 0, j = 0, count = 0
    while i < a.count && j < b.count {
        let x = a[i], y = b[j]
        if x == y { count += 1; i += 1; j += 1 } else if x < y { i += 1 } else { j += 1 }
    }
    return count
}

func sortedIntersectionCount(_ a: [Int32], _ b: [Int32]) -> Int {
    a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in sortedIntersectionCount(pa, pb) } }
}
