import Domain
import Foundation
import Reference
import Testing

/// The shipped catalog/reference directory, found from this file's location.
let referenceDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("catalog/reference")

@Suite struct ReferenceDataTests {
    static let reference = try! ReferenceData.load(from: referenceDirectory)

    @Test func loadsEveryRowOfTheSources() {
        let reference = Self.reference
        #expect(reference.occupations.count == 3039)
        #expect(reference.skills.count == 13492)
        #expect(reference.postcodeAreas.count == 4064)
        #expect(reference.iscoGroups.count == 619)
        #expect(reference.regionByMunicipality.count >= 388)
        let withProfile = reference.occupations.filter { !$0.essentialSkills.isEmpty }.count
        #expect(withProfile > 2900)
    }

    @Test func knowsDutchOccupationLabels() throws {
        let stage = try #require(Self.reference.occupation(EscoID("00030d09-2b3a-4efd-87cc-c4ea39d27c34")))
        #expect(stage.labelNL == "inspiciënt")
        #expect(stage.alternativeLabelsNL.contains("toneelmeester"))
        #expect(stage.iscoGroup == "2654")
        #expect(stage.labelEN == "technical director")
        #expect(Self.reference.iscoGroups["0"] == "Beroepen bij de strijdkrachten")
        let essential = stage.essentialSkills.map { Self.reference.skills[Int($0)].labelEN }
        #expect(!essential.isEmpty)
    }

    @Test func knowsPostcodeCentroidsAndRegions() throws {
        let assen = try #require(Self.reference.postcodeAreas[9401])
        #expect(assen.municipality == "Assen")
        #expect(abs(assen.latitude - 52.9936) < 0.0001)
        #expect(abs(assen.longitude - 6.5621) < 0.0001)
        #expect(Self.reference.region(ofMunicipality: "Dordrecht")?.name == "Drechtsteden")
        #expect(Self.reference.region(ofMunicipality: "Hardinxveld-Giessendam")?.name == "Drechtsteden")
        #expect(Self.reference.region(ofMunicipality: "Wierden")?.name == "Twente")
        #expect(Self.reference.postcodes(ofPlace: "dordrecht").contains(3311))
        #expect(Self.reference.postcodes(ofPlace: "’s-Hertogenbosch").isEmpty == false)
    }

    @Test func measuresDistancesBetweenCentroids() throws {
        // Dordrecht centre (3311) to Wierden (7641): about 135 km as the crow flies.
        let distance = try #require(Self.reference.distanceKm(from: 3311, to: 7641))
        #expect((120...150).contains(distance))
        #expect(Self.reference.distanceKm(from: 3311, to: 3311) == 0)
        #expect(Self.reference.distanceKm(from: 3311, to: 1) == nil)
    }

    @Test func refusesAMissingFileNamingIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: ReferenceDataError.missingFile(path: directory.appendingPathComponent("skills.tsv").path)) {
            try ReferenceData.load(from: directory)
        }
    }

    @Test func refusesAMalformedLineNamingFileAndLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ref-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: referenceDirectory, to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pc4 = directory.appendingPathComponent("pc4.tsv")
        var text = try String(contentsOf: pc4, encoding: .utf8)
        text += "9999\tNergenshuizen\tNergens\t12.0\t4.0\n"
        try text.write(to: pc4, atomically: true, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(throws: ReferenceDataError.malformed(path: pc4.path, line: lines, reason: "coordinates outside the Netherlands")) {
            try ReferenceData.load(from: directory)
        }
    }
}
