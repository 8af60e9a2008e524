import Domain
import Foundation
import Matching
import Reference
import Testing

/// Career-switch suggestions: occupations whose essential skills the candidate largely has, with what is missing.
@Suite struct CareerSwitchTests {
    let matcher = Fixture.matcher

    /// A truck driver with all of a bus driver's essential skills but one is offered the bus, with that one skill
    /// named; occupations the candidate already wants are never suggested.
    @Test func suggestsOccupationsWhoseEssentialSkillsTheCandidateLargelyHas() throws {
        let bus = Fixture.essentialSkills(of: Fixture.busDriver)
        let truck = Fixture.essentialSkills(of: Fixture.truckDriver)
        #expect(bus.count >= 4)
        let missing = bus.last!
        let candidate = Fixture.candidate(skills: Array(Set(truck + bus.dropLast())))
        let suggestions = matcher.careerSwitches(for: candidate)
        #expect(!suggestions.contains { $0.occupation.id == Fixture.truckDriver }, "already desired")
        let busSuggestion = try #require(suggestions.first { $0.occupation.id == Fixture.busDriver })
        #expect(busSuggestion.essentialTotal == Set(bus).count)
        #expect(busSuggestion.essentialHad == Set(bus).count - 1)
        #expect(busSuggestion.missingEssentialSkills.map(\.id) == [missing])
        #expect(busSuggestion.dutchLine.contains("mist"))
        // Ordered by share had, within the profile's limit and threshold.
        let profile = Fixture.profiles.profile(forRegion: "Drechtsteden")
        #expect(suggestions.count <= profile.careerSwitchSuggestions)
        #expect(zip(suggestions, suggestions.dropFirst()).allSatisfy { $0.share >= $1.share })
        #expect(suggestions.allSatisfy { $0.share >= profile.careerSwitchMinimumShare && $0.essentialTotal >= profile.careerSwitchMinimumEssentialSkills })
    }

    @Test func noSkillsNoSuggestions() {
        #expect(matcher.careerSwitches(for: Fixture.candidate(skills: [])).isEmpty)
    }

    /// Through the index: each suggestion carries the open vacancies of that occupation held there.
    @Test func theIndexCountsOpenVacanciesPerSuggestion() throws {
        let bus = Fixture.essentialSkills(of: Fixture.busDriver)
        let candidate = Fixture.candidate(skills: bus)
        var index = MatchIndex(matcher: matcher, date: Fixture.date)
        index.rebuild(candidates: [candidate], vacancies: [
            Fixture.vacancy(id: 1, occupation: Fixture.busDriver, licences: []),
            Fixture.vacancy(id: 2, occupation: Fixture.busDriver, licences: [], status: .closed),
            Fixture.vacancy(id: 3, occupation: Fixture.cook, licences: []),
        ])
        let suggestion = try #require(index.careerSwitches(forCandidate: "K1").first { $0.occupation.id == Fixture.busDriver })
        #expect(suggestion.openVacancies == 1)
        #expect(suggestion.missingEssentialSkills.isEmpty)
    }
}
