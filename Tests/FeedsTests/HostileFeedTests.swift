import Foundation
import Testing
@testable import Feeds

/// Each hostile feed ends in a clear error or quarantined records, never a crash, a hang or a leak.
@Suite("Hostile feeds")
struct HostileFeedTests {
    static let canary = "MATCHPUNT-XXE-CANARY-7f3a9c"

    @Test("Billion laughs: the DTD is refused before any entity is expanded")
    func billionLaughs() async throws {
        let result = try await withFeedServer { try await fetchAndParse($0, "/feeds/billion-laughs.xml", .indeedXML) }
        #expect(result.streamError?.kind == .refusedDTD)
        #expect(result.streamError?.message.contains("DOCTYPE") == true)
        // Refused at the DOCTYPE: no entity was ever expanded (an expansion would exhaust memory, not just time).
        #expect(result.drafts.isEmpty)
    }

    @Test("External entity to a local file: refused, and the file's content appears nowhere")
    func externalEntity() async throws {
        try await withFeedServer { server in
            let feed = try await fetchBody(server.url("/feeds/xxe.xml"))
            #expect(String(decoding: feed.body, as: UTF8.self).contains("file:///")) // the server did send the attack
            for format in [FeedFormat.indeedXML, .hrOpenXML] {
                let result = FeedParser.parseAll(feed.body, format: format)
                #expect(result.streamError?.kind == .refusedDTD)
                #expect(!result.drafts.contains { $0.title.contains(Self.canary) || $0.raw.contains(Self.canary) })
            }
            // Without a DTD the entity is undeclared: that record is quarantined, the next one imported.
            let plain = try await fetchAndParse(server, "/feeds/xxe-no-doctype.xml", .indeedXML)
            #expect(plain.streamError == nil)
            #expect(plain.drafts.map(\.externalId) == ["XXE-3"])
            #expect(plain.quarantined.count == 1)
            #expect(plain.quarantined.first?.reason.hasPrefix("XML-fout") == true)
            #expect(!plain.quarantined.contains { $0.raw.contains(Self.canary) || $0.reason.contains(Self.canary) })
        }
    }

    @Test("gzip bomb: stopped by the decoded size, not the small compressed size")
    func gzipBomb() async throws {
        try await withFeedServer { server in
            let limits = FetchLimits(totalTimeoutSeconds: 30, maxBodyBytes: 8 * 1024 * 1024)
            let error = await fetchError(FetchRequest(url: server.url("/bomb?mb=64"), limits: limits))
            #expect(error?.kind == .tooLarge)
            #expect(error?.message.contains("after decompression") == true)
        }
    }

    @Test("Body over the cap: refused from Content-Length, and from the count when chunked")
    func bodyOverCap() async throws {
        try await withFeedServer { server in
            let limits = FetchLimits(totalTimeoutSeconds: 30, maxBodyBytes: 1_000_000)
            let announced = await fetchError(FetchRequest(url: server.url("/big?bytes=5000000"), limits: limits))
            #expect(announced?.kind == .tooLarge)
            #expect(announced?.message.contains("1000000 bytes") == true)
            let chunked = await fetchError(FetchRequest(url: server.url("/big-chunked?bytes=5000000"), limits: limits))
            #expect(chunked?.kind == .tooLarge)
            // Just under the cap is fine.
            let fits = try await fetchBody(server.url("/big-chunked?bytes=999999"), limits: limits)
            #expect(fits.byteCount == 999_999)
        }
    }

    @Test("A server that stalls runs into the time-out")
    func stall() async throws {
        try await withFeedServer { server in
            let started = ContinuousClock.now
            let limits = FetchLimits(connectTimeoutSeconds: 2, totalTimeoutSeconds: 2, lowSpeedSeconds: 60)
            let error = await fetchError(FetchRequest(url: server.url("/stall"), limits: limits))
            #expect(error?.kind == .timeout)
            #expect(error?.message.contains("timed out") == true)
            #expect(ContinuousClock.now - started < .seconds(40)) // the server stalls for 60 s: the 2 s time-out ended it
        }
    }

    @Test("The low-speed limit ends a trickling transfer before the total time-out")
    func lowSpeed() async throws {
        try await withFeedServer { server in
            let started = ContinuousClock.now
            let limits = FetchLimits(totalTimeoutSeconds: 60, lowSpeedBytesPerSecond: 100, lowSpeedSeconds: 2)
            let error = await fetchError(FetchRequest(url: server.url("/stall"), limits: limits))
            #expect(error?.kind == .timeout)
            #expect(ContinuousClock.now - started < .seconds(40)) // before the 60 s total time-out and the 60 s stall
        }
    }

    @Test("Redirect loop and more than five redirects are refused")
    func redirectLoop() async throws {
        try await withFeedServer { server in
            let loop = await fetchError(FetchRequest(url: server.url("/loop")))
            #expect(loop?.kind == .tooManyRedirects)
            #expect(loop?.message.contains("more than 5 redirects") == true)
            let six = await fetchError(FetchRequest(url: server.url("/redirect-chain/6")))
            #expect(six?.kind == .tooManyRedirects)
        }
    }

    @Test("A redirect to file:// is refused, and so is a file:// feed URL")
    func redirectToFile() async throws {
        try await withFeedServer { server in
            let target = FeedServer.fixtures.appendingPathComponent("xxe-secret.txt").path
            let redirected = await fetchError(FetchRequest(url: server.url("/redirect?to=file://\(target)")))
            #expect(redirected?.kind == .protocolNotAllowed)
            #expect(redirected?.message.contains(Self.canary) == false)
            let direct = await fetchError(FetchRequest(url: "file://\(target)"))
            #expect(direct?.kind == .protocolNotAllowed)
            let ftp = await fetchError(FetchRequest(url: "ftp://127.0.0.1/feed.xml"))
            #expect(ftp?.kind == .protocolNotAllowed)
        }
    }

    @Test("Invalid UTF-8 quarantines only the record that holds it, in every format")
    func invalidUTF8() async throws {
        try await withFeedServer { server in
            let json = try await fetchAndParse(server, "/feeds/invalid-utf8.jsonld", .jsonLD)
            #expect(json.streamError == nil)
            #expect(json.drafts.map(\.externalId) == ["U-1", "U-3"])
            #expect(json.drafts[id: "U-3"]?.title == "Nog een goed record é")
            #expect(json.quarantined.count == 1)
            #expect(json.quarantined.first?.externalId == "U-2")
            #expect(json.quarantined.first?.reason.contains("ongeldige UTF-8") == true)
            #expect(json.quarantined.first?.raw.contains("\u{FFFD}") == true)

            let xml = try await fetchAndParse(server, "/feeds/invalid-utf8.xml", .indeedXML)
            #expect(xml.streamError == nil)
            #expect(xml.drafts.map(\.externalId) == ["X-1", "X-3"])
            #expect(xml.quarantined.count == 1)
            #expect(xml.quarantined.first?.reason.contains("ongeldige UTF-8") == true)

            let csv = try await fetchAndParse(server, "/feeds/invalid-utf8.csv", .csv)
            #expect(csv.streamError == nil)
            #expect(csv.drafts.map(\.externalId) == ["C-1", "C-3"])
            #expect(csv.quarantined.count == 1)
        }
    }

    @Test("Truncated JSON: records before the cut are kept, the cut record quarantined, the feed reported truncated")
    func truncatedJSON() async throws {
        let result = try await withFeedServer { try await fetchAndParse($0, "/feeds/truncated.jsonld", .jsonLD) }
        #expect(result.drafts.map(\.externalId) == ["T-1", "T-2"])
        #expect(result.quarantined.count == 1)
        #expect(result.quarantined.first?.raw.contains("T-3") == true)
        let error = try #require(result.streamError)
        #expect(error.kind == .truncated)
        #expect(error.description.contains("truncated"))
    }

    @Test("HTTP 500, 404 and a redirect without a target are errors with the status")
    func serverError() async throws {
        try await withFeedServer { server in
            let error = await fetchError(FetchRequest(url: server.url("/status/500")))
            #expect(error?.kind == .httpStatus)
            #expect(error?.httpStatus == 500)
            #expect(error?.message.contains("HTTP 500") == true)
            let redirectWithoutTarget = await fetchError(FetchRequest(url: server.url("/status/302")))
            #expect(redirectWithoutTarget?.httpStatus == 302)
            let notFound = await fetchError(FetchRequest(url: server.url("/feeds/no-such-feed.xml")))
            #expect(notFound?.httpStatus == 404)
        }
    }

    @Test("Connection refused on a closed port")
    func connectionRefused() async {
        let error = await fetchError(FetchRequest(url: "http://127.0.0.1:\(closedPort())/feed.xml", limits: FetchLimits(connectTimeoutSeconds: 5)))
        #expect(error?.kind == .connectionFailed)
        #expect(error?.message.contains("127.0.0.1") == true)
    }

    @Test("TLS failure: https to a server that does not speak TLS")
    func tlsFailure() async throws {
        try await withFeedServer { server in
            let error = await fetchError(FetchRequest(url: "https://127.0.0.1:\(server.port)/feeds/indeed.xml", limits: FetchLimits(connectTimeoutSeconds: 5, totalTimeoutSeconds: 10)))
            #expect(error?.kind == .tlsFailed)
        }
    }

    @Test("Malformed JSON between records stops the feed with the offset; earlier records kept")
    func malformedJSON() {
        let body = Array(#"[{"@type":"JobPosting","identifier":"M-1","title":"Een"} {"@type":"JobPosting"}]"#.utf8)
        let result = FeedParser.parseAll(body, format: .jsonLD)
        #expect(result.drafts.map(\.externalId) == ["M-1"])
        #expect(result.streamError?.kind == .malformed)
        #expect(result.streamError?.offset == 57) // the second '{'
        #expect(result.streamError?.message.contains("expected ',' or ']' between postings") == true)
    }

    @Test("Absurd nesting is refused, not a stack overflow")
    func deepNesting() {
        let body = Array(("[" + String(repeating: "[", count: 100_000)).utf8)
        let result = FeedParser.parseAll(body, format: .jsonLD)
        #expect(result.streamError?.kind == .malformed)
        #expect(result.streamError?.message.contains("nested deeper") == true)
    }

    @Test("Truncated XML and a truncated CSV quoted field are reported, earlier records kept")
    func truncatedXMLAndCSV() {
        let xml = Array("<source><job><referencenumber>A</referencenumber><title>Een</title></job><job><referencenumber>B</ref".utf8)
        let x = FeedParser.parseAll(xml, format: .indeedXML)
        #expect(x.drafts.map(\.externalId) == ["A"])
        #expect(x.quarantined.count == 1)
        #expect(x.streamError?.kind == .truncated)

        let csv = Array("externalId,title\n1,Een\n2,\"Twee zonder eind\n".utf8)
        let c = FeedParser.parseAll(csv, format: .csv)
        #expect(c.drafts.map(\.externalId) == ["1"])
        #expect(c.streamError?.kind == .truncated)
    }
}
