import Benchmarks
@testable import Catalog
import Domain
import Foundation
import Testing

/// Pins every byte of the decisions for thousands of requests, so that a change meant to make the rules
/// faster (or any refactoring) cannot change an amount, a status, a text, a trace line, a parameter used or
/// a warning unnoticed. The digests were taken from the rules before the speed work (Decimal arithmetic,
/// commit 50bf963) and hold unchanged after it.
///
/// When a change to the catalog or the rules *means* to change decisions, check the differences by hand
/// (e.g. dump `decisionsJSON` before and after and diff them) and then update the digests here.
/// Re-pinned for issue 9 (schedules per period, the statute-based corrections, werkplekaanpassing and the
/// LKS disregard z/aa as new instruments, AOW ages 2020–2023): the golden cases in catalog/tests pin the intended amounts.
/// Re-pinned again for issue 9's open items (BBL youth scale and `followsBBL` in the edge mix; ZW 29b lid 2 onder e
/// and lid 4, Wet WIA art. 37 and Wajong art. 2:24 trial placements, the Wajong art. 2:20 wage warning, and a Wajong
/// wage now checked like any other — warned about, not refused, below the minimum; refused under 15): the new
/// golden cases in catalog/tests/bbl.yaml, noriskpolis.yaml, proefplaatsing.yaml and loonkostensubsidie.yaml pin them.
@Suite("Decisions pinned by digest")
struct DecisionDigestTests {
    let catalog: PolicyCatalog

    init() throws { catalog = try PolicyCatalog.load(from: catalogDirectory) }

    @Test func theBenchmarkMixGivesTheSameDecisionsByteForByte() throws {
        let json = try decisionsJSON(catalog, RulesBenchmark.sampleRequests(count: 2_000))
        #expect(json.count == 23_045_498)
        #expect(fnv1a64(json) == 0x1505_12b3_07ac_0124)
    }

    @Test func theEdgeMixGivesTheSameDecisionsByteForByte() throws {
        let json = try decisionsJSON(catalog, edgeRequests(count: 3_000))
        #expect(json.count == 21_438_846)
        #expect(fnv1a64(json) == 0x2d2a_7cb5_4795_17ac)
    }

    /// The exact arithmetic rounds as the `Decimal` division followed by `Money.rounding` it replaced,
    /// including half cents (away from zero), negative amounts and divisions that do not terminate.
    @Test func exactRoundingAgreesWithDecimalDivisionAndMoneyRounding() throws {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        let divisors = [1, 3, 7, 12, 36, 38, 40, 100, 1_200, 3_600_000, 360_000_000, 4_000_000_000]
        for _ in 0..<20_000 {
            let scale = next(7)
            let units = next(2_000_000_000) - 1_000_000_000
            let divisor = divisors[next(divisors.count)]
            let exact = ExactDecimal(units: Int128(units), scale: scale)
            var decimal = Decimal(units)
            for _ in 0..<scale { decimal /= 10 }
            #expect(exact.roundedToCents(dividingBy: Int128(divisor)) == Money.rounding(decimal / Decimal(divisor)),
                    "\(units)e-\(scale) / \(divisor)")
        }
        // Half cents go away from zero.
        #expect(ExactDecimal(units: 5, scale: 3).roundedToCents() == Money(cents: 1))
        #expect(ExactDecimal(units: -5, scale: 3).roundedToCents() == Money(cents: -1))
        #expect(ExactDecimal(units: 4_999, scale: 6).roundedToCents() == Money(cents: 0))
        // Catalog figures convert exactly.
        for text in ["2294.40", "23.5", "0.125", "8", "1934.4", "0"] {
            let decimal = try #require(Decimal(string: text))
            #expect(try #require(ExactDecimal(decimal)).decimal == decimal)
        }
    }

    @Test func roleOrdinalsFollowAllCases() {
        for (position, role) in ParameterRole.allCases.enumerated() {
            #expect(role.ordinal == position, "\(role)")
        }
    }
}

/// The JSON of every request's decisions (keys sorted), one line per request; a refused request gives its
/// error text instead.
func decisionsJSON(_ catalog: PolicyCatalog, _ requests: [InstrumentRequest]) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    var out: [UInt8] = []
    for request in requests {
        do { out += try encoder.encode(try catalog.evaluate(request)) } catch { out += Array("\(error)".utf8) }
        out.append(UInt8(ascii: "\n"))
    }
    return out
}

/// FNV-1a, 64 bits: enough to notice any change (not a security measure).
func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
}

/// A deterministic mix that reaches the corners the benchmark mix avoids: unpaid activities, youth and
/// AOW ages, peildata other than the start (stale values, dates before the catalog), wages around the
/// minimum, hours above the 36-hour basis without a sector week, unknown municipalities, every optional
/// fact unknown, requested trial months, LKV herplaatsen, Wsw.
func edgeRequests(count: Int, seed: UInt64 = 0xED6E) -> [InstrumentRequest] {
    var state = seed
    func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
    func pick<T>(_ options: [T]) -> T { options[next(options.count)] }
    let municipalities = ["Dordrecht", "Alblasserdam", "Hendrik-Ido-Ambacht", "Zwijndrecht", "Wierden", " wierden ", "Utrecht", "Onbekend"]
    var requests: [InstrumentRequest] = []
    for _ in 0..<count {
        let start = CalendarDate(year: 2022 + next(6), month: 1 + next(12), day: 1 + next(28))!
        // Ages 14–70: below the youth table, youth wages, adults, around and past the AOW age.
        let age = 14 + next(57)
        let birth = CalendarDate(year: start.year - age, month: 1 + next(12), day: 1 + next(28))!
        let register = next(3) == 0
        let activity = pick([PlacementActivity.paidEmployment, .paidEmployment, .paidEmployment, .unpaidWork, .participationPlace, .volunteering])
        let wage = activity == .paidEmployment ? Money(cents: 300 + Int64(next(2_400))) : (next(2) == 0 ? .zero : Money(cents: Int64(next(500))))
        var request = InstrumentRequest(
            peildatum: next(4) == 0 ? start.adding(days: next(900) - 300) : nil,
            municipality: pick(municipalities), dateOfBirth: birth,
            benefit: pick([BenefitType.participatiewet, .participatiewet, .nugger, .ww, .wia, .wajong]),
            targetGroupRegister: register, shelteredWorkIndication: !register && next(6) == 0, workLimitation: next(2) == 0,
            wageValue: next(3) == 0 ? nil : WageValueMeasurement(percent: pick([0, 30, 50, 70, 99, 100, next(101)]), measuredOn: start.adding(days: -next(400))),
            hadEducationObstacle: next(6) == 0, ladderRung: next(5) == 0 ? nil : LadderRung(rawValue: 1 + next(6)),
            singleParentWithChildUnder12: next(4) == 0,
            start: start, hoursPerWeek: pick([4, 8, 12, 20, 24, 32, 36, 38, 40, 48]), contractMonths: pick([1, 3, 5, 6, 7, 12, 18, 24, 36, 60, 120]),
            hourlyWage: wage, activity: activity)
        request.sectorFullTimeHours = pick([nil, nil, 32, 36, 38, 40])
        request.coachingFoundNecessary = pick([nil, true, false])
        request.employerIntendsLongerContract = pick([nil, true, false])
        request.noDisplacement = pick([nil, true, true, false])
        request.insuranceArranged = pick([nil, true, false])
        request.requestedTrialMonths = pick([nil, nil, 0, 1, 3, 6, 12])
        request.otherMunicipalWageSubsidy = pick([nil, true, false])
        request.replacingOwnDisabledEmployee = next(8) == 0
        request.wswEmployee = next(10) == 0
        request.keepsPartialBenefit = pick([nil, true, false])
        request.medicalHoursLimitation = next(5) == 0
        request.leavesBenefit = pick([nil, true, false])
        request.followsBBL = next(6) == 0
        // ZW 29b lid 1 onder b: a finding of less than 35% within, on the edge of and beyond the five-year window.
        request.wiaBelow35PercentSince = next(6) == 0 ? start.adding(days: -pick([0, 1, 365, 1_826, 1_827, 3_000])) : nil
        requests.append(request)
    }
    return requests
}
