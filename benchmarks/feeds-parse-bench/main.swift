// Feed parse benchmark (release build): generates the deterministic 100k-posting JSON-LD file if missing,
// optionally fetches it through libcurl from a URL, parses it with FeedParser (streaming, every draft
// normalised and content-hashed, none kept), and prints time and peak memory (ru_maxrss).
//
//   feeds-parse-bench FILE [--count N] [--url URL] [--keep] [--serial] [--raw] [--sqlite DB]
//
// --keep holds every draft in memory (as a non-streaming importer would), to show that cost.
// --serial scans and normalises on one thread (default: scanning on a second thread).
// --raw keeps each record's raw text in its draft (FeedParseOptions.keepRawText).
// --sqlite DB also inserts every draft into a `vacancy` table (SQLite C API, one transaction), the same table
//   benchmarks/python_import.py fills, to compare the whole import with the Python baseline.
import CSQLite3
import Domain
import Feeds
import Foundation

/// The same `vacancy` table as benchmarks/python_import.py, written with SQLite's C API in one transaction:
/// an estimate of what the store adds, so that the whole import can be compared with the Python baseline.
final class VacancyTable {
    var db: OpaquePointer?
    var insert: OpaquePointer?

    init(path: String) {
        unlink(path)
        guard sqlite3_open(path, &db) == SQLITE_OK else { fatalError("cannot open \(path)") }
        exec("PRAGMA journal_mode=WAL")
        exec("""
            CREATE TABLE vacancy (id INTEGER PRIMARY KEY, feed TEXT NOT NULL, external_id TEXT NOT NULL, title TEXT NOT NULL,
              employer_name TEXT, employer_kvk TEXT, postcode TEXT, hours_min INTEGER, hours_max INTEGER,
              hourly_wage_cents INTEGER, valid_through TEXT, occupation TEXT, description TEXT, content_hash TEXT,
              status TEXT NOT NULL DEFAULT 'open', UNIQUE (feed, external_id))
            """)
        exec("BEGIN")
        let sql = "INSERT INTO vacancy (feed, external_id, title, employer_name, employer_kvk, postcode, hours_min, hours_max, hourly_wage_cents, valid_through, occupation, description, content_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
        guard sqlite3_prepare_v2(db, sql, -1, &insert, nil) == SQLITE_OK else { fatalError(String(cString: sqlite3_errmsg(db))) }
    }

    func exec(_ sql: String) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { fatalError(String(cString: sqlite3_errmsg(db))) }
    }

    func bind(_ index: Int32, _ text: String?) {
        if let text { sqlite3_bind_text(insert, index, text, -1, csqlite3_transient()) } else { sqlite3_bind_null(insert, index) }
    }

    func bind(_ index: Int32, _ number: Int64?) {
        if let number { sqlite3_bind_int64(insert, index, number) } else { sqlite3_bind_null(insert, index) }
    }

    func add(_ d: VacancyDraft, hash: String) {
        bind(1, "bench"); bind(2, d.externalId); bind(3, d.title); bind(4, d.employerName); bind(5, d.employerKvKDigits)
        bind(6, d.postcode?.description); bind(7, d.hours.map { Int64($0.min) }); bind(8, d.hours.map { Int64($0.max) })
        bind(9, d.hourlyWage?.cents); bind(10, d.validThrough?.description); bind(11, d.occupationId)
        bind(12, d.descriptionExcerpt); bind(13, hash)
        guard sqlite3_step(insert) == SQLITE_DONE else { fatalError(String(cString: sqlite3_errmsg(db))) }
        sqlite3_reset(insert)
    }

    func commit() {
        sqlite3_finalize(insert)
        exec("COMMIT")
        sqlite3_close(db)
    }
}

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
var database: String? = nil
var i = 1
while i < arguments.count {
    switch arguments[i] {
    case "--count": count = Int(arguments[i + 1])!; i += 1
    case "--url": url = arguments[i + 1]; i += 1
    case "--keep": keep = true
    case "--serial": serial = true
    case "--raw": keepRaw = true
    case "--sqlite": database = arguments[i + 1]; i += 1
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
let table = database.map { VacancyTable(path: $0) }
let summary = try FeedParser.parse(body, format: .jsonLD, options: FeedParseOptions(keepRawText: keepRaw, parallelScan: !serial)) { record in
    switch record {
    case .draft(let draft):
        drafts += 1
        let hash = draft.contentHash
        hashXor ^= UInt64(hash, radix: 16)!
        table?.add(draft, hash: hash)
        wageSum += draft.hourlyWage?.cents ?? 0
        if keep { kept.append(draft) }
    case .quarantined:
        quarantined += 1
    }
}
table?.commit()
let parseTime = seconds(ContinuousClock.now - parseStart)
print("parse\(database == nil ? "" : " + sqlite insert")\(serial ? " (one thread)" : " (two threads)"): \(drafts) drafts, \(quarantined) quarantined, complete: \(summary.isComplete) in \(String(format: "%.3f", parseTime)) s (\(String(format: "%.0f", Double(body.count) / parseTime / 1e6)) MB/s)")
print("check: hash xor \(String(hashXor, radix: 16)), wage sum \(wageSum) cents")
print("total: \(String(format: "%.3f", seconds(ContinuousClock.now - total))) s, peak RSS \(String(format: "%.0f", peakRSSMiB())) MiB")
