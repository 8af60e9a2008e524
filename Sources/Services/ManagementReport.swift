import Catalog
import Domain
import Foundation
import Repositories

/// The yearly management overview a municipality reports to its council: quotes per month and per
/// instrument, the amounts promised, candidates per ladder rung and target group, placements per region.
/// Counts and sums only — no candidate, no wage value, no limitation, no reason for a register statement.
public struct ManagementOverview: Sendable, Equatable {
    /// Quotes made, issued and accepted in one month (or for one instrument) and what they are worth.
    public struct QuoteCounts: Sendable, Equatable {
        /// New quotes calculated (first drafts; a revision is not counted again).
        public var quoted = 0
        /// Quotes issued to an employer (first version; a revision is not counted again).
        public var issued = 0
        /// Quotes the employer accepted: placements.
        public var accepted = 0
        /// Sum of the instrument totals in the quotes issued.
        public var offered = Money.zero
        /// Sum of the instrument totals in the quotes accepted: what the municipality and UWV promised.
        public var promised = Money.zero
        public init() {}
    }

    public struct Month: Sendable, Equatable {
        /// 1…12.
        public var month: Int
        public var counts: QuoteCounts
    }

    public struct InstrumentRow: Sendable, Equatable {
        public var id: String
        public var name: String
        /// Quotes in which this instrument was eligible.
        public var counts: QuoteCounts
    }

    public struct RungRow: Sendable, Equatable {
        public var rung: Int
        public var total = 0
        public var targetGroupRegister = 0
        public var statusHolder = 0
    }

    public struct RegionRow: Sendable, Equatable {
        public var region: String
        public var placements = 0
        public var promised = Money.zero
    }

    public var year: Int
    public var months: [Month]
    public var instruments: [InstrumentRow]
    public var rungs: [RungRow]
    public var regions: [RegionRow]
    /// The whole year (the months added up).
    public var total: QuoteCounts
    /// Quotes left out because their stored snapshot could not be read (should be 0).
    public var unreadable: Int
}

public enum ManagementReportError: Error, Equatable, CustomStringConvertible {
    case yearOutOfRange(Int)

    public var description: String {
        switch self {
        case .yearOutOfRange(let year): "jaar \(year) valt buiten 2000–2100"
        }
    }
}

/// Builds the ``ManagementOverview`` from the store's grouped reads. A consultant's overview covers the
/// candidates of their labour-market regions, as everything else they see; an admin's covers all.
public struct ManagementReport: Sendable {
    let reports: any ManagementReportRepository
    let candidates: any CandidateRepository
    let regions: CandidateRegions
    /// A municipality's labour-market region name, for placements per region.
    let regionName: @Sendable (String) -> String?
    /// Months are civil months in the Netherlands.
    let timeZone: TimeZone
    /// The change log and the overviews computed per log sequence number (nil: computed on every call).
    let cached: (changes: any ChangeLogRepository, overviews: Cache)?

    public static let years = 2000...2100

    /// One overview per year and region scope, kept while the change log stands still: every write the overview
    /// reads (quotes' status history and drafts, candidates) appends to the log in its transaction, so the
    /// overview is right until the log's latest sequence moves — in every process on the database.
    public typealias Cache = ChangeSequenceCache<CacheKey, ManagementOverview>

    public struct CacheKey: Hashable, Sendable {
        var year: Int
        /// The actor's labour-market regions, sorted; nil: all (an admin).
        var regions: [Int]?
    }

    public init(reports: any ManagementReportRepository, candidates: any CandidateRepository, regions: CandidateRegions,
                regionName: @escaping @Sendable (String) -> String?, timeZone: TimeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .gmt,
                cache: (changes: any ChangeLogRepository, overviews: Cache)? = nil) {
        self.reports = reports
        self.candidates = candidates
        self.regions = regions
        self.regionName = regionName
        self.timeZone = timeZone
        self.cached = cache
    }

    /// The overview of `year` as `actor` may see it; from the cache when nothing changed since it was computed.
    public func overview(year: Int, by actor: AuditActor) async throws -> ManagementOverview {
        guard Self.years.contains(year) else { throw ManagementReportError.yearOutOfRange(year) }
        guard let cached else { return try await compute(year: year, by: actor) }
        // Read before computing (see ChangeSequenceCache): the overview is never older than its key.
        let sequence = try await cached.changes.latestChangeSequence()
        return try await cached.overviews.value(for: CacheKey(year: year, regions: actor.regions.map { $0.sorted() }), at: sequence) {
            try await compute(year: year, by: actor)
        }
    }

    private func compute(year: Int, by actor: AuditActor) async throws -> ManagementOverview {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.date(from: DateComponents(year: year, month: 1, day: 1))!
        let end = calendar.date(from: DateComponents(year: year + 1, month: 1, day: 1))!

        let changes = try await reports.quoteStatusChanges(from: start, to: end)
            .filter { $0.to == .draft || $0.to == .issued || $0.to == .accepted }
        let quotes = Dictionary(try await reports.quotes(ids: Array(Set(changes.map(\.quoteId)))).map { ($0.id, $0) },
                                uniquingKeysWith: { first, _ in first })
        // One read for the candidates behind the quotes: their region decides visibility and the region row.
        let people = Dictionary(try await candidates.candidates(ids: Array(Set(quotes.values.map(\.candidateId)))).map { ($0.id, $0) },
                                uniquingKeysWith: { first, _ in first })

        var months = (1...12).map { ManagementOverview.Month(month: $0, counts: .init()) }
        var instruments: [String: ManagementOverview.InstrumentRow] = [:]
        var regionRows: [String: ManagementOverview.RegionRow] = [:]
        var total = ManagementOverview.QuoteCounts()
        var unreadable = Set<Int64>()
        var snapshots: [Int64: QuoteSnapshot] = [:]

        for change in changes {
            guard let quote = quotes[change.quoteId] else { continue }
            let person = people[quote.candidateId]
            if actor.regions != nil {
                guard let person, regions.permits(person, to: actor) else { continue }
            }
            let counted: WritableKeyPath<ManagementOverview.QuoteCounts, Int>
            switch change.to {
            case .draft where change.from == nil && quote.supersedesId == nil: counted = \.quoted
            case .issued where quote.version == 1: counted = \.issued
            case .accepted: counted = \.accepted
            default: continue
            }
            let snapshot: QuoteSnapshot
            if let known = snapshots[quote.id] {
                snapshot = known
            } else if let decoded = try? QuoteSnapshot.decode(quote.snapshot) {
                snapshots[quote.id] = decoded
                snapshot = decoded
            } else {
                unreadable.insert(quote.id)
                continue
            }
            // The employer's instruments and services with an amount; the candidate's own (income-side)
            // instruments are not something promised to an employer.
            let promised = snapshot.decisions.filter { $0.status == .eligible && $0.side != .candidate }
            let amount = promised.reduce(Money.zero) { $0 + ($1.total ?? .zero) }
            let month = calendar.component(.month, from: change.at)

            Self.add(counted, to: &months[month - 1].counts, amount: amount)
            Self.add(counted, to: &total, amount: amount)
            for decision in promised {
                Self.add(counted, to: &instruments[decision.instrumentId, default: .init(id: decision.instrumentId, name: decision.instrumentName,
                                                                                          counts: .init())].counts,
                         amount: decision.total ?? .zero)
            }
            if counted == \ManagementOverview.QuoteCounts.accepted {
                let region = person.flatMap { regionName($0.municipality) } ?? "onbekend"
                regionRows[region, default: .init(region: region)].placements += 1
                regionRows[region]!.promised = regionRows[region]!.promised + amount
            }
        }

        // Candidates now on the books, counted in the store.
        let municipalities = actor.regions.map { regions.municipalitiesIn($0) }
        var rungs = LadderRung.allCases.map { ManagementOverview.RungRow(rung: $0.rawValue) }
        for count in try await reports.candidateCounts(municipalities: municipalities) {
            guard let index = rungs.firstIndex(where: { $0.rung == count.ladderRung }) else { continue }
            rungs[index].total += count.count
            if count.targetGroupRegister { rungs[index].targetGroupRegister += count.count }
            if count.statusHolder { rungs[index].statusHolder += count.count }
        }

        return ManagementOverview(
            year: year, months: months,
            instruments: instruments.values.sorted { ($0.counts.quoted, $1.name) > ($1.counts.quoted, $0.name) },
            rungs: rungs,
            regions: regionRows.values.sorted { ($0.placements, $1.region) > ($1.placements, $0.region) },
            total: total, unreadable: unreadable.count)
    }

    /// Counts one event; an issue adds its amount to what was offered, an acceptance to what was promised.
    static func add(_ counted: WritableKeyPath<ManagementOverview.QuoteCounts, Int>, to counts: inout ManagementOverview.QuoteCounts, amount: Money) {
        counts[keyPath: counted] += 1
        if counted == \ManagementOverview.QuoteCounts.issued { counts.offered = counts.offered + amount }
        if counted == \ManagementOverview.QuoteCounts.accepted { counts.promised = counts.promised + amount }
    }
}
