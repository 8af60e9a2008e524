import Domain
import Foundation
import Matching

/// Page text for numbers and dates. Amounts go through `Money.description` ("€ 1.530,14") and decimals through
/// `MatchExplanation.decimal` (decimal comma) — the one Dutch formatter each; nothing here formats on its own.
enum PageFormat {
    static func percent(_ fraction: Double) -> String { MatchExplanation.decimal(fraction * 100, 1) + "%" }
    static func kilometres(_ km: Double) -> String { MatchExplanation.decimal(km, 1) + " km" }
    static func decimal(_ value: Double, digits: Int = 2) -> String { MatchExplanation.decimal(value, digits) }

    static let months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]

    /// "1 september 2026".
    static func date(_ date: CalendarDate) -> String {
        "\(date.day) \(months[max(0, min(11, date.month - 1))]) \(date.year)"
    }

    static func date(_ date: CalendarDate?) -> String { date.map { Self.date($0) } ?? "—" }

    /// "30-11-2026 09:14", Dutch civil time.
    static func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .gmt
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(p.day))-\(two(p.month))-\(p.year ?? 0) \(two(p.hour)):\(two(p.minute))"
    }

    static func yesNo(_ value: Bool) -> String { value ? "ja" : "nee" }
}

/// A fact on a detail page. `medical` facts (work limitation, wage value, education obstacle) are marked on the
/// page in words, not only by colour, and are never shown to employers.
struct FactRow: Sendable {
    let label: String
    let value: String
    let medical: Bool
    init(_ label: String, _ value: String, medical: Bool = false) {
        self.label = label
        self.value = value
        self.medical = medical
    }
}

/// An `<option>` of a `<select>`.
struct SelectOption: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

extension Array where Element == SelectOption {
    static func options(_ pairs: [(String, String)], selected: String?) -> [SelectOption] {
        pairs.map { SelectOption(value: $0.0, label: $0.1, selected: $0.0 == (selected ?? "")) }
    }

    /// "onbekend / ja / nee" for a fact the adviser may state.
    static func tristate(_ selected: String?) -> [SelectOption] {
        options([("", "onbekend"), ("ja", "ja"), ("nee", "nee")], selected: selected)
    }
}

/// Query text of one URL: `a=1&b=x` with each value percent-encoded.
enum QueryString {
    static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    static func make(_ pairs: [(String, String?)]) -> String {
        pairs.compactMap { name, value in
            guard let value, !value.isEmpty else { return nil }
            return "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
}

extension String {
    /// Nil for an empty text, so that a template's `{{#x}}` section shows only real content.
    var nonEmpty: String? { isEmpty ? nil : self }
}
