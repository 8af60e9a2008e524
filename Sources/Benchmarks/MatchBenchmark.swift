import Matching
import Dispatch
import Domain

/// Latency of one kind of query over a sample, in milliseconds.
public struct LatencySummary: Sendable, Codable, Hashable {
    public var queries: Int
    public var medianMs: Double
    public var p99Ms: Double
    public var maxMs: Double
}

/// What ``MatchBenchmark/run(matcher:candidates:vacancies:on:k:sampleSize:threads:)`` measured.
public struct MatchBenchmarkReport: Sendable, Codable, Hashable {
    public var candidates: Int
    public var vacancies: Int
    public var k: Int
    public var buildSeconds: Double
    /// Candidate → top-k vacancies.
    public var candidateQuery: LatencySummary
    /// Vacancy → top-k candidates.
    public var vacancyQuery: LatencySummary
    /// Every candidate's top k, on `batchThreads` threads.
    public var batchSeconds: Double
    public var batchThreads: Int
    public var indexMemoryBytes: Int
    /// Sum of all batch scores: equal across runs when the ranking is deterministic.
    public var batchChecksum: Double

    public var text: String {
        func ms(_ value: Double) -> String { MatchExplanation.decimal(value, 3) + " ms" }
        return """
        index: \(candidates) kandidaten, \(vacancies) vacatures, opgebouwd in \(MatchExplanation.decimal(buildSeconds, 2)) s, geheugen ≈ \(MatchExplanation.decimal(Double(indexMemoryBytes) / 1_048_576, 1)) MB
        kandidaat → top \(k) vacatures: mediaan \(ms(candidateQuery.medianMs)), p99 \(ms(candidateQuery.p99Ms)), max \(ms(candidateQuery.maxMs)) (\(candidateQuery.queries) vragen)
        vacature → top \(k) kandidaten: mediaan \(ms(vacancyQuery.medianMs)), p99 \(ms(vacancyQuery.p99Ms)), max \(ms(vacancyQuery.maxMs)) (\(vacancyQuery.queries) vragen)
        batch (top \(k) voor elke kandidaat, \(batchThreads) threads): \(MatchExplanation.decimal(batchSeconds, 2)) s, controlegetal \(MatchExplanation.decimal(batchChecksum, 4))
        """
    }
}

public enum MatchBenchmark {
    /// Builds an index from the given records and times single queries in both directions (a deterministic
    /// sample of `sampleSize` ids each) and the whole candidate batch. Run it on a release build.
    public static func run(matcher: Matcher, candidates: [Candidate], vacancies: [Vacancy], on date: CalendarDate,
                           k: Int = 20, sampleSize: Int = 1_000, threads: Int = 2) -> MatchBenchmarkReport {
        let clock = ContinuousClock()
        var index = MatchIndex(matcher: matcher, date: date)
        let buildStart = clock.now
        index.rebuild(candidates: candidates, vacancies: vacancies)
        let buildSeconds = seconds(clock.now - buildStart)

        // Every n-th id, so the sample spreads over the whole set and is the same each run.
        func sample<T>(_ items: [T]) -> [T] {
            guard !items.isEmpty else { return [] }
            let step = max(1, items.count / max(1, sampleSize))
            return stride(from: 0, to: items.count, by: step).prefix(sampleSize).map { items[$0] }
        }
        var candidateTimes: [Double] = []
        for candidate in sample(candidates) {
            let start = clock.now
            let result = index.topVacancies(forCandidate: candidate.id, k: k)
            candidateTimes.append(seconds(clock.now - start) * 1_000)
            precondition(result.count <= k)
        }
        var vacancyTimes: [Double] = []
        for vacancy in sample(vacancies) {
            let start = clock.now
            let result = index.topCandidates(forVacancy: vacancy.id, k: k)
            vacancyTimes.append(seconds(clock.now - start) * 1_000)
            precondition(result.count <= k)
        }
        let batchStart = clock.now
        let batch = index.topVacanciesForEveryCandidate(k: k, threads: threads)
        let batchSeconds = seconds(clock.now - batchStart)
        let checksum = batch.reduce(0.0) { sum, row in row.matches.reduce(sum) { $0 + $1.score } }

        return MatchBenchmarkReport(
            candidates: index.candidateCount, vacancies: index.vacancyCount, k: k, buildSeconds: buildSeconds,
            candidateQuery: summary(candidateTimes), vacancyQuery: summary(vacancyTimes),
            batchSeconds: batchSeconds, batchThreads: threads, indexMemoryBytes: index.memoryEstimateBytes, batchChecksum: checksum)
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    static func summary(_ times: [Double]) -> LatencySummary {
        guard !times.isEmpty else { return LatencySummary(queries: 0, medianMs: 0, p99Ms: 0, maxMs: 0) }
        let sorted = times.sorted()
        func quantile(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded()))] }
        return LatencySummary(queries: times.count, medianMs: quantile(0.5), p99Ms: quantile(0.99), maxMs: sorted.last!)
    }
}
