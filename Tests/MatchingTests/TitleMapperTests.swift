import Domain
import Foundation
import Matching
import Reference
import Testing

@Suite struct TitleMapperTests {
    static let mapper = try! TitleMapper.load(from: Fixture.catalog.appendingPathComponent("matching"), reference: Fixture.reference)

    static func rows(_ name: String) throws -> [[String]] {
        let text = try String(contentsOf: Fixture.root.appendingPathComponent("fixtures/\(name)"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func normalisesCaseDiacriticsAndGenderedForms() {
        #expect(TitleMapper.normalise("Medewerk(st)er Bediening (m/v/x)") == "medewerker bediening")
        #expect(TitleMapper.normalise("MEDEWERKSTER") == "medewerker")
        #expect(TitleMapper.normalise("Coördinator Logistiek m/v") == "coordinator logistiek")
        #expect(TitleMapper.normalise("Mondhygiënist") == "mondhygienist")
    }

    @Test(arguments: [
        ("Vrachtwagenchauffeur CE", "vrachtwagenchauffeur"),
        ("Senior Magazijnmedewerker (m/v)", "magazijnmedewerker"),
        ("Ervaren Kok - Dordrecht, 32 uur", "kok"),
        ("Tandartsassistente", "tandartsassistent"),
        ("Junior Belastingadviseur - Hilversum", "belastingadviseur"),
        ("Warehouse Worker Part-time (m/f/d)", "magazijnmedewerker"),
        ("Orderpicker Breda", "orderpicker"),
    ])
    func mapsTypicalTitles(title: String, label: String) throws {
        let mapping = try #require(Self.mapper.map(title))
        #expect(mapping.labelNL == label)
        #expect(mapping.confidence >= Self.mapper.threshold)
        #expect(mapping.confidence <= 1)
    }

    @Test func leavesTheOccupationEmptyRatherThanGuess() {
        #expect(Self.mapper.map("Work & Travel in Greece !") == nil)
        #expect(Self.mapper.map("Medewerker") == nil, "'medewerker' alone names no occupation")
        #expect(Self.mapper.map("Manager Energy & Industry") == nil)
        #expect(Self.mapper.map("") == nil)
    }

    /// The 400 real titles: the share mapped above the threshold. Measured 285/400 (71.3%); the issue's aim is
    /// 85%, which this reference data (ESCO labels plus a short synonym list) does not reach — see the report.
    @Test func mappedShareOnTheDevList() throws {
        let rows = try Self.rows("vacancy-titles-nl-dev.tsv")
        #expect(rows.count == 400)
        let mapped = rows.filter { Self.mapper.map($0[0]) != nil }.count
        #expect(Double(mapped) / Double(rows.count) >= 0.71)
    }

    /// The hand-checked sample: every row the mapper maps now counts as right only if it gives the occupation
    /// recorded as right by hand. Measured 67 of 75 (89.3%); at the first check, before three fixes it suggested, 62 of 72 (86%).
    @Test func accuracyOnTheHandCheckedSample() throws {
        let rows = try Self.rows("title-mapping-sample.tsv")
        #expect(rows.count == 100)
        var mapped = 0, right = 0
        for row in rows {
            guard let mapping = Self.mapper.map(row[1]) else { continue }
            mapped += 1
            if !row[7].isEmpty && mapping.occupation == EscoID(row[7]) { right += 1 }
        }
        #expect(mapped >= 75)
        #expect(Double(right) / Double(mapped) >= 0.89)
        // The file's verdicts are still what the mapper does (a change in the mapper needs a new hand check).
        let verdicts = Dictionary(grouping: rows, by: { $0[6] }).mapValues(\.count)
        #expect(verdicts["right"] == right)
    }

    @Test func placeNamesResolveToAPostcodeCentroid() throws {
        let rows = try Self.rows("vacancy-titles-nl-dev.tsv")
        let placed = rows.filter { $0[1] != "Nederland" }
        let resolved = placed.compactMap { Fixture.reference.resolvePlace($0[1]) }
        // Measured 356 of 360; the other 4 name only a province and the country, which is no place.
        #expect(Double(resolved.count) / Double(placed.count) >= 0.98)
        let veenendaal = try #require(Fixture.reference.resolvePlace("Veenendaal, Provincie Utrecht"))
        #expect((3900...3909).contains(veenendaal.pc4))
        let inner = try #require(Fixture.reference.resolvePlace("Binnenstad, Amsterdam"))
        #expect(Fixture.reference.postcodeAreas[inner.pc4]?.municipality == "Amsterdam")
        #expect(Fixture.reference.resolvePlace("Nederland") == nil)
        #expect(Fixture.reference.resolvePlace("Provincie Utrecht") == nil)
    }
}
