import Benchmarks
import Domain
@testable import Matching
import Testing

/// The index at the size `matchpunt bench match` measures (20,000 candidates × 100,000 vacancies, the same
/// synthetic region and peildatum): its top 20 in both directions equals a full scan of every pair through
/// ``Matcher/explain(candidate:vacancy:on:)``, scores included. The speed work (slots handed out by occupation at
/// a rebuild, only the occupations of the candidate's ISCO sub-major groups compared, vacancies of closer
/// occupations skipped in the skill pass) must leave every answer as it was; the small-region tests cannot show
/// that for long posting lists and a full top k at every level.
@Suite struct RegionScaleTests {
    @Test func topTwentyAtRegionScaleEqualsAFullScan() {
        let matcher = Fixture.matcher
        let date = CalendarDate(year: 2026, month: 11, day: 1)!
        let region = SyntheticRegion.generate(reference: Fixture.reference, candidateCount: 20_000, vacancyCount: 100_000, on: date)
        var index = MatchIndex(matcher: matcher, date: date)
        index.rebuild(candidates: region.candidates, vacancies: region.vacancies)
        let candidates = region.candidates.map(matcher.features(of:))
        let vacancies = region.vacancies.map(matcher.features(of:))

        // Spread over the set as the benchmark samples it.
        for i in stride(from: 7, to: candidates.count, by: 4_000) {
            let c = candidates[i]
            let all: [MatchExplanation] = vacancies.map { (v: VacancyFeatures) -> MatchExplanation in matcher.explain(c, v, on: date) }
            let ranked: [MatchExplanation] = all.filter { (e: MatchExplanation) -> Bool in !e.isExcluded && e.isRelevant }
                .sorted { (a: MatchExplanation, b: MatchExplanation) -> Bool in a.score != b.score ? a.score > b.score : a.vacancyId < b.vacancyId }
            let expected: [MatchExplanation] = Array(ranked.prefix(20))
            let top = index.topVacancies(forCandidate: c.id, k: 20)
            #expect(top.map { (r: MatchResult) -> Int64 in r.vacancyId } == expected.map { (e: MatchExplanation) -> Int64 in e.vacancyId }, "candidate \(c.id)")
            #expect(top.map { (r: MatchResult) -> Double in r.score } == expected.map { (e: MatchExplanation) -> Double in e.score }, "candidate \(c.id)")
        }
        for j in stride(from: 11, to: vacancies.count, by: 20_000) {
            let v = vacancies[j]
            let all: [MatchExplanation] = candidates.map { (c: CandidateFeatures) -> MatchExplanation in matcher.explain(c, v, on: date) }
            let ranked: [MatchExplanation] = all.filter { (e: MatchExplanation) -> Bool in !e.isExcluded && e.isRelevant }
                .sorted { (a: MatchExplanation, b: MatchExplanation) -> Bool in a.score != b.score ? a.score > b.score : a.candidateId < b.candidateId }
            let expected: [MatchExplanation] = Array(ranked.prefix(20))
            let top = index.topCandidates(forVacancy: v.id, k: 20)
            #expect(top.map { (r: MatchResult) -> String in r.candidateId } == expected.map { (e: MatchExplanation) -> String in e.candidateId }, "vacancy \(v.id)")
            #expect(top.map { (r: MatchResult) -> Double in r.score } == expected.map { (e: MatchExplanation) -> Double in e.score }, "vacancy \(v.id)")
        }
    }

    /// A rebuild hands out slots by occupation; of two records with one id the later still wins.
    @Test func rebuildKeepsTheLastRecordOfAnId() {
        let first = Fixture.vacancy(id: 9, occupation: Fixture.busDriver, title: "Buschauffeur")
        let second = Fixture.vacancy(id: 9, occupation: Fixture.truckDriver)
        var index = MatchIndex(matcher: Fixture.matcher, date: Fixture.date)
        index.rebuild(candidates: [Fixture.candidate()], vacancies: [second, first, second])
        #expect(index.vacancyCount == 1)
        #expect(index.vacancyFeatures(id: 9)?.title == "Vrachtwagenchauffeur C")
    }
}
