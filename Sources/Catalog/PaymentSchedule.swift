import Domain

/// Whether a period's rate is an amount per calendar month or per calendar year.
public enum PaymentBasis: String, Sendable, Hashable, Codable {
    case perMonth, perYear
}

/// A parameter value in force in one schedule period, with the date it took effect.
public struct ScheduleValue: Sendable, Hashable, Codable {
    public var id: String
    public var value: String
    public var unit: String
    public var validFrom: CalendarDate
    /// Carried forward beyond its indexation period: the value for this period is not known yet.
    public var projected: Bool
    public var source: String?
    public var unconfirmed: String?
}

/// One stretch of a schedule with one rate: from and to inclusive; `to` nil for an open-ended stretch.
///
/// `amount` is what is paid over the period (see `PaymentSchedule.roundingRule`); nil when it is not known
/// yet (`pending` says why) or the period has no end.
public struct SchedulePeriod: Sendable, Hashable, Codable {
    public var from: CalendarDate
    public var to: CalendarDate?
    public var basis: PaymentBasis
    /// The amount per calendar month (or per calendar year) in this period.
    public var rate: Money?
    public var amount: Money?
    /// How much of the basis the period covers, e.g. "6 maanden" or "2 maanden + 17/31".
    public var share: String
    /// The values in force in this period.
    public var parameters: [ScheduleValue]
    /// True when a value used in this period is carried forward from the last known value.
    public var projected: Bool
    /// The amount follows from something not known yet (e.g. "bedrag volgt uit de loonwaardemeting").
    public var pending: String?
    public var note: String?
    public var warnings: [String]
}

/// A payment made once, on a date.
public struct OneOffPayment: Sendable, Hashable, Codable {
    public var date: CalendarDate
    public var amount: Money
    public var note: String
}

/// What an eligible instrument pays over the contract, period by period. `total` is the sum of the
/// periods' amounts and the one-off payments, nothing else.
public struct PaymentSchedule: Sendable, Hashable, Codable {
    public var periods: [SchedulePeriod]
    public var oneOffs: [OneOffPayment]
    public var total: Money
    /// Some period has no amount yet (pending or open-ended): the total covers only the known part.
    public var incomplete: Bool
    /// Some period rests on a projected value.
    public var projected: Bool

    /// The one rounding rule of every schedule, stated once.
    public static let roundingRule = "Bedragen worden exact berekend en één keer op de cent afgerond (half van nul af): "
        + "het tarief per maand of per jaar, en het bedrag van een periode = tarief × (hele kalendermaanden + "
        + "dagen ÷ dagen in die maand voor een deel van een maand). Het totaal is de som van de afgeronde periodebedragen."

    public init(periods: [SchedulePeriod] = [], oneOffs: [OneOffPayment] = []) {
        self.periods = periods
        self.oneOffs = oneOffs
        var cents: Int64 = 0
        for period in periods { cents += period.amount?.cents ?? 0 }
        for payment in oneOffs { cents += payment.amount.cents }
        total = Money(cents: cents)
        incomplete = periods.contains { $0.amount == nil }
        projected = periods.contains(where: \.projected)
    }

    /// The schedule in Dutch, one line per period and payment, for the CLI and the staff pages.
    public var dutchText: String {
        var text = ""
        for period in periods {
            let until = period.to.map { "t/m \($0)" } ?? "zonder einddatum"
            let rate = period.rate.map { "\($0) per \(period.basis == .perMonth ? "maand" : "jaar")" } ?? "—"
            let amount = period.amount.map { "\($0)" } ?? (period.pending ?? "nog niet bekend")
            text += "    \(period.from) \(until): \(rate) × \(period.share) = \(amount)\(period.projected ? " (geprojecteerd)" : "")\n"
            if let note = period.note { text += "      \(note)\n" }
            for value in period.parameters {
                text += "      · \(value.id) = \(value.value) (vanaf \(value.validFrom)\(value.projected ? ", doorgetrokken" : ""))\n"
            }
            for warning in period.warnings { text += "      ! \(warning)\n" }
        }
        for payment in oneOffs { text += "    \(payment.date) eenmalig \(payment.amount): \(payment.note)\n" }
        text += "    totaal \(total)\(incomplete ? " (alleen het bekende deel)" : "")\n"
        return text
    }
}

/// The part of a calendar month, or of several, that a period covers: whole calendar months plus the
/// days of a partly covered month as a fraction of that month's days.
struct MonthShare: Equatable {
    var wholeMonths = 0
    var partialDays: [(days: Int, of: Int)] = []

    static func == (lhs: MonthShare, rhs: MonthShare) -> Bool {
        lhs.wholeMonths == rhs.wholeMonths && lhs.partialDays.map(\.days) == rhs.partialDays.map(\.days)
            && lhs.partialDays.map(\.of) == rhs.partialDays.map(\.of)
    }

    /// The share of `from`…`through` (inclusive), month by month.
    init(from: CalendarDate, through: CalendarDate) {
        var cursor = from
        while cursor <= through {
            let daysInMonth = CalendarDate.daysIn(month: cursor.month, year: cursor.year)
            let monthEnd = cursor.startOfMonth.adding(days: daysInMonth - 1)
            let end = min(monthEnd, through)
            let days = cursor.days(until: end) + 1
            if days == daysInMonth { wholeMonths += 1 } else { partialDays.append((days, daysInMonth)) }
            cursor = end.adding(days: 1)
        }
    }

    init() {}

    var text: String {
        var parts: [String] = []
        if wholeMonths > 0 || partialDays.isEmpty { parts.append("\(wholeMonths) \(wholeMonths == 1 ? "maand" : "maanden")") }
        for part in partialDays { parts.append("\(part.days)/\(part.of)") }
        return parts.joined(separator: " + ")
    }

    /// The share as a fraction numerator/denominator (denominator the product of the partial months' days).
    var fraction: (numerator: Int128, denominator: Int128) {
        var numerator = Int128(wholeMonths)
        var denominator: Int128 = 1
        for part in partialDays {
            numerator = numerator * Int128(part.of) + Int128(part.days) * denominator
            denominator *= Int128(part.of)
        }
        return (numerator, denominator)
    }

    /// `monthly` × this share, rounded once to the cent.
    func apply(to monthly: Money) -> Money {
        let (numerator, denominator) = fraction
        return ExactDecimal(units: Int128(monthly.cents) * numerator, scale: 2).roundedToCents(dividingBy: denominator)
    }

    /// Whole calendar-month equivalents, rounded down (for `durationMonths`).
    var roundedDownMonths: Int {
        let (numerator, denominator) = fraction
        return Int(numerator / denominator)
    }
}

extension CalendarDate {
    /// The next 1 January or 1 July after this date.
    var nextHalfYearStart: CalendarDate {
        month < 7 ? CalendarDate(year: year, month: 7, day: 1)! : CalendarDate(year: year + 1, month: 1, day: 1)!
    }

    /// 1 January of this date's year.
    var startOfYear: CalendarDate { CalendarDate(year: year, month: 1, day: 1)! }

    /// The last day of this date's month.
    var endOfMonth: CalendarDate {
        startOfMonth.adding(days: CalendarDate.daysIn(month: month, year: year) - 1)
    }

    /// The day someone born on this date turns `age` (29 February: 1 March in a common year, as `age(on:)`).
    func birthday(turning age: Int) -> CalendarDate {
        let year = self.year + age
        if month == 2, day == 29, !CalendarDate.isLeapYear(year) { return CalendarDate(year: year, month: 3, day: 1)! }
        return CalendarDate(year: year, month: month, day: day)!
    }
}

/// Cuts `start`…`end` (inclusive) into periods at the given dates (each the first day of a new period);
/// dates outside the range are ignored.
func splitPeriods(start: CalendarDate, end: CalendarDate, at cuts: [CalendarDate]) -> [(from: CalendarDate, to: CalendarDate)] {
    let inside = Set(cuts.filter { $0 > start && $0 <= end }).sorted()
    var periods: [(from: CalendarDate, to: CalendarDate)] = []
    var from = start
    for cut in inside {
        periods.append((from, cut.adding(days: -1)))
        from = cut
    }
    periods.append((from, end))
    return periods
}
