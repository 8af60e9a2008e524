import Catalog
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Rendering
import Services
import Store
import Testing
import TestSupport
@testable import App

/// A clock the test moves; read by the quote service for "today" (expiry) and timestamps.
final class MovableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date

    init(_ instant: Date) { self.instant = instant }

    var now: Date { lock.withLock { instant } }

    func advance(days: Int) { lock.withLock { instant = instant.addingTimeInterval(Double(days) * 86_400) } }
}

/// A real SQLite file with one employer, one vacancy and a candidate whose record carries medical facts
/// (wage value 43% measured on 2026-09-14, a work limitation, an education obstacle), and the `Quotes`
/// service over it exactly as `serve` builds it, with a movable clock.
struct QuoteHarness {
    let configuration: AppConfiguration
    let cleanup: () -> Void
    let store: MatchpuntStore
    let quotes: Quotes
    let instruments: InstrumentEvaluation
    let policy: PolicyCatalog
    let clock: MovableClock
    let vacancyId: Int64

    static let candidateId = "K00042"
    static let staff = AuditActor(name: "adviseur", requestId: "test")
    /// Texts that would reveal the candidate's medical facts: the wage value (and the subsidy share it gives),
    /// its measurement date, the work limitation and the education obstacle.
    static let medicalMarkers = ["43%", "43 %", "57%", "57 %", "loonwaarde 43", "2026-09-14", "14 september 2026", "ziekte of handicap",
                                 "arbeidsbeperking", "wageValue", "workLimitation", "hadEducationObstacle", "onderwijsbelemmering"]

    static var facts: StatedPlacementFacts {
        var facts = StatedPlacementFacts(startDate: CalendarDate(year: 2027, month: 1, day: 4)!, hoursPerWeek: 32, contractMonths: 12,
                                         hourlyWage: Money(cents: 1625))
        facts.otherMunicipalWageSubsidy = false
        return facts
    }

    init() async throws {
        (configuration, cleanup) = try testConfiguration()
        store = try AppServices.openStore(configuration)
        let employer = try await store.insert(Employer(id: 0, name: "Bakkerij De Korenaar B.V.", kvkNumber: KvKNumber("90001371")))
        try await store.save(Candidate(
            id: Self.candidateId, municipality: "Dordrecht", dateOfBirth: CalendarDate(year: 1990, month: 2, day: 28)!, benefit: .participatiewet,
            benefitSince: CalendarDate(year: 2019, month: 5, day: 1), targetGroupRegister: true, workLimitation: true,
            wageValue: WageValueMeasurement(percent: 43, measuredOn: CalendarDate(year: 2026, month: 9, day: 14)!), hadEducationObstacle: true,
            ladderRung: .organisedActivities, hoursAvailable: WeeklyHours(min: 16, max: 36)!, travelReachKm: 15,
            postcode: Postcode(parsing: "3311 AB")!, availableFrom: CalendarDate(year: 2026, month: 12, day: 1)!, education: .mbo2, dutchLevel: .b1))
        let vacancy = try await store.insert(Vacancy(
            id: 0, source: "handmatig", externalId: "Q-1", employerId: employer.id, title: "Medewerker bakkerij", occupation: nil,
            postcode: Postcode(parsing: "3316")!, hours: WeeklyHours(min: 24, max: 36)!, contractMonths: 12,
            startDate: CalendarDate(year: 2027, month: 1, day: 4)!, hourlyWage: Money(cents: 1625), suitableForBanenafspraak: true))
        vacancyId = vacancy.id
        policy = try AppServices.loadPolicy(configuration)
        let audit = AuditLog(repository: store)
        instruments = InstrumentEvaluation(candidates: store, vacancies: store, policy: policy, audit: audit)
        // 2026-11-30 09:00 UTC.
        let clock = MovableClock(Date(timeIntervalSince1970: 1_796_029_200))
        self.clock = clock
        var configuration = configuration
        configuration.quoteFormSecret = "a test secret of enough bytes"
        quotes = try AppServices.makeQuotes(configuration, store: store, policy: policy, instruments: instruments, audit: audit,
                                            logger: .init(label: "test"), clock: { clock.now })
    }

    func draft() async throws -> QuoteDetails {
        try await quotes.createDraft(candidateId: Self.candidateId, vacancyId: vacancyId, facts: Self.facts, by: Self.staff)
    }
}

@Suite struct QuoteTests {
    /// Quotes carry candidate data: a consultant sees, changes and lists only quotes of candidates living in
    /// their regions; outside them a quote is "not found", as the candidate is.
    @Test func aConsultantOutsideTheCandidatesRegionCannotSeeTheQuote() async throws {
        let harness = try await QuoteHarness()
        defer { harness.cleanup() }
        let audit = AuditLog(repository: harness.store)
        let regions = CandidateRegions(regionOf: { $0 == "Dordrecht" ? 26 : nil })
        let instruments = InstrumentEvaluation(candidates: harness.store, vacancies: harness.store, policy: harness.policy, audit: audit, regions: regions)
        var configuration = harness.configuration
        configuration.quoteFormSecret = "a test secret of enough bytes"
        let clock = harness.clock
        let quotes = try AppServices.makeQuotes(configuration, store: harness.store, policy: harness.policy, instruments: instruments, audit: audit,
                                                logger: .init(label: "test"), clock: { clock.now })
        let inside = AuditActor(name: "drechtsteden", regions: [26])
        let outside = AuditActor(name: "twente", regions: [9])
        let draft = try await quotes.createDraft(candidateId: QuoteHarness.candidateId, vacancyId: harness.vacancyId, facts: QuoteHarness.facts, by: inside)
        await #expect(throws: QuoteError.self) { try await quotes.issue(id: draft.stored.id, by: outside) }
        let issued = try await quotes.issue(id: draft.stored.id, by: inside)
        let number = try #require(issued.details.stored.number)
        _ = try await quotes.show(number: number, by: inside)
        await #expect(throws: QuoteError.self) { try await quotes.show(number: number, by: outside) }
        await #expect(throws: QuoteError.self) { try await quotes.show(id: draft.stored.id, by: outside) }
        await #expect(throws: QuoteError.self) { try await quotes.withdraw(number: number, reason: nil, by: outside) }
        await #expect(throws: QuoteError.self) { try await quotes.revise(number: number, by: outside) }
        #expect(try await quotes.list(status: nil, by: outside).isEmpty)
        #expect(try await quotes.list(status: nil, by: inside).count == 1)
        #expect(try await quotes.show(number: number, by: inside).stored.status == .issued)
    }

    @Test func amountsEqualTheRuleResultsPeriodByPeriod() async throws {
        let harness = try await QuoteHarness()
        defer { harness.cleanup() }
        let draft = try await harness.draft()
        let rules = try await harness.instruments.evaluate(candidateId: QuoteHarness.candidateId, vacancyId: harness.vacancyId,
                                                           facts: QuoteHarness.facts, by: QuoteHarness.staff)
        #expect(draft.snapshot.decisions == rules.decisions)
        let view = draft.employerView
        var comparedPeriods = 0
        for decision in rules.decisions where decision.status == .eligible && decision.side == .employer {
            let shown = try #require(view.instruments.first { $0.instrumentId == decision.instrumentId })
            #expect(shown.total == decision.total)
            #expect(shown.monthlyAmount == decision.monthlyAmount)
            let periods = decision.schedule?.periods ?? []
            #expect(shown.periods.count == periods.count)
            for (a, b) in zip(shown.periods, periods) {
                #expect(a.from == b.from && a.to == b.to && a.rate == b.rate && a.amount == b.amount, "\(decision.instrumentId) \(b.from)")
                comparedPeriods += 1
            }
            // The net cost table's column for this instrument adds up to the schedule's monthly periods.
            if let column = draft.snapshot.netCost.columns.firstIndex(where: { $0.instrumentId == decision.instrumentId }) {
                let monthly = periods.filter { $0.basis == .perMonth }.reduce(Money.zero) { $0 + ($1.amount ?? .zero) }
                #expect(draft.snapshot.netCost.instrumentTotals[column] == monthly, "\(decision.instrumentId)")
            }
        }
        #expect(comparedPeriods >= 2)
        #expect(view.instruments.contains { $0.instrumentId == "loonkostensubsidie" && $0.eligible })
    }

    @Test func theNetCostTableAddsUpToTheCent() async throws {
        let harness = try await QuoteHarness()
        defer { harness.cleanup() }
        let table = try await harness.draft().snapshot.netCost
        #expect(!table.rows.isEmpty)
        // 16.25 × 32 × 52 ÷ 12 = 2253.333… → € 2.253,33; 8% holiday allowance → € 180,27; 18% charges on both → € 438,05.
        let first = try #require(table.rows.first)
        #expect(first.grossWagePerMonth == Money(cents: 225_333))
        #expect(first.holidayAllowancePerMonth == Money(cents: 18_027))
        #expect(first.employerChargesPerMonth == Money(cents: 43_805))
        for row in table.rows {
            #expect(row.wageCostPerMonth == row.grossWagePerMonth + row.holidayAllowancePerMonth + row.employerChargesPerMonth)
            #expect(row.netAmount == row.wageCostAmount - row.instrumentAmounts.reduce(Money.zero, +))
            #expect(row.netPerMonth == row.wageCostPerMonth - row.instrumentPerMonth.reduce(Money.zero) { $0 + ($1 ?? .zero) })
        }
        // The rows cover the contract without gap or overlap.
        #expect(table.rows.first?.from == QuoteHarness.facts.startDate)
        #expect(table.rows.last?.to == CalendarDate(year: 2028, month: 1, day: 3))
        for (a, b) in zip(table.rows, table.rows.dropFirst()) { #expect(a.to.adding(days: 1) == b.from) }
        #expect(table.wageCostTotal == table.rows.reduce(Money.zero) { $0 + $1.wageCostAmount })
        for column in table.columns.indices {
            #expect(table.instrumentTotals[column] == table.rows.reduce(Money.zero) { $0 + $1.instrumentAmounts[column] })
        }
        #expect(table.lumpSumTotal == table.lumpSums.reduce(Money.zero) { $0 + $1.amount })
        #expect(table.netTotal == table.rows.reduce(Money.zero) { $0 + $1.netAmount } - table.lumpSumTotal)
        #expect(table.netTotal == table.wageCostTotal - table.instrumentTotals.reduce(Money.zero, +) - table.lumpSumTotal)
        // Twelve whole months of wage cost: 12 × € 2.871,65.
        #expect(table.wageCostTotal == Money(cents: 12 * 287_165))
        #expect(table.basis.contains { $0.contains("werkgeverslasten.schatting") })
    }

    @Test func everyStatusTransitionAndExpiry() async throws {
        let harness = try await QuoteHarness()
        defer { harness.cleanup() }
        let quotes = harness.quotes
        // Draft → re-run → issued → accepted; answering twice refused.
        let draft = try await harness.draft()
        #expect(draft.stored.status == .draft && draft.stored.number == nil)
        let rerun = try await quotes.rerunDraft(id: draft.stored.id, by: QuoteHarness.staff)
        #expect(rerun.stored.status == .draft)
        let issued = try await quotes.issue(id: draft.stored.id, by: QuoteHarness.staff)
        #expect(issued.details.stored.number == "MP-2026-000001")
        #expect(issued.details.stored.validUntil == CalendarDate(year: 2026, month: 12, day: 30))
        #expect(issued.details.snapshot.number == "MP-2026-000001")
        #expect(issued.token.utf8.count == 43)
        await #expect(throws: QuoteError.self) { try await quotes.rerunDraft(id: draft.stored.id, by: QuoteHarness.staff) }
        await #expect(throws: QuoteError.self) { try await quotes.issue(id: draft.stored.id, by: QuoteHarness.staff) }
        let csrf = quotes.formToken(for: issued.token)
        #expect(try await quotes.answer(token: issued.token, formToken: csrf, answer: .accept, name: "J. de Korenaar", remark: "Graag") == .recorded(.accepted))
        #expect(try await quotes.answer(token: issued.token, formToken: csrf, answer: .decline, name: "J. de Korenaar", remark: nil) == .closed(.accepted))
        let accepted = try await quotes.show(number: "MP-2026-000001", by: QuoteHarness.staff)
        #expect(accepted.history.map(\.to) == [.draft, .issued, .accepted])
        #expect(accepted.history.last?.actor == "werkgever: J. de Korenaar" && accepted.history.last?.reason == "Graag")
        await #expect(throws: QuoteError.self) { try await quotes.withdraw(number: "MP-2026-000001", reason: nil, by: QuoteHarness.staff) }

        // Declined.
        let second = try await quotes.issue(id: try await harness.draft().stored.id, by: QuoteHarness.staff)
        #expect(second.details.stored.number == "MP-2026-000002")
        #expect(try await quotes.answer(token: second.token, formToken: quotes.formToken(for: second.token), answer: .decline, name: "J.", remark: nil)
                == .recorded(.declined))
        // A wrong CSRF token, or another link's, is refused.
        let third = try await quotes.issue(id: try await harness.draft().stored.id, by: QuoteHarness.staff)
        #expect(try await quotes.answer(token: third.token, formToken: csrf, answer: .accept, name: "J.", remark: nil) == .forbidden)
        #expect(try await quotes.answer(token: third.token, formToken: "bm9wZQ", answer: .accept, name: "J.", remark: nil) == .forbidden)
        #expect(try await quotes.answer(token: third.token, formToken: quotes.formToken(for: third.token), answer: .accept, name: "  ", remark: nil)
                == .invalid("vul uw naam in (ten hoogste 200 tekens)"))
        // Withdrawn: the link says so and cannot be answered.
        _ = try await quotes.withdraw(number: third.details.stored.number!, reason: "vacature vervuld", by: QuoteHarness.staff)
        guard case .quote(let withdrawnView, let canAnswer) = try await quotes.open(token: third.token) else { Issue.record("withdrawn link"); return }
        #expect(withdrawnView.status == .withdrawn && !canAnswer)
        #expect(withdrawnView.document().allText.joined().contains("ingetrokken"))
        #expect(try await quotes.answer(token: third.token, formToken: quotes.formToken(for: third.token), answer: .accept, name: "J.", remark: nil)
                == .closed(.withdrawn))

        // Revised: version 2 supersedes version 1, whose link then says so.
        let fourth = try await quotes.issue(id: try await harness.draft().stored.id, by: QuoteHarness.staff)
        let number = fourth.details.stored.number!
        let revision = try await quotes.revise(number: number, by: QuoteHarness.staff)
        let reissued = try await quotes.issue(id: revision.stored.id, by: QuoteHarness.staff)
        #expect(reissued.details.stored.number == number && reissued.details.stored.version == 2)
        guard case .quote(let oldView, let oldCanAnswer) = try await quotes.open(token: fourth.token) else { Issue.record("superseded link"); return }
        #expect(oldView.status == .superseded && !oldCanAnswer)
        #expect(try await quotes.show(number: number, version: 1, by: QuoteHarness.staff).history.last?.to == .superseded)

        // Expiry: valid until 2026-12-30 inclusive; from 2026-12-31 the link is gone and the quote expired.
        harness.clock.advance(days: 30)
        guard case .quote(_, true) = try await quotes.open(token: reissued.token) else { Issue.record("open on the last day"); return }
        harness.clock.advance(days: 1)
        guard case .unavailable = try await quotes.open(token: reissued.token) else { Issue.record("expired link still opens"); return }
        #expect(try await quotes.answer(token: reissued.token, formToken: quotes.formToken(for: reissued.token), answer: .accept, name: "J.", remark: nil)
                == .unavailable)
        let expired = try await quotes.list(status: .expired, by: QuoteHarness.staff)
        #expect(expired.map(\.number) == [number])
        #expect(try await quotes.show(number: number, by: QuoteHarness.staff).history.last?.actor == "systeem")
        // An expired quote can still be revised.
        let afterExpiry = try await quotes.issue(id: try await quotes.revise(number: number, by: QuoteHarness.staff).stored.id, by: QuoteHarness.staff)
        #expect(afterExpiry.details.stored.version == 3)
    }

    @Test func consentControlsWhetherTheNameAppears() async throws {
        let harness = try await QuoteHarness()
        defer { harness.cleanup() }
        let before = try await harness.quotes.issue(id: try await harness.draft().stored.id, by: QuoteHarness.staff)
        #expect(before.details.employerView.candidate == "kandidaat K00042")
        #expect(!before.details.employerView.document().allText.joined().contains("Sanne"))
        _ = try await harness.quotes.recordNameConsent(candidateId: QuoteHarness.candidateId, name: "Sanne de Vries",
                                                       consentedOn: CalendarDate(year: 2026, month: 11, day: 29)!, by: QuoteHarness.staff)
        let after = try await harness.quotes.issue(id: try await harness.draft().stored.id, by: QuoteHarness.staff)
        #expect(after.details.employerView.candidate == "Sanne de Vries")
        #expect(after.details.employerView.document().allText.contains { $0.contains("Sanne de Vries") })
        #expect(after.details.snapshot.candidate.consent?.recordedBy == "adviseur")
        #expect(after.details.snapshot.candidate.consent?.consentedOn == CalendarDate(year: 2026, month: 11, day: 29))
        // The quote issued before the consent keeps what it showed.
        #expect(try await harness.quotes.show(number: before.details.stored.number!, by: QuoteHarness.staff).employerView.candidate == "kandidaat K00042")
        await #expect(throws: QuoteError.self) {
            try await harness.quotes.recordNameConsent(candidateId: QuoteHarness.candidateId, name: "X", consentedOn: CalendarDate(year: 2027, month: 1, day: 1)!,
                                                       by: QuoteHarness.staff)
        }
    }

    @Test func noMedicalFactInAnyEmployerRendering() async throws {
        let harness = try await QuoteHarness()
        defer { harness.cleanup() }
        let issued = try await harness.quotes.issue(id: try await harness.draft().stored.id, by: QuoteHarness.staff)
        let details = issued.details
        // The staff record does carry them (so the markers are real), the employer's renderings do not.
        let staffText = details.staffDocument.allText.joined(separator: "\n")
        #expect(QuoteHarness.medicalMarkers.contains { staffText.contains($0) }, "the staff view should show the wage value")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(details.employerView), as: UTF8.self)
        let html = details.employerView.document().htmlPage()
        let pdf = try await pdfText(details.employerView.document().pdf())
        for (name, text) in [("JSON", json), ("HTML", html), ("PDF", pdf)] {
            for marker in QuoteHarness.medicalMarkers {
                #expect(!text.contains(marker), "\(name) contains \(marker)")
            }
        }
        // Not the adviser's trace either: no rule step, no reason, no parameter list.
        #expect(!json.contains("trace") && !json.contains("reason"))
    }

    @Test func pdfTextHasTheNumberTheMonthlyAmountsAndTheNetCost() async throws {
        let harness = try await QuoteHarness()
        defer { harness.cleanup() }
        let issued = try await harness.quotes.issue(id: try await harness.draft().stored.id, by: QuoteHarness.staff)
        let view = issued.details.employerView
        let document = view.document()
        let started = ContinuousClock.now
        let bytes = try document.pdf()
        let elapsed = ContinuousClock.now - started
        let text = try await pdfText(document.pdf())
        #expect(text.contains("MP-2026-000001"))
        var amounts = 0
        for instrument in view.instruments where instrument.eligible {
            if let monthly = instrument.monthlyAmount {
                #expect(text.contains(monthly.description), "\(instrument.name) \(monthly)")
                amounts += 1
            }
        }
        #expect(amounts >= 1)
        #expect(text.contains(view.netCost.netTotal.description))
        #expect(text.contains("Nettokosten over de looptijd"))
        let pages = text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.count
        print("sample quote PDF: \(pages) pages, \(bytes.count) bytes, rendered in \(elapsed)")
        // To look at the sample: MATCHPUNT_SAMPLE_QUOTE=/tmp/offerte.pdf swift test --filter pdfTextHas…
        if let path = ProcessInfo.processInfo.environment["MATCHPUNT_SAMPLE_QUOTE"] { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
    }
}
