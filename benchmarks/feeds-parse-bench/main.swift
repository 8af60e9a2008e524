// Feed parse benchmark (release build): generates the deterministic 100k-posting JSON-LD file if missing,
// optionally fetches it through libcurl from a URL, parses it with FeedParser (streaming, every draft
// normalised and content-hashed, none kept), and prints time and peak memory (ru_maxrss).
//
//   feeds-parse-bench FILE [--count N] [--url URL] [--keep] [--serial] [--raw]
//
// --keep holds every draft in memory (as a non-streaming importer would), to show that cost.
// --serial scans and normalises on one thread (default: scanning on a second thread).
// --raw keeps each record's raw text in its draft (FeedParseOptions.keepRawText).
import Feeds
import Foundation

func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024 // kB on Linux
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

var arguments = Array(CommandLine.arguments.dropFirst())
guard let path = arguments.first else {
    print("usage: feeds-parse-bench FILE [--count N] [--url URL] [--keep]")
    exit(2)
}
var count = 100_000
var url: String? = nil
var keep = false
var serial = false
var keepRaw = false
var i = 1
while i < arguments.count {
    switch arguments[i] {
    case "--count": count = Int(arguments[i + 1])!; i += 1
    case "--url": url = arguments[i + 1]; i += 1
    case "--keep": keep = true
    case "--serial": serial = true
    case "--raw": keepRaw = true
    default: print("unknown argument \(arguments[i])"); exit(2)
    }
    i += 1
}

let file = URL(fileURLWithPath: path)
if !FileManager.default.fileExists(atPath: path) {
    let start = ContinuousClock.now
    let bytes = try JobPostingFeedGenerator.write(count: count, to: file)
    print("generated \(count) postings, \(bytes) bytes in \(String(format: "%.2f", seconds(ContinuousClock.now - start))) s")
}

let total = ContinuousClock.now
var body: [UInt8]
if let url {
    let start = ContinuousClock.now
    let outcome = try FeedFetcher().fetchBlocking(FetchRequest(url: url, limits: FetchLimits(totalTimeoutSeconds: 300, maxBodyBytes: 512 << 20)))
    guard case .fetched(let feed) = outcome else { print("not modified?"); exit(1) }
    body = feed.body
    print("fetch: \(feed.byteCount) bytes (\(feed.transferredBytes) on the wire) in \(String(format: "%.3f", seconds(ContinuousClock.now - start))) s")
} else {
    let start = ContinuousClock.now
    guard let handle = fopen(path, "rb") else { print("cannot open \(path)"); exit(1) }
    fseek(handle, 0, SEEK_END)
    let size = ftell(handle)
    fseek(handle, 0, SEEK_SET)
    body = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        count = fread(buffer.baseAddress, 1, size, handle)
    }
    fclose(handle)
    print("read: \(body.count) bytes in \(String(format: "%.3f", seconds(ContinuousClock.now - start))) s")
}

let parseStart = ContinuousClock.now
var drafts = 0, quarantined = 0, hashXor: UInt64 = 0, wageSum: Int64 = 0
var kept: [VacancyDraft] = []
let summary = try FeedParser.parse(body, format: .jsonLD, options: FeedParseOptions(keepRawText: keepRaw, parallelScan: !serial)) { record in
    switch record {
    case .draft(let draft):
        drafts += 1
        hashXor ^= UInt64(draft.contentHash, radix: 16)!
        wageSum += draft.hourlyWage?.cents ?? 0
        if keep { kept.append(draft) }
    case .quarantined:
        quarantined += 1
    }
}
let parseTime = seconds(ContinuousClock.now - parseStart)
print("parse\(serial ? " (one thread)" : " (two threads)"): \(drafts) drafts, \(quarantined) quarantined, complete: \(summary.isComplete) in \(String(format: "%.3f", parseTime)) s (\(String(format: "%.0f", Double(body.count) / parseTime / 1e6)) MB/s)")
print("check: hash xor \(String(hashXor, radix: 16)), wage sum \(wageSum) cents")
print("total: \(String(format: "%.3f", seconds(ContinuousClock.now - total))) s, peak RSS \(String(format: "%.0f", peakRSSMiB())) MiB")
