import Foundation
import Domain

/// Shared normalisation of feed values: the same rules for every format.
enum Normalise {
    enum SalaryUnit: String, Sendable {
        case hour, day, week, month, year

        /// HOUR, DAY, WEEK, MONTH, YEAR (schema.org), Dutch words (uur, dag, week, maand, jaar),
        /// HR-XML interval codes (Hour, Day, Week, Month, Year, Annual), Indeed text ("per hour").
        init?(_ text: String) {
            let t = text.lowercased()
            if t.contains("hour") || t.contains("uur") || t == "h" { self = .hour }
            else if t.contains("day") || t.contains("dag") || t.contains("daily") { self = .day }
            else if t.contains("week") { self = .week }
            else if t.contains("month") || t.contains("maand") { self = .month }
            else if t.contains("year") || t.contains("jaar") || t.contains("annual") || t.contains("annum") { self = .year }
            else { return nil }
        }
    }

    /// Converts an amount per `unit` into an hourly wage, rounded to the cent half away from zero.
    ///
    /// The rule: a day is weekly hours ÷ 5; a month is weekly hours × 52 ÷ 12; a year is weekly hours × 52.
    /// Weekly hours are the vacancy's maximum hours when known (salaries are quoted for the full contract
    /// hours), else ``FeedParseOptions/referenceHoursPerWeek`` (38). Holiday pay is not separated out.
    static func hourlyWage(_ amount: Money, unit: SalaryUnit, hoursPerWeek: Int) -> Money? {
        guard hoursPerWeek > 0 else { return nil }
        let h = Int64(hoursPerWeek)
        // amount × numerator ÷ denominator, in integer cents.
        let (numerator, denominator): (Int64, Int64) = switch unit {
        case .hour: (1, 1)
        case .day: (5, h)
        case .week: (1, h)
        case .month: (12, 52 * h)
        case .year: (1, 52 * h)
        }
        let scaled = amount.cents * numerator
        let negative = scaled < 0
        let magnitude = (2 * abs(scaled) + denominator) / (2 * denominator)
        return Money(cents: negative ? -magnitude : magnitude)
    }

    /// Reads numbers from a text like "32-40 uur", "36 hours per week", "24 tot 32", "37,5".
    static func numbers(in text: String) -> [Double] {
        var result: [Double] = []
        var current = ""
        func flush() {
            if !current.isEmpty, let value = Double(current.replacingOccurrences(of: ",", with: ".")) { result.append(value) }
            current = ""
        }
        for ch in text {
            if ch.isASCII && ch.isNumber { current.append(ch) }
            else if (ch == "," || ch == "."), !current.isEmpty, !current.contains(".") && !current.contains(",") { current.append(ch) }
            else { flush() }
        }
        flush()
        return result
    }

    /// Weekly hours from a free text; nil when it holds no usable hours.
    static func weeklyHours(from text: String, options: FeedParseOptions) -> WeeklyHours? {
        let lower = text.lowercased()
        let values = numbers(in: lower).filter { $0 > 0 && $0 <= 80 }
        if lower.contains("maand") || lower.contains("month") || lower.contains("per dag") || lower.contains("per day") {
            return nil
        }
        if let first = values.first {
            let second = values.count > 1 ? values[1] : first
            let low = Int(min(first, second).rounded(.down)), high = Int(max(first, second).rounded(.up))
            return WeeklyHours(min: low, max: high)
        }
        return hoursFromEmploymentType(lower, options: options)
    }

    static func hoursFromEmploymentType(_ text: String, options: FeedParseOptions) -> WeeklyHours? {
        let t = text.lowercased()
        if t.contains("part") || t.contains("deeltijd") { return options.partTimeHours }
        if t.contains("full") || t.contains("voltijd") { return options.fullTimeHours }
        return nil
    }

    static let monthNames: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "mrt": 3, "apr": 4, "may": 5, "mei": 5, "jun": 6, "jul": 7, "aug": 8,
        "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12,
    ]

    /// ISO dates and date-times, "31-12-2026", "31/12/2026", and RFC 822 ("Thu, 31 Dec 2026 00:00:00 GMT").
    /// Returns .failure with the text when the text is not empty and not a date.
    static func date(_ text: String?) -> Result<CalendarDate?, DateProblem> {
        guard let raw = text?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return .success(nil) }
        if let iso = CalendarDate(iso: raw) { return .success(iso) }
        let parts = raw.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        if parts.count == 3, parts[0].count <= 2, parts[2].count == 4,
           let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), let date = CalendarDate(year: y, month: m, day: d) {
            return .success(date)
        }
        let words = raw.replacingOccurrences(of: ",", with: " ").split(separator: " ")
        for (i, word) in words.enumerated() where i >= 1 && i + 1 < words.count {
            if let m = monthNames[String(word.prefix(3)).lowercased()], let d = Int(words[i - 1]), let y = Int(words[i + 1]),
               let date = CalendarDate(year: y, month: m, day: d) {
                return .success(date)
            }
        }
        return .failure(DateProblem(text: raw))
    }

    struct DateProblem: Error { var text: String }

    /// The text of an HTML fragment: tags removed, common entities decoded, whitespace collapsed, cut to `limit`.
    static func excerpt(_ html: String?, limit: Int) -> String? {
        guard let html, !html.isEmpty, limit > 0 else { return nil }
        var out = ""
        out.reserveCapacity(min(html.utf8.count, limit + 16))
        var inTag = false
        var lastWasSpace = true
        var count = 0
        var iterator = html.makeIterator()
        var pendingEntity: String? = nil
        func emit(_ ch: Character) {
            if ch.isWhitespace {
                if !lastWasSpace { out.append(" "); count += 1; lastWasSpace = true }
            } else {
                out.append(ch); count += 1; lastWasSpace = false
            }
        }
        while count < limit, let ch = iterator.next() {
            if var entity = pendingEntity {
                if ch == ";" || entity.count > 8 {
                    pendingEntity = nil
                    switch entity {
                    case "amp": emit("&")
                    case "lt": emit("<")
                    case "gt": emit(">")
                    case "quot": emit("\"")
                    case "apos", "#39": emit("'")
                    case "nbsp": emit(" ")
                    case "euro": emit("€")
                    default:
                        if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = UnicodeScalar(code) {
                            emit(Character(scalar))
                        } else { emit(" ") }
                    }
                } else {
                    entity.append(ch)
                    pendingEntity = entity
                }
                continue
            }
            if inTag { if ch == ">" { inTag = false; emit(" ") }; continue }
            if ch == "<" { inTag = true; continue }
            if ch == "&" { pendingEntity = ""; continue }
            emit(ch)
        }
        while out.last == " " { out.removeLast() }
        return out.isEmpty ? nil : out
    }

    /// Work demands named in a free text (Dutch or English), or by their Matchpunt names.
    static func demands(in texts: [String]) -> [WorkDemand] {
        var found = Set<WorkDemand>()
        for text in texts {
            let t = text.lowercased()
            if let exact = WorkDemand(rawValue: text) { found.insert(exact); continue }
            if t.contains("tillen") || t.contains("lifting") || t.contains("heavy") { found.insert(.heavyLifting) }
            if t.contains("staan") || t.contains("standing") { found.insert(.prolongedStanding) }
            if t.contains("nacht") || t.contains("night") { found.insert(.nightShifts) }
            if t.contains("onregelmatig") || t.contains("irregular") || t.contains("ploegen") || t.contains("shift") { found.insert(.irregularHours) }
            if t.contains("lawaai") || t.contains("geluid") || t.contains("noise") { found.insert(.noise) }
            if t.contains("stof") || t.contains("damp") || t.contains("dust") || t.contains("fume") { found.insert(.dustOrFumes) }
            if t.contains("hoogte") || t.contains("height") { found.insert(.workingAtHeight) }
            if t.contains("zicht") || t.contains("vision") || t.contains("eyesight") { found.insert(.fineVision) }
            if t.contains("klant") || t.contains("customer") { found.insert(.customerContact) }
            if t.contains("tijdsdruk") || t.contains("time pressure") || t.contains("deadline") { found.insert(.timePressure) }
            if t.contains("buiten") || t.contains("outdoor") { found.insert(.outdoorWork) }
            if t.contains("kou") || t.contains("cold") || t.contains("vries") || t.contains("freezer") { found.insert(.cold) }
        }
        return found.sorted()
    }

    /// True for "true", "ja", "yes", "1", "x".
    static func flag(_ text: String?) -> Bool {
        guard let t = text?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return ["true", "ja", "yes", "1", "x", "y", "j", "waar"].contains(t)
    }

    /// Mentions of the banenafspraak / doelgroepregister in a text.
    static func mentionsBanenafspraak(_ text: String?) -> Bool {
        guard let t = text?.lowercased() else { return false }
        return t.contains("banenafspraak") || t.contains("doelgroepregister") || t.contains("garantiebaan")
    }

    /// An ESCO occupation URI or bare UUID → EscoID; a 4-digit ISCO code → .isco.
    enum OccupationCode { case esco(EscoID), isco(String) }

    static func occupationCode(_ text: String) -> OccupationCode? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.contains("/esco/occupation/") { return .esco(EscoID(t)) }
        if t.contains("/esco/isco/") || t.lowercased().hasPrefix("isco") {
            let digits = t.reversed().prefix(while: { $0.isNumber }).reversed()
            if digits.count == 4 { return .isco(String(digits)) }
        }
        if t.count == 4, t.allSatisfy({ $0.isASCII && $0.isNumber }) { return .isco(t) }
        if t.count == 36, t.filter({ $0 == "-" }).count == 4, t.allSatisfy({ $0.isHexDigit || $0 == "-" }) { return .esco(EscoID(t)) }
        return nil
    }

    static func contractMonths(fromDuration text: String) -> Int? {
        let t = text.uppercased().trimmingCharacters(in: .whitespaces)
        // ISO 8601: P6M, P1Y, P1Y6M
        if t.hasPrefix("P") {
            var months = 0, number = 0, any = false
            for ch in t.dropFirst() {
                if let d = ch.wholeNumberValue { number = number * 10 + d; continue }
                if ch == "Y" { months += 12 * number; any = true } else if ch == "M" { months += number; any = true } else { return nil }
                number = 0
            }
            return any && months > 0 ? months : nil
        }
        let lower = text.lowercased()
        guard let n = numbers(in: lower).first, n > 0 else { return nil }
        if lower.contains("jaar") || lower.contains("year") { return Int(n * 12) }
        if lower.contains("maand") || lower.contains("month") { return Int(n) }
        if lower.contains("week") { return max(1, Int((n / 4.33).rounded())) }
        return nil
    }

    static func isPermanent(_ text: String) -> Bool {
        let t = text.lowercased()
        return t.contains("permanent") || t.contains("vast") || t.contains("onbepaalde") || t.contains("indefinite")
    }
}
