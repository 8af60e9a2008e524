import Foundation
import Matching
import Reference
import Testing

@Suite struct ProfileTests {
    @Test func catalogProfilesLoad() {
        let profiles = Fixture.profiles
        #expect(profiles.defaultProfile.name == "landelijk")
        #expect(profiles.profile(forRegion: "Drechtsteden").name == "drechtsteden")
        #expect(profiles.profile(forRegion: "Twente").name == "landelijk")
        #expect(profiles.profile(forRegion: nil).name == "landelijk")
        #expect(profiles.profile(forRegion: "Drechtsteden").startDateGraceDays == 14)
    }

    /// A valid profile text, to break one thing at a time.
    static let valid = try! String(contentsOf: Fixture.catalog.appendingPathComponent("matching/default.yaml"), encoding: .utf8)

    func problem(_ yaml: String) -> MatchingProfileError? {
        do {
            _ = try MatchingProfiles.parse(yaml: yaml, path: "test.yaml")
            return nil
        } catch let error as MatchingProfileError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func theDefaultTextParses() throws {
        let profile = try MatchingProfiles.parse(yaml: Self.valid, path: "default.yaml")
        #expect(profile.weights[.occupation] == 30)
        #expect(profile.optionalSkillWeight == 0.3)
    }

    @Test func aMisspeltKeyIsRefusedWithItsLine() throws {
        let broken = Self.valid.replacingOccurrences(of: "  skills: 25", with: "  skils: 25")
        let error = try #require(problem(broken))
        #expect(error.reason.contains("unknown key 'skils'"))
        let line = Self.valid.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("  skills: 25") }! + 1
        #expect(error.line == line)
        #expect(error.description.hasPrefix("test.yaml:\(line):"))
    }

    @Test func badValuesAreRefused() throws {
        #expect(try #require(problem(Self.valid.replacingOccurrences(of: "hours: 10", with: "hours: -1"))).reason.contains("weights.hours"))
        #expect(try #require(problem(Self.valid.replacingOccurrences(of: "hours: 10", with: "hours: veel"))).reason.contains("must be a number"))
        #expect(try #require(problem(Self.valid.replacingOccurrences(of: "  dutchLanguage: 5\n", with: ""))).reason.contains("missing 'weights.dutchLanguage'"))
        #expect(try #require(problem(Self.valid.replacingOccurrences(of: "sameMinorGroup: 0.45", with: "sameMinorGroup: 0.9"))).reason.contains("must not increase"))
        #expect(try #require(problem(Self.valid.replacingOccurrences(of: "optionalSkillWeight: 0.3", with: "optionalSkillWeight: 1.5"))).reason.contains("0.0…1.0"))
        #expect(try #require(problem("profile: x\n")).reason.contains("missing section 'weights'"))
        #expect(try #require(problem("- a\n- b\n")).reason.contains("mapping at the top"))
    }

    @Test func aDirectoryNeedsExactlyOneDefaultAndUniqueKnownRegions() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("matching-profiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func write(_ name: String, _ text: String) throws {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let regional = { (name: String, region: String) in
            Self.valid.replacingOccurrences(of: "profile: landelijk", with: "profile: \(name)\nregions:\n  - \(region)")
        }
        try write("a.yaml", regional("a", "Twente"))
        #expect(throws: MatchingProfileError.self) { try MatchingProfiles.load(from: directory, reference: Fixture.reference) }
        try write("default.yaml", Self.valid)
        #expect(try MatchingProfiles.load(from: directory, reference: Fixture.reference).profile(forRegion: "Twente").name == "a")
        try write("b.yaml", regional("b", "Twente"))
        do {
            _ = try MatchingProfiles.load(from: directory, reference: Fixture.reference)
            Issue.record("two profiles for one region must be refused")
        } catch let error as MatchingProfileError {
            #expect(error.reason.contains("already has a profile in a.yaml"))
        }
        try write("b.yaml", regional("b", "Atlantis"))
        do {
            _ = try MatchingProfiles.load(from: directory, reference: Fixture.reference)
            Issue.record("an unknown region must be refused")
        } catch let error as MatchingProfileError {
            #expect(error.reason.contains("unknown labour-market region 'Atlantis'"))
            #expect(error.path.hasSuffix("b.yaml"))
        }
    }

    /// Weights are policy: a region that weighs the banenafspraak more ranks a suitable vacancy higher for a
    /// candidate in the register.
    @Test func regionalWeightsChangeTheScore() throws {
        let vacancy = Fixture.vacancy(licences: [], suitable: true)
        let dordrecht = Fixture.candidate(register: true)
        let twente = Fixture.candidate(postcode: 7511, reach: 300, register: true, municipality: "Enschede")
        let there = Fixture.matcher.explain(candidate: dordrecht, vacancy: vacancy, on: Fixture.date)
        let elsewhere = Fixture.matcher.explain(candidate: twente, vacancy: vacancy, on: Fixture.date)
        #expect(there.profile == "drechtsteden")
        #expect(elsewhere.profile == "landelijk")
        let weight = { (e: MatchExplanation) in e.factors.first { $0.factor == .inclusiveVacancy }!.weight }
        #expect(weight(there) > weight(elsewhere))
    }
}
