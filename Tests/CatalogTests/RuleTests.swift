import Benchmarks
@testable import Catalog
import Domain
import Foundation
import Testing

@Suite("Instrument rules")
struct RuleTests {
    let catalog: PolicyCatalog

    init() throws { catalog = try PolicyCatalog.load(from: catalogDirectory) }

    func decision(_ id: String, _ request: InstrumentRequest) throws -> InstrumentDecision {
        try #require(try catalog.evaluate(request).first { $0.instrumentId == id })
    }

    @Test func theWorkedExampleOfTheDomainNotes() throws {
        let lks = try decision("loonkostensubsidie", workedExample())
        #expect(lks.status == .eligible)
        #expect(lks.monthlyAmount == Money(cents: 153_014))
        #expect(lks.durationMonths == 12)
        #expect(lks.total == Money(cents: 153_014 * 12))
        #expect(lks.ruleId == "loonkostensubsidie")
        #expect(lks.side == .employer)
        #expect(lks.peildatum == date("2026-01-01"))
        #expect(lks.legalBasis.contains { $0.contains("10d") })
        let wml = try #require(lks.parametersUsed.first { $0.id == "wml.referenceMonth.adult" })
        #expect(wml.value == "2294.40" && wml.validFrom == date("2026-01-01"))
        #expect(lks.parametersUsed.contains { $0.id == "lks.employerCostsAllowance" && $0.value == "23.5" })
    }

    @Test func aPeildatumPastTheLastMinimumWageIsStale() throws {
        let stale = try decision("loonkostensubsidie", workedExample(peildatum: "2026-11-22", start: "2026-12-01"))
        #expect(stale.status == .eligible)
        #expect(stale.warnings.contains { $0.kind == .stale && $0.text.contains("wml.referenceMonth.adult") })
        // Amounts are taken per period from the start on: a contract that ends before the minimum wage of
        // 2026-01-01 is half a year old uses no carried-forward value.
        var short = workedExample(peildatum: "2026-05-20", start: "2026-06-01")
        short.contractMonths = 1
        let fresh = try decision("loonkostensubsidie", short)
        #expect(!fresh.warnings.contains { $0.kind == .stale })
        #expect(fresh.schedule?.projected == false)
        #expect(stale.schedule?.projected == true)
    }

    @Test func aNewMinimumWageIsAcceptedAndEndsTheStaleWarning() throws {
        var files = try catalogFiles()
        let path = "parameters/minimumloon.yaml"
        // A new value goes after the last one, with its source (test figures, not the real 2026-07-01 amounts).
        let text = try #require(files.first { $0.path == path }?.text).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.contains("{from: 2026-01-01, value: 2294.40") { return line + "\n      - {from: 2026-07-01, value: 2340.00, source: \"test\"}" }
            if line.contains("{from: 2026-01-01, value: 14.71") { return line + "\n      - {from: 2026-07-01, value: 15.00, source: \"test\"}" }
            return String(line)
        }.joined(separator: "\n")
        files = replacing(path, with: text, in: files)
        let updated = try PolicyCatalog.load(files: files)
        var request = workedExample(peildatum: "2026-11-22", start: "2026-12-01")
        request.hourlyWage = Money(cents: 1500)
        request.contractMonths = 1
        let lks = try #require(try updated.evaluate(request).first { $0.instrumentId == "loonkostensubsidie" })
        // 0.50 × 2340.00 × 1.08 × 1.235 = 1560.546 → 1560.55
        #expect(lks.monthlyAmount == Money(cents: 156_055))
        #expect(!lks.warnings.contains { $0.kind == .stale })
    }

    @Test func aPeildatumBeforeAnyValueNeedsInformationNeverZero() throws {
        let early = try catalog.evaluate(workedExample(start: "2021-03-01"))
        let lks = try #require(early.first { $0.instrumentId == "loonkostensubsidie" })
        #expect(lks.status == .needsInformation)
        #expect(lks.monthlyAmount == nil && lks.total == nil)
        #expect(lks.settledBy?.contains("parameters/") == true)
        for decision in early where decision.status == .eligible {
            #expect(decision.monthlyAmount != Money.zero, "\(decision.instrumentId) gave a zero amount")
        }
    }

    @Test func aContractWageBelowTheMinimumIsInvalidInput() throws {
        var request = workedExample()
        request.hourlyWage = Money(cents: 1470)
        #expect(throws: InvalidInstrumentRequest.self) { try catalog.evaluate(request) }
        request.benefit = .wajong  // wage dispensation allows it
        #expect(try catalog.evaluate(request).first { $0.instrumentId == "loonkostensubsidie" }?.reason?.contains("2:20") == true)
    }

    @Test func anUnknownMunicipalityGetsTheNationalBaseWithAWarning() throws {
        let decisions = try catalog.evaluate(workedExample(municipality: "Utrecht"))
        #expect(decisions.allSatisfy { $0.region == "national" })
        #expect(decisions.allSatisfy { $0.warnings.contains { $0.kind == .assumption && $0.text.contains("Utrecht") } })
        #expect(!decisions.contains { $0.instrumentId == "baanbonus" })
    }

    @Test func everyDecisionCarriesItsBasisAndParameters() throws {
        for municipality in ["Dordrecht", "Wierden", "Utrecht"] {
            for decision in try catalog.evaluate(workedExample(municipality: municipality)) {
                #expect(!decision.legalBasis.isEmpty)
                #expect(!decision.ruleId.isEmpty)
                if decision.status == .eligible, decision.monthlyAmount != nil || decision.oneOffAmount != nil {
                    #expect(!decision.parametersUsed.isEmpty, "\(decision.instrumentId)")
                }
                if decision.status != .eligible { #expect(decision.reason != nil) }
                if decision.status == .needsInformation { #expect(decision.settledBy != nil) }
            }
        }
    }

    @Test func decisionsRoundTripThroughJSON() throws {
        let decisions = try catalog.evaluate(workedExample())
        let data = try JSONEncoder().encode(decisions)
        let json = try #require(String(data: data, encoding: .utf8))
        #expect(json.contains("\"monthlyAmount\":\"1530.14\""))
        #expect(try JSONDecoder().decode([InstrumentDecision].self, from: data) == decisions)
    }

    @Test func theDutchTextShowsAmountStatusAndTrace() throws {
        let text = try catalog.evaluate(workedExample()).dutchText()
        #expect(text.contains("Loonkostensubsidie — komt in aanmerking"))
        #expect(text.contains("per maand: € 1.530,14"))
        #expect(text.contains("wml.referenceMonth.adult = 2294.40"))
        #expect(text.contains("berekening:"))
        let short = try catalog.evaluate(workedExample()).dutchText(withTrace: false)
        #expect(!short.contains("berekening:"))
    }

    @Test func aRequestFromCandidateAndTermsCarriesTheirFacts() throws {
        let candidate = Candidate(
            id: "k1", municipality: "Wierden", dateOfBirth: date("1990-04-01"), benefit: .participatiewet,
            targetGroupRegister: true, wageValue: WageValueMeasurement(percent: 60, measuredOn: date("2025-11-01")),
            ladderRung: .paidWorkWithSupport, hoursAvailable: WeeklyHours(min: 20, max: 36)!, travelReachKm: 20,
            postcode: Postcode(pc4: 7641)!, availableFrom: date("2026-01-01"), education: .mbo2, dutchLevel: .b1)
        let terms = PlacementTerms(candidateId: "k1", vacancyId: 7, startDate: date("2026-02-01"), hoursPerWeek: 36,
                                   contractMonths: 12, hourlyWage: Money(cents: 1500))
        let request = InstrumentRequest(candidate: candidate, terms: terms)
        #expect(request.peildatum == date("2026-02-01"))
        let lks = try decision("loonkostensubsidie", request)
        // 0.40 × 2294.40 × 1.08 × 1.235 = 1224.108288 → 1224.11
        #expect(lks.monthlyAmount == Money(cents: 122_411))
        #expect(lks.region == "wierden")
    }

    @Test func parametersInForceForARegion() throws {
        let rows = try catalog.parametersInForce(on: date("2026-11-22"), region: "drechtsteden")
        let coaching = try #require(rows.first { $0.id == "jobcoaching.drechtsteden.monthlyFullTime" })
        #expect(coaching.value == "295" && coaching.validFrom == date("2023-07-01"))
        let wml = try #require(rows.first { $0.id == "wml.referenceMonth.adult" })
        #expect(wml.remarks.contains { $0.hasPrefix("verouderd") })
        #expect(!rows.contains { $0.id.hasPrefix("wierden.") })
        #expect(throws: UnknownRegion.self) { try catalog.parametersInForce(on: date("2026-01-01"), region: "twente") }
        let text = try catalog.renderParametersInForce(on: date("2026-01-01"), region: "wierden")
        #expect(text.contains("wierden.exitPremium.amount: 750"))
    }

    @Test func theBenchmarkEvaluatesTheMix() throws {
        let result = RulesBenchmark.run(catalog: catalog, requestCount: 200, rounds: 1)
        #expect(result.requests == 200)
        #expect(result.decisions > 1000)
        #expect(result.requestsPerSecond > 0)
        // The mix is valid input: every request gets decisions.
        for request in RulesBenchmark.sampleRequests(count: 200) { _ = try catalog.evaluate(request) }
    }

    @Test func everyTotalIsTheSumOfItsSchedule() throws {
        var checked = 0
        for request in edgeRequests(count: 1_500) {
            guard let decisions = try? catalog.evaluate(request) else { continue }
            for decision in decisions where decision.status == .eligible {
                guard let schedule = decision.schedule else { continue }
                let sum = schedule.periods.reduce(Int64(0)) { $0 + ($1.amount?.cents ?? 0) } + schedule.oneOffs.reduce(Int64(0)) { $0 + $1.amount.cents }
                #expect(decision.total?.cents == sum, "\(decision.instrumentId)")
                for period in schedule.periods {
                    if let to = period.to { #expect(period.from <= to) }
                    if period.amount != nil { #expect(period.rate != nil) }
                }
                // Periods follow each other without gaps or overlaps.
                for (previous, next) in zip(schedule.periods, schedule.periods.dropFirst()) where decision.instrumentId != "loonkostenvoordeel" {
                    #expect(previous.to?.adding(days: 1) == next.from, "\(decision.instrumentId)")
                }
                checked += 1
            }
        }
        #expect(checked > 200)
    }

    @Test func theScheduleIsInTheJSONAndTheDutchText() throws {
        var request = workedExample()
        request.wageValue = nil
        let lks = try decision("loonkostensubsidie", request)
        let json = String(decoding: try JSONEncoder().encode(lks), as: UTF8.self)
        #expect(json.contains("\"schedule\""))
        #expect(json.contains("\"pending\":\"bedrag volgt uit de loonwaardemeting"))
        let text = lks.dutchText()
        #expect(text.contains("betalingen per periode:"))
        #expect(text.contains("2026-01-01 t/m 2026-06-30: € 1.530,14 per maand × 6 maanden = € 9.180,84"))
        #expect(text.contains("bedrag volgt uit de loonwaardemeting"))
    }

    @Test func aMonthShareCountsCalendarDays() {
        #expect(MonthShare(from: date("2026-01-01"), through: date("2026-12-31")).text == "12 maanden")
        #expect(MonthShare(from: date("2026-03-15"), through: date("2026-04-30")).text == "1 maand + 17/31")
        #expect(MonthShare(from: date("2026-01-01"), through: date("2026-08-14")).apply(to: Money(cents: 153_014)) == Money(cents: 1_140_201))
        // A contract from the 15th for 12 months adds up to exactly 12 months.
        #expect(MonthShare(from: date("2026-03-15"), through: date("2027-03-14")).apply(to: Money(cents: 100_000)) == Money(cents: 1_200_000))
    }
}
