import Foundation
import Domain
import Testing

@Suite struct CalendarDateTests {
    @Test func parsesDatesAndDateTimes() {
        #expect(CalendarDate(iso: "2026-07-01") == CalendarDate(year: 2026, month: 7, day: 1))
        #expect(CalendarDate(iso: "2026-07-01T23:59:59+02:00") == CalendarDate(year: 2026, month: 7, day: 1))
        #expect(CalendarDate(iso: "2025-02-29") == nil)
        #expect(CalendarDate(iso: "2026-13-01") == nil)
        #expect(CalendarDate(iso: "01-07-2026") == nil)
        #expect(CalendarDate(iso: "2026-07-01X") == nil)
    }

    @Test func addsMonthsClampingToTheEndOfTheMonth() {
        let january31 = CalendarDate(year: 2024, month: 1, day: 31)!
        #expect(january31.adding(months: 1) == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(january31.adding(months: 13) == CalendarDate(year: 2025, month: 2, day: 28))
        #expect(CalendarDate(year: 2026, month: 11, day: 22)!.adding(months: -11) == CalendarDate(year: 2025, month: 12, day: 22))
    }

    @Test func dayNumbersRoundTrip() {
        let epoch = CalendarDate(year: 1970, month: 1, day: 1)!
        #expect(epoch.dayNumber == 0)
        for offset in stride(from: -40_000, through: 40_000, by: 37) {
            #expect(CalendarDate(dayNumber: offset).dayNumber == offset)
        }
        #expect(CalendarDate(year: 2026, month: 6, day: 30)!.adding(days: 1) == CalendarDate(year: 2026, month: 7, day: 1))
    }

    @Test func ageCountsWholeYearsAndLeapDayBirthdays() {
        let born = CalendarDate(year: 1959, month: 7, day: 15)!
        #expect(born.age(on: CalendarDate(year: 2026, month: 7, day: 14)!) == 66)
        #expect(born.age(on: CalendarDate(year: 2026, month: 7, day: 15)!) == 67)
        let leap = CalendarDate(year: 2008, month: 2, day: 29)!
        #expect(leap.age(on: CalendarDate(year: 2026, month: 2, day: 28)!) == 17)
        #expect(leap.age(on: CalendarDate(year: 2026, month: 3, day: 1)!) == 18)
    }
}

@Suite struct MoneyTests {
    @Test func roundsHalfAwayFromZeroOnce() {
        #expect(Money.rounding(Decimal(string: "1530.135")!) == Money(cents: 153_014))
        #expect(Money.rounding(Decimal(string: "1530.1349")!) == Money(cents: 153_013))
        #expect(Money.rounding(Decimal(string: "-0.005")!) == Money(cents: -1))
        // The worked example of domain.md: 0.50 × 2294.40 × 1.08 × 1.235.
        let amount = Decimal(string: "0.50")! * Decimal(string: "2294.40")! * Decimal(string: "1.08")! * Decimal(string: "1.235")!
        #expect(Money.rounding(amount).plain == "1530.14")
    }

    @Test func parsesDutchAndEnglishNotation() {
        #expect(Money(parsing: "14,71") == Money(cents: 1471))
        #expect(Money(parsing: "14.71") == Money(cents: 1471))
        #expect(Money(parsing: "€ 1.530,14") == Money(cents: 153_014))
        #expect(Money(parsing: "1,530.14") == Money(cents: 153_014))
        #expect(Money(parsing: "2500") == Money(cents: 250_000))
        #expect(Money(parsing: "3.000") == Money(cents: 300_000))
        #expect(Money(parsing: "12.345") == Money(cents: 1_234_500))
        #expect(Money(parsing: "abc") == nil)
        #expect(Money(parsing: "1.2.3,4567") == nil)
        #expect(Money(parsing: "") == nil)
    }

    @Test func formatsForPeopleAndMachines() {
        #expect(Money(cents: 153_014).description == "€ 1.530,14")
        #expect(Money(cents: 5).plain == "0.05")
        #expect(Money(cents: -1250).plain == "-12.50")
    }
}

@Suite struct CodeTests {
    @Test func postcodes() {
        #expect(Postcode(parsing: "3311 ab")?.description == "3311 AB")
        #expect(Postcode(parsing: "3311")?.letters == nil)
        #expect(Postcode(parsing: "0311 AB") == nil)
        #expect(Postcode(parsing: "3311 SS") == nil)
        #expect(Postcode(parsing: "33111") == nil)
    }

    @Test func kvkNumbersHaveEightDigits() {
        #expect(KvKNumber("2412 3456")?.rawValue == "24123456")
        #expect(KvKNumber("1234567") == nil)
        #expect(KvKNumber("1234567a") == nil)
    }

    @Test func escoIdsAcceptURIs() {
        #expect(EscoID("http://data.europa.eu/esco/occupation/abc-1") == EscoID("abc-1"))
    }

    @Test func hoursOverlap() {
        let candidate = WeeklyHours(min: 16, max: 24)!
        #expect(candidate.overlap(with: WeeklyHours(min: 20, max: 40)!) == WeeklyHours(min: 20, max: 24))
        #expect(candidate.overlap(with: WeeklyHours(min: 32, max: 40)!) == nil)
        #expect(WeeklyHours(min: 30, max: 20) == nil)
    }
}
