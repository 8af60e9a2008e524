import Foundation

/// A place, municipality or neighbourhood name as feeds write it ("Den Haag, ZH, NL", "Rijsenhout, Haarlemmermeer",
/// "'s-Hertogenbosch", "Den Bosch", "Utrecht, Provincie Utrecht") → one PC4 area and how sure that is.
///
/// Built from the place and municipality names of `catalog/reference/pc4.tsv`. The answer is the PC4 whose
/// centroid lies nearest to the centre of all PC4 areas of the place (a place of many postcodes gets its central
/// one), so the distance filter measures from the middle of town.
///
/// Confidence, by how the name was matched:
/// - 1.0  a place name found in one municipality, or made unique by a municipality given after it;
/// - 0.9  a municipality name (its central PC4);
/// - 0.7  a place name found in several municipalities, none named: the one with the most PC4 areas;
/// - 0.6  the first part unknown (a neighbourhood such as "Binnenstad, Amsterdam"): the place or municipality after it.
/// Anything else (only a country or province, an empty or unknown name) stays unresolved.
public struct PlaceResolver: Sendable {
    public struct Resolution: Sendable, Hashable {
        public var pc4: Int
        public var confidence: Double
        /// The reference name it matched, e.g. "'s-Gravenhage".
        public var matched: String
    }

    struct Area: Sendable { var pc4: Int; var municipality: String; var latitude: Double; var longitude: Double }

    private let areas: [Int: Area]
    private let byPlace: [String: [Int]]
    private let byMunicipality: [String: [Int]]
    private let municipalityNames: [String: String]

    /// Common names that are not the reference spelling.
    static let aliases: [String: String] = [
        "den haag": "'s-gravenhage", "the hague": "'s-gravenhage", "s-gravenhage": "'s-gravenhage",
        "den bosch": "'s-hertogenbosch", "s-hertogenbosch": "'s-hertogenbosch", "hertogenbosch": "'s-hertogenbosch",
        "s-heerenberg": "'s-heerenberg", "s-gravendeel": "'s-gravendeel", "s-gravenzande": "'s-gravenzande",
    ]

    /// The country, as feeds write it when they have no place. Never a place here (the village Nederland, PC4
    /// 8362, is not what a feed means).
    static let countryWords: Set<String> = ["nederland", "netherlands", "the netherlands", "nl", "holland"]

    /// Parts that only name the country or a province: skipped.
    static let regionWords: Set<String> = [
        "nederland", "netherlands", "the netherlands", "nl", "holland",
        "groningen", "friesland", "fryslan", "drenthe", "overijssel", "flevoland", "gelderland", "utrecht",
        "noord-holland", "zuid-holland", "zeeland", "noord-brabant", "limburg", "brabant",
        "gr", "fr", "dr", "ov", "fl", "ge", "gld", "ut", "nh", "zh", "ze", "nb", "li",
    ]

    public init(_ reference: ReferenceData) {
        var areas: [Int: Area] = [:]
        var byPlace: [String: [Int]] = [:]
        var byMunicipality: [String: [Int]] = [:]
        var names: [String: String] = [:]
        for area in reference.postcodeAreas.values.sorted(by: { $0.pc4 < $1.pc4 }) {
            areas[area.pc4] = Area(pc4: area.pc4, municipality: area.municipality, latitude: area.latitude, longitude: area.longitude)
            for place in area.places {
                let key = Self.key(place)
                byPlace[key, default: []].append(area.pc4)
                names[key] = names[key] ?? place
            }
            let m = Self.key(area.municipality)
            byMunicipality[m, default: []].append(area.pc4)
            names[m] = names[m] ?? area.municipality
        }
        self.areas = areas
        self.byPlace = byPlace
        self.byMunicipality = byMunicipality
        self.municipalityNames = names
    }

    /// Lowercase, without diacritics, typographic apostrophes straightened, spaces collapsed.
    static func key(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "’", with: "'").replacingOccurrences(of: "`", with: "'")
        return folded.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    public func resolve(_ text: String) -> Resolution? {
        guard text.utf8.count <= 200 else { return nil }
        var parts: [String] = []
        for raw in text.split(whereSeparator: { $0 == "," || $0 == "(" || $0 == ")" || $0 == "/" }) {
            var part = Self.key(String(raw)).trimmingCharacters(in: .whitespaces)
            if part.hasPrefix("provincie ") || part.hasPrefix("gemeente ") { part = String(part.drop(while: { $0 != " " }).dropFirst()) }
            // "3311 Dordrecht", "Dordrecht 3311": the digits are not part of the name
            part = part.split(separator: " ").filter { !$0.allSatisfy(\.isNumber) }.joined(separator: " ")
            part = Self.aliases[part] ?? part
            if !part.isEmpty, !Self.countryWords.contains(part) { parts.append(part) }
        }
        guard let first = parts.first else { return nil }
        let qualifiers = parts.dropFirst()
        let municipality = qualifiers.first { byMunicipality[$0] != nil }

        if let pcs = byPlace[first] {
            if let municipality, let filtered = Optional(pcs.filter { areas[$0]?.municipality == municipalityNames[municipality] }), !filtered.isEmpty {
                return central(filtered, confidence: 1.0, matched: municipalityNames[first] ?? first)
            }
            let groups = Dictionary(grouping: pcs) { areas[$0]?.municipality ?? "" }
            if groups.count == 1 { return central(pcs, confidence: 1.0, matched: municipalityNames[first] ?? first) }
            // The same place name in several municipalities: a municipality of that name wins, else the largest.
            if let own = byMunicipality[first], groups[municipalityNames[first] ?? ""] != nil {
                return central(own.filter { pcs.contains($0) }, confidence: 0.9, matched: municipalityNames[first] ?? first)
            }
            let largest = groups.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }!
            return central(largest.value, confidence: 0.7, matched: municipalityNames[first] ?? first)
        }
        if let pcs = byMunicipality[first], !Self.regionWords.contains(first) || qualifiers.isEmpty {
            return central(pcs, confidence: 0.9, matched: municipalityNames[first] ?? first)
        }
        if Self.regionWords.contains(first) && byPlace[first] == nil { return nil }
        // An unknown first part (a neighbourhood, a street): the next part that is a place or municipality.
        for next in qualifiers where !Self.regionWords.contains(next) || byPlace[next] != nil {
            if let pcs = byPlace[next] ?? byMunicipality[next] {
                let groups = Dictionary(grouping: pcs) { areas[$0]?.municipality ?? "" }
                let chosen = groups.count == 1 ? pcs : (byMunicipality[next].map { own in own.filter { pcs.contains($0) } }.flatMap { $0.isEmpty ? nil : $0 }
                    ?? groups.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }!.value)
                return central(chosen, confidence: 0.6, matched: municipalityNames[next] ?? next)
            }
        }
        return nil
    }

    /// The PC4 nearest to the mean centroid of `pcs`.
    private func central(_ pcs: [Int], confidence: Double, matched: String) -> Resolution? {
        let known = pcs.compactMap { areas[$0] }
        guard !known.isEmpty else { return nil }
        let lat = known.map(\.latitude).reduce(0, +) / Double(known.count)
        let lon = known.map(\.longitude).reduce(0, +) / Double(known.count)
        let best = known.min { a, b in
            let da = (a.latitude - lat) * (a.latitude - lat) + (a.longitude - lon) * (a.longitude - lon)
            let db = (b.latitude - lat) * (b.latitude - lat) + (b.longitude - lon) * (b.longitude - lon)
            return (da, a.pc4) < (db, b.pc4)
        }!
        return Resolution(pc4: best.pc4, confidence: confidence, matched: matched)
    }
}
