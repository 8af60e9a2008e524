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

    /// The general rules, each on a title that is not in the dev list.
    @Test(arguments: [
        ("Medewerker Logistiek", "logistiek medewerker"),                  // Dutch head noun first
        ("Verkoopster", "verkoopmedewerker"),                              // female -ster form
        ("Schoonmaaksters", "schoonmaker gebouwen"),                       // female and plural
        ("Orderpickers", "orderpicker"),                                   // plural
        ("Food & Beverage Manager", "restaurantmanager"),                  // joining words ("and", "&") dropped
        ("Ober", "ober/serveerster"),                                      // one name of a slash label
        ("Monteur (industriële machines)", "monteur industriële machines"), // what the brackets hold
        ("Werkplaatsmonteur industriële machines", "monteur industriële machines"), // compound split, label words in order
        ("Chauffeur B", "auto- en bestelwagenkoerier"),                    // licence B is a van
        ("Verpleegkundige (m/v) 24-32 uur", "algemeen verpleegkundige"),
        ("Stagiair HR", "medewerker personeelszaken"),                     // the level word goes…
        ("Stage Manager", "stage manager"),                                // …unless a label holds it
        ("Tuinman", "medewerker groenvoorziening/medewerkster groenvoorziening"), // the sense most labels share
    ])
    func appliesTheGeneralRules(title: String, label: String) throws {
        let mapping = try #require(Self.mapper.map(title))
        #expect(mapping.labelNL == label)
    }

    @Test func leavesTheOccupationEmptyRatherThanGuess() {
        #expect(Self.mapper.map("Work & Travel in Greece !") == nil)
        #expect(Self.mapper.map("Medewerker") == nil, "'medewerker' alone names no occupation")
        #expect(Self.mapper.map("Manager Energy & Industry") == nil, "English word order: not an 'energy manager'")
        #expect(Self.mapper.map("Senior ITSM Manager - Telecom Operations") == nil, "label words from two segments")
        #expect(Self.mapper.map("Loodsbaas") == nil, "the first part of a compound ('loods', a pilot) is not the job")
        #expect(Self.mapper.map("Huismeester") == nil, "'meester' is only an alternative label (of a sergeant)")
        #expect(Self.mapper.map("Stagiair") == nil)
        #expect(Self.mapper.map("") == nil)
    }

    /// The 400 real titles: the share mapped above the threshold. Measured 310/400 (77.5%; 285/400 before the
    /// rules for compounds, word order, plural and female forms, slash labels and brackets). The issue's aim is
    /// 85%; most of the 90 left are titles that name no ESCO occupation or only a bare head ("Monteur Nieuwbouw",
    /// "Coördinator Logistiek", "Manager Internal Audit"), where a guess would more often be wrong than right.
    @Test func mappedShareOnTheDevList() throws {
        let rows = try Self.rows("vacancy-titles-nl-dev.tsv")
        #expect(rows.count == 400)
        let mapped = rows.filter { Self.mapper.map($0[0]) != nil }.count
        #expect(Double(mapped) / Double(rows.count) >= 0.775)
    }

    /// The hand-checked sample (seed 20261123): every row the mapper maps now counts as right only if it gives the
    /// occupation recorded as right by hand. Measured 74 of 78 mapped (94.9%). (The earlier sample, seed 20261122,
    /// before these rules: 67 of 75.)
    @Test func accuracyOnTheHandCheckedSample() throws {
        let rows = try Self.rows("title-mapping-sample.tsv")
        #expect(rows.count == 100)
        var mapped = 0, right = 0
        for row in rows {
            guard let mapping = Self.mapper.map(row[1]) else { continue }
            mapped += 1
            if !row[7].isEmpty && mapping.occupation == EscoID(row[7]) { right += 1 }
        }
        #expect(mapped >= 78)
        #expect(Double(right) / Double(mapped) >= 0.94)
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

/// Writes the mapper's answer for every title of a fixture part to a file, for tuning (tuning part) and for the
/// hand check (held-out part). Runs only when MATCHPUNT_TITLE_REPORT names an output file, e.g.
/// `MATCHPUNT_TITLE_REPORT=/tmp/tuning.tsv MATCHPUNT_TITLE_PART=title-tuning.tsv swift test --filter TitleMapperReport`.
@Suite struct TitleMapperReport {
    @Test func writeReportWhenAsked() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let output = environment["MATCHPUNT_TITLE_REPORT"] else { return }
        let part = environment["MATCHPUNT_TITLE_PART"] ?? "title-tuning.tsv"
        let rows = try TitleMapperTests.rows(part)
        var lines = ["row\ttitle\tmapped\toccupationId\tlabelNL\tisco\tconfidence\tmatched"]
        for row in rows {
            let guess = TitleMapperTests.mapper.bestGuess(row[1])
            let mapped = guess.map { $0.confidence >= TitleMapperTests.mapper.threshold } ?? false
            let isco = guess.flatMap { Fixture.reference.occupation($0.occupation)?.iscoGroup } ?? ""
            lines.append([row[0], row[1], mapped ? "yes" : "no", guess?.occupation.rawValue ?? "", guess?.labelNL ?? "", isco,
                          guess.map { String(format: "%.3f", $0.confidence) } ?? "", guess?.matchedText ?? ""].joined(separator: "\t"))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
    }
}
