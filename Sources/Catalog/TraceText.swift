import Domain

/// A trace line or warning written as an ordinary interpolated string literal, built faster than a plain
/// `String` interpolation gives the same text:
///
/// - the line is collected as UTF-8 bytes in one buffer with room for the interpolated values reserved
///   up front (the standard interpolation appends to a `String`, re-checking it on every piece, and
///   reserves two bytes per value, so most lines are grown);
/// - small whole numbers (hours, months, ages, percentages) and dates are written digit by digit instead
///   of being formatted through `description`.
///
/// The text is exactly what `"\(value)"` would give: `Int` in decimal, `CalendarDate` as YYYY-MM-DD, and
/// `"\(plain: amount)"` what `amount.plain` gives.
struct TraceText: ExpressibleByStringInterpolation {
    var text: String

    init(stringLiteral value: String) { text = value }

    init(stringInterpolation: Interpolation) { text = stringInterpolation.text }

    struct Interpolation: StringInterpolationProtocol {
        /// UTF-8 bytes: appending bytes is much cheaper than appending to a `String`, which re-checks its
        /// storage and flags on every append. Made into a `String` once at the end.
        var bytes: [UInt8] = []

        var text: String { String(decoding: bytes, as: UTF8.self) }

        init(literalCapacity: Int, interpolationCount: Int) {
            bytes.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) { append(literal) }

        mutating func appendInterpolation(_ value: String) { append(value) }

        private mutating func append(_ string: String) {
            var string = string
            string.withUTF8 { bytes.append(contentsOf: $0) }
        }

        mutating func appendInterpolation(_ value: Int) {
            guard value >= 0 else { append(String(value)); return }
            if value < 10 {
                bytes.append(UInt8(truncatingIfNeeded: 48 + value))
            } else if value < 100 {
                appendTwoDigits(value)
            } else {
                append(String(value))
            }
        }

        private mutating func appendTwoDigits(_ value: Int) {
            bytes.append(UInt8(truncatingIfNeeded: 48 + value / 10))
            bytes.append(UInt8(truncatingIfNeeded: 48 + value % 10))
        }

        /// An amount as `Money.plain` writes it ("1530.14", "-0.05"), without its string interpolation.
        mutating func appendInterpolation(plain amount: Money) {
            if amount.cents < 0 { bytes.append(UInt8(ascii: "-")) }
            let magnitude = amount.cents.magnitude
            let euros = magnitude / 100
            if euros < 100 { appendInterpolation(Int(euros)) } else { append(String(euros)) }
            bytes.append(UInt8(ascii: "."))
            appendTwoDigits(Int(magnitude % 100))
        }

        mutating func appendInterpolation(_ date: CalendarDate) {
            // Years outside 1000–9999 are padded by `description`; never in policy data, but stay identical.
            guard (1000...9999).contains(date.year) else { append(date.description); return }
            appendTwoDigits(date.year / 100)
            appendTwoDigits(date.year % 100)
            bytes.append(UInt8(ascii: "-"))
            appendTwoDigits(date.month)
            bytes.append(UInt8(ascii: "-"))
            appendTwoDigits(date.day)
        }
    }
}

