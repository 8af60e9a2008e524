import Catalog
import Domain
import Foundation

/// The measured speed of the rules on a realistic mix of requests (`matchpunt bench rules`).
public struct RulesBenchmarkResult: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Requests evaluated (each evaluates every instrument of the candidate's region).
    public var requests: Int
    /// Instrument decisions produced.
    public var decisions: Int
    public var seconds: Double
    public var requestsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }
    public var decisionsPerSecond: Double { seconds > 0 ? Double(decisions) / seconds : 0 }

    public var description: String {
        "\(requests) aanvragen, \(decisions) beslissingen in \(String(format: "%.3f", seconds)) s: "
            + "\(Int(requestsPerSecond)) aanvragen/s, \(Int(decisionsPerSecond)) beslissingen/s (één kern)"
    }
}

public enum RulesBenchmark {
    /// A deterministic mix shaped like a WSP caseload (domain.md): mostly bijstand, about a third in the
    /// target-group register, many without a measured wage value, residents of Drechtsteden, Wierden and
    /// elsewhere, start dates across 2024–2026, part-time and full-time hours.
    public static func sampleRequests(count: Int, seed: UInt64 = 0x5EED) -> [InstrumentRequest] {
        var state = seed
        func next(_ bound: Int) -> Int {
            // SplitMix64: reproducible without Foundation's random sources.
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        let municipalities = ["Dordrecht", "Dordrecht", "Zwijndrecht", "Papendrecht", "Sliedrecht", "Wierden", "Wierden", "Utrecht"]
        let benefits: [BenefitType] = [.participatiewet, .participatiewet, .participatiewet, .participatiewet, .participatiewet,
                                       .participatiewet, .participatiewet, .nugger, .ww, .wia, .wajong]
        var requests: [InstrumentRequest] = []
        requests.reserveCapacity(count)
        for _ in 0..<count {
            let start = CalendarDate(year: 2024 + next(3), month: 1 + next(12), day: 1 + next(28))!
            let age = 18 + next(49)
            let birth = CalendarDate(year: start.year - age - 1, month: 1 + next(12), day: 1 + next(28))!
            let register = next(3) == 0
            var request = InstrumentRequest(
                municipality: municipalities[next(municipalities.count)], dateOfBirth: birth,
                benefit: benefits[next(benefits.count)], targetGroupRegister: register,
                shelteredWorkIndication: !register && next(20) == 0, workLimitation: next(5) < 2,
                wageValue: next(5) < 3 ? WageValueMeasurement(percent: next(100), measuredOn: start.adding(days: -30)) : nil,
                hadEducationObstacle: next(10) == 0, ladderRung: LadderRung(rawValue: 1 + next(6)),
                singleParentWithChildUnder12: next(8) == 0,
                // Wages above every adult minimum in the catalog, so the mix measures rules, not refusals.
                start: start, hoursPerWeek: 12 + next(29), contractMonths: 3 + next(34), hourlyWage: Money(cents: 1600 + Int64(next(600))))
            request.sectorFullTimeHours = [nil, 36, 38, 40][next(4)]
            request.coachingFoundNecessary = [nil, true, false][next(3)]
            request.employerIntendsLongerContract = next(4) != 0
            request.noDisplacement = true
            request.insuranceArranged = next(3) != 0 ? true : nil
            request.keepsPartialBenefit = [nil, true, false][next(3)]
            request.leavesBenefit = next(2) == 0
            request.medicalHoursLimitation = next(10) == 0
            requests.append(request)
        }
        return requests
    }

    /// Evaluates `rounds` passes over a mix of `requestCount` requests on the calling thread.
    public static func run(catalog: PolicyCatalog, requestCount: Int = 10_000, rounds: Int = 10) -> RulesBenchmarkResult {
        let requests = sampleRequests(count: requestCount)
        var decisions = 0
        // One warm-up pass so lazy initialisation does not count.
        for request in requests.prefix(100) { _ = try? catalog.evaluate(request) }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<rounds {
                for request in requests {
                    if let result = try? catalog.evaluate(request) { decisions += result.count }
                }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return RulesBenchmarkResult(requests: requestCount * rounds, decisions: decisions, seconds: seconds)
    }
}
