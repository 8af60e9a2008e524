import Domain
import Foundation
import Logging
import Repositories

/// One import run of one feed: fetch through libcurl (conditional GET), parse record by record, and hand the
/// valid records and the quarantined ones to the store in a single transaction. A failure at any step is
/// recorded as a failed run and changes no vacancy.
public struct FeedImporter: Sendable {
    let store: any FeedRepository
    let fetcher: FeedFetcher
    let limits: FetchLimits
    let occupationMapper: (any OccupationForTitle)?
    let placeResolver: (any PostcodeForPlace)?
    let logger: Logger
    /// Whether the parse runs at a lower priority than the process (``BackgroundWork/niceness``). On for `serve`,
    /// whose request threads share the machine with it; off for `matchpunt import`, a process of its own whose
    /// priority is set by whoever starts it (cron's `nice`), so that it is not also slowed ten to one against every
    /// other process on a busy machine (issue 10: whole process against whole process).
    public var parseAtLowerPriority = true

    public init(store: any FeedRepository, fetcher: FeedFetcher = FeedFetcher(), limits: FetchLimits = FetchLimits(),
                occupationMapper: (any OccupationForTitle)? = nil, placeResolver: (any PostcodeForPlace)? = nil,
                logger: Logger = Logger(label: "matchpunt.feeds")) {
        self.store = store
        self.fetcher = fetcher
        self.limits = limits
        // Feeds repeat titles: the mapper is asked once per distinct title for the importer's lifetime.
        self.occupationMapper = occupationMapper.map { $0 is CachedOccupationForTitle ? $0 : CachedOccupationForTitle($0) }
        self.placeResolver = placeResolver.map { $0 is CachedPostcodeForPlace ? $0 : CachedPostcodeForPlace($0) }
        self.logger = logger
    }

    /// Runs the feed now. Never throws: every outcome, including a database error, ends as a recorded run
    /// (or, when even recording fails, a logged error and nil).
    @discardableResult
    public func run(_ feed: FeedDefinition, today: CalendarDate) async -> ImportRun? {
        let started = Date()
        var logger = logger
        logger[metadataKey: "feed"] = "\(feed.name)"
        func failed(_ message: String, httpStatus: Int? = nil, bytes: Int = 0) async -> ImportRun? {
            logger.warning("feed import failed", metadata: ["reason": "\(message)"])
            do {
                return try await store.recordRun(feed: feed, status: .failed, startedAt: started, finishedAt: Date(),
                                           fetch: FetchFacts(httpStatus: httpStatus, bytes: bytes), message: message)
            } catch {
                logger.error("could not record the failed run", metadata: ["error": "\(error)"])
                return nil
            }
        }

        guard let format = FeedFormat(rawValue: feed.format) else {
            return await failed("onbekend feedformaat '\(feed.format)' (bekend: \(FeedFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var authHeader: SecretHeader?
        if let line = feed.authHeader {
            guard let header = SecretHeader(line) else { return await failed("de authenticatieheader van de feed is geen 'Naam: waarde'") }
            authHeader = header
        }
        let request = FetchRequest(url: feed.url, validators: FeedValidators(etag: feed.etag, lastModified: feed.lastModified),
                                   authHeader: authHeader, limits: limits)
        // Start-up (reference data, title mapper) leaves freed temporaries in the heap: hand them back before the
        // body arrives, so they do not add to the run's peak.
        MemoryRelease.returnFreedMemory()
        let clock = ContinuousClock()
        let fetchStarted = clock.now
        var fetched: FetchedFeed
        do {
            switch try await fetcher.fetch(request) {
            case .notModified:
                logger.info("feed unchanged (304)")
                return try await store.recordRun(feed: feed, status: .unchanged, startedAt: started, finishedAt: Date(),
                                           fetch: FetchFacts(httpStatus: 304, bytes: 0, etag: feed.etag, lastModified: feed.lastModified),
                                           message: nil)
            case .fetched(let body):
                fetched = body
            }
        } catch let error as FetchError {
            return await failed(error.message, httpStatus: error.httpStatus)
        } catch {
            return await failed("\(error)")
        }

        var options = FeedParseOptions(occupationMapper: occupationMapper, placeResolver: placeResolver)
        // `fetched.body` is this run's own and is emptied right after the parse.
        options.releaseParsedBody = true
        if let mapping = feed.columnMapping {
            var columns: [String: CSVField] = [:]
            for (field, header) in mapping {
                guard let known = CSVField(rawValue: field) else { return await failed("kolomtoewijzing noemt onbekend veld '\(field)'") }
                columns[header] = known
            }
            options.csvMapping = CSVColumnMapping(columns: columns)
        }
        let parseStarted = clock.now
        let parsed: ParsedFeed
        do {
            // Seconds of CPU for a large feed: on a background thread (of lower priority in `serve`), never on a
            // Swift concurrency thread (two of them on a two-core machine) that the requests need.
            parsed = try await BackgroundWork.run(lowerPriority: parseAtLowerPriority) { [body = fetched.body, source = feed.name, options] () throws -> ParsedFeed in
                try Self.parse(body, format: format, options: options, source: source, today: today)
            }
        } catch {
            return await failed("lezen van de feed afgebroken: \(error)", httpStatus: fetched.status, bytes: fetched.byteCount)
        }
        let (incoming, quarantined, tally, summary) = (parsed.incoming, parsed.quarantined, parsed.tally, parsed.summary)
        let facts = FetchFacts(httpStatus: fetched.status, bytes: fetched.byteCount, etag: fetched.validators.etag,
                               lastModified: fetched.validators.lastModified)
        // The body (up to the size cap) is not needed any more: free it before the store builds its rows.
        fetched.body = []
        MemoryRelease.returnFreedMemory()
        if let problem = summary.streamError, incoming.isEmpty {
            // Nothing usable: the feed as a whole is broken (not JSON, refused DTD, truncated at the start,
            // another format than configured).
            return await failed(problem.description, httpStatus: facts.httpStatus, bytes: facts.bytes)
        }
        if incoming.isEmpty, quarantined.isEmpty, tally.duplicates == 0 {
            // "succeeded" with 0 records tells an adviser nothing: a feed without a single record is a failed run.
            return await failed("de feed bevat geen enkel record (formaat \(format.rawValue))", httpStatus: facts.httpStatus, bytes: facts.bytes)
        }
        let notes = [summary.streamError?.description] + tally.notes
        let problem = notes.compactMap { $0 }.joined(separator: "; ")
        do {
            let storeStarted = clock.now
            let run = try await store.applyImport(feed: feed, startedAt: started, finishedAt: Date(), fetch: facts, vacancies: incoming,
                                            quarantined: quarantined, completeBody: summary.streamError == nil,
                                            problem: problem.isEmpty ? nil : problem)
            logger.info("feed imported", metadata: [
                "status": "\(run.status.rawValue)", "records": "\(incoming.count)", "quarantined": "\(quarantined.count)",
                "fetch": "\(parseStarted - fetchStarted)", "parse": "\(storeStarted - parseStarted)", "store": "\(clock.now - storeStarted)",
            ])
            return run
        } catch {
            return await failed("opslaan mislukt: \(error)", httpStatus: facts.httpStatus, bytes: facts.bytes)
        }
    }

    /// A draft as the vacancy the store keeps. Unknown hours become "any hours" (0–40) so that no candidate is
    /// filtered out on a guess; a posting past its `validThrough` is closed.
    /// The records of a feed body: admitted vacancies, quarantined records, the tally and the parser's summary.
    struct ParsedFeed: Sendable {
        var incoming: [IncomingVacancy]
        var quarantined: [QuarantinedRecord]
        var tally: RunTally
        var summary: FeedParseSummary
    }

    static func parse(_ body: [UInt8], format: FeedFormat, options: FeedParseOptions, source: String, today: CalendarDate) throws -> ParsedFeed {
        var incoming: [IncomingVacancy] = []
        var quarantined: [QuarantinedRecord] = []
        var tally = RunTally()
        // A feed names its employers again in every posting: one stored copy of each name instead of one per record.
        var employerNames: [String: String] = [:]
        let summary = try FeedParser.parse(body, format: format, options: options) { record in
            switch record {
            case .draft(let draft):
                var vacancy = Self.incoming(draft, source: source, today: today)
                if let name = vacancy.employerName {
                    if let known = employerNames[name] { vacancy.employerName = known } else { employerNames[name] = name }
                }
                if let problem = tally.admit(vacancy, keySource: draft.externalIdSource, into: &incoming) {
                    quarantined.append(problem)
                }
            case .quarantined(let record): quarantined.append(record)
            }
        }
        return ParsedFeed(incoming: incoming, quarantined: quarantined, tally: tally, summary: summary)
    }

    static func incoming(_ draft: VacancyDraft, source: String, today: CalendarDate) -> IncomingVacancy {
        var vacancy = draft.vacancy(id: 0, source: source, employerId: nil, defaultHours: WeeklyHours(min: 0, max: 40)!)
        if draft.permanent { vacancy.contractMonths = nil }
        if let end = draft.validThrough, end < today { vacancy.status = .closed }
        return IncomingVacancy(vacancy: vacancy, employerName: draft.employerName, employerKvK: draft.employerKvK, contentHash: draft.contentHash)
    }
}

/// What the importer counts while records arrive: exact repeats (skipped, counted), conflicting repeats
/// (quarantined with both versions named), and keys that are not the feed's own identifier.
struct RunTally: Sendable {
    /// external id → position in the admitted records of the first record with that id (its hash and title are
    /// read there: a copy of them per record here was ~10 MB of a 100k-record run).
    private var first: [String: Int] = [:]
    private(set) var duplicates = 0
    private(set) var conflicts = 0
    private(set) var keySources: [String: Int] = [:]

    /// Appends the record to `admitted` when it is to be imported; nil also for an exact repeat (counted, not
    /// appended); a quarantined record when it repeats an id with other content.
    mutating func admit(_ record: IncomingVacancy, keySource: String?, into admitted: inout [IncomingVacancy]) -> QuarantinedRecord? {
        let id = record.vacancy.externalId
        if let position = first[id] {
            let earlier = (hash: admitted[position].contentHash, title: admitted[position].vacancy.title)
            if earlier.hash == record.contentHash {
                duplicates += 1
                return nil
            }
            conflicts += 1
            return QuarantinedRecord(
                externalId: id,
                reason: "extern id '\(id)' komt al eerder in deze feed voor met andere inhoud: het eerste record (inhoud \(earlier.hash), '\(earlier.title)') is gebruikt, dit record (inhoud \(record.contentHash)) niet",
                raw: record.vacancy.title)
        }
        first[id] = admitted.count
        admitted.append(record)
        if let keySource { keySources[keySource, default: 0] += 1 }
        return nil
    }

    /// Lines for the run's message.
    var notes: [String] {
        var lines: [String] = []
        if duplicates > 0 { lines.append("\(duplicates) exacte herhaling(en) van een record overgeslagen (geen fout)") }
        let keyed = keySources.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key == "hash" ? "een hash van titel, werkgever en plaats" : $0.key)" }
        if !keyed.isEmpty { lines.append("records zonder identifier, sleutel uit: " + keyed.joined(separator: ", ")) }
        return lines
    }
}
