import Benchmarks
import App
import ArgumentParser
import Domain
import Foundation
import Matching
import Reference
import Services
import Store

struct Match: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Top vacancies for a candidate, or top candidates for a vacancy, with an explainable score.")

    @Option(name: .long, help: "Candidate id: rank vacancies for this candidate.") var candidate: String?
    @Option(name: .long, help: "Vacancy id: rank candidates for this vacancy.") var vacancy: Int64?
    @Option(name: .long, help: "How many results.") var top = 20
    @Option(name: .long, help: "Only results with at least this score (0–1).") var minScore: Double?
    @Option(name: .long, help: "Only this municipality (of the other side).") var municipality: String?
    @Flag(name: .long, help: "Explain every result: factors, filters, missing skills, what would raise it.") var explain = false
    @Flag(name: .long, help: "Print JSON.") var json = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (candidate == nil) != (vacancy == nil) else { throw ValidationError("give exactly one of --candidate and --vacancy") }
        guard (1...500).contains(top) else { throw ValidationError("--top must be between 1 and 500") }
    }

    func run() async throws {
        let configuration = store.configuration()
        var filter = MatchQueryFilter()
        filter.minimumScore = minScore
        filter.municipality = municipality
        let results = try await reportingFailures { () throws -> [MatchResult] in
            let database = try await openRepositories(configuration)
            let reference = try ReferenceData.load(from: configuration.referenceDirectory)
            let matcher = try AppServices.loadMatcher(configuration, reference: reference)
            let follower = try await IndexFollower.start(matcher: matcher, repositories: database, logger: makeLogger())
            let rankings = Rankings(candidates: database, vacancies: database, index: follower.index, audit: AuditLog(repository: database))
            let actor = AuditActor.commandLine(NSUserName())
            do {
                if let candidate {
                    return try await rankings.vacancies(forCandidate: candidate, k: top, filter: filter, explain: true, by: actor)
                }
                return try await rankings.candidates(forVacancy: vacancy!, k: top, filter: filter, explain: true, by: actor)
            } catch let error as RankingError {
                throw StartupError(error.description)
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
            return
        }
        if results.isEmpty { print("geen resultaten (alle paren vallen af op een harde eis, of er is niets open)") }
        for result in results {
            print(result.dutchLine)
            if explain, let explanation = result.explanation {
                print(explanation.dutchText.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            }
        }
    }
}

extension Bench {
    struct MatchSpeed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "match",
            abstract: "Region-scale matching benchmark: in-memory index vs the same query in SQLite.",
            discussion: "Generates a deterministic region (SyntheticRegion, seed 2026), times top-k queries in both directions and the whole batch, then loads the same records into a temporary SQLite database and times the candidate → vacancies query in SQL.")

        @Option(name: .long) var candidates = 20_000
        @Option(name: .long) var vacancies = 100_000
        @Option(name: .long, help: "Queries sampled per direction.") var sample = 1_000
        @Option(name: .long, help: "SQL queries timed (each scans the region).") var sqlQueries = 30
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = store.configuration()
            try await reportingFailures {
                let reference = try ReferenceData.load(from: configuration.referenceDirectory)
                let matcher = try AppServices.loadMatcher(configuration, reference: reference)
                let date = CalendarDate(year: 2026, month: 11, day: 1)!
                let region = SyntheticRegion.generate(reference: reference, candidateCount: candidates, vacancyCount: vacancies, on: date)
                let report = MatchBenchmark.run(matcher: matcher, candidates: region.candidates, vacancies: region.vacancies,
                                                on: date, sampleSize: sample)
                print(report.text)

                // The same records in SQLite, and the candidate → vacancies query in SQL.
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("matchpunt-bench-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: directory) }
                let database = try MatchpuntStore(path: directory.appendingPathComponent("bench.sqlite").path)
                // The synthetic region has no employer records; matching does not need them.
                try await database.seed(employers: [], candidates: region.candidates,
                                  vacancies: region.vacancies.map { var vacancy = $0; vacancy.employerId = nil; return vacancy })
                let baseline = try SQLMatchBaseline(
                    store: database,
                    centroids: reference.postcodeAreas.values.map { ($0.pc4, $0.latitude, $0.longitude) },
                    occupationIsco: reference.occupations.compactMap { o in Int(o.iscoGroup).map { (o.id, $0) } })
                let profile = matcher.profiles.defaultProfile
                // Relevance first, as the index scores (see SQLMatchWeights).
                let r = profile.relevanceWeights, p = profile.practicalWeights
                var weights = SQLMatchWeights(
                    occupation: r[0], skills: r[1], distance: p[0], hours: p[1], education: p[2], dutchLanguage: p[3], inclusiveVacancy: p[4],
                    sameOccupation: profile.sameOccupation, sameUnitGroup: profile.sameUnitGroup, sameMinorGroup: profile.sameMinorGroup,
                    sameSubMajorGroup: profile.sameSubMajorGroup, optionalSkillWeight: profile.optionalSkillWeight,
                    fullDistanceKm: profile.fullDistanceScoreWithinKm, fullHours: Double(profile.fullHoursScoreFrom),
                    educationPenalty: profile.educationPenaltyPerLevel, dutchPenalty: profile.dutchPenaltyPerLevel,
                    registerSuitable: profile.registerCandidateSuitableVacancy, registerRegular: profile.registerCandidateRegularVacancy,
                    otherSuitable: profile.otherCandidateSuitableVacancy, otherRegular: profile.otherCandidateRegularVacancy)
                weights.relevanceShare = profile.relevanceShare
                weights.minimumRelevance = profile.minimumRelevance
                weights.minimumScore = profile.minimumScore
                var index = MatchIndex(matcher: matcher, date: date)
                index.rebuild(candidates: region.candidates, vacancies: region.vacancies)
                let step = max(1, region.candidates.count / sqlQueries)
                var sqlTimes: [Double] = []
                var indexTimes: [Double] = []
                var overlap = 0, compared = 0
                for candidate in stride(from: 0, to: region.candidates.count, by: step).prefix(sqlQueries).map({ region.candidates[$0] }) {
                    let started = ContinuousClock.now
                    let sql = try baseline.topVacancies(for: candidate, weights: weights, k: 20)
                    sqlTimes.append(milliseconds(ContinuousClock.now - started))
                    let indexStarted = ContinuousClock.now
                    let fast = index.topVacancies(forCandidate: candidate.id, k: 20)
                    indexTimes.append(milliseconds(ContinuousClock.now - indexStarted))
                    overlap += Set(sql.map(\.0)).intersection(fast.map(\.vacancyId)).count
                    compared += max(sql.count, fast.count)
                }
                let sqlMedian = median(sqlTimes), indexMedian = median(indexTimes)
                print(String(format: "SQL (SQLite, same data and filters): median %.1f ms over %d candidate queries; index median %.3f ms on the same candidates; index is %.0f× faster",
                             sqlMedian, sqlTimes.count, indexMedian, sqlMedian / max(indexMedian, 0.000_001)))
                print("top-20 agreement SQL vs index: \(overlap) of \(compared) results (the index also scores vacancies without listed skills against their occupation's ESCO skills; the SQL does not)")
            }
        }

        func milliseconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
        }

        func median(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.sorted()[values.count / 2] }
    }
}
