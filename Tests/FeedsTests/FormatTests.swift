import Domain
import Foundation
import Testing
@testable import Feeds

/// Every format, fetched from the fixture server through libcurl and parsed.
@Suite("Feed formats over HTTP")
struct FormatTests {
    @Test("JSON-LD array: postings normalised, bad records quarantined with a reason")
    func jsonLDArray() async throws {
        let options = FeedParseOptions(keepRawText: true)
        let result = try await withFeedServer { try await fetchAndParse($0, "/feeds/jobpostings.jsonld", .jsonLD, options: options) }
        #expect(result.streamError == nil)
        #expect(result.drafts.map(\.externalId) == ["LD-2026-001", "BORNE-77", "4711"])
        #expect(result.quarantined.count == 3)

        let first = try #require(result.drafts[id: "LD-2026-001"])
        #expect(first.title == "Magazijnmedewerker (m/v)")
        #expect(first.employerName == "Logistiek Dordrecht BV")
        #expect(first.employerKvK?.rawValue == "24123456")
        #expect(first.postcode == Postcode(pc4: 3311, letters: "AB"))
        #expect(first.city == "Dordrecht")
        #expect(first.hours == WeeklyHours(min: 32, max: 40))
        // 2600 a month at 40 h: 2600 × 12 / (52 × 40) = 15.00; 3120.50 → 18.0029 → 18.00
        #expect(first.hourlyWage == money(1500))
        #expect(first.hourlyWageMax == money(1800))
        #expect(first.startDate == CalendarDate(year: 2027, month: 1, day: 4))
        #expect(first.validThrough == CalendarDate(year: 2026, month: 12, day: 31))
        #expect(first.contractMonths == 6)
        #expect(first.occupation == EscoID("bea705fe-06ac-4147-b8e0-6e8ac1208d8f"))
        #expect(first.occupationSource == "feed")
        #expect(first.skills == [EscoID("28cb374e-6261-4133-8371-f9a5470145da"), EscoID("3d086228-d7fc-4c23-972a-22b7d44a6173")])
        #expect(first.demands == [.cold, .heavyLifting, .prolongedStanding]) // sorted
        #expect(first.suitableForBanenafspraak)
        #expect(first.employmentTypes == ["FULL_TIME", "TEMPORARY"])
        #expect(first.descriptionExcerpt?.hasPrefix("Wij zoeken een magazijnmedewerker voor ons distributiecentrum.") == true)
        #expect(first.raw.contains("\"LD-2026-001\""))

        let kok = try #require(result.drafts[id: "BORNE-77"])
        #expect(kok.employerName == "Restaurant De Molen")
        #expect(kok.postcode == Postcode(pc4: 7621, letters: "AA"))
        #expect(kok.hours == WeeklyHours(min: 24, max: 24))
        #expect(kok.hourlyWage == money(1576)) // "15.755" rounds half away from zero
        #expect(kok.iscoCode == "5120")
        #expect(kok.occupation == nil)

        let productie = try #require(result.drafts[id: "4711"])
        #expect(productie.hours == WeeklyHours(min: 12, max: 32)) // PART_TIME default
        #expect(productie.hourlyWage == money(2188)) // 36400 / (52 × 32) = 21.875 → 21.88
        #expect(productie.postcode == Postcode(pc4: 3312))

        let reasons = result.quarantined.map(\.reason)
        #expect(reasons.contains("geen titel"))
        #expect(reasons.contains { $0.contains("'volgende week' is geen datum") })
        #expect(reasons.contains { $0.contains("geen JobPosting ('Organization')") })
        #expect(result.quarantined.first { $0.externalId == "NO-TITLE-1" }?.raw.contains("Een record zonder titel") == true)
    }

    @Test("JSON-LD ItemList with ListItem wrappers; day and week salaries")
    func jsonLDItemList() async throws {
        let result = try await withFeedServer { try await fetchAndParse($0, "/feeds/itemlist.jsonld", .jsonLD) }
        #expect(result.streamError == nil)
        #expect(result.quarantined.isEmpty)
        #expect(result.drafts.map(\.externalId) == ["IL-1", "IL-2", "IL-3"])
        #expect(result.drafts[id: "IL-1"]?.hours == WeeklyHours(min: 20, max: 20))
        #expect(result.drafts.allSatisfy { $0.raw.isEmpty }) // keepRawText is off by default
        #expect(result.drafts[id: "IL-1"]?.postcode == Postcode(pc4: 3314, letters: "CD"))
        // 120 a day, full time 36–40 h: a day is 40 / 5 = 8 h → 15.00
        #expect(result.drafts[id: "IL-2"]?.hourlyWage == money(1500))
        // 600 a week at 40 h → 15.00
        #expect(result.drafts[id: "IL-3"]?.hourlyWage == money(1500))
    }

    @Test("JSON-LD @graph: postings read, other nodes skipped silently")
    func jsonLDGraph() async throws {
        let result = try await withFeedServer { try await fetchAndParse($0, "/feeds/graph.jsonld", .jsonLD) }
        #expect(result.streamError == nil)
        #expect(result.quarantined.isEmpty)
        #expect(result.drafts.map(\.externalId) == ["https://werkenbij.example.nl/vacatures/G-1", "G-2"])
        let g1 = try #require(result.drafts.first)
        #expect(g1.employerKvK?.rawValue == "08123456")
        #expect(g1.hours == WeeklyHours(min: 28, max: 32))
        #expect(g1.postcode == Postcode(pc4: 7622, letters: "AB"))
        #expect(result.drafts[id: "G-2"]?.title == "Huishoudelijk medewerker")
    }

    @Test("JSON-LD single object and HTML page with ld+json blocks")
    func jsonLDSingleAndHTML() async throws {
        try await withFeedServer { server in
            let single = try await fetchAndParse(server, "/feeds/single.jsonld", .jsonLD)
            #expect(single.drafts.map(\.externalId) == ["S-1"])
            #expect(single.drafts.first?.demands == [.outdoorWork])
            #expect(single.drafts.first?.city == "Dordrecht")

            let page = try await fetchAndParse(server, "/feeds/page.html", .jsonLD)
            #expect(page.streamError == nil)
            #expect(page.quarantined.isEmpty) // the BreadcrumbList block is not a posting, and not an error
            #expect(page.drafts.map(\.externalId) == ["HTML-1"])
            #expect(page.drafts.first?.hourlyWage == money(1471))
            #expect(page.drafts.first?.hourlyWageMax == money(1600))
        }
    }

    @Test("Indeed XML: CDATA, entities, salary text; broken records quarantined")
    func indeedXML() async throws {
        let options = FeedParseOptions(keepRawText: true)
        let result = try await withFeedServer { try await fetchAndParse($0, "/feeds/indeed.xml", .indeedXML, options: options) }
        #expect(result.streamError == nil)
        #expect(result.drafts.map(\.externalId) == ["IND-1001", "IND-1002"])
        let first = try #require(result.drafts[id: "IND-1001"])
        #expect(first.title == "Magazijnmedewerker")
        #expect(first.postcode == Postcode(pc4: 3311, letters: "AB"))
        #expect(first.hourlyWage == money(1450))
        #expect(first.hourlyWageMax == money(1600))
        #expect(first.validThrough == CalendarDate(year: 2026, month: 12, day: 31))
        #expect(first.hours == WeeklyHours(min: 36, max: 40))
        #expect(first.suitableForBanenafspraak)
        #expect(first.descriptionExcerpt?.contains("</job> staat hier alleen als tekst") == false) // tags stripped
        #expect(first.raw.contains("</job> staat hier"))
        let second = try #require(result.drafts[id: "IND-1002"])
        #expect(second.title == "Schoonmaker & gastvrouw")
        #expect(second.employerName == "Schoon & Zo")
        #expect(second.hours == WeeklyHours(min: 24, max: 24))
        // 2400 a month at 24 h: 2400 × 12 / (52 × 24) = 23.0769… → 23.08
        #expect(second.hourlyWage == money(2308))
        #expect(result.quarantined.count == 2)
        #expect(result.quarantined.contains { $0.reason.hasPrefix("XML-fout") && $0.raw.contains("IND-1003") })
        #expect(result.quarantined.contains { $0.reason.contains("geen extern id") })
    }

    @Test("HR Open / HR-XML PositionOpening")
    func hrOpenXML() async throws {
        let result = try await withFeedServer { try await fetchAndParse($0, "/feeds/hropen.xml", .hrOpenXML) }
        #expect(result.streamError == nil)
        #expect(result.drafts.map(\.externalId) == ["HR-5001", "HR-5002"])
        let first = try #require(result.drafts[id: "HR-5001"])
        #expect(first.title == "Heftruckchauffeur")
        #expect(first.employerName == "Transport Zwijndrecht BV")
        #expect(first.employerKvK?.rawValue == "24987654")
        #expect(first.postcode == Postcode(pc4: 3312, letters: "KL"))
        #expect(first.city == "Dordrecht")
        #expect(first.occupation == EscoID("eeac6251-1974-42f5-91ed-513c6c883755"))
        #expect(first.startDate == CalendarDate(year: 2027, month: 1, day: 4))
        #expect(first.contractMonths == 6)
        #expect(first.hours == WeeklyHours(min: 36, max: 40))
        // 2800 a month at 40 h → 16.15
        #expect(first.hourlyWage == money(1615))
        #expect(first.validThrough == CalendarDate(year: 2026, month: 12, day: 15))
        #expect(first.demands == [.heavyLifting])
        let second = try #require(result.drafts[id: "HR-5002"])
        #expect(second.iscoCode == "7411")
        #expect(second.startDate == nil) // "null" as the exporters write it
        #expect(second.hours == WeeklyHours(min: 12, max: 32))
        #expect(result.quarantined.count == 1)
        #expect(result.quarantined.first?.raw.contains("HR-5003") == true)
    }

    @Test("CSV with a column mapping, ';' delimiter, quoted multi-line fields")
    func csv() async throws {
        let mapping = CSVColumnMapping(columns: [
            "Vacaturenummer": .externalId, "Functie": .title, "Werkgever": .employerName, "KvK": .employerKvK,
            "Postcode": .postcode, "Uren min": .hoursMin, "Uren max": .hoursMax, "Uurloon": .hourlyWage,
            "Einddatum": .validThrough, "Omschrijving": .description, "Banenafspraak": .banenafspraak,
        ])
        let options = FeedParseOptions(csvMapping: mapping)
        let result = try await withFeedServer { try await fetchAndParse($0, "/feeds/vacatures.csv", .csv, options: options) }
        #expect(result.streamError == nil)
        #expect(result.drafts.map(\.externalId) == ["CSV-1", "CSV-2"])
        let first = try #require(result.drafts[id: "CSV-1"])
        #expect(first.hourlyWage == money(1471))
        #expect(first.hours == WeeklyHours(min: 32, max: 40))
        #expect(first.employerKvK?.rawValue == "24123456")
        #expect(first.descriptionExcerpt == "Orderpicken; laden en lossen. Tweede regel met \"aanhalingstekens\"")
        #expect(first.suitableForBanenafspraak)
        #expect(first.validThrough == CalendarDate(year: 2026, month: 12, day: 31))
        #expect(result.drafts[id: "CSV-2"]?.hourlyWage == money(1525))
        #expect(result.drafts[id: "CSV-2"]?.suitableForBanenafspraak == false)
        #expect(result.quarantined.map(\.externalId) == ["CSV-3", "CSV-4"])
        #expect(result.quarantined.last?.reason == "salaris 'abc' is geen bedrag")
    }

    @Test("CSV without a mapped id or title column fails the feed with a message naming the header")
    func csvWithoutMapping() {
        let body = Array("a,b\n1,2\n".utf8)
        let result = FeedParser.parseAll(body, format: .csv)
        #expect(result.streamError?.kind == .malformed)
        #expect(result.streamError?.message.contains("header: a, b") == true)
    }

    @Test("The title mapper fills the occupation when the feed gives none, and never overrides the feed's own")
    func occupationMapper() async throws {
        let mapper = OccupationForTitleClosure { title in
            title.lowercased().hasPrefix("kok") ? EscoID("90f75f67-495d-49fa-ab57-2f320e251d7e") : nil
        }
        let options = FeedParseOptions(occupationMapper: mapper)
        let result = try await withFeedServer { try await fetchAndParse($0, "/feeds/jobpostings.jsonld", .jsonLD, options: options) }
        #expect(result.drafts[id: "BORNE-77"]?.occupation == EscoID("90f75f67-495d-49fa-ab57-2f320e251d7e"))
        #expect(result.drafts[id: "BORNE-77"]?.occupationSource == "title-mapper")
        #expect(result.drafts[id: "LD-2026-001"]?.occupationSource == "feed")
        #expect(result.drafts[id: "4711"]?.occupation == nil)
    }
}
