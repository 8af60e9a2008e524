import Domain
import Foundation
@testable import Matching
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
        // Never the compound's parts ('loods' is a pilot, 'meester' a sergeant's alternative label); since the Dutch
        // occupation vocabulary the whole words are known occupations.
        #expect(Self.mapper.map("Loodsbaas")?.labelNL == "magazijnchef", "the first part of a compound ('loods', a pilot) is not the job")
        #expect(Self.mapper.map("Huismeester")?.labelNL == "conciërge", "'meester' is only an alternative label (of a sergeant)")
        #expect(Self.mapper.map("Stagiair") == nil)
        #expect(Self.mapper.map("") == nil)
    }

    /// A bare generic word that ESCO lists as an alternative label of one narrow occupation (often Belgian-Dutch
    /// or English usage) is a false friend in vacancy titles: not even the best guess may land there.
    @Test(arguments: [
        ("Monteur Duurzaamheid", "ac734172-ae9a-41ab-80a0-a7b33694e027"),  // film editor
        ("Monteur", "f49d893a-ac89-4f3b-b547-1cbdf4d69fde"),               // forestry machinery mechanic
        ("Zij instromer operator", "7dbb116c-a4e7-41e8-9f28-c8a738d93e28"), // drinks-filtering technician
        ("Director Operations", "825ab049-2f0c-4acf-b402-9c6bb51acca2"),    // sports-facility manager
        ("Director", "1a7fb683-6544-4442-b54c-ec72ef468ff0"),              // film director
        ("Drone Pilot/Technician", "f8ab2e08-d14e-4938-a2cd-c04821556db7"), // consumer-electronics repairer
    ])
    func bareGenericWordsAreNoFalseFriendsNeighbour(title: String, notOccupation: String) {
        // ("Drone Pilot/Technician" still maps, rightly, to a drone pilot: only the false friend goes.)
        #expect(Self.mapper.bestGuess(title)?.occupation.rawValue != notOccupation)
    }

    @Test func filmAndVideoSensesStayWithTheirOwnWords() {
        #expect(Self.mapper.bestGuess("Film director") != nil, "the longer label keeps the film sense")
        #expect(Self.mapper.map("CNC operator") != nil)
    }

    /// Honest figures: the held-out part of the dev list (100 titles, fixed seed), which no synonym, false friend
    /// or rule was tuned on. Each title's answer is hand-checked in `fixtures/title-heldout-check.tsv`; the test
    /// holds the mapper to that check (a changed answer needs a new check) and to the measured figures.
    @Test func heldOutTitlesMappedShareAndPrecision() throws {
        let checks = try Self.rows("title-heldout-check.tsv")
        #expect(checks.count == 100)
        var mapped = 0, right = 0
        for row in checks {
            let mapping = Self.mapper.map(row[1])
            #expect((mapping?.occupation.rawValue ?? "") == row[2], "row \(row[0]) '\(row[1])': the hand check is out of date")
            guard mapping != nil else { continue }
            mapped += 1
            if row[4] == "right" { right += 1 }
        }
        print("title mapper, held-out part: \(mapped)/100 mapped, \(right) of them right")
        #expect(mapped >= HeldOut.mapped)
        #expect(right >= HeldOut.right)
    }

    /// Measured on the held-out part (see the README's Matching section).
    enum HeldOut {
        static let mapped = 73
        static let right = 64
        static let secondMapped = 90
        static let secondRight = 84
        static let thirdMapped = 51
        static let thirdRight = 44
        /// Held-out set 4 (fifth pass; re-scored after the sixth pass, whose rules answer patterns it showed): from the
        /// expectations written before any run, and from the hand check.
        static let fourthMapped = 73
        static let fourthRight = 68
        static let fourthHandRight = 61
        /// Held-out set 5 (sixth pass), scored once after the freeze; the seventh pass was tuned on it.
        static let fifthMapped = 81
        static let fifthRight = 75
        static let fifthHandRight = 74
        /// Held-out set 6 (seventh pass), scored once at the freeze (78 mapped, 58 right by hand), then tuned on.
        static let sixthMapped = 83
        static let sixthRight = 82
        static let sixthHandRight = 81
        /// Held-out set 7 (frozen seventh pass: 41 mapped, 32 right), then tuned on by the eighth pass.
        static let seventhMapped = 44
        static let seventhRight = 38
        static let seventhHandRight = 38
        /// Held-out set 8 (eighth pass), scored once at the freeze (68 mapped, 62 right by hand), then tuned on.
        static let eighthMapped = 70
        static let eighthRight = 64
        static let eighthHandRight = 64
        /// Held-out set 9 (ninth pass), scored once at the freeze (56 mapped, 50 right by hand), then tuned on.
        static let ninthMapped = 57
        static let ninthRight = 54
        static let ninthHandRight = 54
        /// Held-out set 10 (75 titles), scored once (49 mapped, 41 right), then tuned on.
        static let tenthMapped = 51
        static let tenthRight = 45
        static let tenthHandRight = 45
    }

    /// The second and third held-out sets (`fixtures/title-heldout2.tsv`, `title-heldout3.tsv`): titles the mapper
    /// was never tuned on, with the occupations an adviser would accept written down before the mapper saw them.
    /// Scored here from those expectations: right = an expected occupation (or ISCO group), near = the same ISCO
    /// minor group as the first expected one, wrong = otherwise.
    static func scoreAgainstExpectations(_ name: String) throws -> (total: Int, mapped: Int, right: Int, near: Int) {
        let rows = try Self.rows(name)
        var mapped = 0, right = 0, near = 0
        for row in rows {
            guard let mapping = Self.mapper.map(row[2]) else { continue }
            mapped += 1
            let expected = row[3].split(separator: "|").map(String.init)
            let isco = Fixture.reference.occupation(mapping.occupation)?.iscoGroup ?? ""
            if expected.contains(mapping.occupation.rawValue) || expected.contains(where: { $0.hasPrefix("isco:") && isco.hasPrefix($0.dropFirst(5)) }) {
                right += 1
            } else if let first = expected.first, !first.hasPrefix("isco:"), first != "none",
                      let firstIsco = Fixture.reference.occupation(EscoID(first))?.iscoGroup, firstIsco.prefix(3) == isco.prefix(3) {
                near += 1
            }
        }
        return (rows.count, mapped, right, near)
    }

    @Test func secondAndThirdHeldOutSets() throws {
        let second = try Self.scoreAgainstExpectations("title-heldout2.tsv")
        let third = try Self.scoreAgainstExpectations("title-heldout3.tsv")
        print("title mapper, held-out set 2: \(second.mapped)/\(second.total) mapped, \(second.right) right, \(second.near) near")
        print("title mapper, held-out set 3: \(third.mapped)/\(third.total) mapped, \(third.right) right, \(third.near) near")
        #expect(second.total == 100 && third.total == 55)
        #expect(second.mapped >= HeldOut.secondMapped && second.right >= HeldOut.secondRight)
        #expect(third.mapped >= HeldOut.thirdMapped && third.right >= HeldOut.thirdRight)
    }

    /// The fourth to tenth held-out sets (`fixtures/title-heldout4.tsv` … `title-heldout10.tsv`: 100 real vacancy
    /// titles each (set 10: 75), drawn before any change of the pass they measure, expectations written before the mapper saw
    /// them), scored the way sets 2 and 3 are, and held to their hand checks (`title-heldout4-check.tsv` …): a changed
    /// answer needs a new check, fewer mapped or right fails.
    @Test(arguments: [
        (set: 4, mapped: HeldOut.fourthMapped, right: HeldOut.fourthRight, handRight: HeldOut.fourthHandRight),
        (set: 5, mapped: HeldOut.fifthMapped, right: HeldOut.fifthRight, handRight: HeldOut.fifthHandRight),
        (set: 6, mapped: HeldOut.sixthMapped, right: HeldOut.sixthRight, handRight: HeldOut.sixthHandRight),
        (set: 7, mapped: HeldOut.seventhMapped, right: HeldOut.seventhRight, handRight: HeldOut.seventhHandRight),
        (set: 8, mapped: HeldOut.eighthMapped, right: HeldOut.eighthRight, handRight: HeldOut.eighthHandRight),
        (set: 9, mapped: HeldOut.ninthMapped, right: HeldOut.ninthRight, handRight: HeldOut.ninthHandRight),
        (set: 10, mapped: HeldOut.tenthMapped, right: HeldOut.tenthRight, handRight: HeldOut.tenthHandRight),
    ])
    func laterHeldOutSets(_ expected: (set: Int, mapped: Int, right: Int, handRight: Int)) throws {
        let scored = try Self.scoreAgainstExpectations("title-heldout\(expected.set).tsv")
        print("title mapper, held-out set \(expected.set): \(scored.mapped)/\(scored.total) mapped, \(scored.right) right, \(scored.near) near")
        #expect(scored.total == (expected.set == 10 ? 75 : 100))
        #expect(scored.mapped >= expected.mapped && scored.right >= expected.right)
        let checks = try Self.rows("title-heldout\(expected.set)-check.tsv")
        #expect(checks.count == scored.total)
        var handRight = 0
        for row in checks {
            #expect(["right", "near", "wrong", "unmapped-fits", "unmapped-none"].contains(row[4]), "row \(row[0]): verdict '\(row[4])'")
            let mapping = Self.mapper.map(row[1])
            #expect((mapping?.occupation.rawValue ?? "") == row[2], "row \(row[0]) '\(row[1])': the hand check is out of date")
            if mapping != nil, row[4] == "right" { handRight += 1 }
        }
        print("title mapper, held-out set \(expected.set) by hand: \(handRight) right")
        #expect(handRight >= expected.handRight)
    }

    /// Sixth pass: the general rules, each on a constructed title (none from a held-out set).
    @Test(arguments: [
        ("Online marketeer (0,6 FTE)", "online marketeer"),                  // FTE is full-time equivalent, not a flight test engineer
        ("Administratief medewerker 24-32 uur per week, tijdelijk", "administratief medewerker"), // hours and contract words
        ("Verkoper 55k OTE", "verkoopmedewerker"),                           // salary words and "55k"
        ("Mdw. receptie", "receptionist"),                                   // abbreviation written out, Dutch head first
        ("Zorgmedew.", "zorghulp"),                                          // abbreviation as a compound's tail
        ("Begl. wonen", "woonbegeleider"),
        ("Leraar Engels", "leerkracht moderne talen voortgezet onderwijs"),  // subject as ESCO names it
        ("Docent economie", "leerkracht economie voortgezet onderwijs"),     // no level: secondary school first
        ("Leraar wiskunde havo/vwo", "leerkracht wiskunde voortgezet onderwijs"),
        ("Docent hbo", "docent hoger onderwijs"),                            // a level without a subject
        ("Docent Zorg en Welzijn MBO", "vakdocent beroepsonderwijs"),        // a subject ESCO lacks: the level's own teacher
        ("Fitnessinstructeur", "fitnessinstructeur"),                        // a qualified head keeps its label
        ("AGIO psychiatrie", "medisch specialist"),                          // an ESCO hidden label
    ])
    func appliesTheSixthPassRules(title: String, label: String) throws {
        let mapping = try #require(Self.mapper.map(title))
        #expect(mapping.labelNL == label)
    }

    /// Sixth pass: abstaining where the words name no occupation or would be read in another sense.
    @Test func sixthPassAbstains() {
        // "Instructeur techniek" abstained here until the seventh pass, which reads a trade instructor as a vocational teacher.
        for title in ["Instructeur", "Docent", "Docent (0,8 FTE)", "CPO", "Coach", "Trainer"] {
            #expect(Self.mapper.map(title) == nil, "'\(title)' names no occupation by itself")
        }
        // An acronym ESCO gives in one language only is that language's jargon; one it gives in both stays.
        #expect(Self.mapper.map("FTE") == nil)
        #expect(Self.mapper.map("CAO") == nil, "CAO is the collective labour agreement in Dutch, not a chief data officer")
        #expect(Self.mapper.map("CEO")?.labelNL == "algemeen directeur")
        #expect(TitleMapper.isAcronym("KP") && !TitleMapper.isAcronym("Kok") && !TitleMapper.isAcronym("chef"))
        #expect(TitleMapper.isNumberWithUnit("32u") && TitleMapper.isNumberWithUnit("55k") && TitleMapper.isNumberWithUnit("36"))
        #expect(!TitleMapper.isNumberWithUnit("3d"), "'3D printing technician' keeps its 3d")
    }

    /// The sixth pass's curated lists load, say what each row means, and never name a word twice; the generated
    /// hidden-label file holds only ESCO occupations, with the label beside each id, and only words ESCO shows nowhere.
    @Test func sixthPassDataLoads() throws {
        let directory = Fixture.catalog.appendingPathComponent("matching")
        let abbreviations = try TitleMapper.loadWordMap(from: directory.appendingPathComponent(TitleMapper.abbreviationsFileName))
        #expect((10...60).contains(abbreviations.count), "a small curated list")
        let subjects = try TitleMapper.loadWordMap(from: directory.appendingPathComponent(TitleMapper.teachingSubjectsFileName))
        #expect(!subjects.isEmpty)
        // Every subject row names a subject ESCO has a teacher for at some level.
        let labels = Set(Fixture.reference.occupations.flatMap { [$0.labelNL] + $0.alternativeLabelsNL }.map(TitleMapper.normalise))
        for entry in subjects {
            let subject = TitleMapper.normalise(entry.expansion)
            #expect(labels.contains { $0.contains(" " + subject + " ") && ($0.hasSuffix("onderwijs")) },
                    "'\(entry.term)': ESCO has no teacher of '\(entry.expansion)'")
        }
        let url = directory.appendingPathComponent(TitleMapper.hiddenLabelsFileName)
        let hidden = try TitleMapper.loadVocabulary(from: url, reference: Fixture.reference)
        #expect(hidden.count >= 500)
        for (_, fields) in TitleMapper.dataRows(of: try String(contentsOf: url, encoding: .utf8)) {
            #expect(fields.count == 3 && Fixture.reference.occupation(EscoID(fields[1]))?.labelNL == fields[2], "\(fields[0]): term, id, label")
            #expect(!labels.contains(TitleMapper.normalise(fields[0])), "'\(fields[0])' is already a visible Dutch label")
        }
        // A word map row without its meaning is refused.
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("abbreviations-\(UUID().uuidString).tsv")
        try "mdw\tmedewerker\n".write(to: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: bad) }
        #expect(throws: MatchingProfileError.self) { try TitleMapper.loadWordMap(from: bad) }
    }

    /// Seventh and eighth passes: the general rules, each on a constructed title (none from a held-out set).
    @Test(arguments: [
        ("Chauffeur leerlingenvervoer", "taxichauffeur"),                  // a generic head with a field word
        ("Salesforce consultant", "ict consultant"),
        ("Kotlin developer", "software ontwikkelaar"),
        ("React developer", "user interface developer"),
        ("Restaurantmedewerker", "ober/serveerster"),                      // the pair as a compound
        ("Alarmmonteur", "technicus alarmsystemen"),
        ("Teamleider magazijn", "magazijnchef"),
        ("Customer service agent", "vertegenwoordiger klantenservice"),
        ("Brand ambassador", "promotiemedewerker"),
        ("AI engineer", "artificiële-intelligentie-ingenieur"),           // not ESCO's insemination technician
        ("Test automation engineer", "software tester"),
        ("Ontbijtkok", "kok"),                                              // a three-letter occupation as a compound's tail
        ("Docent Installatietechniek", "vakdocent beroepsonderwijs"),      // a trade teacher without a level
        ("Instructeur techniek", "vakdocent beroepsonderwijs"),
        ("Leraar bovenbouw", "leraar basisonderwijs"),                     // a primary-school class is a level
        ("Docent vso", "leraar speciaal onderwijs"),
        ("Leraarondersteuner groep 5", "onderwijsassistent basisonderwijs"),
        ("Verzorgende IG psychogeriatrie", "zorghulp"),                    // CBS files it under 5321
        ("Taxateur", "taxateur onroerend goed"),
        ("WOZ-taxateur", "WOZ-taxateur"),                                  // a hyphen inside a word joins the compound
        ("Adviseur Verzekering", "verzekeringsagent"),                     // linking s; the worker's sense of a shared label
    ])
    func appliesTheSeventhAndEighthPassRules(title: String, label: String) throws {
        let mapping = try #require(Self.mapper.map(title))
        #expect(mapping.labelNL == label)
    }

    @Test func seventhAndEighthPassAbstainOrAvoidTheNarrowSense() throws {
        for title in ["Ambassador", "Agent", "Medewerker Monitoren", "Leraar"] {
            #expect(Self.mapper.map(title) == nil, "'\(title)' names no occupation by itself")
        }
        #expect(Self.mapper.bestGuess("Technisch directeur")?.labelNL != "inspiciënt", "not the Belgian theatre sense")
        // The restaurant host names itself "gastheer" and "gastvrouw" more often than the tourism host does.
        #expect(Self.mapper.map("Gastvrouw")?.occupation == EscoID("a1b86a8b-ad91-4192-b386-bbf89bb11699"))
        // A trade teacher at a university of applied sciences is no vocational teacher; a school teacher neither.
        #expect(Self.mapper.map("Docent elektrotechniek hbo")?.labelNL != "vakdocent beroepsonderwijs")
        #expect(Self.mapper.map("Leraar onderbouw")?.labelNL == "leraar basisonderwijs")
    }

    /// The field-heads file loads, every row's id and label agree, and a pair claimed for two occupations is refused.
    @Test func fieldHeadsLoad() throws {
        let url = Fixture.catalog.appendingPathComponent("matching").appendingPathComponent(TitleMapper.fieldHeadsFileName)
        let terms = try TitleMapper.loadFieldHeads(from: url, reference: Fixture.reference)
        #expect(terms.count > 300)
        #expect(terms.contains { $0.term == "chauffeur zorgvervoer" && $0.occupation == EscoID("6f7c1e84-8162-4c20-a575-b57ff624eef5") })
        #expect(terms.contains { $0.term == "zorgvervoerchauffeur" })
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("field-heads-\(UUID().uuidString).tsv")
        defer { try? FileManager.default.removeItem(at: bad) }
        let taxi = "6f7c1e84-8162-4c20-a575-b57ff624eef5\ttaxichauffeur"
        let bus = "00cee175-1376-43fb-9f02-ba3d7a910a58\tbuschauffeur"
        try "chauffeur\ttaxi\t\(taxi)\treason\nchauffeur\ttaxi\t\(bus)\treason\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: MatchingProfileError.self) { try TitleMapper.loadFieldHeads(from: bad, reference: Fixture.reference) }
        try "chauffeur\ttaxi\t6f7c1e84-8162-4c20-a575-b57ff624eef5\tbuschauffeur\treason\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: MatchingProfileError.self, "the label beside the id must be the occupation's") {
            try TitleMapper.loadFieldHeads(from: bad, reference: Fixture.reference)
        }
        try "chauffeur\ttaxi\t\(taxi)\t\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: MatchingProfileError.self, "a row without its reason") { try TitleMapper.loadFieldHeads(from: bad, reference: Fixture.reference) }
    }

    /// The speed work (byte-level folding, the place-key fast path) must not change a single answer: every title
    /// of the tuning and held-out parts and 1,000 realistic feed titles map as they did before it.
    @Test func speedWorkChangesNoAnswer() throws {
        let rows = try Self.rows("title-mapping-frozen.tsv")
        #expect(rows.count > 1500)
        var changed: [String] = []
        for row in rows where (Self.mapper.map(row[1])?.occupation.rawValue ?? "") != row[2] { changed.append(row[1]) }
        #expect(changed.isEmpty, "answers changed: \(changed.prefix(10))")
    }

    /// The byte-level path gives what Foundation's folding gives, also for gendered forms and odd punctuation.
    @Test func fastNormalisingAgreesWithFoundation() {
        func slow(_ text: String) -> String {
            var s = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
            if s.contains("(") || s.contains("/") || s.contains("medewerkster") {
                for (from, to) in [("(st)er", "er"), ("medewerkster", "medewerker"), ("(e)", ""), ("/vrouw", ""), ("/ster", ""),
                                   ("(m/v/x)", " "), ("(m/v)", " "), ("(m/w/d)", " "), ("(m/f/d)", " "), ("(v/m)", " "), ("(h/v)", " "),
                                   (" m/v/x", " "), (" m/v", " "), (" m/w/d", " "), (" m/f/d", " ")] {
                    s = s.replacingOccurrences(of: from, with: to)
                }
            }
            return s.unicodeScalars.map { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") ? String($0) : " " }.joined()
                .split(separator: " ").joined(separator: " ")
        }
        for text in ["Medewerk(st)er Bediening (M/V/X)", "MEDEWERKSTER", "Voorman/vrouw Daghoreca", "Assistent(e) 32-40 uur",
                     "Chauffeur C/CE m/v", "Coördinator Logistiek", "Software Architect – Composable", "  (m/v)(m/v)x  ", "", "/", "((st)er"] {
            #expect(TitleMapper.normalise(text) == slow(text), "\(text)")
        }
    }

    @Test func employeeCompoundsAndHeadNounsInTheOtherLanguage() {
        #expect(TitleMapper.agentNouns("beveiliging").contains("beveiliger"))
        #expect(TitleMapper.agentNouns("schoonmaak").contains("schoonmaker"))
        #expect(TitleMapper.agentNouns("inpak").contains("inpakker"))
        #expect(TitleMapper.agentNouns("verhuis").contains("verhuizer"))
        #expect(Self.mapper.map("Java ontwikkelaar")?.labelNL == "software ontwikkelaar")
        #expect(Self.mapper.map("Technisch Ontwikkelaar") == nil, "a known word beside the head: no translation")
    }

    /// English "X of Y" is read as "Y X" when the direct reading finds nothing, and only after an English head noun.
    @Test func englishHeadBeforeOfIsReadTheOtherWayRound() {
        #expect(Self.mapper.englishOfInversion("Director of Research & Development") == ["research", "development", "director"])
        #expect(Self.mapper.map("Director of Research & Development")?.labelNL == "manager onderzoek en ontwikkeling")
        #expect(Self.mapper.englishOfInversion("Kok of keukenhulp") == nil, "Dutch 'of' is 'or'")
        #expect(Self.mapper.englishOfInversion("Head of") == nil)
    }

    /// Every ESCO occupation label (preferred and alternative, Dutch and English), normalised as the mapper reads
    /// titles: what a vocabulary row may not repeat.
    static let normalisedESCOLabels: Set<String> = Set(Fixture.reference.occupations.flatMap { occupation in
        ([occupation.labelNL, occupation.labelEN] + occupation.alternativeLabelsNL + occupation.alternativeLabelsEN).map(TitleMapper.normalise)
    })

    /// The Dutch occupation vocabulary (`catalog/matching/title-vocabulary-nl.tsv`): every id is an ESCO occupation of
    /// the reference data, the preferred label written beside it is that occupation's, no term is listed twice, and
    /// each term is a word ESCO lacks (not already one of its labels, nor a curated synonym), so the list only adds.
    @Test func dutchOccupationVocabularyLoads() throws {
        let directory = Fixture.catalog.appendingPathComponent("matching")
        let url = directory.appendingPathComponent(TitleMapper.vocabularyFileName)
        let entries = try TitleMapper.loadVocabulary(from: url, reference: Fixture.reference)
        #expect(entries.count >= 20)
        let text = try String(contentsOf: url, encoding: .utf8)
        for (_, fields) in TitleMapper.dataRows(of: text) {
            #expect(fields.count == 4 && !fields[3].isEmpty, "\(fields[0]): term, id, label and reason")
            #expect(Fixture.reference.occupation(EscoID(fields[1]))?.labelNL == fields[2], "\(fields[0]): label beside the id")
        }
        let escoLabels = Self.normalisedESCOLabels
        let synonyms = Set(try TitleMapper.loadSynonyms(from: directory.appendingPathComponent("title-synonyms.tsv"),
                                                        reference: Fixture.reference).map { TitleMapper.normalise($0.term) })
        for entry in entries {
            let key = TitleMapper.normalise(entry.term)
            #expect(!escoLabels.contains(key), "'\(entry.term)' is already an ESCO label")
            #expect(!synonyms.contains(key), "'\(entry.term)' is already a curated synonym")
        }
        for entry in entries {
            #expect(Self.mapper.map(entry.term)?.occupation == entry.occupation, "'\(entry.term)' alone maps to its occupation")
        }
        #expect(Self.mapper.map("Uitvoerder")?.labelNL == "bouwopzichter")
        #expect(Self.mapper.map("Applicatiebeheerder")?.labelNL == "ict-applicatieconfigurator")

        let twice = FileManager.default.temporaryDirectory.appendingPathComponent("vocabulary-twice-\(UUID().uuidString).tsv")
        try "uitvoerder\t0dd7e6cd-2e5a-4fae-9ce0-6a3622d4019f\tx\ty\nUitvoerder\t0dd7e6cd-2e5a-4fae-9ce0-6a3622d4019f\tx\ty\n"
            .write(to: twice, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: twice) }
        #expect(throws: MatchingProfileError.self) { try TitleMapper.loadVocabulary(from: twice, reference: Fixture.reference) }
        let unknown = FileManager.default.temporaryDirectory.appendingPathComponent("vocabulary-unknown-\(UUID().uuidString).tsv")
        try "uitvoerder\tnot-an-esco-id\tx\ty\n".write(to: unknown, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: unknown) }
        #expect(throws: MatchingProfileError.self) { try TitleMapper.loadVocabulary(from: unknown, reference: Fixture.reference) }
    }

    /// The CBS-derived vocabulary (`catalog/matching/title-vocabulary-cbs.tsv`, generated from the CBS occupation index):
    /// every id is an ESCO occupation, the label beside it is that occupation's, the ISCO unit group written beside it
    /// is the occupation's (the rule maps within a unit group only), no term is an ESCO label or a curated term, and a
    /// derived label never takes a title ESCO or the curated lists read: those titles map as without the file.
    @Test func cbsDerivedVocabularyLoadsAndOnlyAdds() throws {
        let directory = Fixture.catalog.appendingPathComponent("matching")
        let url = directory.appendingPathComponent(TitleMapper.cbsVocabularyFileName)
        let entries = try TitleMapper.loadVocabulary(from: url, reference: Fixture.reference)
        #expect(entries.count >= 200)
        let text = try String(contentsOf: url, encoding: .utf8)
        for (_, fields) in TitleMapper.dataRows(of: text) {
            let occupation = Fixture.reference.occupation(EscoID(fields[1]))
            #expect(fields.count == 5 && occupation?.labelNL == fields[2], "\(fields[0]): term, id, label, ISCO group, rule")
            #expect(occupation?.iscoGroup == fields[3], "\(fields[0]): mapped within its ISCO unit group")
        }
        var taken = Self.normalisedESCOLabels
        for name in ["title-synonyms.tsv", TitleMapper.vocabularyFileName] {
            for entry in try TitleMapper.loadSynonyms(from: directory.appendingPathComponent(name), reference: Fixture.reference) {
                taken.insert(TitleMapper.normalise(entry.term))
            }
        }
        // Also written as one word: "softwareontwikkelaar" is ESCO's "software ontwikkelaar", found by splitting the compound.
        let takenJoined = Set(taken.map { $0.replacingOccurrences(of: " ", with: "") })
        for entry in entries {
            let key = TitleMapper.normalise(entry.term)
            #expect(!taken.contains(key) && !takenJoined.contains(key.replacingOccurrences(of: " ", with: "")),
                    "'\(entry.term)' is already a label or curated term")
        }
        // One-word titles map to their row's occupation alone (a derived label is a full label, only weaker). Not the
        // hyphenated ones ("edp-auditor"): a title reads those as two words, and ESCO's label of the head may win.
        for entry in entries where !entry.term.contains(where: { $0 == " " || $0 == "-" }) {
            #expect(Self.mapper.map(entry.term)?.occupation == entry.occupation, "'\(entry.term)' alone maps to its occupation")
        }
        #expect(Self.mapper.map("Kinderarts")?.labelNL == "medisch specialist")
        #expect(Self.mapper.map("Voeger")?.labelNL == "metselaar")
        // Without the file, every title of the tuning part maps as with it unless it holds a derived term.
        let synonyms = try TitleMapper.loadSynonyms(from: directory.appendingPathComponent("title-synonyms.tsv"), reference: Fixture.reference)
            + TitleMapper.loadVocabulary(from: directory.appendingPathComponent(TitleMapper.vocabularyFileName), reference: Fixture.reference)
        let friends = try TitleMapper.loadSynonyms(from: directory.appendingPathComponent("title-false-friends.tsv"), reference: Fixture.reference)
            .map { (label: $0.term, occupation: $0.occupation) }
        let fieldTerms = try TitleMapper.loadFieldHeads(from: directory.appendingPathComponent(TitleMapper.fieldHeadsFileName), reference: Fixture.reference)
        let without = TitleMapper(reference: Fixture.reference, synonyms: synonyms, falseFriends: friends, fieldTerms: fieldTerms)
        let derivedKeys = entries.map { TitleMapper.normalise($0.term) }
        for row in try Self.rows("title-tuning.tsv") {
            let key = " " + TitleMapper.normalise(row[1]) + " "
            guard !derivedKeys.contains(where: { key.contains(" " + $0 + " ") }) else { continue }
            #expect(Self.mapper.map(row[1])?.occupation == without.map(row[1])?.occupation, "'\(row[1])' changed without a derived term")
        }
    }

    /// The tuning part: the share mapped, for comparison with the held-out part (tuning figures are optimistic).
    @Test func mappedShareOnTheTuningPart() throws {
        let rows = try Self.rows("title-tuning.tsv")
        #expect(rows.count == 300)
        let mapped = rows.filter { Self.mapper.map($0[1]) != nil }.count
        print("title mapper, tuning part: \(mapped)/300 mapped")
        #expect(mapped >= 243)
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
        // Sets 2-6 hold the title in their third column ("n, source, title, …"); the dev list's parts in their second.
        let column = Int(environment["MATCHPUNT_TITLE_COLUMN"] ?? "") ?? 1
        let rows = try TitleMapperTests.rows(part)
        var lines = ["row\ttitle\tmapped\toccupationId\tlabelNL\tisco\tconfidence\tmatched"]
        for row in rows {
            let guess = TitleMapperTests.mapper.bestGuess(row[column])
            let mapped = guess.map { $0.confidence >= TitleMapperTests.mapper.threshold } ?? false
            let isco = guess.flatMap { Fixture.reference.occupation($0.occupation)?.iscoGroup } ?? ""
            lines.append([row[0], row[column], mapped ? "yes" : "no", guess?.occupation.rawValue ?? "", guess?.labelNL ?? "", isco,
                          guess.map { String(format: "%.3f", $0.confidence) } ?? "", guess?.matchedText ?? ""].joined(separator: "\t"))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
    }
}
