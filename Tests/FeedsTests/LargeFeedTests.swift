import Benchmarks
import Domain
import Foundation
import Testing
@testable import Feeds

/// Feeds above 1 MiB take the two-thread path (scanner thread + normalising caller); it must give exactly what
/// the one-thread path gives, stop cleanly when the callback throws, and report truncation the same way.
@Suite("Large JSON-LD feeds")
struct LargeFeedTests {
    static func generated(_ count: Int) throws -> [UInt8] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("matchpunt-feed-\(UUID().uuidString).jsonld")
        defer { try? FileManager.default.removeItem(at: url) }
        try JobPostingFeedGenerator.write(count: count, to: url)
        return Array(try Data(contentsOf: url))
    }

    @Test("The generator is deterministic")
    func deterministic() throws {
        #expect(try Self.generated(50) == Self.generated(50))
    }

    @Test("Two threads and one thread give the same drafts in the same order")
    func sameResult() throws {
        let body = try Self.generated(2_000)
        #expect(body.count > 1 << 20)
        let parallel = FeedParser.parseAll(body, format: .jsonLD, options: FeedParseOptions(parallelScan: true))
        let serial = FeedParser.parseAll(body, format: .jsonLD, options: FeedParseOptions(parallelScan: false))
        #expect(parallel.streamError == nil)
        #expect(parallel.drafts.count == 2_000)
        #expect(parallel.drafts == serial.drafts)
        #expect(parallel.drafts.first?.externalId == "BENCH-0")
        #expect(parallel.drafts.last?.externalId == "BENCH-1999")
        #expect(parallel.drafts.allSatisfy { $0.hourlyWage != nil && $0.postcode != nil && $0.employerKvK != nil })
    }

    @Test("Titles mapped partly on the scanner thread: the same occupations as one thread mapping every title")
    func titleMappingSharedWithScannerThread() throws {
        // Without the feed's own ESCO codes, as on real feeds: every title goes to the mapper.
        let withCodes = String(decoding: try Self.generated(2_000), as: UTF8.self)
        let body = Array(withCodes.replacingOccurrences(of: "\"occupationalCategory\":", with: "\"notAnOccupation\":").utf8)
        #expect(body.count > 1 << 20)
        // A deterministic stand-in for the title mapper: the answer is a function of the title alone.
        let mapper = OccupationForTitleClosure { title in
            title.lowercased().contains("chauffeur") ? nil : EscoID("occ-\(title.lowercased().filter(\.isLetter).count)")
        }
        let parallel = FeedParser.parseAll(body, format: .jsonLD,
                                           options: FeedParseOptions(occupationMapper: CachedOccupationForTitle(mapper), parallelScan: true))
        let serial = FeedParser.parseAll(body, format: .jsonLD, options: FeedParseOptions(occupationMapper: mapper, parallelScan: false))
        #expect(parallel.drafts.count == 2_000)
        #expect(parallel.drafts == serial.drafts)
        #expect(parallel.drafts.contains { $0.occupationSource == "title-mapper" })
        #expect(parallel.drafts.allSatisfy { $0.occupationSource == nil || $0.occupationSource == "title-mapper" })
    }

    @Test("Pages the parse has moved past are handed back: the same drafts and quarantined texts, and the body's start reads zeros")
    func releasingParsedPagesChangesNoRecord() throws {
        var text = String(decoding: try Self.generated(5_000), as: UTF8.self)
        // Records without a title are quarantined with their text, which the normalising thread reads from the
        // body after the scanner has moved on: spread over the whole body, in released stretches too.
        for k in stride(from: 125, to: 5_000, by: 250) {
            text = text.replacingOccurrences(of: "\"BENCH-\(k)\"},\"title\":\"", with: "\"BENCH-\(k)\"},\"title\":\" \",\"was\":\"")
        }
        let body = Array(text.utf8)
        #expect(body.count > 2 * ConsumedPages.step)
        let kept = FeedParser.parseAll(body, format: .jsonLD, options: FeedParseOptions())
        var options = FeedParseOptions()
        options.releaseParsedBody = true
        let owned = Array(text.utf8) // a buffer of its own: its pages are the ones released
        let released = FeedParser.parseAll(owned, format: .jsonLD, options: options)
        #expect(released.streamError == nil)
        #expect(released.drafts.count == 5_000 - 20)
        #expect(released.drafts == kept.drafts)
        #expect(released.quarantined.count == 20)
        #expect(released.quarantined == kept.quarantined)
        #expect(released.quarantined.allSatisfy { $0.raw.hasPrefix("{\"@context\"") && $0.raw.hasSuffix("}") && $0.reason == "geen titel" })
        // The start of the body was handed back (reads as zeros); the original is untouched.
        #expect(owned[64 << 10] == 0 && owned[512 << 10] == 0)
        #expect(body[64 << 10] != 0)
    }

    @Test("A callback that throws stops the parse without hanging")
    func callbackThrows() throws {
        struct Stop: Error {}
        let body = try Self.generated(2_000)
        var seen = 0
        #expect(throws: Stop.self) {
            try FeedParser.parse(body, format: .jsonLD) { _ in
                seen += 1
                if seen == 700 { throw Stop() }
            }
        }
        #expect(seen == 700)
    }

    @Test("Truncation of a large feed on two threads: everything before the cut, then the error")
    func truncatedLarge() throws {
        let body = try Self.generated(2_000)
        let cut = Array(body[0..<(body.count * 3 / 4)])
        let result = FeedParser.parseAll(cut, format: .jsonLD)
        #expect(result.streamError?.kind == .truncated)
        #expect(result.drafts.count > 1_000)
        #expect(result.quarantined.count == 1)
        let serial = FeedParser.parseAll(cut, format: .jsonLD, options: FeedParseOptions(parallelScan: false))
        #expect(serial.drafts == result.drafts)
        #expect(serial.streamError == result.streamError)
    }
}
