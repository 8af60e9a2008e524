import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Reference
import Store
import Testing
@testable import App

/// The repository root, found from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A configuration on a fresh temporary SQLite file with the shipped catalog and fixtures.
func testConfiguration(seedDemo: Bool = false, port: Int? = nil) throws -> (AppConfiguration, cleanup: () -> Void) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("matchpunt-app-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let configuration = AppConfiguration(
        databasePath: directory.appendingPathComponent("m.sqlite").path,
        catalogDirectory: repositoryRoot.appendingPathComponent("catalog"),
        fixturesDirectory: repositoryRoot.appendingPathComponent("fixtures"),
        seedDemoData: seedDemo)
    var configured = configuration
    if let port { configured.port = port }
    return (configured, { try? FileManager.default.removeItem(at: directory) })
}

@Suite struct ApplicationTests {
    @Test func healthAnswersWhenTheDatabaseDoes() async throws {
        let (configuration, cleanup) = try testConfiguration()
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""database":"ok""#))
            }
        }
    }

    @Test func landingPageShowsCountsFromSQLite() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            let session = try await logIn(client)
            try await client.execute(uri: "/", method: .get, headers: [.cookie: session.cookie]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = String(buffer: response.body)
                #expect(html.contains(#"<html lang="nl">"#))
                #expect(html.contains(#"<strong id="count-candidates">300</strong>"#))
                #expect(html.contains(#"<strong id="count-vacancies">3000</strong>"#))
                #expect(html.contains(#"<strong id="count-employers">40</strong>"#))
            }
        }
        // Seeding again into a database that holds data adds nothing.
        _ = try await buildApplication(configuration)
        #expect(try await MatchpuntStore(path: configuration.databasePath).counts().candidates == 300)
    }

    @Test func startupFailuresNameThePath() async throws {
        let (configuration, cleanup) = try testConfiguration()
        defer { cleanup() }
        var missingCatalog = configuration
        missingCatalog.catalogDirectory = URL(fileURLWithPath: "/nonexistent/catalog")
        await #expect(throws: StartupError.self) { _ = try await buildApplication(missingCatalog) }
        do {
            _ = try await buildApplication(missingCatalog)
        } catch let error as StartupError {
            #expect(error.description == "reference data file missing: /nonexistent/catalog/reference/skills.tsv")
        }
        var corrupt = configuration
        try Data("not a database, just text".utf8 + Data(repeating: 7, count: 4096)).write(to: URL(fileURLWithPath: configuration.databasePath))
        corrupt.databasePath = configuration.databasePath
        do {
            _ = try await buildApplication(corrupt)
            Issue.record("a corrupt database must not open")
        } catch let error as StartupError {
            #expect(error.description.contains(configuration.databasePath))
        }
    }
}

@Suite struct DemoDataTests {
    @Test func generatorReproducesTheCommittedFixturesByteForByte() async throws {
        let reference = try ReferenceData.load(from: repositoryRoot.appendingPathComponent("catalog/reference"))
        var generator = DemoDataGenerator(reference: reference)
        let output = generator.generate()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try DemoFixtures.write(output, to: directory)
        for name in [DemoFixtures.fileNames.employers, DemoFixtures.fileNames.candidates, DemoFixtures.fileNames.vacancies] {
            let generated = try Data(contentsOf: directory.appendingPathComponent(name))
            let committed = try Data(contentsOf: repositoryRoot.appendingPathComponent("fixtures/demo").appendingPathComponent(name))
            #expect(generated == committed, "fixtures/demo/\(name) differs from the generator's output: run `matchpunt demo generate`")
        }
    }

    @Test func caseloadHasTheRegionsProportions() async throws {
        let demo = try DemoFixtures.read(from: repositoryRoot.appendingPathComponent("fixtures/demo"))
        #expect(demo.candidates.count == 300)
        #expect(demo.employers.count == 40)
        #expect(demo.vacancies.count == 3000)
        let lowRungs = demo.candidates.filter { $0.ladderRung.rawValue <= 2 }.count
        #expect((150...210).contains(lowRungs), "about 60% on rung 1–2")
        #expect(demo.candidates.contains { $0.municipality == "Wierden" })
        #expect(demo.candidates.allSatisfy { !($0.targetGroupRegister && $0.shelteredWorkIndication) })
        #expect(demo.candidates.allSatisfy { $0.validationProblems.isEmpty })
        let employerIds = Set(demo.employers.map(\.id))
        #expect(demo.vacancies.allSatisfy { vacancy in vacancy.employerId.map { employerIds.contains($0) } ?? false })
        #expect(Set(demo.vacancies.map(\.externalId)).count == 3000)
    }
}
