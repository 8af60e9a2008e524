import Domain
import Foundation
import GRDB
import Repositories

extension MatchpuntStore {
    public func insert(_ feed: FeedDefinition) async throws -> FeedDefinition {
        guard feed.name.lowercased() != Vacancy.manualSource else {
            throw StoreError.conflict("the feed name '\(Vacancy.manualSource)' is reserved for vacancies entered by staff")
        }
        do {
            let id = try await pool.write { db in
                try db.execute(sql: """
                    INSERT INTO feed (name, url, format, kind, intervalSeconds, region, authHeader, columnMapping, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [feed.name, feed.url, feed.format, feed.kind.rawValue, feed.intervalSeconds, feed.region,
                                     feed.authHeader, feed.columnMapping.map { JSONColumn.encode($0) }, Timestamp.string(feed.createdAt)])
                return db.lastInsertedRowID
            }
            var saved = feed
            saved.id = id
            return saved
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict("a feed named \(feed.name) already exists")
        }
    }

    public func feeds() async throws -> [FeedDefinition] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM feed ORDER BY name").map(Self.feed) }
    }

    public func feed(named name: String) async throws -> FeedDefinition? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM feed WHERE name = ?", arguments: [name]).map(Self.feed) }
    }

    public func feed(id: Int64) async throws -> FeedDefinition? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM feed WHERE id = ?", arguments: [id]).map(Self.feed) }
    }

    /// Removes a feed and its run history; its vacancies stay, unlinked, as they were.
    @discardableResult
    public func removeFeed(named name: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM feed WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    static func feed(_ row: Row) throws -> FeedDefinition {
        let mapping: String? = row["columnMapping"]
        return FeedDefinition(
            id: row["id"], name: row["name"], url: row["url"], format: row["format"],
            kind: FeedKind(rawValue: row["kind"]) ?? .delta, intervalSeconds: row["intervalSeconds"], region: row["region"],
            authHeader: row["authHeader"],
            columnMapping: try mapping.map { try JSONColumn.decode([String: String].self, from: $0, column: "feed.columnMapping") },
            etag: row["etag"], lastModified: row["lastModified"], lastValidCount: row["lastValidCount"],
            consecutiveFailures: row["consecutiveFailures"], createdAt: Timestamp.date(row["createdAt"]) ?? .distantPast)
    }

    public func importRuns(feedId: Int64? = nil, limit: Int = 50) async throws -> [ImportRun] {
        try await pool.read { db in
            let rows = if let feedId {
                try Row.fetchAll(db, sql: "SELECT * FROM importRun WHERE feedId = ? ORDER BY id DESC LIMIT ?", arguments: [feedId, limit])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM importRun ORDER BY id DESC LIMIT ?", arguments: [limit])
            }
            return rows.map(Self.importRun)
        }
    }

    public func quarantinedRecords(importRunId: Int64) async throws -> [QuarantinedRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM quarantinedRecord WHERE importRunId = ? ORDER BY id", arguments: [importRunId]).map {
                QuarantinedRecord(externalId: $0["externalId"], reason: $0["reason"], raw: $0["raw"])
            }
        }
    }

    static func importRun(_ row: Row) -> ImportRun {
        let finished: String? = row["finishedAt"]
        return ImportRun(
            id: row["id"], feedId: row["feedId"], startedAt: Timestamp.date(row["startedAt"]) ?? .distantPast,
            finishedAt: finished.flatMap(Timestamp.date), status: ImportRunStatus(rawValue: row["status"]) ?? .failed,
            httpStatus: row["httpStatus"], bytes: row["bytes"],
            counts: ImportCounts(new: row["newCount"], updated: row["updatedCount"], unchanged: row["unchangedCount"],
                                 closed: row["closedCount"], quarantined: row["quarantinedCount"]),
            message: row["message"])
    }
}

extension MatchpuntStore {
    /// Applies one feed run in a single transaction: upserts by (feed, external id) with the content hash,
    /// closes what a complete snapshot no longer lists (unless it shrank below `minimumSnapshotShare` of the
    /// last complete one), stores quarantined records, records the run. Either all of it happens or nothing.
    ///
    /// - Parameter completeBody: false when parsing stopped early (truncated body): then nothing is closed.
    public func applyImport(
        feed: FeedDefinition, startedAt: Date, finishedAt: Date, fetch: FetchFacts, vacancies incoming: [IncomingVacancy],
        quarantined: [QuarantinedRecord], completeBody: Bool = true, problem: String? = nil, minimumSnapshotShare: Double = 0.5
    ) async throws -> ImportRun {
        // Vacancies entered by staff carry the source `manual`: a feed of that name would treat them as its own
        // records and close them when its snapshot does not list them. Such a feed never runs.
        guard feed.name.lowercased() != Vacancy.manualSource else {
            throw StoreError.conflict("a feed may not be named '\(Vacancy.manualSource)': that source is for vacancies entered by staff")
        }
        let (unique, seen, quarantined) = FeedRunRules.firstOfEachExternalId(incoming, quarantined: quarantined)

        let run = try await pool.write { [quarantined, seen, unique] db -> ImportRun in
            var counts = ImportCounts(quarantined: quarantined.count)
            // Only the ids go to the change log: keeping 100k whole vacancies here doubled the store's memory.
            var changed: [Int64] = []
            changed.reserveCapacity(unique.count)
            var existing: [String: FeedRunRules.Stored] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, externalId, contentHash, status FROM vacancy WHERE source = ?", arguments: [feed.name]) {
                existing[row["externalId"]] = FeedRunRules.Stored(id: row["id"], contentHash: row["contentHash"], status: row["status"])
            }
            var employers = try EmployerResolver(db)
            // Fewer ids stored than records arriving: at least that many rows are new.
            let deferred = try DeferredVacancyIndexes(db, newRows: unique.count - existing.count)
            for record in unique {
                var vacancy = record.vacancy
                vacancy.source = feed.name
                vacancy.employerId = try employers.resolve(name: record.employerName, kvk: record.employerKvK, db: db)
                if let current = existing[vacancy.externalId] {
                    if current.contentHash == record.contentHash && current.status == vacancy.status.rawValue {
                        counts.unchanged += 1
                        continue
                    }
                    vacancy.id = current.id
                    try VacancyRecord(vacancy, feedId: feed.id, contentHash: record.contentHash).updatePrepared(db)
                    counts.updated += 1
                    changed.append(vacancy.id)
                } else {
                    vacancy.id = 0
                    var row = VacancyRecord(vacancy, feedId: feed.id, contentHash: record.contentHash)
                    try row.insertPrepared(db)
                    counts.new += 1
                    changed.append(row.vacancy.id)
                }
            }

            try deferred.restore(db)

            let outcome = FeedRunRules.outcome(feed: feed, uniqueCount: unique.count, seen: seen, existing: existing, quarantined: quarantined,
                                               completeBody: completeBody, problem: problem, minimumSnapshotShare: minimumSnapshotShare)
            for id in outcome.closing {
                try db.execute(sql: "UPDATE vacancy SET status = 'closed' WHERE id = ?", arguments: [id])
                if db.changesCount > 0 { changed.append(id) }
            }
            counts.closed = outcome.closing.count
            let (status, message, validCount) = (outcome.status, outcome.message, outcome.validCount)

            try db.execute(sql: """
                INSERT INTO importRun (feedId, startedAt, finishedAt, status, httpStatus, bytes, newCount, updatedCount, unchangedCount, closedCount, quarantinedCount, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [feed.id, Timestamp.string(startedAt), Timestamp.string(finishedAt), status.rawValue, fetch.httpStatus, fetch.bytes,
                                 counts.new, counts.updated, counts.unchanged, counts.closed, counts.quarantined, message])
            let runId = db.lastInsertedRowID
            for record in quarantined {
                try db.execute(sql: "INSERT INTO quarantinedRecord (importRunId, externalId, reason, raw) VALUES (?, ?, ?, ?)",
                               arguments: [runId, record.externalId, record.reason, record.raw])
            }
            try db.execute(sql: """
                UPDATE feed SET etag = ?, lastModified = ?, lastValidCount = ?, consecutiveFailures = 0 WHERE id = ?
                """, arguments: [fetch.etag, fetch.lastModified, validCount, feed.id])
            let run = ImportRun(id: runId, feedId: feed.id, startedAt: startedAt, finishedAt: finishedAt, status: status,
                                httpStatus: fetch.httpStatus, bytes: fetch.bytes, counts: counts, message: message)
            // The change log row goes in the same transaction, so every index that follows the log sees the run.
            try ChangeLogTable.append(db, vacancies: changed)
            return run
        }
        return run
    }

    /// Records a run that changed no vacancy: a 304 (`unchanged`) or a failure (`failed`, with its message).
    /// A failure counts towards the feed's back-off; an unchanged run resets it.
    public func recordRun(feed: FeedDefinition, status: ImportRunStatus, startedAt: Date, finishedAt: Date, fetch: FetchFacts, message: String?) async throws -> ImportRun {
        precondition(status == .unchanged || status == .failed, "a run that imports goes through applyImport")
        return try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO importRun (feedId, startedAt, finishedAt, status, httpStatus, bytes, message) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [feed.id, Timestamp.string(startedAt), Timestamp.string(finishedAt), status.rawValue, fetch.httpStatus, fetch.bytes, message])
            let id = db.lastInsertedRowID
            if status == .failed {
                try db.execute(sql: "UPDATE feed SET consecutiveFailures = consecutiveFailures + 1 WHERE id = ?", arguments: [feed.id])
            } else {
                try db.execute(sql: "UPDATE feed SET consecutiveFailures = 0 WHERE id = ?", arguments: [feed.id])
            }
            return ImportRun(id: id, feedId: feed.id, startedAt: startedAt, finishedAt: finishedAt, status: status,
                             httpStatus: fetch.httpStatus, bytes: fetch.bytes, counts: ImportCounts(), message: message)
        }
    }
}

/// A bulk import into a vacancy table it at least doubles: the table's secondary indexes are dropped before the
/// rows go in and created again after them, in the import's own transaction (a failed import rolls both back).
/// Building an index from the finished table costs less than updating four indexes for every row: a bare C insert
/// of the same 100k rows took 1.1 s CPU with the indexes in place, 0.57 s without them plus about 0.2 s to build them after.
/// The definitions are read from the schema, so the indexes created again are exactly the migrations' own.
private struct DeferredVacancyIndexes {
    /// Below this many new rows the saving is too small to be worth rebuilding anything.
    static let minimumNewRows = 10_000
    private let definitions: [String]

    init(_ db: Database, newRows: Int) throws {
        guard newRows >= Self.minimumNewRows, newRows > (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM vacancy") ?? 0) else {
            definitions = []
            return
        }
        // Indexes that back a UNIQUE or PRIMARY KEY constraint have no SQL of their own and stay.
        let indexes = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'vacancy' AND sql IS NOT NULL ORDER BY name
            """)
        for index in indexes {
            let name: String = index["name"]
            try db.execute(sql: "DROP INDEX \"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"")
        }
        definitions = indexes.map { $0["sql"] }
    }

    func restore(_ db: Database) throws {
        for sql in definitions { try db.execute(sql: sql) }
    }
}

/// Finds the employer a feed record names — by KvK number, else by name — and creates it when unknown.
/// Loads the known employers once per run, so a feed of 100k postings costs one query plus an insert per new
/// employer.
private struct EmployerResolver {
    private var byKvK: [String: Int64] = [:]
    private var byName: [String: Int64] = [:]

    init(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT id, name, kvkNumber FROM employer ORDER BY id") {
            let id: Int64 = row["id"]
            if let kvk: String = row["kvkNumber"], byKvK[kvk] == nil { byKvK[kvk] = id }
            let name: String = row["name"]
            if byName[name.lowercased()] == nil { byName[name.lowercased()] = id }
        }
    }

    /// The answer per (name, KvK number) exactly as the feed wrote them: a feed names its ~1,000 employers again
    /// in each of its 100k postings, and trimming and lowercasing every name was a tenth of the store phase.
    /// Only found ids are kept: they never change within a run (the maps above only ever gain keys), whereas
    /// "no employer" for a KvK number without a name may become an employer once another record names it.
    private var byPair: [Pair: Int64] = [:]
    private struct Pair: Hashable { var name: String?; var kvk: String? }

    mutating func resolve(name: String?, kvk: KvKNumber?, db: Database) throws -> Int64? {
        let pair = Pair(name: name, kvk: kvk?.rawValue)
        if let known = byPair[pair] { return known }
        let id = try resolveUncached(name: name, kvk: kvk, db: db)
        if let id { byPair[pair] = id }
        return id
    }

    private mutating func resolveUncached(name: String?, kvk: KvKNumber?, db: Database) throws -> Int64? {
        let trimmed = name?.trimmingCharacters(in: .whitespacesAndNewlines)
        let nameKey = trimmed.flatMap { $0.isEmpty ? nil : $0.lowercased() }
        if let kvk {
            if let id = byKvK[kvk.rawValue] { return id }
        } else if let nameKey, let id = byName[nameKey] {
            return id
        }
        guard let trimmed, !trimmed.isEmpty else { return nil }
        try db.cachedStatement(sql: "INSERT INTO employer (name, kvkNumber) VALUES (?, ?)").execute(arguments: [trimmed, kvk?.rawValue])
        let id = db.lastInsertedRowID
        if let kvk { byKvK[kvk.rawValue] = id }
        if let nameKey, byName[nameKey] == nil { byName[nameKey] = id }
        return id
    }
}
