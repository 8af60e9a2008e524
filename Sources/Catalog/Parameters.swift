import Domain
import Foundation

/// What a parameter's number measures. A value's unit decides which YAML forms it accepts
/// (`unlimited` only for durations, a by-age table only for percentages).
public enum ParameterUnit: String, Sendable, Codable, CaseIterable {
    case euro, euroPerHour, euroPerMonth, euroPerYear
    case percent
    case hoursPerWeek, weeks, months, years
    /// A rung of the participatieladder, 1–6.
    case rung
    /// 1 = the rule applies from this date, 0 = it no longer does: lets a change in law live in data.
    case flag

    var dutchName: String {
        switch self {
        case .euro: "euro"
        case .euroPerHour: "euro per uur"
        case .euroPerMonth: "euro per maand"
        case .euroPerYear: "euro per jaar"
        case .percent: "procent"
        case .hoursPerWeek: "uur per week"
        case .weeks: "weken"
        case .months: "maanden"
        case .years: "jaar"
        case .rung: "trede participatieladder"
        case .flag: "ja (1) / nee (0)"
        }
    }

    var allowsUnlimited: Bool { self == .months || self == .years }
}

/// How often the authority that sets a parameter normally publishes a new value. A value older than one
/// period on the peildatum is probably superseded by one the catalog does not have yet: decisions say so.
public enum Indexation: String, Sendable, Codable, CaseIterable {
    case halfYearly, yearly, none

    var periodMonths: Int? {
        switch self {
        case .halfYearly: 6
        case .yearly: 12
        case .none: nil
        }
    }
}

/// The content of one dated value.
public enum ParameterQuantity: Sendable, Hashable {
    case number(Decimal)
    /// No upper limit (e.g. LKV for the banenafspraak target group from 2026: as long as the job lasts).
    case unlimited
    /// Percentages by age in whole years; ages above the highest listed age have no entry (the adult rate).
    case byAge([Int: Decimal])

    var text: String {
        switch self {
        case .number(let value): value.plainText
        case .unlimited: "onbeperkt"
        case .byAge(let table): table.keys.sorted().map { "\($0): \(table[$0]!.plainText)" }.joined(separator: ", ")
        }
    }
}

/// A value that applies from `from` until the next value's date, or until `until` (inclusive) when given.
public struct DatedValue: Sendable, Hashable {
    public var from: CalendarDate
    public var until: CalendarDate?
    public var quantity: ParameterQuantity
    /// Why this value lacks a primary source, when it does; every decision that uses it repeats this.
    public var unconfirmed: String?
    public var source: String?
    /// Where the value is written, for messages.
    var line: Int
    // Prepared at load so that evaluating a request builds no number text (Decimal formatting is slow).
    /// The value as written in decisions, e.g. "1995.5" or "onbeperkt".
    var text: String = ""
    /// The value as a whole number, when it is one (months, hours, ages, rungs).
    var whole: Int?
    var unconfirmedWarning: String?
    var staleWarning: String = ""
    // Prepared at load for the rules' arithmetic (see `ExactDecimal`).
    /// A `.number` value, exactly.
    var exact: ExactDecimal?
    /// A `.byAge` table, exactly, with each percentage's text for the trace.
    var exactByAge: [Int: ExactPercentage] = [:]
    /// The lowest and highest age of a `.byAge` table.
    var youngestAge: Int?
    var oldestAge: Int?
    /// `from` and `until` as `CalendarDate.orderKey`, for the date scan of every look-up.
    var fromKey = 0
    var untilKey: Int?
}

extension CalendarDate {
    /// YYYYMMDD as a number: orders like the dates, compared in one instruction instead of three fields.
    var orderKey: Int { year * 10_000 + month * 100 + day }
}

/// One percentage of a by-age table, exactly and as the trace writes it.
struct ExactPercentage: Sendable, Hashable {
    var value: ExactDecimal
    var text: String
}

/// A named, dated policy figure from `catalog/parameters/`.
public struct Parameter: Sendable, Hashable {
    public var id: String
    public var description: String
    public var unit: ParameterUnit
    public var legalReference: String
    public var indexation: Indexation
    /// Ordered by `from`, non-overlapping (checked at load).
    public var values: [DatedValue]
    /// Parameter-level caveat (applies to every value).
    public var unconfirmed: String?
    var file: String
    var line: Int
    /// From this date on, the last value is stale (older than its indexation period); nil when it never is.
    var staleFrom: CalendarDate?
    var staleFromKey: Int?

    /// Fills in the prepared texts and exact numbers of every value; called once by the loader. Returns the
    /// lines of values that have no exact form (more than 36 digits: never a policy figure).
    mutating func prepare() -> [Int] {
        var inexact: [Int] = []
        for index in values.indices {
            var value = values[index]
            if value.text.isEmpty { value.text = value.quantity.text }
            if case .number(let number) = value.quantity {
                var rounded = number
                var source = number
                NSDecimalRound(&rounded, &source, 0, .plain)
                if rounded == number { value.whole = NSDecimalNumber(decimal: number).intValue }
                value.exact = ExactDecimal(number)
                if value.exact == nil { inexact.append(value.line) }
            }
            if case .byAge(let table) = value.quantity {
                for (age, percent) in table {
                    guard let exact = ExactDecimal(percent) else { inexact.append(value.line); continue }
                    value.exactByAge[age] = ExactPercentage(value: exact, text: percent.plainText)
                }
                value.youngestAge = table.keys.min()
                value.oldestAge = table.keys.max()
            }
            if let caveat = unconfirmed ?? value.unconfirmed {
                value.unconfirmedWarning = "\(id) = \(value.text) (vanaf \(value.from)) is onbevestigd: \(caveat)"
            }
            value.staleWarning = "\(id): waarde \(value.text) geldt sinds \(value.from); bij indexatie '\(indexation.rawValue)' is er op de peildatum waarschijnlijk een nieuwere waarde die de catalogus nog niet heeft"
            value.fromKey = value.from.orderKey
            value.untilKey = value.until?.orderKey
            values[index] = value
        }
        if let last = values.indices.last, values[last].until == nil, let period = indexation.periodMonths {
            staleFrom = values[last].from.adding(months: period)
        }
        staleFromKey = staleFrom?.orderKey
        return inexact
    }

    /// The outcome of asking for a value on a date.
    enum Lookup {
        case inForce(DatedValue, stale: Bool)
        /// The date lies before the first known value: the catalog cannot say, and must not guess zero.
        case notYetKnown(firstFrom: CalendarDate?)
        /// The last value was ended before the date (the rule was abolished).
        case ended(DatedValue)
    }

    /// `lookup(on:)` by position in `values`, so the rules copy no value (a copy retains all its texts).
    enum IndexLookup {
        case inForce(Int, stale: Bool)
        case notYetKnown
        case ended(Int)
    }

    func lookupIndex(on date: CalendarDate) -> IndexLookup {
        let date = date.orderKey
        var index = values.count - 1
        while index >= 0 {
            if values[index].fromKey <= date {
                if let until = values[index].untilKey, until < date { return .ended(index) }
                // Only the last value can be stale (`staleFromKey` is set only for it).
                let stale = index == values.count - 1 && staleFromKey.map { date >= $0 } == true
                return .inForce(index, stale: stale)
            }
            index -= 1
        }
        return .notYetKnown
    }

    func lookup(on date: CalendarDate) -> Lookup {
        // Values are few (a dozen at most) and sorted; a backwards scan finds recent dates first.
        var index = values.count - 1
        while index >= 0 {
            let value = values[index]
            if value.from <= date {
                if let until = value.until, until < date { return .ended(value) }
                var stale = false
                if index == values.count - 1, value.until == nil, let period = indexation.periodMonths {
                    stale = date >= value.from.adding(months: period)
                }
                return .inForce(value, stale: stale)
            }
            index -= 1
        }
        return .notYetKnown(firstFrom: values.first?.from)
    }
}

extension Decimal {
    /// "1995.5" → "1995.5"; the plain machine form, never locale-dependent.
    var plainText: String { NSDecimalNumber(decimal: self).stringValue }
}
