import Catalog
import Domain
import Foundation

/// What the hire costs the employer, period by period: the gross wage cost per month (wage × hours × weeks
/// per year ÷ 12, holiday allowance, employer charges as an estimated percentage from the catalog) minus each
/// monthly instrument amount; yearly (LKV) and one-off amounts separately; totals over the contract.
///
/// Exact: every figure is whole cents. A per-month figure is rounded once to the cent; a period's amount is
/// the per-month figure × the period's share of calendar months, rounded once. An instrument period that
/// the table splits (because another instrument changes inside it) is shared out so that its parts add up
/// to exactly the schedule's amount for that period. The totals are sums of the rows, nothing else.
public struct NetCostTable: Sendable, Codable, Equatable {
    public struct InstrumentColumn: Sendable, Codable, Equatable {
        public var instrumentId: String
        public var name: String
    }

    public struct Row: Sendable, Codable, Equatable {
        public var from: CalendarDate
        public var to: CalendarDate
        /// "6 maanden", "2 maanden + 17/31".
        public var share: String
        public var grossWagePerMonth: Money
        public var holidayAllowancePerMonth: Money
        public var employerChargesPerMonth: Money
        /// The three above, summed.
        public var wageCostPerMonth: Money
        /// Per instrument column: the monthly rate in this period; nil when it pays nothing here, or
        /// `pending` when the amount is not known yet.
        public var instrumentPerMonth: [Money?]
        public var pending: [Bool]
        public var netPerMonth: Money
        public var wageCostAmount: Money
        public var instrumentAmounts: [Money]
        public var netAmount: Money
    }

    /// A payment that is not monthly: LKV per calendar year, a one-off bonus.
    public struct LumpSum: Sendable, Codable, Equatable {
        public var instrumentId: String
        public var name: String
        public var from: CalendarDate
        public var to: CalendarDate?
        public var amount: Money
        /// "per kalenderjaar" or "eenmalig".
        public var kind: String
        public var paidBy: String
    }

    public var columns: [InstrumentColumn]
    public var rows: [Row]
    public var lumpSums: [LumpSum]
    public var wageCostTotal: Money
    public var instrumentTotals: [Money]
    public var lumpSumTotal: Money
    /// Wage cost over the contract minus every instrument amount.
    public var netTotal: Money
    /// Some instrument amount is not known yet for part of the contract: the net cost is then an upper bound.
    public var incomplete: Bool
    /// The figures the wage cost rests on, with where they come from (labelled as an estimate).
    public var basis: [String]
}

/// Why a net cost table cannot be computed: a figure it needs is not in the catalog.
public struct NetCostError: Error, Equatable, CustomStringConvertible {
    public var description: String
}

extension NetCostTable {
    static let holidayAllowanceParameter = "wml.holidayAllowance"
    static let weeksPerYearParameter = "calendar.weeksPerYear"

    /// The table for these terms and decisions. Only eligible employer instruments with a schedule count.
    public static func compute(terms: PlacementTerms, decisions: [InstrumentDecision], policy: PolicyCatalog,
                               employerChargesParameter: String) throws(NetCostError) -> NetCostTable {
        let start = terms.startDate
        let end = terms.endDate
        let paying = decisions.filter { $0.status == .eligible && $0.side == .employer && $0.schedule != nil }
        var columns: [InstrumentColumn] = []
        var monthlyPeriods: [[SchedulePeriod]] = []
        var lumpSums: [LumpSum] = []
        for decision in paying {
            let schedule = decision.schedule!
            let monthly = schedule.periods.filter { $0.basis == .perMonth }
            if !monthly.isEmpty {
                columns.append(InstrumentColumn(instrumentId: decision.instrumentId, name: decision.instrumentName))
                monthlyPeriods.append(monthly)
            }
            for period in schedule.periods where period.basis == .perYear {
                if let amount = period.amount {
                    lumpSums.append(LumpSum(instrumentId: decision.instrumentId, name: decision.instrumentName, from: period.from, to: period.to,
                                            amount: amount, kind: "per kalenderjaar", paidBy: decision.paidBy.dutchName))
                }
            }
            for payment in schedule.oneOffs {
                lumpSums.append(LumpSum(instrumentId: decision.instrumentId, name: decision.instrumentName, from: payment.date, to: nil,
                                        amount: payment.amount, kind: "eenmalig", paidBy: decision.paidBy.dutchName))
            }
        }

        let figures = [holidayAllowanceParameter, weeksPerYearParameter, employerChargesParameter]
        var cuts: Set<CalendarDate> = [start, end.adding(days: 1)]
        for periods in monthlyPeriods {
            for period in periods {
                cuts.insert(period.from)
                if let to = period.to { cuts.insert(to.adding(days: 1)) }
            }
        }
        for id in figures {
            guard let parameter = policy.parameter(id) else { throw NetCostError(description: "parameter \(id) ontbreekt in de catalogus") }
            for value in parameter.values { cuts.insert(value.from); if let until = value.until { cuts.insert(until.adding(days: 1)) } }
        }
        let boundaries = cuts.filter { $0 >= start && $0 <= end.adding(days: 1) }.sorted()

        var rows: [Row] = []
        var basis: [String] = []
        for index in 0..<(boundaries.count - 1) {
            let from = boundaries[index]
            let to = boundaries[index + 1].adding(days: -1)
            let holiday = try percent(holidayAllowanceParameter, on: from, policy: policy)
            let weeks = try percent(weeksPerYearParameter, on: from, policy: policy)
            let charges = try percent(employerChargesParameter, on: from, policy: policy)
            // wage × hours × weeks ÷ 12, once rounded to the cent.
            let gross = Fraction(Int128(terms.hourlyWage.cents) * Int128(terms.hoursPerWeek)) * weeks.value / Fraction(12)
            let grossWage = gross.roundedCents
            let holidayAllowance = (Fraction(Int128(grossWage.cents)) * holiday.value / Fraction(100)).roundedCents
            let employerCharges = (Fraction(Int128(grossWage.cents + holidayAllowance.cents)) * charges.value / Fraction(100)).roundedCents
            let wageCost = grossWage + holidayAllowance + employerCharges
            let share = Fraction.monthShare(from: from, through: to)
            let wageCostAmount = (Fraction(Int128(wageCost.cents)) * share.fraction).roundedCents

            var rates: [Money?] = []
            var pending: [Bool] = []
            var amounts: [Money] = []
            for periods in monthlyPeriods {
                guard let period = periods.first(where: { $0.from <= from && ($0.to.map { to <= $0 } ?? true) }) else {
                    rates.append(nil); pending.append(false); amounts.append(.zero)
                    continue
                }
                guard let rate = period.rate, let total = period.amount else {
                    rates.append(nil); pending.append(true); amounts.append(.zero)
                    continue
                }
                rates.append(rate)
                pending.append(false)
                // The part of the period's amount that falls in this row: cumulative shares, so the parts of
                // one period add up to exactly its amount.
                let periodEnd = period.to ?? to
                let whole = Fraction.monthShare(from: period.from, through: periodEnd).fraction
                let before = from > period.from ? Fraction.monthShare(from: period.from, through: from.adding(days: -1)).fraction : Fraction(0)
                let upTo = Fraction.monthShare(from: period.from, through: to).fraction
                let totalCents = Fraction(Int128(total.cents))
                let part = (totalCents * upTo / whole).roundedCents - (totalCents * before / whole).roundedCents
                amounts.append(part)
            }
            let netPerMonth = wageCost - rates.reduce(Money.zero) { $0 + ($1 ?? .zero) }
            let netAmount = wageCostAmount - amounts.reduce(Money.zero, +)
            rows.append(Row(from: from, to: to, share: share.text, grossWagePerMonth: grossWage, holidayAllowancePerMonth: holidayAllowance,
                            employerChargesPerMonth: employerCharges, wageCostPerMonth: wageCost, instrumentPerMonth: rates, pending: pending,
                            netPerMonth: netPerMonth, wageCostAmount: wageCostAmount, instrumentAmounts: amounts, netAmount: netAmount))
            for line in [holiday.basis, weeks.basis, charges.basis] where !basis.contains(line) { basis.append(line) }
        }
        let wageCostTotal = rows.reduce(Money.zero) { $0 + $1.wageCostAmount }
        let instrumentTotals = columns.indices.map { column in rows.reduce(Money.zero) { $0 + $1.instrumentAmounts[column] } }
        let lumpSumTotal = lumpSums.reduce(Money.zero) { $0 + $1.amount }
        let netTotal = wageCostTotal - instrumentTotals.reduce(Money.zero, +) - lumpSumTotal
        return NetCostTable(columns: columns, rows: rows, lumpSums: lumpSums, wageCostTotal: wageCostTotal, instrumentTotals: instrumentTotals,
                            lumpSumTotal: lumpSumTotal, netTotal: netTotal, incomplete: rows.contains { $0.pending.contains(true) }, basis: basis)
    }

    /// A number parameter in force on `date`, exactly, with a line saying where it comes from.
    private static func percent(_ id: String, on date: CalendarDate, policy: PolicyCatalog) throws(NetCostError)
        -> (value: Fraction, basis: String) {
        guard let parameter = policy.parameter(id) else { throw NetCostError(description: "parameter \(id) ontbreekt in de catalogus") }
        guard let value = parameter.values.last(where: { $0.from <= date && ($0.until.map { date <= $0 } ?? true) }),
              case .number(let number) = value.quantity, let fraction = Fraction(decimal: number) else {
            throw NetCostError(description: "parameter \(id) heeft geen waarde op \(date)")
        }
        var line = "\(parameter.description): \(number) (\(id), vanaf \(value.from); bron: \(value.source ?? parameter.legalReference))"
        if let caveat = value.unconfirmed ?? parameter.unconfirmed { line += " — \(caveat)" }
        return (fraction, line)
    }
}

/// An exact non-negative-denominator fraction of Int128s, for the net cost arithmetic (wage × hours × weeks ÷ 12,
/// percentages, month shares). Values here stay far below Int128's range: wages are bounded by `Money`'s
/// 13 integer digits, hours by 60, shares by 600 months with denominators of at most 31 × 31.
struct Fraction: Equatable {
    var numerator: Int128
    var denominator: Int128

    init(_ numerator: Int128, _ denominator: Int128 = 1) {
        let divisor = Fraction.gcd(numerator.magnitude, denominator.magnitude)
        let sign: Int128 = denominator < 0 ? -1 : 1
        self.numerator = sign * numerator / Int128(divisor == 0 ? 1 : divisor)
        self.denominator = sign * denominator / Int128(divisor == 0 ? 1 : divisor)
    }

    /// A catalog figure ("8", "52", "17.55") exactly; nil for anything with more than 18 decimals.
    init?(decimal: Decimal) {
        let text = NSDecimalNumber(decimal: decimal).stringValue
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              (parts.count == 1 || parts[1].count <= 18), let whole = Int128(parts.joined()) else { return nil }
        var denominator: Int128 = 1
        if parts.count == 2 { for _ in 0..<parts[1].count { denominator *= 10 } }
        self.init(negative ? -whole : whole, denominator)
    }

    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    static func * (lhs: Fraction, rhs: Fraction) -> Fraction { Fraction(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator) }
    static func / (lhs: Fraction, rhs: Fraction) -> Fraction { Fraction(lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator) }
    static func + (lhs: Fraction, rhs: Fraction) -> Fraction {
        Fraction(lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
    }

    /// This number of cents rounded once to a whole cent, half away from zero (the rule of `Money.rounding`).
    var roundedCents: Money {
        var cents = numerator / denominator
        let remainder = (numerator % denominator).magnitude
        if remainder * 2 >= denominator.magnitude { cents += numerator < 0 ? -1 : 1 }
        return Money(cents: Int64(cents))
    }

    /// The share of calendar months `from`…`through` (inclusive) covers: whole months plus days of a partly
    /// covered month ÷ that month's days — the rule of the payment schedules.
    static func monthShare(from: CalendarDate, through: CalendarDate) -> (fraction: Fraction, text: String) {
        var share = Fraction(0)
        var whole = 0
        var parts: [String] = []
        var cursor = from
        while cursor <= through {
            let daysInMonth = CalendarDate.daysIn(month: cursor.month, year: cursor.year)
            let monthEnd = cursor.startOfMonth.adding(days: daysInMonth - 1)
            let end = min(monthEnd, through)
            let days = cursor.days(until: end) + 1
            if days == daysInMonth { whole += 1 } else { parts.append("\(days)/\(daysInMonth)") }
            share = share + Fraction(Int128(days), Int128(daysInMonth))
            cursor = end.adding(days: 1)
        }
        var text: [String] = []
        if whole > 0 || parts.isEmpty { text.append("\(whole) \(whole == 1 ? "maand" : "maanden")") }
        return (share, (text + parts).joined(separator: " + "))
    }
}
