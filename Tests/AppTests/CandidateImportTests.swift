import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Repositories
import Services
import Store
import Testing
@testable import App

private let header = "kandidaatnummer;woongemeente;geboortedatum;uitkering;trede;uren_min;uren_max;reisafstand_km;postcode;beschikbaar_vanaf;opleidingsniveau;taalniveau;vermijden;loonwaarde;loonwaarde_datum"

/// A data row with the header above; `overrides` replace columns by name.
private func row(_ id: String, _ overrides: [String: String] = [:]) -> String {
    let available = CalendarDate.amsterdam(Date()).adding(days: 30)
    var values: [String: String] = [
        "kandidaatnummer": id, "woongemeente": "Dordrecht", "geboortedatum": "17-05-1990", "uitkering": "participatiewet", "trede": "3",
        "uren_min": "16", "uren_max": "24", "reisafstand_km": "10", "postcode": "3311 KH", "beschikbaar_vanaf": available.description,
        "opleidingsniveau": "4", "taalniveau": "B1", "vermijden": "", "loonwaarde": "", "loonwaarde_datum": "",
    ]
    for (key, value) in overrides { values[key] = value }
    return header.split(separator: ";").map { values[String($0)] ?? "" }.joined(separator: ";")
}

private func csv(_ lines: [String]) -> ByteBuffer {
    // BOM and CRLF, as Dutch Excel writes "CSV UTF-8".
    ByteBuffer(bytes: [0xEF, 0xBB, 0xBF] + Array(([header] + lines).joined(separator: "\r\n").utf8) + [0x0D, 0x0A])
}

@Suite struct CandidateImportTests {
    @Test func allOrNothingByDefaultPartialOnRequestDryRunWritesNothing() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let bearer = try await makeStaff(configuration, username: "drecht", role: .consultant, regions: [26])
        let body = csv([
            row("C-1"),
            // A quoted field holding the separator and a line break: one row, and line numbers stay physical.
            row("C-2", ["vermijden": "\"noise|zwaar tillen\"", "loonwaarde": "80%", "loonwaarde_datum": "2025-01-31"]),
            row("C-3", ["geboortedatum": "31-02-1990"]),                       // line 4: no such day
            row("C-4", ["uren_min": "30", "uren_max": "20", "trede": "99999999999999999999"]), // line 5: two problems
            row("C-1", ["reisafstand_km": "12"]),                              // line 6: repeats line 2
            row("C-5", ["woongemeente": "Wierden", "postcode": "7641 AA"]),    // line 7: outside Drechtsteden
            row("C-6", ["loonwaarde": "70"]),                                  // line 8: wage value without its date
            "",                                                                // blank line: skipped
            row("C-7"),
        ])
        try await app.test(.router) { client in
            let headers: HTTPFields = [.authorization: bearer, .contentType: "text/csv; charset=utf-8"]
            try await client.execute(uri: "/api/v1/candidates/import", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .unprocessableContent)
                let report = try JSONDecoder().decode(RefusedBody.self, from: Data(buffer: response.body))
                #expect(report.error.code == "import-refused")
                #expect(report.report.written == false && report.report.rows == 8 && report.report.refused == 5)
                #expect(report.report.separator == ";")
                let found = report.report.refusals.map { "\($0.row) \($0.field)" }
                #expect(found == ["4 geboortedatum", "5 trede", "5 uren_max", "6 kandidaatnummer", "7 woongemeente", "8 loonwaarde_datum"])
                #expect(report.report.refusals.allSatisfy { !$0.reason.isEmpty })
            }
            try await client.execute(uri: "/api/v1/candidates/import?mode=partial&dryRun=true", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .ok)
                let report = try JSONDecoder().decode(CandidateImportReport.self, from: Data(buffer: response.body))
                #expect(report.dryRun && !report.written && report.imported == 3)
            }
            #expect(try await MatchpuntStore(path: configuration.databasePath).storedCandidate(id: "C-1") == nil)
            try await client.execute(uri: "/api/v1/candidates/import?mode=partial", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .ok)
                let report = try JSONDecoder().decode(CandidateImportReport.self, from: Data(buffer: response.body))
                #expect(report.written && report.imported == 3 && report.updated == 0 && report.refused == 5)
            }
            try await client.execute(uri: "/api/v1/candidates/import?mode=sometimes", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains(#""field":"mode""#))
            }
            try await client.execute(uri: "/api/v1/candidates/import", method: .post, headers: [.authorization: bearer, .contentType: "application/json"],
                                     body: body) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
        let store = try MatchpuntStore(path: configuration.databasePath)
        let c2 = try #require(try await store.storedCandidate(id: "C-2"))
        #expect(c2.candidate.avoid == [.heavyLifting, .noise])
        #expect(c2.candidate.wageValue?.percent == 80)
        #expect(try await store.storedCandidate(id: "C-7") != nil)
        #expect(try await store.storedCandidate(id: "C-3") == nil)
        // Imported candidates are matchable: they are in the index snapshot another process would build.
        #expect(try await store.indexSnapshot().candidates.contains { $0.id == "C-7" })
        let imports = try await store.auditEvents(subjectType: nil, subjectId: nil, limit: 100).filter { $0.subjectType == "import" }.map(\.action)
        #expect(imports == ["candidate-import", "candidate-import", "candidate-import"])
        #expect(try await store.auditEvents(subjectType: "candidate", subjectId: "C-1").map(\.action) == ["candidate-imported"])
    }

    @Test func windows1252WithCommasUpdatesExistingCandidatesAndBumpsTheirVersion() async throws {
        let (configuration, cleanup) = try testConfiguration(seedDemo: true)
        defer { cleanup() }
        let app = try await buildApplication(configuration)
        let bearer = try await makeStaff(configuration, username: "beheer", role: .admin, regions: [])
        let commaHeader = header.replacingOccurrences(of: ";", with: ",")
        func commaRow(_ id: String, _ overrides: [String: String]) -> String {
            // Quoted when holding a comma.
            row(id, overrides).split(separator: ";", omittingEmptySubsequences: false).map { $0.contains(",") ? "\"\($0)\"" : String($0) }.joined(separator: ",")
        }
        let text = [commaHeader, commaRow("K00001", ["woongemeente": "Zwijndrecht", "postcode": "3335 EG", "reisafstand_km": "42"]),
                    commaRow("F-1", ["woongemeente": "Súdwest-Fryslân", "postcode": "8601 AA"])].joined(separator: "\n")
        // Windows-1252: ú is 0xFA, â is 0xE2 (not valid UTF-8 on their own).
        let bytes = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/candidates/import", method: .post, headers: [.authorization: bearer, .contentType: "text/csv"],
                                     body: ByteBuffer(bytes: bytes)) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let report = try JSONDecoder().decode(CandidateImportReport.self, from: Data(buffer: response.body))
                #expect(report.separator == "," && report.imported == 1 && report.updated == 1 && report.written)
            }
        }
        let store = try MatchpuntStore(path: configuration.databasePath)
        #expect(try await store.storedCandidate(id: "F-1")?.candidate.municipality == "Súdwest-Fryslân")
        let k1 = try #require(try await store.storedCandidate(id: "K00001"))
        #expect(k1.version == 2 && k1.candidate.travelReachKm == 42)
    }

    @Test func theRowReaderNeverTrapsAndReportsFileProblems() {
        #expect(CandidateCSV.read([]).fileProblem?.reason == "het bestand is leeg")
        #expect(CandidateCSV.read(Array("naam;gemeente\nx;y\n".utf8)).fileProblem?.reason.hasPrefix("verplichte kolom ontbreekt") == true)
        let broken = CandidateCSV.read(Array((header + "\n" + row("A-1") + "\n\"A-2;Dordrecht\n").utf8))
        #expect(broken.rows.count == 2 && broken.fileProblem?.row == 3)
        // Lone CR line ends, a field past the limit, and random bytes: rows or problems, never a trap.
        let cr = CandidateCSV.read(Array((header + "\r" + row("A-1") + "\r" + row("A-2")).utf8))
        #expect(cr.rows.count == 2 && cr.rows.allSatisfy { if case .success = $0.result { true } else { false } })
        let long = CandidateCSV.read(Array((header + "\n" + row("A-1", ["woongemeente": String(repeating: "x", count: 20_000)]) + "\n" + row("A-2")).utf8))
        #expect(long.rows.count == 2 && long.rows[1].id == "A-2")
        var generator = SplitMix64(seed: 13)
        for _ in 0..<300 {
            let count = Int(generator.next() % 400)
            var bytes = Array((header + "\n").utf8)
            for _ in 0..<count { bytes.append([0x22, 0x3B, 0x2C, 0x0A, 0x0D, 0x41, 0x31, 0xFF, 0x2D][Int(generator.next() % 9)]) }
            _ = CandidateCSV.read(bytes)
        }
        #expect(CandidateCSV.parseDate("1-3-2026") == CalendarDate(year: 2026, month: 3, day: 1))
        #expect(CandidateCSV.parseDate("2026-02-30") == nil)
    }
}

private struct RefusedBody: Decodable {
    struct Error: Decodable { var code: String }
    var error: Error
    var report: CandidateImportReport
}
