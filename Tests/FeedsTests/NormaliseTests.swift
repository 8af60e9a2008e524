import Domain
import Foundation
import Testing
@testable import Feeds

@Suite("Normalisation rules")
struct NormaliseTests {
    @Test("Salary units convert to an hourly wage in whole cents, half away from zero", arguments: [
        // amount cents, unit, hours, expected cents
        (1_575, "HOUR", 40, 1_575),
        (12_000, "DAY", 40, 1_500),          // a day = 40 / 5 = 8 h
        (60_000, "WEEK", 40, 1_500),
        (260_000, "MONTH", 40, 1_500),       // 2600 × 12 / 2080
        (3_120_000, "YEAR", 40, 1_500),      // 31200 / 2080
        (250_000, "MONTH", 38, 1_518),       // 2500 × 12 / 1976 = 15.1821…
        (100, "MONTH", 36, 1),               // 0.0064… → 0.01
    ])
    func salaryConversion(amount: Int64, unit: String, hours: Int, expected: Int64) throws {
        let u = try #require(Normalise.SalaryUnit(unit))
        #expect(Normalise.hourlyWage(Money(cents: amount), unit: u, hoursPerWeek: hours) == Money(cents: expected))
    }

    @Test("Amounts: machine decimals are never read as thousands, people's amounts are read Dutch style")
    func amounts() {
        // JSON-LD and HR-XML amounts are machine decimals (schema.org Number, xsd:decimal) …
        #expect(DraftFields.money("2500.555", machine: true) == Money(cents: 250_056))
        #expect(DraftFields.money("2.400", machine: true) == Money(cents: 240))
        #expect(DraftFields.money("1.5e1", machine: true) == Money(cents: 1_500))
        #expect(DraftFields.money("2500", machine: true) == Money(cents: 250_000))
        #expect(DraftFields.money("2,5", machine: true) == nil)
        // … Indeed and CSV amounts are written for people, Dutch style.
        #expect(DraftFields.money("€ 2.500,50", machine: false) == Money(cents: 250_050))
        #expect(DraftFields.money("2.400", machine: false) == Money(cents: 240_000))
        #expect(DraftFields.money("14,71", machine: false) == Money(cents: 1_471))
        #expect(DraftFields.money("€ 2.500,-", machine: false) == Money(cents: 250_000))
        #expect(DraftFields.money("veel", machine: false) == nil)
    }

    @Test("Working hours from text and employment type")
    func hours() {
        let options = FeedParseOptions()
        #expect(Normalise.weeklyHours(from: "32-40 uur", options: options) == WeeklyHours(min: 32, max: 40))
        #expect(Normalise.weeklyHours(from: "36 hours per week", options: options) == WeeklyHours(min: 36, max: 36))
        #expect(Normalise.weeklyHours(from: "24 tot 32 uur", options: options) == WeeklyHours(min: 24, max: 32))
        #expect(Normalise.weeklyHours(from: "37,5 uur", options: options) == WeeklyHours(min: 37, max: 38))
        #expect(Normalise.weeklyHours(from: "Fulltime", options: options) == WeeklyHours(min: 36, max: 40))
        #expect(Normalise.weeklyHours(from: "160 uur per maand", options: options) == nil)
    }

    @Test("Dates: ISO, date-time, Dutch day-month-year, RFC 822; anything else is a problem")
    func dates() throws {
        #expect(try Normalise.date("2026-12-31").get() == CalendarDate(year: 2026, month: 12, day: 31))
        #expect(try Normalise.date("2026-12-31T23:59:59+01:00").get() == CalendarDate(year: 2026, month: 12, day: 31))
        #expect(try Normalise.date("31-12-2026").get() == CalendarDate(year: 2026, month: 12, day: 31))
        #expect(try Normalise.date("Thu, 31 Dec 2026 00:00:00 GMT").get() == CalendarDate(year: 2026, month: 12, day: 31))
        #expect(try Normalise.date("  ").get() == nil)
        #expect((try? Normalise.date("31-02-2026").get()) == nil)
        #expect((try? Normalise.date("morgen").get()) == nil)
    }

    @Test("Content hash: stable, ignores the raw text, changes with any normalised field")
    func contentHash() {
        let a = VacancyDraft(externalId: "1", title: "Kok", hours: WeeklyHours(min: 32, max: 40), hourlyWage: Money(cents: 1500), raw: "{…}")
        var b = a
        b.raw = "{ … reformatted … }"
        #expect(a.contentHash == b.contentHash)
        #expect(a.contentHash.count == 16)
        var c = a
        c.hourlyWage = Money(cents: 1501)
        #expect(a.contentHash != c.contentHash)
        var d = a
        d.skills = [EscoID("b"), EscoID("a")]
        var e = a
        e.skills = [EscoID("a"), EscoID("b")]
        #expect(d.contentHash == e.contentHash) // order of a set-like list does not matter
        // FNV-1a 64 of the empty input is its offset basis; of "a" the published test vector.
        var h = FNV1a64()
        #expect(h.hexDigest == "cbf29ce484222325")
        h.combine("a")
        #expect(h.hexDigest == "af63dc4c8601ec8c")
    }

    @Test("JSON string escapes, surrogate pairs and numbers kept as literal text")
    func jsonScanner() throws {
        let text = #"{"@type":"JobPosting","identifier":"E-1","title":"Caf\u00e9 \ud83d\ude00 \"kok\"\n","baseSalary":{"@type":"MonetaryAmount","currency":"EUR","value":{"value":1.5e1,"unitText":"HOUR"}}}"#
        let result = FeedParser.parseAll(Array(text.utf8), format: .jsonLD)
        let draft = try #require(result.drafts.first)
        #expect(draft.title == "Café 😀 \"kok\"")
        #expect(draft.hourlyWage == Money(cents: 1_500)) // 1.5e1 read exactly, no Double
        #expect(result.quarantined.isEmpty)
    }

    @Test("Windows-1252 XML is transcoded; UTF-16 and unknown encodings are refused with a message")
    func xmlEncodings() {
        var latin = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><source><job><referencenumber>L-1</referencenumber><title>Caf"#.utf8)
        latin.append(0xE9) // é in Latin-1
        latin += Array("</title></job></source>".utf8)
        let result = FeedParser.parseAll(latin, format: .indeedXML)
        #expect(result.drafts.first?.title == "Café")
        let other = FeedParser.parseAll(Array(#"<?xml version="1.0" encoding="Shift_JIS"?><source/>"#.utf8), format: .indeedXML)
        #expect(other.streamError?.kind == .unsupported)
    }
}

@Suite("Draft to vacancy")
struct DraftToVacancyTests {
    @Test("A draft becomes a Domain vacancy with the importer's ids; missing hours take the default")
    func vacancy() throws {
        let body = Array(#"[{"@type":"JobPosting","identifier":"V-1","title":"Kok","occupationalCategory":"http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e","jobLocation":{"address":{"postalCode":"3311AB"}},"baseSalary":{"@type":"MonetaryAmount","currency":"EUR","value":{"value":16.5,"unitText":"HOUR"}},"physicalRequirement":"veel staan"}]"#.utf8)
        let draft = try #require(FeedParser.parseAll(body, format: .jsonLD).drafts.first)
        let vacancy = draft.vacancy(id: 7, source: "werkenbij", employerId: 3, defaultHours: WeeklyHours(min: 0, max: 40)!)
        #expect(vacancy.id == 7)
        #expect(vacancy.source == "werkenbij")
        #expect(vacancy.externalId == "V-1")
        #expect(vacancy.employerId == 3)
        #expect(vacancy.occupation == EscoID("90f75f67-495d-49fa-ab57-2f320e251d7e"))
        #expect(vacancy.postcode == Postcode(pc4: 3311, letters: "AB"))
        #expect(vacancy.hours == WeeklyHours(min: 0, max: 40)!)
        #expect(vacancy.hourlyWage == Money(cents: 1_650))
        #expect(vacancy.demands == [.prolongedStanding])
        #expect(vacancy.status == .open)
    }
}

@Suite("JSON-LD property names")
struct PropertyNameTests {
    @Test("The fast key switch knows every property name the table lists, and nothing else")
    func keySwitch() {
        for (name, key) in JSONLDFeed.PostingProperties.keys {
            #expect(JSONLDFeed.PostingProperties.key(for: name) == key, "\(name)")
        }
        for other in ["@context", "@type", "datePosted", "directApply", "titles", "identifiers", "Title"] {
            #expect(JSONLDFeed.PostingProperties.key(for: other) == nil, "\(other)")
        }
    }
}

@Suite("Title cache key")
struct TitleCacheKeyTests {
    /// The byte loop for ASCII titles gives the key the Character loop gives, on every title of the Dutch title
    /// list as feeds write them (hours, numbers, company and place appended) and on the edge cases.
    @Test("The byte key equals the Character key")
    func byteKeyEqualsCharacterKey() throws {
        let list = FeedServer.fixtures.deletingLastPathComponent().appendingPathComponent("vacancy-titles-nl-dev.tsv")
        let titles = try String(contentsOf: list, encoding: .utf8).split(separator: "\n").dropFirst()
            .compactMap { $0.split(separator: "\t").first.map(String.init) }
        #expect(titles.count >= 400)
        var cases: [String] = [
            "", " ", "\t\n", "32-40", "Chauffeur 32-40 uur", "chauffeur 38 uur", "CHAUFFEUR  C/CE\tNachtdienst\n12",
            "Monteur\r\nService", "Monteur \r\n 12", "Kok 1.5", "Kok -", "Kok ,.-", "Kok -1,5.", "Café medewerker 12",
            "Medewerker (m/v/x) - Van Dijk B.V.", "  leading and trailing  ", "A", "a1 1a 11",
        ]
        for title in titles {
            cases += [title, "\(title) 32-40 uur", "\(title) - Bouw Dijk B.V.", "\(title) (Zwolle)", "\(title) 417", title.uppercased()]
        }
        for title in cases {
            #expect(CachedOccupationForTitle.key(title) == CachedOccupationForTitle.characterKey(title), "\(title)")
        }
    }
}
