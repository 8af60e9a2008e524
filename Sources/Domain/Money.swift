import Foundation

/// An amount in euros, held exactly as whole cents.
///
/// Rounding rule, the same everywhere: a computed amount becomes cents once, half away from zero
/// ("commercial rounding", as Dutch payroll does). ``Money/rounding(_:)`` does it for `Decimal` amounts; the
/// instrument rules compute exactly in fixed point (`ExactDecimal` in Catalog) and round by the same rule.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let cents: Int64

    public init(cents: Int64) { self.cents = cents }

    public init(euros: Int64) { self.cents = euros * 100 }

    public static let zero = Money(cents: 0)

    /// The largest amount accepted from input, in euros: far above any wage or subsidy, far below Int64 cents.
    public static let largestInputEuros: Decimal = 10_000_000_000

    /// Parses "15.25", "15,25", "€ 1.530,14", "1530" — the forms found in feeds and forms.
    /// Returns nil for anything that is not an amount or has more than two decimals.
    public init?(parsing text: some StringProtocol) {
        var cleaned = text.trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "€", with: "")
            .replacingOccurrences(of: "EUR", with: "")
            .replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: "\u{00A0}", with: "")
        guard !cleaned.isEmpty else { return nil }
        var negative = false
        if cleaned.hasPrefix("-") { negative = true; cleaned.removeFirst() }
        // The last separator followed by one or two digits is the decimal mark; other separators group thousands.
        let separators = cleaned.indices.filter { cleaned[$0] == "," || cleaned[$0] == "." }
        var integerPart = cleaned
        var fraction = ""
        if let last = separators.last {
            let tail = cleaned[cleaned.index(after: last)...]
            if tail.count <= 2 && !(tail.count == 0) {
                integerPart = String(cleaned[..<last])
                fraction = String(tail)
            } else if tail.count == 3 && separators.count >= 1 {
                integerPart = cleaned // thousands separator only
            } else {
                return nil
            }
        }
        integerPart.removeAll { $0 == "," || $0 == "." }
        guard !integerPart.isEmpty, integerPart.allSatisfy(\.isASCII), integerPart.allSatisfy(\.isNumber),
              fraction.allSatisfy(\.isASCII), fraction.allSatisfy(\.isNumber),
              integerPart.count <= 13, let euros = Int64(integerPart) else { return nil }
        let fractionCents = fraction.isEmpty ? 0 : Int64(fraction.count == 1 ? fraction + "0" : fraction)!
        let cents = euros * 100 + fractionCents
        self.cents = negative ? -cents : cents
    }

    /// Rounds an exact euro amount to the cent, half away from zero. The only rounding of money in Matchpunt.
    public static func rounding(_ euros: Decimal) -> Money {
        var scaled = euros * 100
        var rounded = Decimal()
        // .plain rounds a half away from zero: 0.005 → 0.01, -0.005 → -0.01.
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return Money(cents: NSDecimalNumber(decimal: rounded).int64Value)
    }

    public var decimal: Decimal { Decimal(cents) / 100 }

    /// "1530.14" — the machine form used in JSON and YAML.
    public var plain: String {
        let sign = cents < 0 ? "-" : ""
        let absolute = cents.magnitude
        let fraction = absolute % 100
        return "\(sign)\(absolute / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// "€ 1.530,14" — the Dutch form shown to people.
    public var description: String {
        let sign = cents < 0 ? "-" : ""
        let absolute = cents.magnitude
        var euros = String(absolute / 100)
        var grouped = ""
        while euros.count > 3 {
            grouped = "." + euros.suffix(3) + grouped
            euros.removeLast(3)
        }
        let fraction = absolute % 100
        return "\(sign)€ \(euros)\(grouped),\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents - rhs.cents) }
    public static func * (lhs: Money, rhs: Int) -> Money { Money(cents: lhs.cents * Int64(rhs)) }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let money = Money(parsing: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an amount: \(text)")
            }
            self = money
        } else {
            let decimal = try container.decode(Decimal.self)
            // Bounded before converting: a huge number (1e25, 99999999999999999999999) must be refused, not
            // wrapped into some other amount by the Int64 conversion.
            guard !decimal.isNaN, decimal.magnitude <= Money.largestInputEuros else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "amount out of range (at most € 10.000.000.000)")
            }
            self = Money.rounding(decimal)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(plain)
    }
}
