import Domain
import Feeds
import Foundation
import Logging
import Matching
import Reference
import Repositories
import Services

/// Place names → PC4 through the reference data, for feeds that give a city but no postcode.
struct ReferencePlaces: PostcodeForPlace {
    let resolver: PlaceResolver
    func postcode(forPlace name: String) -> (pc4: Int, confidence: Double)? { resolver.resolve(name).map { ($0.pc4, $0.confidence) } }
}

/// The title mapper as the feeds' occupation source: a feed record with a title but no ESCO code gets the
/// occupation the mapper is confident about, or none.
///
/// The mapper's tables are built on a thread of their own from the moment the importer is made (see
/// ``AppServices/feedImporter(_:repositories:reference:limits:)``), so that building them (~0.7 s of CPU)
/// overlaps with the run's start and the feed's fetch; the first title waits for them. Only the parse asks,
/// on threads of its own (``BackgroundWork``), so the wait never blocks a Swift concurrency thread.
struct TitleMapperOccupations: OccupationForTitle {
    let mapper: BackgroundValue<TitleMapper>
    init(_ mapper: BackgroundValue<TitleMapper>) { self.mapper = mapper }
    // `try?`: the work cannot fail (every file error was thrown by `TitleMapper.loadTables` before it started).
    func occupation(forTitle title: String) -> EscoID? { (try? mapper.wait())?.map(title)?.occupation }
}

extension AppServices {
    /// The importer the scheduler and `matchpunt import` use, with the title mapper plugged in.
    public static func feedImporter(_ configuration: AppConfiguration, services: AppServices, limits: FetchLimits = FetchLimits()) throws -> FeedImporter {
        try feedImporter(configuration, repositories: services.repositories, reference: services.reference, limits: limits)
    }

    /// The importer over the given store and reference data. The title mapper's files are read and checked here
    /// (a broken file is a ``StartupError`` now, as before); its tables are built on a thread of their own.
    /// - Parameter parseAtLowerPriority: see ``FeedImporter/parseAtLowerPriority`` (off only for `matchpunt import`).
    public static func feedImporter(_ configuration: AppConfiguration, repositories: any MatchpuntRepositories, reference: ReferenceData,
                                    limits: FetchLimits = FetchLimits(), parseAtLowerPriority: Bool = true) throws -> FeedImporter {
        let buildMapper: @Sendable () -> TitleMapper
        do {
            buildMapper = try TitleMapper.loadTables(from: configuration.catalogDirectory.appendingPathComponent("matching"), reference: reference)
        } catch {
            throw StartupError("\(configuration.catalogDirectory.appendingPathComponent("matching").path): \(error)")
        }
        let mapper = BackgroundValue(buildMapper)
        // Admin setting: feed hosts allowed to resolve to internal addresses (none by default).
        let fetcher = FeedFetcher(internalHosts: FeedFetcher.internalHosts(from: ProcessInfo.processInfo.environment["MATCHPUNT_FEED_INTERNAL_HOSTS"]))
        var importer = FeedImporter(store: repositories, fetcher: fetcher, limits: limits, occupationMapper: TitleMapperOccupations(mapper),
                                    placeResolver: ReferencePlaces(resolver: PlaceResolver(reference)),
                                    logger: Logger(label: "matchpunt.feeds"))
        importer.parseAtLowerPriority = parseAtLowerPriority
        return importer
    }

    /// Feed runs under a database lease, so that `serve`'s scheduler and a cron `matchpunt import` never run one
    /// feed at the same time.
    /// - Parameter scheduled: for `serve`'s scheduler: skip a run when another instance ran the feed within
    ///   this interval (see ``unlessRanRecently(_:now:_:)``). A cron or manual `import` always runs.
    public static func feedImports(_ configuration: AppConfiguration, services: AppServices, limits: FetchLimits = FetchLimits(),
                                   scheduled: Bool = false) throws -> FeedImports {
        try feedImports(configuration, repositories: services.repositories, reference: services.reference, limits: limits, scheduled: scheduled)
    }

    /// The same over only the store and the reference data (what `matchpunt import` starts, see ``startForFeedImport(_:logger:)``).
    public static func feedImports(_ configuration: AppConfiguration, repositories: any MatchpuntRepositories, reference: ReferenceData,
                                   limits: FetchLimits = FetchLimits(), scheduled: Bool = false, parseAtLowerPriority: Bool = true) throws -> FeedImports {
        let importer = try feedImporter(configuration, repositories: repositories, reference: reference, limits: limits,
                                        parseAtLowerPriority: parseAtLowerPriority)
        guard scheduled else {
            return FeedImports(leases: repositories, importer: importer, today: { .today }, logger: Logger(label: "matchpunt.feeds"))
        }
        return FeedImports(leases: repositories, logger: Logger(label: "matchpunt.feeds"),
                           runFeed: unlessRanRecently(repositories) { feed in await importer.run(feed, today: .today) })
    }

    /// Each instance's scheduler keeps its own timetable, and the lease only stops two runs *overlapping*: with
    /// several instances a feed would run once per interval per instance. So, under the lease, a scheduled run
    /// first reads the feed's last recorded run (from any instance) and does nothing when it finished less than
    /// 90% of the interval ago. The 10% margin absorbs the schedulers' jitter and tick.
    public static func unlessRanRecently(_ feeds: any FeedRepository, now: @escaping @Sendable () -> Date = { Date() },
                                         _ run: @escaping @Sendable (FeedDefinition) async -> ImportRun?) -> @Sendable (FeedDefinition) async -> ImportRun? {
        { feed in
            if let last = try? await feeds.importRuns(feedId: feed.id, limit: 1).first, let finished = last.finishedAt,
               now().timeIntervalSince(finished) < 0.9 * Double(feed.intervalSeconds) {
                return nil
            }
            return await run(feed)
        }
    }
}
