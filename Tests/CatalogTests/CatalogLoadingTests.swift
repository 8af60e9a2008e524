import Catalog
import Domain
import Foundation
import Testing

@Suite("Loading and validating catalog/")
struct CatalogLoadingTests {
    @Test func theRepositoryCatalogLoads() throws {
        let catalog = try PolicyCatalog.load(from: catalogDirectory)
        #expect(catalog.parameter("wml.referenceMonth.adult")?.values.count == 7)
        #expect(catalog.instrument("loonkostensubsidie")?.legalBasis.isEmpty == false)
        #expect(Set(catalog.regionIDs) == ["national", "drechtsteden", "wierden"])
    }

    @Test func municipalitiesMapToTheirPolicyRegion() throws {
        let catalog = try PolicyCatalog.load(from: catalogDirectory)
        for municipality in ["Alblasserdam", "Dordrecht", "Hendrik-Ido-Ambacht", "Papendrecht", "Sliedrecht", "Zwijndrecht", "Hardinxveld-Giessendam"] {
            #expect(catalog.region(forMunicipality: municipality) == ("drechtsteden", true), "\(municipality)")
        }
        #expect(catalog.region(forMunicipality: " wierden ") == ("wierden", true))
        #expect(catalog.region(forMunicipality: "Utrecht") == ("national", false))
    }

    /// Replaces one line of a real file and returns the problems, so each check is tested in context.
    func problems(in path: String, replacing old: String, with new: String) throws -> [CatalogProblem] {
        let files = try catalogFiles()
        let original = try #require(files.first { $0.path == path }?.text)
        #expect(original.contains(old), "fixture text not found in \(path)")
        return loadProblems(replacing(path, with: original.replacingOccurrences(of: old, with: new), in: files))
    }

    func line(of text: String, in path: String) throws -> Int {
        let original = try #require(try catalogFiles().first { $0.path == path }?.text)
        let lines = original.components(separatedBy: "\n")
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    @Test func aBadDateIsRefusedWithFileAndLine() throws {
        let found = try problems(in: "parameters/minimumloon.yaml", replacing: "{from: 2025-07-01, value: 14.40", with: "{from: 2025-02-30, value: 14.40")
        let expectedLine = try line(of: "{from: 2025-07-01, value: 14.40", in: "parameters/minimumloon.yaml")
        #expect(found.contains { $0.file == "parameters/minimumloon.yaml" && $0.line == expectedLine && $0.message.contains("2025-02-30") })
    }

    @Test func aDuplicateDateIsRefused() throws {
        let found = try problems(in: "parameters/minimumloon.yaml", replacing: "{from: 2025-07-01, value: 14.40", with: "{from: 2025-01-01, value: 14.40")
        let expectedLine = try line(of: "{from: 2025-07-01, value: 14.40", in: "parameters/minimumloon.yaml")
        #expect(found.contains { $0.line == expectedLine && $0.message.contains("twee keer") }, "\(found)")
    }

    @Test func unorderedDatesAreRefused() throws {
        let found = try problems(in: "parameters/minimumloon.yaml", replacing: "{from: 2026-01-01, value: 14.71,", with: "{from: 2024-03-01, value: 14.71,")
        #expect(found.contains { $0.file == "parameters/minimumloon.yaml" && $0.message.contains("volgorde") }, "\(found)")
    }

    @Test func overlappingPeriodsAreRefused() throws {
        let found = try problems(in: "parameters/aow.yaml", replacing: "until: 2027-12-31", with: "until: 2028-06-30")
        let expectedLine = try line(of: "{from: 2028-01-01", in: "parameters/aow.yaml")
        #expect(found.contains { $0.file == "parameters/aow.yaml" && $0.line == expectedLine && $0.message.contains("overlapt") }, "\(found)")
    }

    @Test func anUnknownUnitIsRefused() throws {
        let found = try problems(in: "parameters/loonkostensubsidie.yaml", replacing: "unit: percent\n    legalReference: \"Pw art. 10d lid 4\"", with: "unit: procenten\n    legalReference: \"Pw art. 10d lid 4\"")
        #expect(found.contains { $0.file == "parameters/loonkostensubsidie.yaml" && $0.line > 0 && $0.message.contains("onbekende eenheid 'procenten'") }, "\(found)")
    }

    @Test func aParameterWithoutLegalReferenceIsRefused() throws {
        let found = try problems(in: "parameters/aow.yaml", replacing: "    legalReference: \"Algemene Ouderdomswet art. 7a\"\n", with: "")
        let expectedLine = try line(of: "- id: aow.age", in: "parameters/aow.yaml")
        #expect(found.contains { $0.line == expectedLine && $0.message.contains("legalReference") }, "\(found)")
    }

    @Test func anInstrumentWithoutLegalBasisIsRefused() throws {
        let found = try problems(in: "instruments/drechtsteden.yaml", replacing: "    legalBasis:\n      - \"Participatiewet art. 31 lid 2 onder j (premie, een- of tweemaal per kalenderjaar); Drechtsteden, startnotitie herijking kaders Participatiewet (2023)\"\n", with: "")
        #expect(found.contains { $0.file == "instruments/drechtsteden.yaml" && $0.message.contains("legalBasis") }, "\(found)")
    }

    @Test func anUnknownParameterReferenceIsRefused() throws {
        let found = try problems(in: "regions/drechtsteden.yaml", replacing: "coachingMonthlyFullTime: jobcoaching.drechtsteden.monthlyFullTime", with: "coachingMonthlyFullTime: jobcoaching.drechtsteden.maandtarief")
        let expectedLine = try line(of: "coachingMonthlyFullTime:", in: "regions/drechtsteden.yaml")
        #expect(found.contains { $0.file == "regions/drechtsteden.yaml" && $0.line == expectedLine && $0.message.contains("jobcoaching.drechtsteden.maandtarief") }, "\(found)")
    }

    @Test func anOverlayNamingAnUnknownInstrumentIsRefused() throws {
        let found = try problems(in: "regions/wierden.yaml", replacing: "  - instrument: wierden.uitstroompremie", with: "  - instrument: wierden.uitstroomprmie")
        let expectedLine = try line(of: "  - instrument: wierden.uitstroompremie", in: "regions/wierden.yaml")
        #expect(found.contains { $0.file == "regions/wierden.yaml" && $0.line == expectedLine && $0.message.contains("onbekend instrument") }, "\(found)")
    }

    @Test func aMissingRequiredRoleIsRefused() throws {
        let found = try problems(in: "regions/national.yaml", replacing: "      lksCap: lks.cap\n", with: "")
        #expect(found.contains { $0.message.contains("'lksCap'") }, "\(found)")
    }

    @Test func anUnknownSettingIsRefused() throws {
        let found = try problems(in: "regions/wierden.yaml", replacing: "endsAtAOW: true", with: "stoptBijAOW: true")
        #expect(found.contains { $0.message.contains("stoptBijAOW") }, "\(found)")
    }

    @Test func brokenYAMLNamesTheLine() throws {
        let found = try problems(in: "parameters/aow.yaml", replacing: "  - id: aow.age", with: "  - id: [aow.age")
        #expect(found.contains { $0.file == "parameters/aow.yaml" && $0.line > 0 && $0.message.contains("YAML") }, "\(found)")
    }

    @Test func aMunicipalityInAnUnknownRegionIsRefused() throws {
        let found = try problems(in: "regions/municipalities.yaml", replacing: "Wierden: wierden", with: "Wierden: twente")
        #expect(found.contains { $0.file == "regions/municipalities.yaml" && $0.message.contains("twente") }, "\(found)")
    }

    @Test func aTypoInAFieldNameIsRefused() throws {
        let found = try problems(in: "parameters/aow.yaml", replacing: "    indexation: none", with: "    indexatie: none")
        #expect(found.contains { $0.message.contains("onbekend veld 'indexatie'") }, "\(found)")
    }

    @Test func theErrorDescriptionListsFileAndLine() throws {
        let files = try catalogFiles()
        let original = try #require(files.first { $0.path == "parameters/aow.yaml" }?.text)
        do {
            _ = try PolicyCatalog.load(files: replacing("parameters/aow.yaml", with: original.replacingOccurrences(of: "2028-01-01", with: "2028-13-01"), in: files))
            Issue.record("a bad date must be refused")
        } catch {
            #expect(error.description.contains("parameters/aow.yaml:"))
        }
    }
}
