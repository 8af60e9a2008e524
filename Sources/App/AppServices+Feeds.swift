import Domain
import Feeds
import Foundation
import Logging
import Matching
import Reference
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
    public static func feedImports(_ configuration: AppConfiguration, services: AppServices, limits: FetchLimits = FetchLimits()) throws -> FeedImports {
        let importer = try feedImporter(configuration, services: services, limits: limits)
        return FeedImports(leases: services.repositories, importer: importer, today: { .today }, logger: Logger(label: "matchpunt.feeds"))
    }
}
