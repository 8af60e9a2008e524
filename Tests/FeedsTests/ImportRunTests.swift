import Domain
import Foundation
import Store
import Testing
@testable import Feeds

/// Import runs end to end: the fixture server on 127.0.0.1, the real libcurl client, the parsers, and a real
/// SQLite file.
@Suite(.serialized) struct ImportRunTests {
    let directory: URL
    let store: MatchpuntStore
    let today = CalendarDate(year: 2026, month: 11, day: 22)!

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("matchpunt-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try MatchpuntStore(path: directory.appendingPathComponent("import.sqlite").path)
    }

    func feed(_ name: String, _ url: String, format: FeedFormat, kind: FeedKind = .snapshot, mapping: [String: String]? = nil) async throws -> FeedDefinition {
        try await store.insert(FeedDefinition(name: name, url: url, format: format.rawValue, kind: kind, intervalSeconds: 3600,
                                        region: "Drechtsteden", columnMapping: mapping, createdAt: Date()))
    }

    func importer(timeout: Int = 20) -> FeedImporter {
        FeedImporter(store: store, fetcher: .local, limits: FetchLimits(connectTimeoutSeconds: 3, totalTimeoutSeconds: timeout, lowSpeedSeconds: 60,
                                                       maxBodyBytes: 4 * 1024 * 1024))
    }

    func current(_ feed: FeedDefinition) async throws -> FeedDefinition { try #require(try await store.feed(id: feed.id)) }

    @Test func everyFormatImportsAndKeepsBadRecordsInQuarantine() async throws {
        try await withFeedServer { server in
            let csvMapping = ["externalId": "Vacaturenummer", "title": "Functie", "employerName": "Werkgever", "employerKvK": "KvK",
                              "postcode": "Postcode", "hoursMin": "Uren min", "hoursMax": "Uren max", "hourlyWage": "Uurloon",
                              "validThrough": "Einddatum", "description": "Omschrijving", "banenafspraak": "Banenafspraak"]
            let feeds = [
                try await feed("jsonld", server.url("/feeds/jobpostings.jsonld"), format: .jsonLD),
                try await feed("indeed", server.url("/feeds/indeed.xml"), format: .indeedXML),
                try await feed("hropen", server.url("/feeds/hropen.xml"), format: .hrOpenXML),
                try await feed("csv", server.url("/feeds/vacatures.csv"), format: .csv, mapping: csvMapping),
            ]
            for feed in feeds {
                let run = try #require(await importer().run(feed, today: today))
                #expect(run.status == .succeeded || run.status == .partial, "\(feed.name): \(run.message ?? "")")
                #expect(run.counts.new > 0, "\(feed.name)")
                #expect(run.httpStatus == 200)
                #expect(run.bytes > 0)
                #expect(run.counts.quarantined == (try await store.quarantinedRecords(importRunId: run.id)).count)
            }
            let byKvK = try #require(try await store.employer(kvkNumber: KvKNumber("24123456")!))
            #expect(try await store.vacancies().contains { $0.employerId == byKvK.id && $0.source == "jsonld" })
            #expect(try await store.vacancies().contains { $0.employerId == byKvK.id && $0.source == "csv" })
        }
    }

    @Test func aSecondRunIsUnchangedThenIdempotent() async throws {
        try await withFeedServer { server in
            let feed = try await feed("indeed", server.url("/feeds/indeed.xml"), format: .indeedXML)
            let first = try #require(await importer().run(feed, today: today))
            let before = try await store.vacancies()
            // The stored ETag makes the server answer 304: nothing is parsed or written.
            let second = try #require(await importer().run(try await current(feed), today: today))
            #expect(second.status == .unchanged)
            #expect(second.httpStatus == 304)
            // Without validators the body comes again: every record is counted unchanged, none rewritten.
            var forced = try await current(feed)
            forced.etag = nil
            forced.lastModified = nil
            let third = try #require(await importer().run(forced, today: today))
            #expect(third.counts.new == 0)
            #expect(third.counts.updated == 0)
            #expect(third.counts.unchanged == first.counts.new)
            #expect(try await store.vacancies() == before)
        }
    }

    @Test func aSnapshotClosesWhatDisappearedAndADeltaDoesNot() async throws {
        let mounted = directory.appendingPathComponent("mounted")
        try FileManager.default.createDirectory(at: mounted, withIntermediateDirectories: true)
        let source = try Data(contentsOf: FeedServer.fixtures.appendingPathComponent("indeed.xml"))
        try source.write(to: mounted.appendingPathComponent("feed.xml"))
        try await withFeedServer(mounts: ["live": mounted.path]) { server in
            let snapshot = try await feed("snapshot", server.url("/mount/live/feed.xml"), format: .indeedXML)
            let delta = try await feed("delta", server.url("/mount/live/feed.xml"), format: .indeedXML, kind: .delta)
            let first = try #require(await importer().run(snapshot, today: today))
            _ = await importer().run(delta, today: today)
            #expect(first.counts.new >= 2)
            // The next version of the feed lacks its first job.
            let text = String(decoding: source, as: UTF8.self)
            let start = try #require(text.range(of: "<job>")), end = try #require(text.range(of: "</job>"))
            try Data((String(text[..<start.lowerBound]) + String(text[end.upperBound...])).utf8).write(to: mounted.appendingPathComponent("feed.xml"))
            var snapshotNow = try await current(snapshot)
            snapshotNow.etag = nil
            snapshotNow.lastModified = nil
            let second = try #require(await importer().run(snapshotNow, today: today))
            #expect(second.counts.closed == 1)
            var deltaNow = try await current(delta)
            deltaNow.etag = nil
            deltaNow.lastModified = nil
            let deltaRun = try #require(await importer().run(deltaNow, today: today))
            #expect(deltaRun.counts.closed == 0)
            #expect(try await store.vacancies().filter { $0.source == "snapshot" && $0.status == .closed }.count == 1)
            #expect(try await store.vacancies().filter { $0.source == "delta" && $0.status == .closed }.isEmpty)
        }
    }

    @Test func hostileFeedsFailClearlyAndLeaveEarlierVacanciesUntouched() async throws {
        try await withFeedServer { server in
            let good = try await feed("good", server.url("/feeds/indeed.xml"), format: .indeedXML)
            _ = await importer().run(good, today: today)
            let before = try await store.vacancies()
            #expect(!before.isEmpty)
            let hostile: [(String, FeedFormat, ImportRunStatus, String)] = [
                ("/feeds/billion-laughs.xml", .indeedXML, .failed, "DTD"),
                ("/feeds/xxe.xml", .indeedXML, .failed, "DTD"),
                ("/bomb?mb=64", .jsonLD, .failed, ""),
                ("/big?bytes=6000000", .jsonLD, .failed, ""),
                ("/stall", .jsonLD, .failed, ""),
                ("/loop", .jsonLD, .failed, ""),
                ("/redirect?to=file:///etc/passwd", .jsonLD, .failed, ""),
                ("/status/500", .jsonLD, .failed, "500"),
                ("/feeds/invalid-utf8.jsonld", .jsonLD, .partial, ""),
                ("/feeds/truncated.jsonld", .jsonLD, .partial, ""),
            ]
            for (index, (path, format, status, word)) in hostile.enumerated() {
                let feed = try await feed("hostile-\(index)", server.url(path), format: format)
                // Only the stalling server needs a short time-out; a busy machine may serve the rest slowly.
                let run = try #require(await importer(timeout: path == "/stall" ? 3 : 30).run(feed, today: today))
                #expect(run.status == status, "\(path): \(run.status) \(run.message ?? "")")
                if status == .failed {
                    let message = try #require(run.message, "\(path) has no message")
                    #expect(!message.isEmpty)
                    if !word.isEmpty { #expect(message.contains(word), "\(path): \(message)") }
                    #expect(run.counts == ImportCounts())
                }
                #expect(try await store.vacancies().filter { $0.source == "good" } == before, "\(path) changed the good feed's vacancies")
            }
            let refused = try await feed("closed-port", "http://127.0.0.1:9/feed.json", format: .jsonLD)
            let run = try #require(await importer(timeout: 3).run(refused, today: today))
            #expect(run.status == .failed)
            #expect(try await store.feed(id: refused.id)?.consecutiveFailures == 1)
            let unknownFormat = try await store.insert(FeedDefinition(name: "odd", url: server.url("/feeds/indeed.xml"), format: "atom",
                                                                kind: .snapshot, intervalSeconds: 60, region: "Twente", createdAt: Date()))
            #expect(await importer().run(unknownFormat, today: today)?.message?.contains("onbekend feedformaat") == true)
        }
    }
}
