import Domain
import Foundation
@testable import Matching
import Reference
import Testing

/// Relevance first: occupation and skills decide whether a vacancy is shown at all; distance, hours, education,
/// language and the inclusive vacancy only order the relevant ones.
@Suite struct RelevanceTests {
    let matcher = Fixture.matcher
    let date = Fixture.date

    /// The case: a nearby vacancy in another field with perfect hours may not outrank a relevant one.
    @Test func aVacancyWithoutRelevanceScoresZeroAndIsNotRanked() throws {
        let candidate = Fixture.candidate(skills: [])
        let cook = Fixture.vacancy(id: 1, occupation: Fixture.cook, postcode: 3311, required: [], licences: [])
        let truck = Fixture.vacancy(id: 2, postcode: 3317, hours: (24, 28), required: [], licences: [])
        let unrelated = matcher.explain(candidate: candidate, vacancy: cook, on: date)
        #expect(!unrelated.isExcluded)
        #expect(unrelated.relevance == 0)
        #expect(unrelated.score == 0, "practical fit is multiplied by relevance")
        #expect(!unrelated.isRelevant)
        #expect(unrelated.contributionSum == unrelated.score)
        let relevant = matcher.explain(candidate: candidate, vacancy: truck, on: date)
        #expect(relevant.isRelevant)
        #expect(relevant.score > 0)
        var index = MatchIndex(matcher: matcher, date: date)
        index.rebuild(candidates: [candidate], vacancies: [cook, truck])
        #expect(index.topVacancies(forCandidate: "K1").map(\.vacancyId) == [2])
        #expect(index.topCandidates(forVacancy: 1).isEmpty)
        #expect(index.topCandidates(forVacancy: 2).map(\.candidateId) == ["K1"])
    }

    /// With at least 20 relevant vacancies available, none of the top 20 has zero relevance — and the index's
    /// top 20 is exactly the best 20 of all pairs scored one by one (so the posting lists miss nothing).
    @Test func withTwentyRelevantVacanciesNoneOfTheTopTwentyHasZeroRelevance() throws {
        let region = Fixture.region
        var index = MatchIndex(matcher: matcher, date: date)
        index.rebuild(candidates: region.candidates, vacancies: region.vacancies)
        var checked = 0
        for candidate in region.candidates.prefix(40) {
            let all = region.vacancies.map { matcher.explain(candidate: candidate, vacancy: $0, on: date) }
            let relevant = all.filter { !$0.isExcluded && $0.relevance > 0 }
            guard relevant.count >= 20 else { continue }
            checked += 1
            let top = index.topVacancies(forCandidate: candidate.id, k: 20, explain: true)
            #expect(top.count == 20 || top.count == all.filter { !$0.isExcluded && $0.isRelevant }.count)
            for result in top {
                let explanation = try #require(result.explanation)
                #expect(explanation.relevance > 0, "candidate \(candidate.id), vacancy \(result.vacancyId)")
                #expect(explanation.isRelevant)
            }
            let ranked: [MatchExplanation] = all.filter { !$0.isExcluded && $0.isRelevant }
                .sorted { (a: MatchExplanation, b: MatchExplanation) -> Bool in a.score != b.score ? a.score > b.score : a.vacancyId < b.vacancyId }
            let expected: [Int64] = ranked.prefix(20).map(\.vacancyId)
            #expect(top.map(\.vacancyId) == Array(expected), "candidate \(candidate.id)")
        }
        #expect(checked >= 20)
        // The other direction, the same way.
        for vacancy in region.vacancies.prefix(40) {
            let explanations: [MatchExplanation] = region.candidates.map { matcher.explain(candidate: $0, vacancy: vacancy, on: date) }
            let ranked: [MatchExplanation] = explanations.filter { !$0.isExcluded && $0.isRelevant }
                .sorted { (a: MatchExplanation, b: MatchExplanation) -> Bool in a.score != b.score ? a.score > b.score : a.candidateId < b.candidateId }
            let expected: [String] = ranked.prefix(20).map(\.candidateId)
            #expect(index.topCandidates(forVacancy: vacancy.id, k: 20).map(\.candidateId) == Array(expected), "vacancy \(vacancy.id)")
        }
    }

    /// Upserts and removals keep the posting lists current: after many changes the ranking equals a fresh build.
    @Test func postingListsStayCurrentThroughChanges() {
        let region = Fixture.region
        var changed = MatchIndex(matcher: matcher, date: date)
        changed.rebuild(candidates: region.candidates, vacancies: region.vacancies)
        var vacancies = region.vacancies
        // Move every third vacancy to another occupation and drop every seventh; re-upsert candidates with fewer skills.
        for i in vacancies.indices where i % 3 == 0 {
            vacancies[i].occupation = region.vacancies[(i + 11) % region.vacancies.count].occupation
            vacancies[i].requiredSkills = Array(vacancies[i].requiredSkills.prefix(2))
            changed.upsert(vacancies[i])
        }
        for i in vacancies.indices.reversed() where i % 7 == 0 {
            changed.removeVacancy(id: vacancies[i].id)
            vacancies.remove(at: i)
        }
        var candidates = region.candidates
        for i in candidates.indices where i % 2 == 0 {
            candidates[i].skills = Array(candidates[i].skills.suffix(3))
            changed.upsert(candidates[i])
        }
        var fresh = MatchIndex(matcher: matcher, date: date)
        fresh.rebuild(candidates: candidates, vacancies: vacancies)
        for candidate in candidates.prefix(30) {
            #expect(changed.topVacancies(forCandidate: candidate.id).map(\.vacancyId) == fresh.topVacancies(forCandidate: candidate.id).map(\.vacancyId))
        }
        for vacancy in vacancies.prefix(30) {
            #expect(changed.topCandidates(forVacancy: vacancy.id).map(\.candidateId) == fresh.topCandidates(forVacancy: vacancy.id).map(\.candidateId))
        }
    }

    /// A vacancy without a known place is shown as "locatie onbekend" and never gets distance credit.
    @Test func aVacancyWithoutLocationIsNeverScoredAsNear() throws {
        let candidate = Fixture.candidate()
        let nowhere = Fixture.vacancy(id: 1, postcode: nil, licences: [])
        let near = Fixture.vacancy(id: 2, postcode: 3311, licences: [])
        let unknown = matcher.explain(candidate: candidate, vacancy: nowhere, on: date)
        #expect(!unknown.locationKnown)
        #expect(unknown.distanceKm == nil)
        let distance = try #require(unknown.factors.first { $0.factor == .distance })
        #expect(distance.value == 0)
        #expect(distance.detail.contains("locatie onbekend"))
        #expect(unknown.dutchText.contains("locatie onbekend"))
        let known = matcher.explain(candidate: candidate, vacancy: near, on: date)
        #expect(known.score > unknown.score)
        var index = MatchIndex(matcher: matcher, date: date)
        index.rebuild(candidates: [candidate], vacancies: [nowhere, near])
        #expect(index.topVacancies(forCandidate: "K1").map(\.vacancyId) == [2, 1])
    }

    /// The demo data (300 candidates, 3,000 vacancies): the share of top-20 results with neither occupational nor
    /// skills relevance, under the old additive score (before) and the relevance-first score (after). Printed
    /// for the README; measured before 29.4% → after 0% (see the README's Matching section).
    @Test func zeroRelevanceShareOnTheDemoData() throws {
        let demo = Fixture.root.appendingPathComponent("fixtures/demo")
        func records<T: Decodable>(_ type: T.Type, _ name: String) throws -> [T] {
            let data = try Data(contentsOf: demo.appendingPathComponent(name))
            return try data.split(separator: 0x0A).map { try JSONDecoder().decode(type, from: Data($0)) }
        }
        let candidates = try records(Candidate.self, "candidates.jsonl")
        let vacancies = try records(Vacancy.self, "vacancies.jsonl")
        #expect(candidates.count == 300)
        let day = CalendarDate(year: 2026, month: 11, day: 1)!  // the demo's reference date
        var index = MatchIndex(matcher: matcher, date: day)
        index.rebuild(candidates: candidates, vacancies: vacancies)
        let vacancyFeatures = vacancies.map(matcher.features(of:))
        var before = (results: 0, zero: 0), after = (results: 0, zero: 0)
        for candidate in candidates {
            let c = matcher.features(of: candidate)
            let old = matcher.profiles.all[c.profileNumber].normalisedWeights
            // The old score: the weighted sum of all seven values, practical factors counting in full.
            var scored: [(score: Double, id: Int64, zero: Bool)] = []
            for v in vacancyFeatures {
                let e = matcher.explain(c, v, on: day)
                guard !e.isExcluded else { continue }
                var score = 0.0
                for (i, factor) in e.factors.enumerated() { score += old[i] * factor.value }
                scored.append((score, v.id, e.factors[0].value == 0 && e.factors[1].value == 0))
            }
            scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
            for entry in scored.prefix(20) {
                before.results += 1
                if entry.zero { before.zero += 1 }
            }
            for result in index.topVacancies(forCandidate: candidate.id, k: 20, explain: true) {
                after.results += 1
                let e = try #require(result.explanation)
                if e.factors[0].value == 0 && e.factors[1].value == 0 { after.zero += 1 }
            }
        }
        let share = { (x: (results: Int, zero: Int)) in x.results == 0 ? 0 : 100 * Double(x.zero) / Double(x.results) }
        print("demo top-20 with zero relevance: before \(before.zero)/\(before.results) (\(share(before))%), after \(after.zero)/\(after.results) (\(share(after))%)")
        #expect(after.zero == 0)
        #expect(before.zero > 0)
    }
}
