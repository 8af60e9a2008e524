import Domain
import Foundation
import Matching
import Metrics
import Repositories

public enum RankingError: Error, Equatable, CustomStringConvertible {
    case candidateNotFound(String)
    case vacancyNotFound(Int64)

    public var description: String {
        switch self {
        case .candidateNotFound(let id): "candidate \(id) not found"
        case .vacancyNotFound(let id): "vacancy \(id) not found"
        }
    }
}

/// Top-k in both directions from the in-memory index, with filters and explanations, audited: showing a
/// candidate's best vacancies is a view of that candidate, and so is each candidate a vacancy's ranking lists.
public struct Rankings: Sendable {
    let candidates: any CandidateRepository
    let vacancies: any VacancyRepository
    let index: SharedMatchIndex
    let audit: AuditLog
    let regions: CandidateRegions
    /// Repeated rankings at the same index version are not scored again (see ``RankingCache``).
    let cache: RankingCache

    public init(candidates: any CandidateRepository, vacancies: any VacancyRepository, index: SharedMatchIndex, audit: AuditLog,
                regions: CandidateRegions = .none, cacheCapacity: Int = 4_096) {
        self.candidates = candidates
        self.vacancies = vacancies
        self.index = index
        self.audit = audit
        self.regions = regions
        self.cache = RankingCache(capacity: cacheCapacity)
    }

    /// Rankings held by the cache now (tests).
    public var cachedRankings: Int { cache.count }

    /// A candidate's best vacancies. Throws ``RankingError/candidateNotFound(_:)`` for an unknown id.
    public func vacancies(forCandidate id: String, k: Int, filter: MatchQueryFilter = MatchQueryFilter(), explain: Bool,
                          by actor: AuditActor) async throws -> [MatchResult] {
        // The region rule on the candidate's municipality: a ranking does not show the record, so it is not read.
        guard try await regions.candidateIsVisible(id: id, in: candidates, by: actor, audit: audit) else { throw RankingError.candidateNotFound(id) }
        return try await rankedVacancies(forCandidate: id, k: k, filter: filter, explain: explain, by: actor).results
    }

    /// As above, with the index version the results were read at (what the candidate page keys its rendered ranking
    /// on), for a caller that has just read the candidate through ``CandidateRecords/visibleCandidate(id:by:)``: the
    /// region rule is applied again to the record in hand, so the candidate is not read twice. The results do not
    /// depend on the actor beyond that rule.
    public func versionedVacancies(for candidate: Candidate, k: Int, filter: MatchQueryFilter = MatchQueryFilter(), explain: Bool,
                                   by actor: AuditActor) async throws -> (results: [MatchResult], indexVersion: UInt64) {
        guard regions.permits(candidate, to: actor) else { throw RankingError.candidateNotFound(candidate.id) }
        return try await rankedVacancies(forCandidate: candidate.id, k: k, filter: filter, explain: explain, by: actor)
    }

    /// The ranking itself, for a candidate the actor may see (checked by the caller), audited.
    private func rankedVacancies(forCandidate id: String, k: Int, filter: MatchQueryFilter, explain: Bool,
                                 by actor: AuditActor) async throws -> (results: [MatchResult], indexVersion: UInt64) {
        let (snapshot, version) = index.versionedSnapshot
        let key = RankingCache.Key(subject: .candidate(id), k: k, filter: filter, explain: explain, regions: nil)
        let results = cache.results(for: key, version: version) {
            let started = ContinuousClock.now
            defer { Self.recordQueryTime((ContinuousClock.now - started).nanoseconds) }
            return snapshot.topVacancies(forCandidate: id, k: k, filter: filter, explain: explain)
        }
        try await audit.record(.matches, by: actor, candidate: id, purpose: "\(results.count) vacatures")
        return (results, version)
    }

    /// "Ander beroepsveld": occupations whose ESCO essential skills the candidate largely has (other than the ones
    /// they want already), each with the missing skills and the open vacancies of that occupation in the index.
    /// The same region rule and audit as the candidate's matches: it is a view of the candidate's skills.
    /// Throws ``RankingError/candidateNotFound(_:)`` for an unknown id or one outside the actor's regions.
    public func careerSwitches(forCandidate id: String, by actor: AuditActor) async throws -> [CareerSwitch] {
        guard try await regions.candidateIsVisible(id: id, in: candidates, by: actor, audit: audit) else { throw RankingError.candidateNotFound(id) }
        let suggestions = index.snapshot.careerSwitches(forCandidate: id)
        try await audit.record(.matches, by: actor, candidate: id, purpose: "ander beroepsveld: \(suggestions.count) beroepen")
        return suggestions
    }

    /// A vacancy's best candidates. Throws ``RankingError/vacancyNotFound(_:)`` for an unknown id.
    public func candidates(forVacancy id: Int64, k: Int, filter: MatchQueryFilter = MatchQueryFilter(), explain: Bool,
                           by actor: AuditActor) async throws -> [MatchResult] {
        // A manual vacancy outside the actor's regions is unknown to them, as on its own page (the refusal audited).
        guard try await regions.visibleVacancy(id: id, in: vacancies, by: actor, audit: audit) != nil else { throw RankingError.vacancyNotFound(id) }
        let (snapshot, version) = index.versionedSnapshot
        let key = RankingCache.Key(subject: .vacancy(id), k: k, filter: filter, explain: explain, regions: actor.regions)
        let results = cache.results(for: key, version: version) {
            let started = ContinuousClock.now
            defer { Self.recordQueryTime((ContinuousClock.now - started).nanoseconds) }
            return topCandidates(forVacancy: id, k: k, filter: filter, explain: explain, regions: actor.regions, in: snapshot)
        }
        try await audit.recordListed(candidates: results.map(\.candidateId), by: actor, purpose: "ranking voor vacature \(id)")
        return results
    }

    /// Top-k over the actor's regions only: one index query per region (the index filters candidates by their
    /// residence region), merged by score. Exact, and a consultant never sees who lives elsewhere.
    func topCandidates(forVacancy id: Int64, k: Int, filter: MatchQueryFilter, explain: Bool, regions allowed: Set<Int>?,
                       in snapshot: MatchIndex? = nil) -> [MatchResult] {
        let snapshot = snapshot ?? index.snapshot
        guard let allowed else { return snapshot.topCandidates(forVacancy: id, k: k, filter: filter, explain: explain) }
        let asked = filter.regionNumber.map { allowed.contains($0) ? [$0] : [] } ?? allowed.sorted()
        var merged: [MatchResult] = []
        for region in asked {
            var regional = filter
            regional.regionNumber = region
            merged += snapshot.topCandidates(forVacancy: id, k: k, filter: regional, explain: explain)
        }
        merged.sort { $0.score != $1.score ? $0.score > $1.score : $0.candidateId < $1.candidateId }
        return merged.prefix(k).enumerated().map { offset, result in
            var ranked = result
            ranked.rank = offset + 1
            return ranked
        }
    }

    /// Made per call (a cached lookup in the backend), so that it reports to whichever metrics backend the
    /// process bootstrapped, however early the first query came.
    static func recordQueryTime(_ nanoseconds: Int64) {
        Metrics.Timer(label: "matchpunt_match_query_seconds", preferredDisplayUnit: .seconds).recordNanoseconds(nanoseconds)
    }
}

extension Duration {
    /// Whole nanoseconds, saturating (a duration is never input, but no conversion may trap).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow2 ? .max : sum
    }
}
