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

    public init(candidates: any CandidateRepository, vacancies: any VacancyRepository, index: SharedMatchIndex, audit: AuditLog) {
        self.candidates = candidates
        self.vacancies = vacancies
        self.index = index
        self.audit = audit
    }

    /// A candidate's best vacancies. Throws ``RankingError/candidateNotFound(_:)`` for an unknown id.
    public func vacancies(forCandidate id: String, k: Int, filter: MatchQueryFilter = MatchQueryFilter(), explain: Bool,
                          by actor: AuditActor) async throws -> [MatchResult] {
        guard try await candidates.candidate(id: id) != nil else { throw RankingError.candidateNotFound(id) }
        let started = ContinuousClock.now
        let results = index.snapshot.topVacancies(forCandidate: id, k: k, filter: filter, explain: explain)
        Self.recordQueryTime((ContinuousClock.now - started).nanoseconds)
        try await audit.record(.matches, by: actor, candidate: id, purpose: "\(results.count) vacatures")
        return results
    }

    /// A vacancy's best candidates. Throws ``RankingError/vacancyNotFound(_:)`` for an unknown id.
    public func candidates(forVacancy id: Int64, k: Int, filter: MatchQueryFilter = MatchQueryFilter(), explain: Bool,
                           by actor: AuditActor) async throws -> [MatchResult] {
        guard try await vacancies.vacancy(id: id) != nil else { throw RankingError.vacancyNotFound(id) }
        let started = ContinuousClock.now
        let results = index.snapshot.topCandidates(forVacancy: id, k: k, filter: filter, explain: explain)
        Self.recordQueryTime((ContinuousClock.now - started).nanoseconds)
        try await audit.recordListed(candidates: results.map(\.candidateId), by: actor, purpose: "ranking voor vacature \(id)")
        return results
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
