import Domain
import Foundation

/// An ESCO occupation with its Dutch and English labels, ISCO unit group and skill profile.
public struct Occupation: Sendable, Hashable {
    public let id: EscoID
    /// ESCO's hierarchical code, e.g. "5223.1.2"; its first four digits are the ISCO-08 unit group.
    public let escoCode: String
    /// ISCO-08 unit group (four digits).
    public let iscoGroup: String
    public let labelNL: String
    public let alternativeLabelsNL: [String]
    public let labelEN: String
    public let alternativeLabelsEN: [String]
    /// Indices into ``ReferenceData/skills``.
    public let essentialSkills: [Int32]
    public let optionalSkills: [Int32]
}

public struct Skill: Sendable, Hashable {
    public let id: EscoID
    public let labelEN: String
    /// ESCO's Dutch preferred label, where our source has one (about 40% of skills; see the README).
    public let labelNL: String?

    public init(id: EscoID, labelEN: String, labelNL: String? = nil) {
        self.id = id
        self.labelEN = labelEN
        self.labelNL = labelNL
    }

    /// The label to show: Dutch where ESCO has one in our data, English otherwise.
    public var label: String { labelNL ?? labelEN }
}

/// A four-digit postcode area with its centroid.
public struct PostcodeArea: Sendable, Hashable {
    public let pc4: Int
    public let places: [String]
    public let municipality: String
    public let latitude: Double
    public let longitude: Double
}

public struct LabourMarketRegion: Sendable, Hashable {
    public let number: Int
    public let name: String
}

/// The reference sets Matchpunt ships in `catalog/reference/`: ESCO occupations and skills, ISCO groups,
/// PC4 centroids and the municipality → labour-market region table. Immutable after loading.
public final class ReferenceData: Sendable {
    public let occupations: [Occupation]
    public let skills: [Skill]
    /// ISCO-08 code (1–4 digits) → Dutch label.
    public let iscoGroups: [String: String]
    public let postcodeAreas: [Int: PostcodeArea]
    public let regionByMunicipality: [String: LabourMarketRegion]
    private let occupationIndex: [EscoID: Int]
    private let skillIndex: [EscoID: Int]
    private let placeIndex: [String: [Int]]

    public static let fileNames = ["occupations.tsv", "skills.tsv", "occupation-skills.tsv", "isco-groups.tsv", "pc4.tsv", "labour-market-regions.tsv"]

    /// Loads every file of `directory` (normally `catalog/reference`). Throws ``ReferenceDataError`` naming the
    /// file, and the line where it applies.
    public static func load(from directory: URL) throws -> ReferenceData {
        let skillsFile = try TabularFile(directory: directory, name: "skills.tsv", columns: 3)
        var skills: [Skill] = []
        skills.reserveCapacity(skillsFile.rows.count)
        for row in skillsFile.rows {
            skills.append(Skill(id: EscoID(String(row.fields[0])), labelEN: String(row.fields[1]),
                                labelNL: row.fields[2].isEmpty ? nil : String(row.fields[2])))
        }

        let profileFile = try TabularFile(directory: directory, name: "occupation-skills.tsv", columns: 3)
        var profiles: [Substring: ([Int32], [Int32])] = [:]
        profiles.reserveCapacity(profileFile.rows.count)
        for row in profileFile.rows {
            func indices(_ field: Substring) throws -> [Int32] {
                guard !field.isEmpty else { return [] }
                return try field.split(separator: ",").map {
                    guard let index = Int32($0), index >= 0, Int(index) < skills.count else {
                        throw profileFile.fail(row.line, "skill index \($0) is not in skills.tsv")
                    }
                    return index
                }
            }
            profiles[row.fields[0]] = (try indices(row.fields[1]), try indices(row.fields[2]))
        }

        let occupationFile = try TabularFile(directory: directory, name: "occupations.tsv", columns: 7)
        var occupations: [Occupation] = []
        occupations.reserveCapacity(occupationFile.rows.count)
        for row in occupationFile.rows {
            let f = row.fields
            guard f[2].count == 4, f[2].allSatisfy(\.isNumber) else {
                throw occupationFile.fail(row.line, "ISCO group must have four digits, found '\(f[2])'")
            }
            guard !f[3].isEmpty else { throw occupationFile.fail(row.line, "Dutch label missing") }
            let profile = profiles[f[0]] ?? ([], [])
            occupations.append(Occupation(
                id: EscoID(String(f[0])), escoCode: String(f[1]), iscoGroup: String(f[2]), labelNL: String(f[3]),
                alternativeLabelsNL: f[4].list(separator: "|"), labelEN: String(f[5]), alternativeLabelsEN: f[6].list(separator: "|"),
                essentialSkills: profile.0, optionalSkills: profile.1))
        }

        let iscoFile = try TabularFile(directory: directory, name: "isco-groups.tsv", columns: 2)
        var iscoGroups: [String: String] = [:]
        for row in iscoFile.rows { iscoGroups[String(row.fields[0])] = String(row.fields[1]) }

        let pc4File = try TabularFile(directory: directory, name: "pc4.tsv", columns: 5)
        var areas: [Int: PostcodeArea] = [:]
        areas.reserveCapacity(pc4File.rows.count)
        for row in pc4File.rows {
            let f = row.fields
            guard let pc4 = Int(f[0]), (1000...9999).contains(pc4) else { throw pc4File.fail(row.line, "not a PC4: '\(f[0])'") }
            guard let lat = Double(f[3]), let lon = Double(f[4]), (50...54).contains(lat), (3...8).contains(lon) else {
                throw pc4File.fail(row.line, "coordinates outside the Netherlands")
            }
            areas[pc4] = PostcodeArea(pc4: pc4, places: f[1].list(separator: "|"), municipality: String(f[2]), latitude: lat, longitude: lon)
        }

        let regionFile = try TabularFile(directory: directory, name: "labour-market-regions.tsv", columns: 3)
        var regions: [String: LabourMarketRegion] = [:]
        for row in regionFile.rows {
            guard let number = Int(row.fields[1]) else { throw regionFile.fail(row.line, "region number '\(row.fields[1])' is not a number") }
            regions[String(row.fields[0])] = LabourMarketRegion(number: number, name: String(row.fields[2]))
        }

        return ReferenceData(occupations: occupations, skills: skills, iscoGroups: iscoGroups, postcodeAreas: areas, regionByMunicipality: regions)
    }

    public init(occupations: [Occupation], skills: [Skill], iscoGroups: [String: String], postcodeAreas: [Int: PostcodeArea], regionByMunicipality: [String: LabourMarketRegion]) {
        self.occupations = occupations
        self.skills = skills
        self.iscoGroups = iscoGroups
        self.postcodeAreas = postcodeAreas
        self.regionByMunicipality = regionByMunicipality
        var occupationIndex: [EscoID: Int] = [:]
        for (index, occupation) in occupations.enumerated() { occupationIndex[occupation.id] = index }
        self.occupationIndex = occupationIndex
        var skillIndex: [EscoID: Int] = [:]
        for (index, skill) in skills.enumerated() { skillIndex[skill.id] = index }
        self.skillIndex = skillIndex
        var placeIndex: [String: [Int]] = [:]
        for area in postcodeAreas.values.sorted(by: { $0.pc4 < $1.pc4 }) {
            for place in area.places { placeIndex[ReferenceData.placeKey(place), default: []].append(area.pc4) }
        }
        self.placeIndex = placeIndex
    }

    public func occupation(_ id: EscoID) -> Occupation? { occupationIndex[id].map { occupations[$0] } }
    public func occupationPosition(_ id: EscoID) -> Int? { occupationIndex[id] }
    public func skill(_ id: EscoID) -> Skill? { skillIndex[id].map { skills[$0] } }
    public func skillPosition(_ id: EscoID) -> Int? { skillIndex[id] }

    /// The labour-market region of a municipality (2017 names), or nil when unknown.
    public func region(ofMunicipality name: String) -> LabourMarketRegion? { regionByMunicipality[name] }

    /// PC4 areas of a place name ("Dordrecht", "'s-Hertogenbosch"), lowest postcode first.
    public func postcodes(ofPlace name: String) -> [Int] { placeIndex[ReferenceData.placeKey(name)] ?? [] }

    /// Great-circle distance between two PC4 centroids in kilometres, or nil when either is unknown.
    public func distanceKm(from a: Int, to b: Int) -> Double? {
        guard let p = postcodeAreas[a], let q = postcodeAreas[b] else { return nil }
        return ReferenceData.haversineKm(p.latitude, p.longitude, q.latitude, q.longitude)
    }

    public static func haversineKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let radians = Double.pi / 180
        let dLat = (lat2 - lat1) * radians
        let dLon = (lon2 - lon1) * radians
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * radians) * cos(lat2 * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6371.0 * asin(min(1, h.squareRoot()))
    }

    static func placeKey(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "’", with: "'")
            .trimmingCharacters(in: .whitespaces)
    }
}
