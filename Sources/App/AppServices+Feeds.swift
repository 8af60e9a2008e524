import Domain
import Feeds
import Foundation
import Logging
import Matching
import Reference
import Repositories
import Services

/// The title mapper as the feeds' occupation source: a feed record with a title but no ESCO code gets the
/// occupation the mapper is confident about, or none.
/// Place names → PC4 through the reference data, for feeds that give a city but no postcode.
struct ReferencePlaces: PostcodeForPlace {
    let resolver: PlaceResolver
    func postcode(forPlace name: String) -> (pc4: Int, confidence: Double)? { resolver.resolve(name).map { ($0.pc4, $0.confidence) } }
}

struct TitleMapperOccupations: OccupationForTitle {
    let mapper: TitleMapper
    func occupation(forTitle title: String) -> EscoID? { mapper.map(title)?.occupation }
}

extension AppServices {
    /// The importer the scheduler and `matchpunt import` use, with the title mapper plugged in.
    public static func feedImporter(_ configuration: AppConfiguration, services: AppServices, limits: FetchLimits = FetchLimits()) throws -> FeedImporter {
        let mapper: TitleMapper
        do {
            mapper = try TitleMapper.load(from: configuration.catalogDirectory.appendingPathComponent("matching"), reference: services.reference)
        } catch {
            throw StartupError("\(configuration.catalogDirectory.appendingPathComponent("matching").path): \(error)")
        }
        // Admin setting: feed hosts allowed to resolve to internal addresses (none by default).
        let fetcher = FeedFetcher(internalHosts: FeedFetcher.internalHosts(from: ProcessInfo.processInfo.environment["MATCHPUNT_FEED_INTERNAL_HOSTS"]))
        return FeedImporter(store: services.repositories, fetcher: fetcher, limits: limits, occupationMapper: TitleMapperOccupations(mapper: mapper),
                            placeResolver: ReferencePlaces(resolver: PlaceResolver(services.reference)),
                            logger: Logger(label: "matchpunt.feeds"))
    }

    /// Feed runs under a database lease, so that `serve`'s scheduler and a cron `matchpunt import` never run one
    /// feed at the same time.
    /// - Parameter scheduled: for `serve`'s scheduler: skip a run when another instance ran the feed within
    ///   this interval (see ``unlessRanRecently(_:now:_:)``). A cron or manual `import` always runs.
    public static func feedImports(_ configuration: AppConfiguration, services: AppServices, limits: FetchLimits = FetchLimits(),
                                   scheduled: Bool = false) throws -> FeedImports {
        let importer = try feedImporter(configuration, services: services, limits: limits)
        guard scheduled else {
            return FeedImports(leases: services.repositories, importer: importer, today: { .today }, logger: Logger(label: "matchpunt.feeds"))
        }
        return FeedImports(leases: services.repositories, logger: Logger(label: "matchpunt.feeds"),
                           runFeed: unlessRanRecently(services.repositories) { feed in await importer.run(feed, today: .today) })
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
