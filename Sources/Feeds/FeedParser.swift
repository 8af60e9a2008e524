import Domain
import Foundation

/// Reads a feed body into vacancy drafts and quarantined records, one record at a time.
///
/// One bad record never fails the feed: it arrives as `.quarantined` and reading goes on. A problem with the
/// feed as a whole (truncated, malformed JSON, a refused DTD, empty) ends reading and is returned in
/// ``FeedParseSummary/streamError``; everything read before it has already been handed to `each`.
public enum FeedParser {
    /// Streams records to `each` as they are read. Errors thrown by `each` stop the parse and propagate.
    @discardableResult
    public static func parse(
        _ body: some ContiguousBytes, format: FeedFormat, options: FeedParseOptions = FeedParseOptions(),
        each: (FeedRecord) throws -> Void
    ) throws -> FeedParseSummary {
        var summary = FeedParseSummary(drafts: 0, quarantined: 0, streamError: nil)
        let error: FeedStreamError? = try body.withUnsafeBytes { raw in
            func counting(_ record: FeedRecord) throws {
                switch record {
                case .draft: summary.drafts += 1
                case .quarantined: summary.quarantined += 1
                }
                try each(record)
            }
            let bytes = raw.bindMemory(to: UInt8.self)
            guard !bytes.isEmpty else { return FeedStreamError(.empty, "the feed body is empty") }
            switch format {
            case .jsonLD:
                return try JSONLDFeed.parse(bytes, options: options, emit: counting)
            case .indeedXML:
                return try XMLFeed.parse(bytes, recordElement: "job", expectedRoots: ["source", "jobs"], options: options,
                                         fields: IndeedFormat.fields, emit: counting)
            case .joobleXML:
                return try XMLFeed.parse(bytes, recordElement: "job", expectedRoots: ["jobs", "source"], options: options,
                                         fields: JoobleFormat.fields, emit: counting)
            case .rss:
                return try XMLFeed.parse(bytes, recordElement: "item", expectedRoots: ["rss", "rdf"], options: options,
                                         fields: RSSFormat.fields, emit: counting)
            case .hrOpenXML:
                return try XMLFeed.parse(bytes, recordElement: "PositionOpening", options: options, fields: HROpenFormat.fields, emit: counting)
            case .csv:
                return try CSVFeed.parse(bytes, options: options, emit: counting)
            }
        }
        summary.streamError = error
        return summary
    }

    /// Everything at once, for small feeds and tests.
    public static func parseAll(
        _ body: some ContiguousBytes, format: FeedFormat, options: FeedParseOptions = FeedParseOptions()
    ) -> (drafts: [VacancyDraft], quarantined: [QuarantinedRecord], streamError: FeedStreamError?) {
        var drafts: [VacancyDraft] = []
        var quarantined: [QuarantinedRecord] = []
        let summary = try? parse(body, format: format, options: options) { record in
            switch record {
            case .draft(let draft): drafts.append(draft)
            case .quarantined(let q): quarantined.append(q)
            }
        }
        return (drafts, quarantined, summary?.streamError)
    }
}
