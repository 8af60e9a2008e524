/// The benefit a candidate receives; it decides which authority's instruments apply.
public enum BenefitType: String, Sendable, Codable, CaseIterable {
    /// Bijstand under the Participatiewet.
    case participatiewet
    /// Niet-uitkeringsgerechtigde: registered with the municipality, no benefit.
    case nugger
    /// Werkloosheidswet.
    case ww
    /// Wet werk en inkomen naar arbeidsvermogen.
    case wia
    /// Wajong (young disabled); UWV's client.
    case wajong

    public var dutchName: String {
        switch self {
        case .participatiewet: "Participatiewet (bijstand)"
        case .nugger: "niet-uitkeringsgerechtigd"
        case .ww: "WW"
        case .wia: "WIA"
        case .wajong: "Wajong"
        }
    }
}

/// Education level, ordered from lowest to highest (Dutch qualification ladder, NLQF-like).
public enum EducationLevel: Int, Sendable, Codable, CaseIterable, Comparable {
    case none = 0
    case primary = 1      // basisonderwijs
    case vmbo = 2         // vmbo / praktijkonderwijs
    case mbo1 = 3         // entreeopleiding
    case mbo2 = 4         // startkwalificatie
    case mbo3 = 5
    case mbo4 = 6
    case havoVwo = 7
    case hbo = 8
    case wo = 9

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var dutchName: String {
        switch self {
        case .none: "geen"
        case .primary: "basisonderwijs"
        case .vmbo: "vmbo/praktijkonderwijs"
        case .mbo1: "mbo 1 (entree)"
        case .mbo2: "mbo 2"
        case .mbo3: "mbo 3"
        case .mbo4: "mbo 4"
        case .havoVwo: "havo/vwo"
        case .hbo: "hbo"
        case .wo: "wo"
        }
    }
}

/// Dutch language level on the CEFR scale (as used in civic integration).
public enum LanguageLevel: Int, Sendable, Codable, CaseIterable, Comparable {
    case none = 0, a1, a2, b1, b2, c1, c2

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var code: String {
        switch self {
        case .none: "geen"
        case .a1: "A1"
        case .a2: "A2"
        case .b1: "B1"
        case .b2: "B2"
        case .c1: "C1"
        case .c2: "C2"
        }
    }

    public init?(code: String) {
        guard let level = Self.allCases.first(where: { $0.code.caseInsensitiveCompare(code) == .orderedSame }) else { return nil }
        self = level
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let code = try container.decode(String.self)
        guard let level = LanguageLevel(code: code) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown language level \(code)")
        }
        self = level
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// Dutch driving-licence categories.
public enum DrivingLicence: String, Sendable, Codable, CaseIterable, Comparable {
    case am = "AM", a = "A", b = "B", be = "BE", c = "C", ce = "CE", d = "D"
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A physical, sensory or circumstantial demand of a job, which a candidate may have to avoid.
public enum WorkDemand: String, Sendable, Codable, CaseIterable, Comparable {
    case heavyLifting
    case prolongedStanding
    case nightShifts
    case irregularHours
    case noise
    case dustOrFumes
    case workingAtHeight
    case fineVision
    case customerContact
    case timePressure
    case outdoorWork
    case cold

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var dutchName: String {
        switch self {
        case .heavyLifting: "zwaar tillen"
        case .prolongedStanding: "langdurig staan"
        case .nightShifts: "nachtdiensten"
        case .irregularHours: "onregelmatige werktijden"
        case .noise: "lawaai"
        case .dustOrFumes: "stof of dampen"
        case .workingAtHeight: "werken op hoogte"
        case .fineVision: "fijn zicht"
        case .customerContact: "veel klantcontact"
        case .timePressure: "hoge tijdsdruk"
        case .outdoorWork: "buitenwerk"
        case .cold: "werken in de kou"
        }
    }
}

/// The participatieladder rung: 1 isolated … 6 paid work without support.
public enum LadderRung: Int, Sendable, Codable, CaseIterable, Comparable {
    case isolated = 1
    case socialContacts = 2
    case organisedActivities = 3
    case unpaidWork = 4
    case paidWorkWithSupport = 5
    case paidWork = 6

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

public enum VacancyStatus: String, Sendable, Codable, CaseIterable {
    case open
    case closed
}
