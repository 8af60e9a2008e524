import Domain

/// A trace line or warning written as an ordinary interpolated string literal, built faster than a plain
/// `String` interpolation gives the same text:
///
/// - room for the interpolated values is reserved up front, so the line is allocated once instead of
///   grown (the standard interpolation reserves two bytes per value; our values are longer);
/// - small whole numbers (hours, months, ages, percentages) and dates are appended from prepared texts
///   instead of being formatted through `description`.
///
/// The text is exactly what `"\(value)"` would give: `Int` in decimal, `CalendarDate` as YYYY-MM-DD.
struct TraceText: ExpressibleByStringInterpolation {
    var text: String

    init(stringLiteral value: String) { text = value }

    init(stringInterpolation: Interpolation) { text = stringInterpolation.text }

    struct Interpolation: StringInterpolationProtocol {
        var text = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) { text += literal }

        mutating func appendInterpolation(_ value: String) { text += value }

        mutating func appendInterpolation(_ value: Int) {
            if value >= 0, value < NumberTexts.small.count { text += NumberTexts.small[value] } else { text += String(value) }
        }

        mutating func appendInterpolation(_ date: CalendarDate) {
            // Years outside 1000–9999 are padded by `description`; never in policy data, but stay identical.
            guard (1000...9999).contains(date.year) else { text += date.description; return }
            let pairs = NumberTexts.twoDigits
            text += pairs[date.year / 100]
            text += pairs[date.year % 100]
            text += "-"
            text += pairs[date.month]
            text += "-"
            text += pairs[date.day]
        }
    }
}

/// Prepared number texts for `TraceText`.
enum NumberTexts {
    /// "0" … "999".
    static let small: [String] = (0..<1000).map { String($0) }
    /// "00" … "99".
    static let twoDigits: [String] = (0..<100).map { $0 < 10 ? "0\($0)" : String($0) }
}
