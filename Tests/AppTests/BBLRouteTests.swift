import Catalog
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
@testable import App

/// An employee in a BBL programme through the real router and a real SQLite file: the instrument estimate
/// (`POST /api/v1/instruments`) and a quote draft (`POST /api/v1/quotes`) with `followsBBL`, compared to the cent
/// with the golden case "Bbl'er van 19 wordt 20 binnen het contract" in catalog/tests/bbl.yaml (read from the file,
/// so the API and the golden case cannot drift apart).
@Suite struct BBLRouteTests {
    static let caseName = "Bbl'er van 19 wordt 20 binnen het contract, LKS op de bbl-staffel"
    static let candidateId = "K00077"

    /// The golden case as the catalog's runner reads it.
    static func goldenCase() throws -> GoldenCase {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("catalog/tests/bbl.yaml"), encoding: .utf8)
        return try #require(try GoldenCaseRunner.decodeCases(text: text).first { $0.name == caseName })
    }

    /// Every JSON object anywhere in `value` (depth first).
    static func objects(in value: Any) -> [[String: Any]] {
        if let object = value as? [String: Any] { return [object] + object.values.flatMap { objects(in: $0) } }
        if let array = value as? [Any] { return array.flatMap { objects(in: $0) } }
        return []
    }

    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// The loonkostensubsidie decision's schedule periods as (from, to, rate, amount).
    static func lksPeriods(in body: Any) throws -> (total: String?, periods: [[String?]], warnings: [String]) {
        let decision = try #require(objects(in: body).first { $0["instrumentId"] as? String == "loonkostensubsidie" && $0["schedule"] != nil })
        let schedule = try #require(decision["schedule"] as? [String: Any])
        let periods = (schedule["periods"] as? [[String: Any]] ?? []).map {
            [$0["from"] as? String, $0["to"] as? String, $0["rate"] as? String, $0["amount"] as? String]
        }
        let warnings = (decision["warnings"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        return (decision["total"] as? String, periods, warnings)
    }

    @Test func instrumentEstimateAndQuoteFollowTheBBLScaleToTheCent() async throws {
        let golden = try Self.goldenCase()
        let request = golden.request
        let expected = try #require(golden.expect?["loonkostensubsidie"])
        let harness = try await QuoteHarness()
        defer { harness.cleanup() }
        // The golden case's person and terms as a stored candidate and vacancy.
        try await harness.store.save(Candidate(
            id: Self.candidateId, municipality: request.municipality, dateOfBirth: request.dateOfBirth, benefit: request.benefit,
            benefitSince: CalendarDate(year: 2025, month: 1, day: 1), targetGroupRegister: request.targetGroupRegister, workLimitation: true,
            wageValue: request.wageValue, ladderRung: .organisedActivities, hoursAvailable: WeeklyHours(min: 16, max: 40)!, travelReachKm: 15,
            postcode: Postcode(parsing: "3311 AB")!, availableFrom: request.start, education: .mbo2, dutchLevel: .b1))
        let vacancy = try await harness.store.insert(Vacancy(
            id: 0, source: "handmatig", externalId: "BBL-1", employerId: nil, title: "Leerling-monteur (bbl)", occupation: nil,
            postcode: Postcode(parsing: "3316")!, hours: WeeklyHours(min: 32, max: 40)!, contractMonths: request.contractMonths,
            startDate: request.start, hourlyWage: request.hourlyWage, suitableForBanenafspraak: true))
        let app = try await QuoteRouteTests.application(harness)
        let headers: HTTPFields = [.authorization: try await demoBearer(harness.configuration), .contentType: "application/json"]
        let body = #"{"candidateId":"\#(Self.candidateId)","vacancyId":\#(vacancy.id),"startDate":"\#(request.start)","hoursPerWeek":\#(request.hoursPerWeek),"contractMonths":\#(request.contractMonths),"hourlyWage":"\#(request.hourlyWage.plain)","followsBBL":true,"otherMunicipalWageSubsidy":false}"#
        let expectedPeriods = (expected.periods ?? []).map { [$0.from.description, $0.to?.description, $0.rate?.plain, $0.amount?.plain] }
        #expect(expectedPeriods.count == 2)

        try await app.test(.router) { client in
            // The estimate: LKS on the BBL scale, period by period as the golden case says.
            try await client.execute(uri: "/api/v1/instruments", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                let lks = try Self.lksPeriods(in: try Self.json(String(buffer: response.body)))
                #expect(lks.periods == expectedPeriods)
                #expect(lks.total == expected.total?.plain)
                #expect(lks.warnings.contains { $0.contains(expected.warningContains ?? "—") })
            }
            // Without followsBBL the same wage is below the normal minimum for 19 (8.83): refused, not quoted.
            let normal = body.replacingOccurrences(of: #""followsBBL":true"#, with: #""followsBBL":false"#)
            try await client.execute(uri: "/api/v1/instruments", method: .post, headers: headers, body: ByteBuffer(string: normal)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("8,83"))
            }
            // The quote: the same schedule, and the net cost raised to the BBL minimum from the 20th birthday.
            try await client.execute(uri: "/api/v1/quotes", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
                let quote = try Self.json(String(buffer: response.body))
                let lks = try Self.lksPeriods(in: quote)
                #expect(lks.periods == expectedPeriods)
                #expect(lks.total == expected.total?.plain)
                let netCost = try #require(Self.objects(in: quote).first { $0["rows"] != nil && $0["wageCostTotal"] != nil })
                let rows = netCost["rows"] as? [[String: Any]] ?? []
                // 8.00 × 36 × 52 / 12 = 1248.00; + 99.84 holiday allowance + 242.61 charges (18% of 1347.84) = 1590.45;
                //   × (8 + 14/30) months = 13465.81 (wage above the BBL minimum at 19, 7.72)
                // 9.05 (BBL minimum at 20: 14.71 × 61.5% = 9.04665) × 36 × 52 / 12 = 1411.80; + 112.94 + 274.45 = 1799.19;
                //   × (16/30 + 3) = 6357.14
                #expect(rows.map { $0["from"] as? String } == ["2026-01-01", "2026-09-15"])
                #expect(rows.map { $0["wageCostAmount"] as? String } == ["13465.81", "6357.14"])
                #expect(rows.map { $0["minimumWageApplied"] as? String } == [nil, "9.05"])
                #expect(netCost["wageCostTotal"] as? String == "19822.95")
                // The values behind the 9.05 are in the quote's list of parameter values used, with valid-from dates.
                // (The decisions have lists of their own under the same key; the net cost's entries are the quote's.)
                let used = Self.objects(in: quote).compactMap { $0["parametersUsed"] as? [[String: Any]] }.flatMap { $0 }
                #expect(used.contains { $0["id"] as? String == "wml.hourly.adult" && $0["value"] as? String == "14.71"
                    && $0["validFrom"] as? String == "2026-01-01" && ($0["role"] as? String)?.hasPrefix("nettokosten") == true })
                #expect(used.contains { $0["id"] as? String == "wml.youthPercentage.bbl" && $0["value"] as? String == "61.5"
                    && $0["validFrom"] as? String == "2019-07-01" && $0["role"] as? String == "nettokosten: minimumloon 20 jaar" })
            }
        }
    }
}
