import Domain
import Foundation

/// An exact decimal number for the rules' arithmetic: `units × 10^-scale`, held in an `Int128`.
///
/// Why not Foundation's `Decimal`: on Linux its multiplication and (above all) division cost thousands of
/// instructions each, and the rules do a handful per instrument. The rules only ever multiply catalog
/// figures with small whole numbers and divide once at the very end, so a scaled integer holds every
/// intermediate value exactly (catalog figures have at most a few decimals and stay far below 10^38 when
/// multiplied together) and the one division is folded into the rounding to the cent.
///
/// Identical results: the previous code divided in `Decimal` (38 significant digits) and then rounded to
/// the cent. For a quotient n/d with d of at most ~10^12 (our denominators: 100^k × hours, 12, 1200), an
/// exact quotient that is not itself on a half cent lies at least 1/(200·d) away from one, far more than
/// `Decimal`'s 38-digit error, so rounding the exact quotient once gives the same cent. `RequestDigestTests`
/// pins the JSON of thousands of decisions to catch any difference.
///
/// Overflow traps (Swift's checked arithmetic) rather than giving a wrong amount.
struct ExactDecimal: Sendable, Hashable, Comparable {
    /// The number times 10^scale.
    var units: Int128
    /// Decimal places, ≥ 0.
    var scale: Int

    init(units: Int128, scale: Int) {
        self.units = units
        self.scale = scale
    }

    init(_ whole: Int) {
        self.init(units: Int128(whole), scale: 0)
    }

    /// The same number as a `Decimal` from the catalog; nil when it does not fit (never for policy figures).
    init?(_ decimal: Decimal) {
        // The plain text ("1995.5", "-0.5") is the exact value with no exponent.
        let text = decimal.plainText
        var body = Substring(text)
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isWholeNumberDigit) }) else { return nil }
        let digits = parts.joined()
        guard digits.count <= 36, let magnitude = Int128(digits) else { return nil }
        self.init(units: negative ? -magnitude : magnitude, scale: parts.count == 2 ? parts[1].count : 0)
        guard self.decimal == decimal else { return nil }
    }

    /// For checks at load only.
    var decimal: Decimal {
        var result = Decimal(string: units.description)!
        if scale > 0 { result = result / Decimal(string: "1" + String(repeating: "0", count: scale))! }
        return result
    }

    static func powerOfTen(_ exponent: Int) -> Int128 {
        var result: Int128 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// The units at a larger scale.
    private func units(atScale target: Int) -> Int128 {
        target == scale ? units : units * ExactDecimal.powerOfTen(target - scale)
    }

    static func * (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        ExactDecimal(units: lhs.units * rhs.units, scale: lhs.scale + rhs.scale)
    }

    static func * (lhs: ExactDecimal, rhs: Int) -> ExactDecimal {
        ExactDecimal(units: lhs.units * Int128(rhs), scale: lhs.scale)
    }

    static func + (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        let scale = max(lhs.scale, rhs.scale)
        return ExactDecimal(units: lhs.units(atScale: scale) + rhs.units(atScale: scale), scale: scale)
    }

    static func + (lhs: Int, rhs: ExactDecimal) -> ExactDecimal { ExactDecimal(lhs) + rhs }

    static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        return lhs.units(atScale: scale) < rhs.units(atScale: scale)
    }

    /// Equal in value (2.5 == 2.50), as `Decimal` compares.
    static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        return lhs.units(atScale: scale) == rhs.units(atScale: scale)
    }

    func hash(into hasher: inout Hasher) {
        // Hash the normalised value, so that equal values hash alike.
        var units = units
        var scale = scale
        while scale > 0, units % 10 == 0 { units /= 10; scale -= 1 }
        hasher.combine(units)
        hasher.combine(scale)
    }

    /// This amount in euros divided by `divisor`, rounded once to the cent, half away from zero — the same
    /// rule as `Money.rounding`, applied to the exact quotient.
    func roundedToCents(dividingBy divisor: Int128 = 1) -> Money {
        precondition(divisor > 0)
        let numerator = units * 100
        let denominator = ExactDecimal.powerOfTen(scale) * divisor
        var cents = numerator / denominator
        let remainder = (numerator % denominator).magnitude
        if remainder * 2 >= denominator.magnitude { cents += numerator < 0 ? -1 : 1 }
        return Money(cents: Int64(cents))
    }
}

extension Character {
    fileprivate var isWholeNumberDigit: Bool { isASCII && isNumber }
}
