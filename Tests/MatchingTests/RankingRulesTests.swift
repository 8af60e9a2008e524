import Domain
import Foundation
import Matching
import Reference
import Testing

/// The rules that make a ranking trustworthy for staff.
@Suite struct RankingRulesTests {
    let matcher = Fixture.matcher
    let date = Fixture.date

    @Test func eachHardFilterExcludesAndIsNamed() throws {
        let candidate = Fixture.candidate(reach: 10, hours: (24, 32), licences: [.b], avoid: [.nightShifts],
                                          availableFrom: CalendarDate(year: 2026, month: 3, day: 1)!)
        let cases: [(Vacancy, HardFilter)] = [
            (Fixture.vacancy(id: 2, licences: [], status: .closed), .vacancyClosed),
            (Fixture.vacancy(id: 3, postcode: 3521, licences: []), .travelReach),            // Utrecht, ~50 km away
            (Fixture.vacancy(id: 4, hours: (36, 40), licences: []), .hoursOverlap),
            (Fixture.vacancy(id: 5, licences: [.c]), .drivingLicence),
            (Fixture.vacancy(id: 6, licences: [], demands: [.nightShifts]), .workDemand),
            (Fixture.vacancy(id: 7, licences: [], start: CalendarDate(year: 2026, month: 2, day: 1)!), .startDate),
        ]
        var index = MatchIndex(matcher: matcher, date: date)
        index.rebuild(candidates: [candidate], vacancies: cases.map(\.0) + [Fixture.vacancy(id: 1, licences: [])])
        for (vacancy, filter) in cases {
            let explanation = matcher.explain(candidate: candidate, vacancy: vacancy, on: date)
            #expect(explanation.isExcluded)
            #expect(explanation.filtersFailed.map(\.filter) == [filter], "vacancy \(vacancy.id)")
            #expect(!explanation.filtersPassed.contains(filter))
            #expect(explanation.improvements.contains { !$0.text.isEmpty })
            #expect(index.topCandidates(forVacancy: vacancy.id).isEmpty)
        }
        #expect(index.topVacancies(forCandidate: "K1", k: 50).map(\.vacancyId) == [1])
    }

    /// The index and the explanation path agree on every pair: a vacancy is ranked exactly when no filter fails
    /// and it is relevant (occupation or skills fit at least the profile's minimum relevance). The index reads
    /// only posting lists (occupation groups, skills), so this also checks that it misses no relevant pair.
    @Test func excludedPairsNeverAppearAndIncludedOnesAlwaysDo() {
        let region = Fixture.region
        var index = MatchIndex(matcher: matcher, date: date)
        index.rebuild(candidates: region.candidates, vacancies: region.vacancies)
        for candidate in region.candidates.prefix(15) {
            let ranked = index.topVacancies(forCandidate: candidate.id, k: region.vacancies.count)
            let rankedIds = Set(ranked.map(\.vacancyId))
            var eligible = Set<Int64>()
            for vacancy in region.vacancies {
                let explanation = matcher.explain(candidate: candidate, vacancy: vacancy, on: date)
                if !explanation.isExcluded && explanation.isRelevant { eligible.insert(vacancy.id) }
            }
            #expect(rankedIds == eligible, "candidate \(candidate.id)")
            #expect(!eligible.isEmpty)
        }
        // And from the vacancy's side.
        for vacancy in region.vacancies.prefix(15) {
            let ranked = Set(index.topCandidates(forVacancy: vacancy.id, k: region.candidates.count).map(\.candidateId))
            let eligible = Set(region.candidates.filter {
                let explanation = matcher.explain(candidate: $0, vacancy: vacancy, on: date)
                return !explanation.isExcluded && explanation.isRelevant
            }.map(\.id))
            #expect(ranked == eligible, "vacancy \(vacancy.id)")
        }
    }

    @Test func movingAVacancyCloserNeverLowersTheScore() throws {
        let candidate = Fixture.candidate(reach: 40)
        // From Gorinchem (~20 km) to Zwijndrecht (~2 km) to the candidate's own PC4.
        var previous = -1.0
        for postcode in [4201, 3331, 3311] {
            let score = try #require(matcher.score(candidate: candidate, vacancy: Fixture.vacancy(postcode: postcode), on: date))
            #expect(score >= previous)
            previous = score
        }
        // The same over the synthetic region: every ranked pair, moved to the candidate's PC4.
        for candidate in Fixture.region.candidates.prefix(20) {
            for vacancy in Fixture.region.vacancies.prefix(300) {
                guard let before = matcher.score(candidate: candidate, vacancy: vacancy, on: date) else { continue }
                var closer = vacancy
                closer.postcode = candidate.postcode
                let after = try #require(matcher.score(candidate: candidate, vacancy: closer, on: date))
                #expect(after >= before)
            }
        }
    }

    @Test func addingARequiredSkillToTheCandidateNeverLowersTheScore() throws {
        for candidate in Fixture.region.candidates.prefix(20) {
            for vacancy in Fixture.region.vacancies.prefix(150) {
                guard let before = matcher.score(candidate: candidate, vacancy: vacancy, on: date) else { continue }
                let explanation = matcher.explain(candidate: candidate, vacancy: vacancy, on: date)
                guard let missing = explanation.missingEssentialSkills.first else { continue }
                var trained = candidate
                trained.skills.append(missing.id)
                let after = try #require(matcher.score(candidate: trained, vacancy: vacancy, on: date))
                #expect(after > before, "a missing essential skill acquired must raise the score")
                // The adviser is told exactly that gain.
                let gain = try #require(explanation.improvements.first { $0.kind == .training }?.scoreGain)
                #expect(abs((after - before) - gain) < 1e-12)
            }
        }
    }

    @Test func wideningTheHoursOverlapNeverLowersTheScore() throws {
        for candidate in Fixture.region.candidates.prefix(20) {
            for vacancy in Fixture.region.vacancies.prefix(150) {
                guard let before = matcher.score(candidate: candidate, vacancy: vacancy, on: date) else { continue }
                var wider = candidate
                wider.hoursAvailable = WeeklyHours(min: max(0, candidate.hoursAvailable.min - 8), max: min(80, candidate.hoursAvailable.max + 8))!
                #expect(try #require(matcher.score(candidate: wider, vacancy: vacancy, on: date)) >= before)
                var widerVacancy = vacancy
                widerVacancy.hours = WeeklyHours(min: max(0, vacancy.hours.min - 8), max: min(80, vacancy.hours.max + 8))!
                #expect(try #require(matcher.score(candidate: candidate, vacancy: widerVacancy, on: date)) >= before)
            }
        }
    }

    @Test func samePairSameScoreInBothDirectionsAndInTheExplanation() throws {
        let region = Fixture.region
        var index = MatchIndex(matcher: matcher, date: date)
        index.rebuild(candidates: region.candidates, vacancies: region.vacancies)
        var checked = 0
        for candidate in region.candidates.prefix(30) {
            for result in index.topVacancies(forCandidate: candidate.id, k: 5) {
                let reverse = index.topCandidates(forVacancy: result.vacancyId, k: region.candidates.count)
                let mirrored = try #require(reverse.first { $0.candidateId == candidate.id })
                #expect(mirrored.score == result.score)
                let vacancy = try #require(region.vacancies.first { $0.id == result.vacancyId })
                #expect(matcher.explain(candidate: candidate, vacancy: vacancy, on: date).score == result.score)
                checked += 1
            }
        }
        #expect(checked > 50)
    }

    @Test func contributionsAddUpToTheScoreExactly() {
        var checked = 0
        for candidate in Fixture.region.candidates.prefix(10) {
            for vacancy in Fixture.region.vacancies.prefix(200) {
                let explanation = matcher.explain(candidate: candidate, vacancy: vacancy, on: date)
                #expect(explanation.contributionSum == explanation.score)
                #expect((0...1).contains(explanation.score))
                #expect(explanation.factors.map(\.factor) == MatchFactor.allCases)
                for factor in explanation.factors {
                    #expect((0...1).contains(factor.value))
                    #expect(factor.contribution == factor.weight * factor.value)
                }
                checked += 1
            }
        }
        #expect(checked == 2_000)
        // A perfect pair reaches at most 1, and the weights of a profile sum to at most 1.
        for profile in Fixture.profiles.all {
            let weights = profile.normalisedWeights
            #expect(weights.reduce(0, +) <= 1)
            #expect(weights.reduce(0, +) > 0.999_999)
        }
    }

    @Test func tiesAreBrokenByIdWhateverTheInsertionOrder() {
        // Identical vacancies and identical candidates: only the ids differ.
        let vacancies = [9, 3, 7, 1, 5].map { Fixture.vacancy(id: Int64($0), licences: []) }
        let candidates = ["K9", "K3", "K7", "K1", "K5"].map { Fixture.candidate(id: $0) }
        var forward = MatchIndex(matcher: matcher, date: date)
        forward.rebuild(candidates: candidates, vacancies: vacancies)
        var backward = MatchIndex(matcher: matcher, date: date)
        backward.rebuild(candidates: candidates.reversed(), vacancies: vacancies.reversed())
        for index in [forward, backward] {
            let top = index.topVacancies(forCandidate: "K5", k: 3)
            #expect(top.map(\.vacancyId) == [1, 3, 5])
            #expect(Set(top.map(\.score)).count == 1)
            #expect(top.map(\.rank) == [1, 2, 3])
            #expect(index.topCandidates(forVacancy: 7, k: 4).map(\.candidateId) == ["K1", "K3", "K5", "K7"])
        }
    }

    /// Drechtsteden lets a vacancy start up to 14 days before the candidate is available; the default does not.
    /// The index must apply each candidate's own profile exactly as the explanation does.
    @Test func theCandidatesRegionalProfileAppliesInTheIndexToo() throws {
        let available = CalendarDate(year: 2026, month: 3, day: 15)!
        let dordrecht = Fixture.candidate(id: "K1", availableFrom: available)
        let rotterdam = Fixture.candidate(id: "K2", postcode: 3011, reach: 40, availableFrom: available, municipality: "Rotterdam")
        let early = Fixture.vacancy(id: 1, licences: [], start: available.adding(days: -10))
        #expect(!matcher.explain(candidate: dordrecht, vacancy: early, on: date).isExcluded)
        #expect(matcher.explain(candidate: rotterdam, vacancy: early, on: date).filtersFailed.map(\.filter) == [.startDate])
        var index = MatchIndex(matcher: matcher, date: date)
        index.rebuild(candidates: [dordrecht, rotterdam], vacancies: [early])
        let ranked = index.topCandidates(forVacancy: 1)
        #expect(ranked.map(\.candidateId) == ["K1"])
        #expect(ranked.first?.score == matcher.explain(candidate: dordrecht, vacancy: early, on: date).score)
        #expect(index.topVacancies(forCandidate: "K2").isEmpty)
    }

    @Test func banenafspraakVacanciesFavourTheRegisterAndRegularOnesNoOne() throws {
        let inRegister = Fixture.candidate(id: "K2", register: true)
        let other = Fixture.candidate(id: "K1")
        let suitable = Fixture.vacancy(id: 1, licences: [], suitable: true)
        let regular = Fixture.vacancy(id: 2, licences: [])
        let score = { (c: Candidate, v: Vacancy) in try #require(self.matcher.score(candidate: c, vacancy: v, on: self.date)) }
        #expect(try score(inRegister, suitable) > score(other, suitable))
        #expect(try score(inRegister, regular) == score(other, regular))
        var index = MatchIndex(matcher: matcher, date: date)
        index.rebuild(candidates: [other, inRegister], vacancies: [suitable, regular])
        #expect(index.topCandidates(forVacancy: 1).map(\.candidateId) == ["K2", "K1"])
        #expect(index.topCandidates(forVacancy: 2).map(\.candidateId) == ["K1", "K2"], "a tie, broken by id")
    }

    @Test func closerOccupationsRankHigher() throws {
        let candidate = Fixture.candidate(skills: [])
        let same = try #require(matcher.explain(candidate: candidate, vacancy: Fixture.vacancy(required: []), on: date).factors.first)
        let minorGroup = try #require(matcher.explain(candidate: candidate, vacancy: Fixture.vacancy(occupation: Fixture.busDriver, required: []), on: date).factors.first)
        let subMajor = try #require(matcher.explain(candidate: candidate, vacancy: Fixture.vacancy(occupation: Fixture.forkliftDriver, required: []), on: date).factors.first)
        let unrelated = try #require(matcher.explain(candidate: candidate, vacancy: Fixture.vacancy(occupation: Fixture.cook, required: []), on: date).factors.first)
        #expect(same.factor == .occupation)
        // vrachtwagenchauffeur 8332 vs buschauffeur 8331 (same minor group 833) vs heftruck 8344 (sub-major 83) vs kok 5120.
        #expect(same.value == 1.0)
        #expect(minorGroup.value == 0.45)
        #expect(subMajor.value == 0.2)
        #expect(unrelated.value == 0)
    }
}
