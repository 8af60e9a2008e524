// libFuzzer entry point for the feed parsers, one binary per parser: scripts/fuzz.sh compiles Domain and the parsing
// files of Sources/Feeds once (a testable module, so internal functions are reachable) and this file once per
// target with -D FUZZ_<NAME>.
// A crash, trap, sanitizer report or leak is a finding; quarantined records and stream errors are normal outcomes.
import Domain
import Foundation
@testable import Feeds

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var options = FeedParseOptions(parallelScan: false)
    options.csvMapping = .identity
    #if FUZZ_JSONLD
    _ = try? FeedParser.parse(Array(bytes), format: .jsonLD, options: options) { _ in }
    #elseif FUZZ_INDEED
    _ = try? FeedParser.parse(Array(bytes), format: .indeedXML, options: options) { _ in }
    #elseif FUZZ_JOOBLE
    _ = try? FeedParser.parse(Array(bytes), format: .joobleXML, options: options) { _ in }
    #elseif FUZZ_RSS
    _ = try? FeedParser.parse(Array(bytes), format: .rss, options: options) { _ in }
    #elseif FUZZ_HROPEN
    _ = try? FeedParser.parse(Array(bytes), format: .hrOpenXML, options: options) { _ in }
    #elseif FUZZ_CSV
    _ = try? FeedParser.parse(Array(bytes), format: .csv, options: options) { _ in }
    #elseif FUZZ_NORMALISE
    // The salary, hours, duration, date and money normalisers on arbitrary text, and a whole record's
    // normalisation with that text in every numeric field.
    let text = String(decoding: bytes, as: UTF8.self)
    _ = Normalise.contractMonths(fromDuration: text)
    _ = Normalise.weeklyHours(from: text, options: options)
    _ = Normalise.date(text)
    _ = Normalise.postcode(text)
    _ = Normalise.occupationCode(text)
    _ = Normalise.excerpt(text, limit: 50)
    _ = DraftFields.money(text, machine: true)
    _ = DraftFields.money(text, machine: false)
    _ = DraftFields.salaryFromText(text)
    var f = DraftFields()
    f.externalId = "x"
    f.title = "t"
    f.hoursMin = text
    f.hoursMax = text
    f.contractMonths = text
    f.salaryMin = text
    f.salaryUnit = text
    f.duration = text
    _ = f.finish(raw: { text }, options: options)
    f.contractMonths = nil
    f.hoursMin = nil
    f.hoursText = text
    f.salaryMin = nil
    f.salaryText = text
    f.startDate = text
    _ = f.finish(raw: { text }, options: options)
    #else
    #error("compile with -D FUZZ_JSONLD, FUZZ_INDEED, FUZZ_JOOBLE, FUZZ_RSS, FUZZ_HROPEN, FUZZ_CSV or FUZZ_NORMALISE")
    #endif
    return 0
}
