import Domain
import Foundation
import PostgresNIO
import Repositories

extension PostgresStore: FeedRepository {
    static let feedSelect = """
        id, name, url, format, kind, interval_seconds, region, auth_header, column_mapping::text AS column_mapping, etag, last_modified,
        last_valid_count, consecutive_failures, created_at
        """

    public func insert(_ feed: FeedDefinition) async throws -> FeedDefinition {
        guard feed.name.lowercased() != Vacancy.manualSource else {
            throw StoreError.conflict("the feed name '\(Vacancy.manualSource)' is reserved for vacancies entered by staff")
        }
        let mapping = feed.columnMapping.map(Self.json)
        do {
            let id = try await one("""
                INSERT INTO feed (name, url, format, kind, interval_seconds, region, auth_header, column_mapping, created_at)
                VALUES (\(feed.name), \(feed.url), \(feed.format), \(feed.kind.rawValue), \(feed.intervalSeconds), \(feed.region),
                        \(feed.authHeader), \(mapping)::jsonb, \(feed.createdAt))
                RETURNING id
                """) { try $0.decode(Int64.self) }
            var saved = feed
            saved.id = id ?? 0
            return saved
        } catch let error where Self.isUniqueViolation(error) {
            throw StoreError.conflict("a feed named \(feed.name) already exists")
        }
    }

    public func feeds() async throws -> [FeedDefinition] {
        try await all(PostgresQuery(unsafeSQL: "SELECT \(Self.feedSelect) FROM feed ORDER BY name"), Self.feed)
    }

    public func feed(named name: String) async throws -> FeedDefinition? {
        try await one(PostgresQuery(unsafeSQL: "SELECT \(Self.feedSelect) FROM feed WHERE name = $1", binds: Self.binds(name)), Self.feed)
    }

    public func feed(id: Int64) async throws -> FeedDefinition? {
        try await one(PostgresQuery(unsafeSQL: "SELECT \(Self.feedSelect) FROM feed WHERE id = $1", binds: Self.binds(id)), Self.feed)
    }

    /// Removes a feed and its run history; its vacancies stay, unlinked, as they were.
    @discardableResult
    public func removeFeed(named name: String) async throws -> Bool {
        try await execute("DELETE FROM feed WHERE name = \(name) RETURNING id") > 0
    }

    static func feed(_ row: PostgresRow) throws -> FeedDefinition {
        let r = row.makeRandomAccess()
        let mapping = try r.value("column_mapping", String?.self)
        return FeedDefinition(
            id: try r.value("id"), name: try r.value("name"), url: try r.value("url"), format: try r.value("format"),
            kind: FeedKind(rawValue: try r.value("kind")) ?? .delta, intervalSeconds: try r.value("interval_seconds"), region: try r.value("region"),
            authHeader: try r.value("auth_header"),
            columnMapping: try mapping.map { text in
                do { return try JSONDecoder().decode([String: String].self, from: Data(text.utf8)) } catch {
                    throw StoreError.invalidRecord("feed.column_mapping: \(error)")
                }
            },
            etag: try r.value("etag"), lastModified: try r.value("last_modified"), lastValidCount: try r.value("last_valid_count"),
            consecutiveFailures: try r.value("consecutive_failures"), createdAt: try r.value("created_at"))
    }

    static func json(_ mapping: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding a dictionary of strings cannot fail.
        return String(decoding: (try? encoder.encode(mapping)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static let importRunSelect = """
        id, feed_id, started_at, finished_at, status, http_status, bytes, new_count, updated_count, unchanged_count, closed_count,
        quarantined_count, message
        """

    public func importRuns(feedId: Int64? = nil, limit: Int = 50) async throws -> [ImportRun] {
        if let feedId {
            return try await all(PostgresQuery(unsafeSQL: "SELECT \(Self.importRunSelect) FROM import_run WHERE feed_id = $1 ORDER BY id DESC LIMIT $2",
                                               binds: Self.binds(feedId, limit)), Self.importRun)
        }
        return try await all(PostgresQuery(unsafeSQL: "SELECT \(Self.importRunSelect) FROM import_run ORDER BY id DESC LIMIT $1", binds: Self.binds(limit)),
                             Self.importRun)
    }

    static func binds(_ first: Int64, _ second: Int) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(first)
        binds.append(second)
        return binds
    }

    static func importRun(_ row: PostgresRow) throws -> ImportRun {
        let r = row.makeRandomAccess()
        return ImportRun(
            id: try r.value("id"), feedId: try r.value("feed_id"), startedAt: try r.value("started_at"), finishedAt: try r.value("finished_at"),
            status: ImportRunStatus(rawValue: try r.value("status")) ?? .failed, httpStatus: try r.value("http_status"), bytes: try r.value("bytes"),
            counts: ImportCounts(new: try r.value("new_count"), updated: try r.value("updated_count"), unchanged: try r.value("unchanged_count"),
                                 closed: try r.value("closed_count"), quarantined: try r.value("quarantined_count")),
            message: try r.value("message"))
    }

    public func quarantinedRecords(importRunId: Int64) async throws -> [QuarantinedRecord] {
        try await all("SELECT external_id, reason, raw FROM quarantined_record WHERE import_run_id = \(importRunId) ORDER BY id") { row in
            let (externalId, reason, raw) = try row.decode((String?, String, String).self)
            return QuarantinedRecord(externalId: externalId, reason: reason, raw: raw)
        }
    }

    /// Applies one feed run in a single transaction, as the SQLite store does: upserts by (feed, external id)
    /// with the content hash, closes what a complete snapshot no longer lists (unless it shrank below
    /// `minimumSnapshotShare` of the last complete one), stores quarantined records, records the run, and
    /// logs every changed vacancy. Either all of it happens or nothing. The feed row is locked first, so two
    /// runs of one feed queue here even if a lease was bypassed.
    public func applyImport(
        feed: FeedDefinition, startedAt: Date, finishedAt: Date, fetch: FetchFacts, vacancies incoming: [IncomingVacancy],
        quarantined: [QuarantinedRecord], completeBody: Bool = true, problem: String? = nil, minimumSnapshotShare: Double = 0.5
    ) async throws -> ImportRun {
        // Vacancies entered by staff carry the source `manual`: a feed of that name would treat them as its own
        // records and close them when its snapshot does not list them. Such a feed never runs (as on SQLite).
        guard feed.name.lowercased() != Vacancy.manualSource else {
            throw StoreError.conflict("a feed may not be named '\(Vacancy.manualSource)': that source is for vacancies entered by staff")
        }
        let (unique, seen, quarantined) = FeedRunRules.firstOfEachExternalId(incoming, quarantined: quarantined)
        return try await transaction { [quarantined, seen, unique] connection in
            try await self.execute("SELECT id FROM feed WHERE id = \(feed.id) FOR UPDATE", on: connection)
            var counts = ImportCounts(quarantined: quarantined.count)
            var changed: [Int64] = []
            var existing: [String: FeedRunRules.Stored] = [:]
            for (id, externalId, hash, status) in try await self.all(
                "SELECT id, external_id, content_hash, status FROM vacancy WHERE source = \(feed.name)", on: connection,
                { try $0.decode((Int64, String, String?, String).self) }) {
                existing[externalId] = FeedRunRules.Stored(id: id, contentHash: hash, status: status)
            }
            // Every record's employer in a few statements (a feed of 20k postings may name 20k new employers).
            var employers = try await EmployerResolver(self, connection)
            let employerIds = try await employers.resolve(unique.map { ($0.employerName, $0.employerKvK) })
            var inserts: [(Vacancy, String)] = []
            var updates: [(Vacancy, String)] = []
            for (record, employerId) in zip(unique, employerIds) {
                var vacancy = record.vacancy
                vacancy.source = feed.name
                vacancy.employerId = employerId
                if let current = existing[vacancy.externalId] {
                    if current.contentHash == record.contentHash && current.status == vacancy.status.rawValue {
                        counts.unchanged += 1
                        continue
                    }
                    vacancy.id = current.id
                    updates.append((vacancy, record.contentHash))
                } else {
                    inserts.append((vacancy, record.contentHash))
                }
            }
            // A batch of rows is one JSON parameter (see JSONRows): a 100k-posting feed costs a few dozen round
            // trips, not 100k, and no per-value binding.
            let columns = VacancyRow.writtenColumns.joined(separator: ", ")
            for batch in inserts.chunks(of: 5_000) {
                var rows = JSONRows(capacity: batch.count * 600)
                for (vacancy, hash) in batch { VacancyRow.json(vacancy, feedId: feed.id, contentHash: hash, into: &rows) }
                changed += try await self.all("""
                    INSERT INTO vacancy (\(unescaped: columns))
                    SELECT \(unescaped: columns) FROM jsonb_to_recordset(\(rows.text)::jsonb) AS r(\(unescaped: VacancyRow.recordsetColumns))
                    RETURNING id
                    """, on: connection) { try $0.decode(Int64.self) }
            }
            counts.new = inserts.count
            let assignments = VacancyRow.writtenColumns.map { "\($0) = u.\($0)" }.joined(separator: ", ")
            for batch in updates.chunks(of: 5_000) {
                var rows = JSONRows(capacity: batch.count * 600)
                for (vacancy, hash) in batch { VacancyRow.json(vacancy, id: vacancy.id, feedId: feed.id, contentHash: hash, into: &rows) }
                changed += try await self.all("""
                    UPDATE vacancy AS v SET \(unescaped: assignments)
                    FROM jsonb_to_recordset(\(rows.text)::jsonb) AS u(id bigint, \(unescaped: VacancyRow.recordsetColumns))
                    WHERE v.id = u.id RETURNING v.id
                    """, on: connection) { try $0.decode(Int64.self) }
            }
            counts.updated = updates.count

            let outcome = FeedRunRules.outcome(feed: feed, uniqueCount: unique.count, seen: seen, existing: existing, quarantined: quarantined,
                                               completeBody: completeBody, problem: problem, minimumSnapshotShare: minimumSnapshotShare)
            if !outcome.closing.isEmpty {
                changed += try await self.all("UPDATE vacancy SET status = 'closed' WHERE id = ANY(\(outcome.closing)) RETURNING id", on: connection) {
                    try $0.decode(Int64.self)
                }
            }
            counts.closed = outcome.closing.count
            let (status, message, validCount) = (outcome.status, outcome.message, outcome.validCount)

            let runId = try await self.one("""
                INSERT INTO import_run (feed_id, started_at, finished_at, status, http_status, bytes, new_count, updated_count, unchanged_count,
                                        closed_count, quarantined_count, message)
                VALUES (\(feed.id), \(startedAt), \(finishedAt), \(status.rawValue), \(fetch.httpStatus), \(fetch.bytes), \(counts.new),
                        \(counts.updated), \(counts.unchanged), \(counts.closed), \(counts.quarantined), \(message))
                RETURNING id
                """, on: connection) { try $0.decode(Int64.self) } ?? 0
            for batch in quarantined.chunks(of: 1_000) {
                var values = Values()
                var rows: [String] = []
                for record in batch {
                    let start = values.placeholders.count
                    values.add(runId)
                    values.add(record.externalId, cast: "text")
                    values.add(record.reason)
                    values.add(record.raw)
                    rows.append("(" + values.placeholders[start...].joined(separator: ", ") + ")")
                }
                try await self.execute(PostgresQuery(
                    unsafeSQL: "INSERT INTO quarantined_record (import_run_id, external_id, reason, raw) VALUES \(rows.joined(separator: ", "))",
                    binds: values.binds), on: connection)
            }
            try await self.execute("""
                UPDATE feed SET etag = \(fetch.etag), last_modified = \(fetch.lastModified), last_valid_count = \(validCount),
                                consecutive_failures = 0
                WHERE id = \(feed.id)
                """, on: connection)
            // Last, because it takes the change-log lock: the run's changes reach every follower with it.
            try await ChangeLogTable.append(self, connection, vacancies: changed)
            return ImportRun(id: runId, feedId: feed.id, startedAt: startedAt, finishedAt: finishedAt, status: status,
                             httpStatus: fetch.httpStatus, bytes: fetch.bytes, counts: counts, message: message)
        }
    }

    /// Records a run that changed no vacancy: a 304 (`unchanged`) or a failure (`failed`, with its message).
    /// A failure counts towards the feed's back-off; an unchanged run resets it.
    public func recordRun(feed: FeedDefinition, status: ImportRunStatus, startedAt: Date, finishedAt: Date, fetch: FetchFacts,
                          message: String?) async throws -> ImportRun {
        precondition(status == .unchanged || status == .failed, "a run that imports goes through applyImport")
        return try await transaction { connection in
            let id = try await self.one("""
                INSERT INTO import_run (feed_id, started_at, finished_at, status, http_status, bytes, message)
                VALUES (\(feed.id), \(startedAt), \(finishedAt), \(status.rawValue), \(fetch.httpStatus), \(fetch.bytes), \(message))
                RETURNING id
                """, on: connection) { try $0.decode(Int64.self) } ?? 0
            if status == .failed {
                try await self.execute("UPDATE feed SET consecutive_failures = consecutive_failures + 1 WHERE id = \(feed.id)", on: connection)
            } else {
                try await self.execute("UPDATE feed SET consecutive_failures = 0 WHERE id = \(feed.id)", on: connection)
            }
            return ImportRun(id: id, feedId: feed.id, startedAt: startedAt, finishedAt: finishedAt, status: status,
                             httpStatus: fetch.httpStatus, bytes: fetch.bytes, counts: ImportCounts(), message: message)
        }
    }
}

/// Finds the employer each feed record names — by KvK number, else by name — and creates the unknown ones,
/// with the same rules as the SQLite store's resolver (records in feed order: a name first seen with a KvK number
/// is found by name afterwards). The SQLite store inserts one employer per statement, which costs nothing there;
/// here each statement is a round trip, so the new employers are inserted together: all with a KvK number in one
/// statement, all with only a name in another.
private struct EmployerResolver {
    private var byKvK: [String: Int64] = [:]
    private var byName: [String: Int64] = [:]
    private let store: PostgresStore
    private let connection: PostgresConnection

    init(_ store: PostgresStore, _ connection: PostgresConnection) async throws {
        self.store = store
        self.connection = connection
        for (id, name, kvk) in try await store.all("SELECT id, name, kvk_number FROM employer ORDER BY id", on: connection, {
            try $0.decode((Int64, String, String?).self)
        }) {
            if let kvk, byKvK[kvk] == nil { byKvK[kvk] = id }
            if byName[name.lowercased()] == nil { byName[name.lowercased()] = id }
        }
    }

    /// A new employer, not inserted yet.
    private enum Pending: Hashable {
        case kvk(String)
        case name(String)
    }

    /// The employer id of each (name, KvK number), in order; nil where the record names no employer.
    mutating func resolve(_ records: [(name: String?, kvk: KvKNumber?)]) async throws -> [Int64?] {
        enum Resolution {
            case known(Int64?)
            case pending(Pending)
        }
        var pendingByName: [String: Pending] = [:]
        var pendingKvK: Set<String> = []
        var newWithKvK: [(kvk: String, name: String)] = []
        var newByName: [(key: String, name: String)] = []
        var resolutions: [Resolution] = []
        resolutions.reserveCapacity(records.count)
        for (name, kvk) in records {
            let trimmed = name?.trimmingCharacters(in: .whitespacesAndNewlines)
            let nameKey = trimmed.flatMap { $0.isEmpty ? nil : $0.lowercased() }
            if let kvk {
                if let id = byKvK[kvk.rawValue] {
                    resolutions.append(.known(id))
                    continue
                }
                // Created earlier in this run (not inserted yet): the SQLite store finds it at once, so must this one,
                // also for a record that gives the KvK number without a name.
                if pendingKvK.contains(kvk.rawValue) {
                    resolutions.append(.pending(.kvk(kvk.rawValue)))
                    continue
                }
            } else if let nameKey {
                if let id = byName[nameKey] {
                    resolutions.append(.known(id))
                    continue
                }
                if let pending = pendingByName[nameKey] {
                    resolutions.append(.pending(pending))
                    continue
                }
            }
            guard let trimmed, let nameKey else {
                resolutions.append(.known(nil))
                continue
            }
            let pending: Pending
            if let kvk {
                pending = .kvk(kvk.rawValue)
                // A later record with the same new KvK number shares this employer.
                if pendingKvK.insert(kvk.rawValue).inserted { newWithKvK.append((kvk.rawValue, trimmed)) }
            } else {
                pending = .name(nameKey)
                newByName.append((nameKey, trimmed))
            }
            if pendingByName[nameKey] == nil { pendingByName[nameKey] = pending }
            resolutions.append(.pending(pending))
        }

        var created: [Pending: Int64] = [:]
        for batch in newWithKvK.chunks(of: 10_000) {
            // Another instance may have created the same KvK number since this run loaded the list: take its row.
            for (id, kvk) in try await store.all("""
                INSERT INTO employer (name, kvk_number)
                SELECT name, kvk FROM unnest(\(batch.map(\.name))::text[], \(batch.map(\.kvk))::text[]) AS t(name, kvk)
                ON CONFLICT (kvk_number) DO UPDATE SET kvk_number = EXCLUDED.kvk_number
                RETURNING id, kvk_number
                """, on: connection, { try $0.decode((Int64, String).self) }) {
                created[.kvk(kvk)] = id
                byKvK[kvk] = id
            }
        }
        for batch in newByName.chunks(of: 10_000) {
            for (id, name) in try await store.all("""
                INSERT INTO employer (name) SELECT name FROM unnest(\(batch.map(\.name))::text[]) AS t(name) RETURNING id, name
                """, on: connection, { try $0.decode((Int64, String).self) }) {
                created[.name(name.lowercased())] = id
            }
        }
        for (key, pending) in pendingByName where byName[key] == nil {
            if let id = created[pending] { byName[key] = id }
        }
        return try resolutions.map { resolution in
            switch resolution {
            case .known(let id): return id
            case .pending(let pending):
                guard let id = created[pending] else { throw StoreError.invalidRecord("employer \(pending) was not created") }
                return id
            }
        }
    }
}
