import Benchmarks
import Domain
import Foundation
import Matching
import Reference
import Testing

@Suite struct IndexTests {
    let matcher = Fixture.matcher
    let date = Fixture.date

    func regionIndex() -> MatchIndex {
        var index = MatchIndex(matcher: matcher, date: date)
        index.rebuild(candidates: Fixture.region.candidates, vacancies: Fixture.region.vacancies)
        return index
    }

    @Test func upsertAndRemoveKeepTheIndexCurrent() throws {
        var index = regionIndex()
        let candidate = Fixture.region.candidates[3]
        let before = index.topVacancies(forCandidate: candidate.id, k: 10)
        let best = try #require(before.first)
        // The store closes the best vacancy: it must leave the ranking.
        var closed = try #require(Fixture.region.vacancies.first { $0.id == best.vacancyId })
        closed.status = .closed
        index.upsert(closed)
        let afterClose = index.topVacancies(forCandidate: candidate.id, k: 10)
        #expect(!afterClose.contains { $0.vacancyId == best.vacancyId })
        #expect(afterClose.first?.vacancyId == before[1].vacancyId)
        // Reopened, it comes back in its place.
        closed.status = .open
        index.upsert(closed)
        #expect(index.topVacancies(forCandidate: candidate.id, k: 10) == before)
        // Removed, and a brand-new vacancy reuses the slot without inheriting anything.
        index.removeVacancy(id: best.vacancyId)
        #expect(index.vacancyCount == Fixture.region.vacancies.count - 1)
        #expect(index.explain(candidateId: candidate.id, vacancyId: best.vacancyId) == nil)
        var fresh = Fixture.vacancy(id: 999_999, licences: [])
        fresh.title = "Nieuw"
        index.upsert(fresh)
        #expect(index.vacancyFeatures(id: 999_999)?.title == "Nieuw")
        // Incremental maintenance equals a rebuild from the same records.
        var rebuilt = MatchIndex(matcher: matcher, date: date)
        let records = Fixture.region.vacancies.filter { $0.id != best.vacancyId } + [fresh]
        rebuilt.rebuild(candidates: Fixture.region.candidates, vacancies: records)
        for c in Fixture.region.candidates.prefix(10) {
            #expect(index.topVacancies(forCandidate: c.id, k: 20) == rebuilt.topVacancies(forCandidate: c.id, k: 20))
        }
        // A candidate who moves is scored from the new postcode; a removed one is gone.
        index.removeCandidate(id: candidate.id)
        #expect(index.topVacancies(forCandidate: candidate.id).isEmpty)
        #expect(index.candidateCount == Fixture.region.candidates.count - 1)
    }

    @Test func repeatedUpsertsCompactThePoolWithoutChangingResults() {
        var index = regionIndex()
        let expected = index.topVacancies(forCandidate: Fixture.region.candidates[0].id, k: 20)
        // Enough rewrites of the same vacancies to trigger pool compaction several times.
        for _ in 0..<6 { for vacancy in Fixture.region.vacancies { index.upsert(vacancy) } }
        for _ in 0..<6 { for candidate in Fixture.region.candidates { index.upsert(candidate) } }
        #expect(index.topVacancies(forCandidate: Fixture.region.candidates[0].id, k: 20) == expected)
        #expect(index.vacancyCount == Fixture.region.vacancies.count)
    }

    @Test func queryFiltersApplyToTheOtherSide() throws {
        let index = regionIndex()
        let reference = Fixture.reference
        let candidate = Fixture.region.candidates[5]
        let all = index.topVacancies(forCandidate: candidate.id, k: 2_000)
        #expect(all.count > 20)

        let someVacancy = try #require(index.vacancyFeatures(id: all[0].vacancyId))
        let municipality = try #require(someVacancy.municipality)
        let inMunicipality = index.topVacancies(forCandidate: candidate.id, k: 2_000, filter: MatchQueryFilter(municipality: municipality))
        #expect(!inMunicipality.isEmpty)
        #expect(inMunicipality.allSatisfy { index.vacancyFeatures(id: $0.vacancyId)?.municipality == municipality })
        #expect(inMunicipality.count == all.filter { index.vacancyFeatures(id: $0.vacancyId)?.municipality == municipality }.count)

        let group = String(reference.occupations[Int(try #require(someVacancy.occupation))].iscoGroup.prefix(2))
        let inGroup = index.topVacancies(forCandidate: candidate.id, k: 2_000, filter: MatchQueryFilter(iscoGroup: group))
        #expect(!inGroup.isEmpty)
        #expect(inGroup.allSatisfy { result in
            let o = index.vacancyFeatures(id: result.vacancyId)!.occupation!
            return reference.occupations[Int(o)].iscoGroup.hasPrefix(group)
        })

        let threshold = all[all.count / 2].score
        let good = index.topVacancies(forCandidate: candidate.id, k: 2_000, filter: MatchQueryFilter(minimumScore: threshold))
        #expect(good.allSatisfy { $0.score >= threshold })
        #expect(good.count == all.filter { $0.score >= threshold }.count)

        let fullTime = WeeklyHours(min: 36, max: 40)!
        let longHours = index.topVacancies(forCandidate: candidate.id, k: 2_000, filter: MatchQueryFilter(hours: fullTime))
        #expect(longHours.allSatisfy { index.vacancyFeatures(id: $0.vacancyId)!.hours.overlap(with: fullTime) != nil })

        let regionNumber = try #require(reference.region(ofMunicipality: "Rotterdam")?.number)
        let inRegion = index.topVacancies(forCandidate: candidate.id, k: 2_000, filter: MatchQueryFilter(regionNumber: regionNumber))
        #expect(inRegion.count == all.count, "the synthetic region lies entirely in Rijnmond")
        #expect(index.topVacancies(forCandidate: candidate.id, filter: MatchQueryFilter(regionNumber: regionNumber + 1)).isEmpty)

        // The other direction: candidates by their residence.
        let vacancyId = all[0].vacancyId
        let candidates = index.topCandidates(forVacancy: vacancyId, k: 500, filter: MatchQueryFilter(municipality: candidate.municipality))
        #expect(candidates.contains { $0.candidateId == candidate.id })
        #expect(candidates.allSatisfy { index.candidateFeatures(id: $0.candidateId)?.municipality == candidate.municipality })
    }

    @Test func sharedIndexTakesWritesWhileSnapshotsAreQueried() async throws {
        let shared = SharedMatchIndex(regionIndex())
        let candidateId = Fixture.region.candidates[0].id
        let expected = shared.snapshot.topVacancies(forCandidate: candidateId, k: 5)
        let victim = try #require(expected.first?.vacancyId)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for vacancy in Fixture.region.vacancies.prefix(300) { shared.update { $0.upsert(vacancy) } }
                shared.update { $0.removeVacancy(id: victim) }
            }
            group.addTask {
                for _ in 0..<20 {
                    let results = shared.snapshot.topVacancies(forCandidate: candidateId, k: 5)
                    // Before the removal the ranking is unchanged; after it, the best one is gone.
                    #expect(results == expected || !results.contains { $0.vacancyId == victim })
                }
            }
        }
        #expect(!shared.snapshot.topVacancies(forCandidate: candidateId, k: 5).contains { $0.vacancyId == victim })
    }

    @Test func batchEqualsSingleQueries() {
        let index = regionIndex()
        let batch = index.topVacanciesForEveryCandidate(k: 20, threads: 2)
        #expect(batch.count == Fixture.region.candidates.count)
        #expect(batch.map(\.candidateId) == batch.map(\.candidateId).sorted())
        for row in batch.prefix(40) {
            #expect(row.matches == index.topVacancies(forCandidate: row.candidateId, k: 20))
        }
    }

    @Test func explanationNamesMissingSkillsDistanceAndWhatWouldHelp() throws {
        let truckSkills = Fixture.essentialSkills(of: Fixture.truckDriver)
        let candidate = Fixture.candidate(skills: Array(truckSkills.dropFirst(2)), licences: [.b])
        let vacancy = Fixture.vacancy(licences: [.ce])
        let explanation = matcher.explain(candidate: candidate, vacancy: vacancy, on: date)
        #expect(explanation.isExcluded)
        #expect(explanation.filtersFailed.map(\.filter) == [.drivingLicence])
        #expect(explanation.improvements.first?.kind == .drivingLicence)
        #expect(explanation.improvements.first?.text.contains("rijbewijs CE") == true)
        #expect(explanation.missingEssentialSkills.map(\.id) == Array(truckSkills.prefix(2)).sorted())
        #expect(explanation.missingEssentialSkills.allSatisfy { !$0.label.isEmpty })
        #expect(explanation.improvements.filter { $0.kind == .training }.count == 2)
        let km = try #require(explanation.distanceKm)
        let expected = try #require(Fixture.reference.distanceKm(from: 3311, to: 3313))
        #expect(abs(km - expected) < 1e-9)
        #expect(explanation.vacancyOccupation?.labelNL == "vrachtwagenchauffeur")
        #expect(explanation.profile == "drechtsteden", "Dordrecht lies in the Drechtsteden labour-market region")
        let text = explanation.dutchText
        #expect(text.contains("Uitgesloten"))
        #expect(text.contains("Wat de match zou verbeteren"))
        #expect(text.contains("vrachtwagenchauffeur"))

        // A CE licence includes C and B (Dutch licence rules).
        let ceDriver = Fixture.candidate(licences: [.ce])
        #expect(!matcher.explain(candidate: ceDriver, vacancy: Fixture.vacancy(licences: [.b]), on: date).isExcluded)
        #expect(!matcher.explain(candidate: ceDriver, vacancy: Fixture.vacancy(licences: [.c]), on: date).isExcluded)
        #expect(matcher.explain(candidate: ceDriver, vacancy: Fixture.vacancy(licences: [.d]), on: date).isExcluded)
    }

    @Test func aTitleOnlyVacancyIsScoredAgainstItsOccupationsSkills() {
        let candidate = Fixture.candidate()
        let explanation = matcher.explain(candidate: candidate, vacancy: Fixture.vacancy(required: []), on: date)
        #expect(explanation.skillSource == .occupation)
        #expect(explanation.factors[1].value > 0)
        let unknown = matcher.explain(candidate: candidate, vacancy: Fixture.vacancy(occupation: nil, required: []), on: date)
        #expect(unknown.skillSource == .unknown)
        #expect(unknown.factors[1].value == 0)
    }

    @Test func resultsRoundTripThroughJSON() throws {
        var index = regionIndex()
        index.upsert(Fixture.candidate(id: "KJSON"))
        let results = index.topVacancies(forCandidate: Fixture.region.candidates[0].id, k: 3, explain: true)
        #expect(results.count == 3)
        #expect(results.allSatisfy { $0.explanation?.score == $0.score })
        let line = results[0].dutchLine
        #expect(line.hasPrefix("1. "))
        #expect(line.contains("vacature \(results[0].vacancyId)"))
        #expect(line.contains(" km)"))
        let data = try JSONEncoder().encode(results)
        let decoded = try JSONDecoder().decode([MatchResult].self, from: data)
        #expect(decoded == results)
    }

    @Test func syntheticRegionIsDeterministic() {
        let a = SyntheticRegion.generate(reference: Fixture.reference, candidateCount: 50, vacancyCount: 200, on: Fixture.date, seed: 11)
        let b = SyntheticRegion.generate(reference: Fixture.reference, candidateCount: 50, vacancyCount: 200, on: Fixture.date, seed: 11)
        let c = SyntheticRegion.generate(reference: Fixture.reference, candidateCount: 50, vacancyCount: 200, on: Fixture.date, seed: 12)
        #expect(a.candidates == b.candidates)
        #expect(a.vacancies == b.vacancies)
        #expect(a.vacancies != c.vacancies)
        // Real postcodes of the region and real ESCO occupations.
        #expect(a.vacancies.allSatisfy { v in
            Fixture.reference.postcodeAreas[v.postcode!.pc4].flatMap { Fixture.reference.region(ofMunicipality: $0.municipality)?.name } == "Rijnmond"
                && Fixture.reference.occupation(v.occupation!) != nil
        })
    }

    @Test func benchmarkReportsBothDirectionsAndIsRepeatable() {
        let region = SyntheticRegion.generate(reference: Fixture.reference, candidateCount: 200, vacancyCount: 1_000, on: Fixture.date, seed: 3)
        let first = MatchBenchmark.run(matcher: matcher, candidates: region.candidates, vacancies: region.vacancies, on: date, sampleSize: 20)
        let second = MatchBenchmark.run(matcher: matcher, candidates: region.candidates, vacancies: region.vacancies, on: date, sampleSize: 20)
        #expect(first.candidates == 200 && first.vacancies == 1_000)
        #expect(first.candidateQuery.queries == 20 && first.vacancyQuery.queries == 20)
        #expect(first.candidateQuery.medianMs <= first.candidateQuery.p99Ms)
        #expect(first.indexMemoryBytes > 0)
        #expect(first.batchChecksum == second.batchChecksum)
        #expect(first.text.contains("batch"))
    }
}
