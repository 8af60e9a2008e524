import Domain
import Feeds
import Foundation
import Logging
import Matching
import Metrics
import Repositories
import Synchronization

/// Keeps a process's in-memory matching index in step with the store by following the durable change log, so
/// a change committed by any process (cron `import`, the CLI, another server) reaches it. It starts from a
/// snapshot read in one transaction with its log position, applies the rows after that position in order, and
/// at midnight (Europe/Amsterdam) rebuilds the index for the new peildatum and swaps it in.
public final class IndexFollower: Sendable {
    public let index: SharedMatchIndex
    let matcher: Matcher
    let repositories: any CandidateRepository & VacancyRepository & ChangeLogRepository
    let clock: @Sendable () -> Date
    let logger: Logger
    /// The log position the index reflects, and its peildatum.
    private let state: Mutex<(sequence: Int64, date: CalendarDate)>
    /// Rows read per round; a larger backlog takes several rounds of one catch-up.
    let batchSize: Int
    /// Log batches applied in one index swap at most (see `catchUp`).
    static let batchesPerSwap = 20
    /// Told the ids of staff accounts whose access changed (the log's `user` rows, from any process), so that
    /// cached tokens and sessions of them are dropped (``StaffAccessCache``).
    let accountChanges: (@Sendable ([Int64]) -> Void)?

    /// Builds the index from a consistent snapshot of the store.
    /// - Parameter clock: the wall clock; a test injects one to cross midnight.
    public static func start(matcher: Matcher, repositories: any CandidateRepository & VacancyRepository & ChangeLogRepository,
                             clock: @escaping @Sendable () -> Date = { Date() }, batchSize: Int = 10_000,
                             accountChanges: (@Sendable ([Int64]) -> Void)? = nil,
                             logger: Logger) async throws -> IndexFollower {
        let date = CalendarDate.amsterdam(clock())
        let (index, sequence) = try await build(matcher: matcher, repositories: repositories, date: date, logger: logger)
        return IndexFollower(index: SharedMatchIndex(index), matcher: matcher, repositories: repositories, clock: clock,
                             batchSize: batchSize, accountChanges: accountChanges, logger: logger, sequence: sequence, date: date)
    }

    private init(index: SharedMatchIndex, matcher: Matcher, repositories: any CandidateRepository & VacancyRepository & ChangeLogRepository,
                 clock: @escaping @Sendable () -> Date, batchSize: Int, accountChanges: (@Sendable ([Int64]) -> Void)?, logger: Logger,
                 sequence: Int64, date: CalendarDate) {
        self.accountChanges = accountChanges
        self.index = index
        self.matcher = matcher
        self.repositories = repositories
        self.clock = clock
        self.batchSize = max(1, batchSize)
        self.logger = logger
        self.state = Mutex((sequence, date))
    }

    /// The log position the index reflects.
    public var sequence: Int64 { state.withLock { $0.sequence } }
    /// The index's peildatum.
    public var date: CalendarDate { state.withLock { $0.date } }

    /// Brings the index up to date: a new day rebuilds it for the new peildatum; otherwise the log rows since
    /// the last round are applied. Returns the number of rows applied (a rebuild counts as 0).
    @discardableResult
    public func catchUp() async throws -> Int {
        let today = CalendarDate.amsterdam(clock())
        if today != date {
            try await rebuild(date: today)
            return 0
        }
        var applied = 0
        var more = true
        while more {
            // The log is read in batches, but up to `batchesPerSwap` of them go into the index in one swap: each
            // swap is a new index version, and every version empties the ranking cache and the candidate pages'
            // rendered rankings. A 100,000-posting feed run was ten swaps (ten re-renders of every open page);
            // now it is one. The bound keeps a long backlog (a restart after days) from being held in memory whole.
            var gathered: [Change] = []
            while more, gathered.count < batchSize * Self.batchesPerSwap {
                let changes = try await repositories.changes(after: gathered.last?.sequence ?? sequence, limit: batchSize)
                gathered += changes
                more = changes.count == batchSize
            }
            guard let last = gathered.last else { break }
            try await apply(gathered)
            state.withLock { $0.sequence = last.sequence }
            applied += gathered.count
        }
        let latest = try await repositories.latestChangeSequence()
        Gauge(label: "matchpunt_index_lag_changes").record(Double(max(0, latest - sequence)))
        return applied
    }

    /// Follows the log until cancelled: a round every `interval`. A failed round is logged and retried.
    public func follow(every interval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            do {
                let applied = try await catchUp()
                if applied > 0 { logger.debug("matching index followed the change log", metadata: ["changes": "\(applied)", "sequence": "\(sequence)"]) }
            } catch is CancellationError {
                break
            } catch {
                logger.warning("matching index could not follow the change log; retrying", metadata: ["error": "\(error)"])
            }
            do { try await Task.sleep(for: interval) } catch { break }
        }
    }

    /// Reads the current rows for the changed ids and applies them: a candidate that exists is upserted, one
    /// that does not is removed; a vacancy is upserted while open and removed otherwise. Reading current rows
    /// (not replaying old values) makes applying a row twice harmless.
    private func apply(_ changes: [Change]) async throws {
        var candidateIds: [String] = [], vacancyIds: [Int64] = []
        var seenCandidates: Set<String> = [], seenVacancies: Set<Int64> = [], accounts: Set<Int64> = []
        for change in changes {
            switch change.entity {
            case .candidate:
                if seenCandidates.insert(change.entityId).inserted { candidateIds.append(change.entityId) }
            case .vacancy:
                if let id = Int64(change.entityId), seenVacancies.insert(id).inserted { vacancyIds.append(id) }
            case .user:
                if let id = Int64(change.entityId) { accounts.insert(id) }
            case .quote:
                continue  // not in the match index
            }
        }
        if !accounts.isEmpty { accountChanges?(accounts.sorted()) }
        // Account rows alone leave the index (and its version, on which the ranking cache keys) as it is.
        guard !candidateIds.isEmpty || !vacancyIds.isEmpty else { return }
        // Read in batches: one statement's parameters stay bounded however many rows a round gathered.
        var candidates: [Candidate] = [], vacancies: [Vacancy] = []
        for start in stride(from: 0, to: candidateIds.count, by: batchSize) {
            candidates += try await repositories.candidates(ids: Array(candidateIds[start..<min(start + batchSize, candidateIds.count)]))
        }
        for start in stride(from: 0, to: vacancyIds.count, by: batchSize) {
            vacancies += try await repositories.vacancies(ids: Array(vacancyIds[start..<min(start + batchSize, vacancyIds.count)]))
        }
        let presentCandidates = Set(candidates.map(\.id))
        let presentVacancies = Set(vacancies.map(\.id))
        let index = self.index
        let (removedCandidates, removedVacancies) = (candidateIds.filter { !presentCandidates.contains($0) },
                                                     vacancyIds.filter { !presentVacancies.contains($0) })
        let (readCandidates, readVacancies) = (candidates, vacancies)
        let work = { @Sendable () -> Void in
            index.update { index in
                for candidate in readCandidates { index.upsert(candidate) }
                for id in removedCandidates { index.removeCandidate(id: id) }
                for vacancy in readVacancies {
                    if vacancy.status == .open { index.upsert(vacancy) } else { index.removeVacancy(id: vacancy.id) }
                }
                for id in removedVacancies { index.removeVacancy(id: id) }
            }
        }
        // A feed run's 100,000 vacancies are seconds of feature work: on a lower-priority thread of its own, so
        // the follower does not take one of the two request threads meanwhile. A handful of changes is applied here.
        if candidates.count + vacancies.count > 500 { try await BackgroundWork.run(work) } else { work() }
    }

    /// A fresh index for `date` from a new snapshot, swapped in whole: queries meanwhile see the old one.
    private func rebuild(date: CalendarDate) async throws {
        let (fresh, sequence) = try await Self.build(matcher: matcher, repositories: repositories, date: date, logger: logger)
        index.update { $0 = fresh }
        state.withLock { $0 = (sequence, date) }
        logger.info("matching index rebuilt for a new peildatum", metadata: ["date": "\(date)"])
    }

    private static func build(matcher: Matcher, repositories: any ChangeLogRepository, date: CalendarDate,
                              logger: Logger) async throws -> (MatchIndex, Int64) {
        let started = ContinuousClock.now
        let snapshot = try await repositories.indexSnapshot()
        var index = MatchIndex(matcher: matcher, date: date)
        index.rebuild(candidates: snapshot.candidates, vacancies: snapshot.openVacancies)
        logger.info("matching index built", metadata: [
            "duration": "\(ContinuousClock.now - started)", "memoryBytes": "\(index.memoryEstimateBytes)", "sequence": "\(snapshot.sequence)",
        ])
        return (index, snapshot.sequence)
    }
}

extension CalendarDate {
    /// The civil date in the Netherlands at `instant`: Dutch policy dates and the peildatum refer to it.
    public static func amsterdam(_ instant: Date) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        // Components of a real instant in the Gregorian calendar are always a valid date.
        return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? CalendarDate(year: 1970, month: 1, day: 1)!
    }
}
