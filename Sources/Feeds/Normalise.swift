import Foundation
import Domain

/// Shared normalisation of feed values: the same rules for every format.
enum Normalise {
    enum SalaryUnit: String, Sendable {
        case hour, day, week, month, year

        /// HOUR, DAY, WEEK, MONTH, YEAR (schema.org), Dutch words (uur, dag, week, maand, jaar),
        /// HR-XML interval codes (Hour, Day, Week, Month, Year, Annual), Indeed text ("per hour").
        init?(_ text: String) {
            self.init(lower: LowerText(text))
        }

        init?(lower t: LowerText) {
            if t.hasAny("hour", "uur") || t.equals("h") { self = .hour }
            else if t.hasAny("day", "dag", "daily") { self = .day }
            else if t.has("week") { self = .week }
            else if t.hasAny("month", "maand") { self = .month }
            else if t.hasAny("year", "jaar", "annual", "annum") { self = .year }
            else { return nil }
        }
    }

    /// Converts an amount per `unit` into an hourly wage, rounded to the cent half away from zero.
    ///
    /// The rule: a day is weekly hours ÷ 5; a month is weekly hours × 52 ÷ 12; a year is weekly hours × 52.
    /// Weekly hours are the vacancy's maximum hours when known (salaries are quoted for the full contract
    /// hours), else ``FeedParseOptions/referenceHoursPerWeek`` (38). Holiday pay is not separated out.
    static func hourlyWage(_ amount: Money, unit: SalaryUnit, hoursPerWeek: Int) -> Money? {
        // Hours are bounded before they get here, but this function stays total: every product is checked, so
        // no feed value can trap (a trap would take the whole server down, not just the record).
        guard hoursPerWeek > 0, hoursPerWeek <= 168 else { return nil }
        let h = Int64(hoursPerWeek)
        // amount × numerator ÷ denominator, in integer cents.
        let (numerator, denominator): (Int64, Int64) = switch unit {
        case .hour: (1, 1)
        case .day: (5, h)
        case .week: (1, h)
        case .month: (12, 52 * h)
        case .year: (1, 52 * h)
        }
        let (scaled, overflow) = amount.cents.multipliedReportingOverflow(by: numerator)
        guard !overflow, scaled != .min else { return nil }
        let negative = scaled < 0
        let (doubled, overflow2) = abs(scaled).multipliedReportingOverflow(by: 2)
        guard !overflow2 else { return nil }
        let (rounded, overflow3) = doubled.addingReportingOverflow(denominator)
        guard !overflow3 else { return nil }
        let magnitude = rounded / (2 * denominator)
        return Money(cents: negative ? -magnitude : magnitude)
    }

    /// `value` as an Int when it is finite and inside `range`; nil otherwise. Every Double read from a feed goes
    /// through this before it becomes an Int: `Int(_: Double)` traps on infinity, NaN and out-of-range values.
    static func boundedInt(_ value: Double, _ range: ClosedRange<Int>, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Int? {
        guard value.isFinite else { return nil }
        let rounded = value.rounded(rule)
        guard rounded >= Double(range.lowerBound), rounded <= Double(range.upperBound) else { return nil }
        return Int(rounded)
    }

    /// The most hours a week has; anything above is not a working week.
    static let maxWeeklyHours = 168
    /// The longest contract Matchpunt accepts (50 years), in months.
    static let maxContractMonths = 600

    /// Reads numbers from a text like "32-40 uur", "36 hours per week", "24 tot 32", "37,5".
    static func numbers(in text: String) -> [Double] { FastText.numbers(in: text) }

    /// Weekly hours from a free text; nil when it holds no usable hours.
    static func weeklyHours(from text: String, options: FeedParseOptions) -> WeeklyHours? {
        let lower = LowerText(text)
        if lower.hasAny("maand", "month", "per dag", "per day") { return nil }
        let values = numbers(in: text).filter { $0 > 0 && $0 <= 80 }
        if let first = values.first {
            let second = values.count > 1 ? values[1] : first
            guard let low = boundedInt(min(first, second), 0...maxWeeklyHours, rounding: .down),
                  let high = boundedInt(max(first, second), 0...maxWeeklyHours, rounding: .up) else { return nil }
            return WeeklyHours(min: low, max: high)
        }
        return hoursFromEmploymentType(lower, options: options)
    }

    static func hoursFromEmploymentType(_ text: String, options: FeedParseOptions) -> WeeklyHours? {
        hoursFromEmploymentType(LowerText(text), options: options)
    }

    static func hoursFromEmploymentType(_ t: LowerText, options: FeedParseOptions) -> WeeklyHours? {
        if t.hasAny("part", "deeltijd") { return options.partTimeHours }
        if t.hasAny("full", "voltijd") { return options.fullTimeHours }
        return nil
    }

    static let monthNames: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "mrt": 3, "apr": 4, "may": 5, "mei": 5, "jun": 6, "jul": 7, "aug": 8,
        "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12,
    ]

    /// ISO dates and date-times, "31-12-2026", "31/12/2026", and RFC 822 ("Thu, 31 Dec 2026 00:00:00 GMT").
    /// Returns .failure with the text when the text is not empty and not a date.
    static func date(_ text: String?) -> Result<CalendarDate?, DateProblem> {
        guard let raw = FastText.trimmed(text) else { return .success(nil) }
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

    /// The text of an HTML fragment: tags removed, common entities decoded, whitespace collapsed, cut to
    /// `limit` Unicode scalars. Works on UTF-8 bytes.
    static func excerpt(_ html: String?, limit: Int) -> String? {
        guard let html, !html.isEmpty, limit > 0 else { return nil }
        var source = html
        source.makeContiguousUTF8()
        return source.utf8.withContiguousStorageIfAvailable { buffer in
            excerpt(buffer, limit: limit)
        } ?? nil
    }

    static func excerpt(_ buffer: UnsafeBufferPointer<UInt8>, limit: Int) -> String? {
        guard let source = buffer.baseAddress else { return nil }
        let capacity = min(buffer.count, limit * 4) + 16
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { out -> String? in
            let n = excerptBytes(source, buffer.count, into: out.baseAddress!, capacity: capacity, limit: limit)
            return n == 0 ? nil : String(decoding: UnsafeBufferPointer(start: out.baseAddress!, count: n), as: UTF8.self)
        }
    }

    /// The loop of ``excerpt(_:limit:)`` with everything in locals; returns the number of bytes written.
    static func excerptBytes(_ source: UnsafePointer<UInt8>, _ count: Int, into out: UnsafeMutablePointer<UInt8>,
                             capacity: Int, limit: Int) -> Int {
        var n = 0
        var scalars = 0
        var lastWasSpace = true
        var i = 0
        while i < count, scalars < limit, n < capacity - 8 {
            let b = source[i]
            if b > 0x3C || (b > 0x26 && b < 0x3C) || (b > 0x20 && b < 0x26) {
                // the common case: an ordinary byte
                out[n] = b; n += 1
                if b & 0xC0 != 0x80 { scalars += 1 }
                lastWasSpace = false
                i += 1
                continue
            }
            if b == UInt8(ascii: "<") {
                // skip the tag; it counts as a space
                if let close = memchr(source + i, 0x3E, count - i) {
                    i = source.distance(to: close.assumingMemoryBound(to: UInt8.self)) + 1
                } else {
                    i = count
                }
                if !lastWasSpace { out[n] = 0x20; n += 1; scalars += 1; lastWasSpace = true }
                continue
            }
            if b == UInt8(ascii: "&") {
                var j = i + 1
                while j < count, j - i <= 9, source[j] != UInt8(ascii: ";") { j += 1 }
                if j < count, source[j] == UInt8(ascii: ";") {
                    let decoded = decodeEntity(String(decoding: UnsafeBufferPointer(start: source + i + 1, count: j - i - 1), as: UTF8.self))
                    i = j + 1
                    if decoded == " " {
                        if !lastWasSpace { out[n] = 0x20; n += 1; scalars += 1; lastWasSpace = true }
                    } else {
                        for c in decoded.utf8 where n < capacity { out[n] = c; n += 1 }
                        scalars += 1
                        lastWasSpace = false
                    }
                    continue
                }
                out[n] = b; n += 1; scalars += 1; lastWasSpace = false; i += 1
                continue
            }
            i += 1
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C {
                if !lastWasSpace { out[n] = 0x20; n += 1; scalars += 1; lastWasSpace = true }
                continue
            }
            if b >= 0x20 { out[n] = b; n += 1; scalars += 1; lastWasSpace = false } // other controls dropped
        }
        // Finish a multi-byte scalar cut by the limit.
        while i < count, source[i] & 0xC0 == 0x80, n < capacity { out[n] = source[i]; n += 1; i += 1 }
        while n > 0, out[n - 1] == 0x20 { n -= 1 }
        return n
    }

    static func decodeEntity(_ name: String) -> String {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos", "#39": return "'"
        case "nbsp": return " "
        case "euro": return "€"
        default:
            if name.hasPrefix("#x"), let code = UInt32(name.dropFirst(2), radix: 16), let s = UnicodeScalar(code) { return String(s) }
            if name.hasPrefix("#"), let code = UInt32(name.dropFirst()), let s = UnicodeScalar(code) { return String(s) }
            return " "
        }
    }

    /// Keywords (Dutch and English) for each work demand.
    static let demandWords: [(WorkDemand, KeywordSet)] = [
        (.heavyLifting, KeywordSet(["tillen", "lifting", "heavy"])),
        (.prolongedStanding, KeywordSet(["staan", "standing"])),
        (.nightShifts, KeywordSet(["nacht", "night"])),
        (.irregularHours, KeywordSet(["onregelmatig", "irregular", "ploegen", "shift"])),
        (.noise, KeywordSet(["lawaai", "geluid", "noise"])),
        (.dustOrFumes, KeywordSet(["stof", "damp", "dust", "fume"])),
        (.workingAtHeight, KeywordSet(["hoogte", "height"])),
        (.fineVision, KeywordSet(["zicht", "vision", "eyesight"])),
        (.customerContact, KeywordSet(["klant", "customer"])),
        (.timePressure, KeywordSet(["tijdsdruk", "time pressure", "deadline"])),
        (.outdoorWork, KeywordSet(["buiten", "outdoor"])),
        (.cold, KeywordSet(["kou", "cold", "vries", "freezer"])),
    ]

    /// Work demands named in a free text (Dutch or English), or by their Matchpunt names.
    static func demands(in texts: [String]) -> [WorkDemand] {
        guard !texts.isEmpty else { return [] }
        var found = Set<WorkDemand>()
        for text in texts {
            if text.utf8.count <= 17, !text.utf8.contains(0x20), let exact = WorkDemand(rawValue: text) { found.insert(exact); continue }
            for (demand, words) in demandWords where words.occurs(in: text) { found.insert(demand) }
        }
        return found.sorted()
    }

    /// True for "true", "ja", "yes", "1", "x".
    static func flag(_ text: String?) -> Bool {
        guard let t = FastText.trimmed(text) else { return false }
        let l = LowerText(t)
        return l.equals("true") || l.equals("ja") || l.equals("yes") || l.equals("1") || l.equals("x") || l.equals("y")
            || l.equals("j") || l.equals("waar")
    }

    /// Mentions of the banenafspraak / doelgroepregister in a text.
    static let banenafspraakWords = KeywordSet(["banenafspraak", "doelgroepregister", "garantiebaan"])

    static func mentionsBanenafspraak(_ text: String?) -> Bool {
        guard let text else { return false }
        return banenafspraakWords.occurs(in: text)
    }

    /// An ESCO occupation URI or bare UUID → EscoID; a 4-digit ISCO code → .isco.
    enum OccupationCode { case esco(String), isco(String) }

    /// The part after the last '/', by bytes.
    static func lastPathComponent(_ text: String) -> String {
        let utf8 = text.utf8
        guard let slash = utf8.lastIndex(of: 0x2F) else { return text }
        return String(Substring(text[utf8.index(after: slash)...]))
    }

    /// True for a bare ESCO UUID (36 characters, 4 dashes, hex digits).
    static func isUUID(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == 36 else { return false }
        var dashes = 0
        for b in utf8 {
            if b == 0x2D { dashes += 1 } else if !((0x30...0x39).contains(b) || (0x61...0x66).contains(b) || (0x41...0x46).contains(b)) { return false }
        }
        return dashes == 4
    }

    /// "3311 AB", "3311AB", "3311", "NL-3311 AB" → Postcode, reading bytes (Domain's parser handles the rest).
    static func postcode(_ text: String) -> Postcode? {
        var digits = 0, pc4 = 0
        var letters: [UInt8] = []
        var index = 0
        for b in text.utf8 {
            index += 1
            if digits < 4 {
                guard b >= 0x30, b <= 0x39, !(digits == 0 && b == 0x30) else { return Postcode(parsing: text) }
                pc4 = pc4 * 10 + Int(b - 0x30); digits += 1
            } else if b == 0x20 {
                continue
            } else if (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A), letters.count < 2 {
                letters.append(b & ~0x20)
            } else {
                return Postcode(parsing: text)
            }
        }
        guard digits == 4, letters.count != 1 else { return Postcode(parsing: text) }
        return Postcode(pc4: pc4, letters: letters.isEmpty ? nil : String(decoding: letters, as: UTF8.self))
    }

    /// Eight digits (spaces and dots ignored) → the digits; nil otherwise. Cheap check before `KvKNumber`.
    static func kvkDigits(_ text: String) -> String? {
        var out: [UInt8] = []
        for b in text.utf8 {
            if b == 0x20 || b == 0x2E { continue }
            guard b >= 0x30, b <= 0x39, out.count < 8 else { return nil }
            out.append(b)
        }
        return out.count == 8 ? String(decoding: out, as: UTF8.self) : nil
    }

    static func occupationCode(_ text: String) -> OccupationCode? {
        guard let t = FastText.trimmed(text) else { return nil }
        let lower = LowerText(t)
        if lower.has("/esco/occupation/") { return .esco(lastPathComponent(t)) }
        if lower.has("/esco/isco/") || lower.bytes.starts(with: Array("isco".utf8)) {
            let digits = t.reversed().prefix(while: { $0.isNumber }).reversed()
            if digits.count == 4 { return .isco(String(digits)) }
        }
        if t.utf8.count == 4, t.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return .isco(t) }
        if isUUID(t) { return .esco(t) }
        return nil
    }

    /// Contract months from an ISO 8601 duration (P6M, P1Y6M, P2W) or a text ("6 maanden", "1 jaar").
    /// Nil when absent, zero, or longer than ``maxContractMonths``: the arithmetic is checked, so a duration such
    /// as P99999999999999999999M is simply not a contract length.
    static func contractMonths(fromDuration text: String) -> Int? {
        let t = text.uppercased().trimmingCharacters(in: .whitespaces)
        // ISO 8601: P6M, P1Y, P1Y6M (a time part after T is ignored: hours are not a contract length)
        if t.hasPrefix("P") {
            var months = 0, number = 0, weeks = 0, days = 0, any = false
            for ch in t.utf8.dropFirst() {
                if ch >= 0x30 && ch <= 0x39 {
                    // Numbers beyond the bound are refused rather than computed.
                    number = number * 10 + Int(ch - 0x30)
                    if number > 100_000 { return nil }
                    continue
                }
                switch ch {
                case UInt8(ascii: "Y"): months += 12 * number; any = true
                case UInt8(ascii: "M"): months += number; any = true
                case UInt8(ascii: "W"): weeks += number; any = true
                case UInt8(ascii: "D"): days += number; any = true
                case UInt8(ascii: "T"): return any && months > 0 && months <= maxContractMonths ? months : nil
                default: return nil
                }
                if months > maxContractMonths * 10 || weeks > 100_000 || days > 1_000_000 { return nil }
                number = 0
            }
            if months == 0, weeks > 0 || days > 0 { months = max(1, Int((Double(weeks * 7 + days) / 30.44).rounded())) }
            return any && months > 0 && months <= maxContractMonths ? months : nil
        }
        let lower = text.lowercased()
        guard let n = numbers(in: lower).first, n > 0 else { return nil }
        let months: Int?
        if lower.contains("jaar") || lower.contains("year") { months = boundedInt(n * 12, 1...maxContractMonths) }
        else if lower.contains("maand") || lower.contains("month") { months = boundedInt(n, 1...maxContractMonths) }
        else if lower.contains("week") { months = boundedInt(n / 4.33, 0...maxContractMonths).map { max(1, $0) } }
        else { months = nil }
        return months
    }

    static func isPermanent(_ text: String) -> Bool {
        LowerText(text).hasAny("permanent", "vast", "onbepaalde", "indefinite")
    }
}
