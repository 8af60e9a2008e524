import Domain
import Foundation
import Store
import Testing
@testable import Feeds

/// Feeds as they exist in the wild, run end to end: fixture server on 127.0.0.1, libcurl, parser, real SQLite.
@Suite(.serialized) struct FeedIngestTests {
    let directory: URL
    let store: MatchpuntStore
    let today = CalendarDate(year: 2026, month: 11, day: 22)!

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("matchpunt-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try MatchpuntStore(path: directory.appendingPathComponent("ingest.sqlite").path)
    }

    func feed(_ name: String, _ url: String, format: FeedFormat, kind: FeedKind = .snapshot, auth: String? = nil) async throws -> FeedDefinition {
        try await store.insert(FeedDefinition(name: name, url: url, format: format.rawValue, kind: kind, intervalSeconds: 3600,
                                        region: "Drechtsteden", authHeader: auth, createdAt: Date()))
    }

    func importer(_ fetcher: FeedFetcher = .local) -> FeedImporter {
        FeedImporter(store: store, fetcher: fetcher, limits: FetchLimits(connectTimeoutSeconds: 3, totalTimeoutSeconds: 20, lowSpeedSeconds: 60))
    }

    func current(_ feed: FeedDefinition) async throws -> FeedDefinition { try #require(try await store.feed(id: feed.id)) }

    @Test func joobleTalentAndRSSImport() async throws {
        try await withFeedServer { server in
            let jooble = try #require(await importer().run(try await feed("jooble", server.url("/feeds/jooble.xml"), format: .joobleXML), today: today))
            #expect(jooble.status == .succeeded, "\(jooble.message ?? "")")
            #expect(jooble.counts.new == 2)
            let talent = try #require(await importer().run(try await feed("talent", server.url("/feeds/talent.xml"), format: .indeedXML), today: today))
            #expect(talent.status == .succeeded, "\(talent.message ?? "")")
            #expect(talent.counts.new == 2)
            let rss = try #require(await importer().run(try await feed("rss", server.url("/feeds/rss.xml"), format: .rss), today: today))
            #expect(rss.status == .succeeded, "\(rss.message ?? "")")
            #expect(rss.counts.new == 2)
            let vacancies = try await store.vacancies()
            #expect(vacancies.contains { $0.source == "jooble" && $0.externalId == "JB-501" && $0.title == "Orderpicker" })
            #expect(vacancies.contains { $0.source == "talent" && $0.externalId == "https://nl.talent.com/view?id=9002" })
            #expect(vacancies.contains { $0.source == "rss" && $0.externalId == "WP-771" && $0.hours.max == 24 })
            #expect(vacancies.contains { $0.source == "rss" && $0.externalId == "https://werkplein.example.nl/vacatures/772" })
        }
    }

    @Test func jsonLDWithoutIdentifierIsKeyedByURLOrAHashAndTheRunSaysSo() async throws {
        try await withFeedServer { server in
            let f = try await feed("google", server.url("/feeds/jobposting-no-identifier.jsonld"), format: .jsonLD)
            let run = try #require(await importer().run(f, today: today))
            #expect(run.status == .succeeded)
            #expect(run.counts.new == 2)
            #expect(run.message?.contains("records zonder identifier") == true, "\(run.message ?? "")")
            #expect(run.message?.contains("1× url") == true)
            #expect(run.message?.contains("1× een hash") == true)
            let ids = try await store.vacancies().filter { $0.source == "google" }.map(\.externalId).sorted()
            #expect(ids.contains("https://bakkerij.example.nl/vacature/bakker"))
            #expect(ids.contains { $0.hasPrefix("hash:") })
            // The hash is stable: a second run (no validators) finds both unchanged.
            var again = try await current(f)
            again.etag = nil
            again.lastModified = nil
            let second = try #require(await importer().run(again, today: today))
            #expect(second.counts.unchanged == 2)
            #expect(second.counts.new == 0)
        }
    }

    @Test func aFormatMismatchFailsTheRunNamingTheRootElement() async throws {
        try await withFeedServer { server in
            let rssAsIndeed = try #require(await importer().run(try await feed("a", server.url("/feeds/rss.xml"), format: .indeedXML), today: today))
            #expect(rssAsIndeed.status == .failed)
            #expect(rssAsIndeed.message?.contains("root element `rss`, expected `source`") == true, "\(rssAsIndeed.message ?? "")")
            let htmlAsIndeed = try #require(await importer().run(try await feed("b", server.url("/feeds/page.html"), format: .indeedXML), today: today))
            #expect(htmlAsIndeed.status == .failed)
            #expect(htmlAsIndeed.message?.contains("root element `html`") == true, "\(htmlAsIndeed.message ?? "")")
            let indeedAsRSS = try #require(await importer().run(try await feed("c", server.url("/feeds/indeed.xml"), format: .rss), today: today))
            #expect(indeedAsRSS.status == .failed)
            #expect(indeedAsRSS.message?.contains("root element `source`, expected `rss`") == true, "\(indeedAsRSS.message ?? "")")
            let jsonAsCSV = try #require(await importer().run(try await feed("d", server.url("/feeds/jobpostings.jsonld"), format: .csv), today: today))
            #expect(jsonAsCSV.status == .failed)
            #expect(jsonAsCSV.message?.contains("JSON document, expected CSV") == true, "\(jsonAsCSV.message ?? "")")
            let xmlAsJSON = try #require(await importer().run(try await feed("e", server.url("/feeds/indeed.xml"), format: .jsonLD), today: today))
            #expect(xmlAsJSON.status == .failed)
            #expect(xmlAsJSON.message?.contains("root element `source`") == true, "\(xmlAsJSON.message ?? "")")
            #expect(try await store.vacancies().isEmpty)
        }
    }

    @Test func exactRepeatsAreCountedAndConflictingRepeatsQuarantinedWithBothVersions() async throws {
        try await withFeedServer { server in
            let run = try #require(await importer().run(try await feed("dup", server.url("/feeds/duplicates.xml"), format: .indeedXML), today: today))
            #expect(run.counts.new == 3)
            #expect(run.counts.quarantined == 1, "\(run.message ?? "")")
            #expect(run.message?.contains("9 exacte herhaling") == true, "\(run.message ?? "")")
            let records = try await store.quarantinedRecords(importRunId: run.id)
            #expect(records.count == 1)
            #expect(records.first?.externalId == "DUP-1")
            #expect(records.first?.reason.contains("'Monteur 1'") == true, "\(records.first?.reason ?? "")")
        }
    }

    @Test func aQuarantinedRecordStillListedKeepsItsVacancyOpen() async throws {
        let mounted = directory.appendingPathComponent("mounted")
        try FileManager.default.createDirectory(at: mounted, withIntermediateDirectories: true)
        let file = mounted.appendingPathComponent("snap.xml")
        func write(_ jobs: [String]) throws {
            try Data(("<source>" + jobs.joined() + "</source>").utf8).write(to: file)
        }
        try write(["<job><referencenumber>K-1</referencenumber><title>Kok</title><postalcode>3311</postalcode></job>",
                   "<job><referencenumber>K-2</referencenumber><title>Bode</title></job>",
                   "<job><referencenumber>K-3</referencenumber><title>Schilder</title></job>",
                   "<job><referencenumber>K-4</referencenumber><title>Lasser</title></job>"])
        try await withFeedServer(mounts: ["snap": mounted.path]) { server in
            let f = try await feed("snap", server.url("/mount/snap/snap.xml"), format: .indeedXML)
            let first = try #require(await importer().run(f, today: today))
            #expect(first.counts.new == 4)
            // K-1 is still listed but now has an impossible start date: quarantined, its vacancy stays open.
            try write(["<job><referencenumber>K-1</referencenumber><title>Kok</title><startdate>morgen ofzo</startdate></job>",
                       "<job><referencenumber>K-2</referencenumber><title>Bode</title></job>",
                       "<job><referencenumber>K-4</referencenumber><title>Lasser</title></job>"])
            var next = try await current(f)
            next.etag = nil
            next.lastModified = nil
            let second = try #require(await importer().run(next, today: today))
            #expect(second.counts.quarantined == 1)
            #expect(second.counts.closed == 1, "only K-3, which is gone, closes")
            #expect(second.message?.contains("in quarantaine maar nog in de feed") == true, "\(second.message ?? "")")
            let byId = Dictionary(uniqueKeysWithValues: try await store.vacancies().filter { $0.source == "snap" }.map { ($0.externalId, $0) })
            #expect(byId["K-1"]?.status == .open)
            #expect(byId["K-1"]?.postcode?.pc4 == 3311, "the last good version")
            #expect(byId["K-3"]?.status == .closed)
        }
    }

    @Test func theAuthHeaderDoesNotFollowARedirectToAnotherHost() async throws {
        try await withFeedServer { server in
            // Same host: the header arrives.
            let same = try await FeedFetcher.local.fetch(FetchRequest(url: server.url("/redirect?to=/echo-headers"),
                                                                     authHeader: SecretHeader("X-Feed-Key: s3cret-token")))
            guard case .fetched(let sameBody) = same else { Issue.record("no body"); return }
            #expect(String(decoding: sameBody.body, as: UTF8.self).contains("s3cret-token"))
            // Another host (localhost instead of 127.0.0.1): it does not, nor does an Authorization header.
            for line in ["X-Feed-Key: s3cret-token", "Authorization: Bearer s3cret-token"] {
                let other = "http://localhost:\(server.port)/echo-headers"
                let outcome = try await FeedFetcher.local.fetch(FetchRequest(url: server.url("/redirect?to=\(other)"),
                                                                            authHeader: SecretHeader(line)))
                guard case .fetched(let body) = outcome else { Issue.record("no body"); return }
                let text = String(decoding: body.body, as: UTF8.self)
                #expect(!text.contains("s3cret-token"), "\(text)")
                #expect(body.redirects == 1)
            }
        }
    }

    @Test func aFeedOnAnInternalAddressIsRefusedUnlessAllowed() async throws {
        try await withFeedServer { server in
            let refused = await fetchErrorWith(FeedFetcher(), FetchRequest(url: server.url("/feeds/indeed.xml")))
            #expect(refused?.kind == .addressRefused)
            #expect(refused?.message.contains("127.0.0.1") == true)
            // A public-looking redirect target that points inside is checked too (every hop).
            let hop = await fetchErrorWith(FeedFetcher(internalHosts: ["127.0.0.1"]),
                                           FetchRequest(url: server.url("/redirect?to=http://localhost:\(server.port)/feeds/indeed.xml")))
            #expect(hop?.kind == .addressRefused)
            // Through the importer the run fails with the message, and credentials in the URL are not shown.
            let f = try await feed("internal", "http://user:p4ssw0rd@127.0.0.1:\(server.port)/feeds/indeed.xml", format: .indeedXML)
            let run = try #require(await importer(FeedFetcher()).run(f, today: today))
            #expect(run.status == .failed)
            #expect(run.message?.contains("loopback") == true, "\(run.message ?? "")")
            #expect(run.message?.contains("p4ssw0rd") == false)
            #expect(FeedFetcher.redactedURL(f.url).contains("p4ssw0rd") == false)
        }
    }
}

func fetchErrorWith(_ fetcher: FeedFetcher, _ request: FetchRequest) async -> FetchError? {
    do {
        let outcome = try await fetcher.fetch(request)
        Issue.record("expected an error for \(request), got \(outcome)")
        return nil
    } catch {
        return error
    }
}
