import Domain
import Foundation

/// The municipal case system's candidate export as Matchpunt reads it: a header line with Dutch column names,
/// `;` (Dutch Excel) or `,` between fields, RFC 4180 quoting (`"a ""quoted"" field"`, separators and line
/// breaks inside quotes), CRLF or LF, UTF-8 with or without BOM or else Windows-1252. Pure: bytes in, rows out.
///
/// Every row becomes a candidate or a list of problems naming the column in Dutch; a bad row never stops the
/// rows after it. Only a broken quote ends the file early (the rest cannot be split into rows reliably).
public enum CandidateCSV {
    /// One column of the documented column set; `required` columns must be in the header.
    public struct Column: Sendable {
        public var name: String
        public var required: Bool
        /// What the column holds, in Dutch (for the README and error messages).
        public var meaning: String
    }

    /// The documented column set, in the order of the export.
    public static let columns: [Column] = [
        Column(name: "kandidaatnummer", required: true, meaning: "pseudoniem dossiernummer (geen BSN)"),
        Column(name: "woongemeente", required: true, meaning: "gemeentenaam zoals in het CBS-register"),
        Column(name: "geboortedatum", required: true, meaning: "JJJJ-MM-DD of DD-MM-JJJJ"),
        Column(name: "uitkering", required: true, meaning: "participatiewet, nugger, ww, wia of wajong"),
        Column(name: "uitkering_sinds", required: false, meaning: "datum"),
        Column(name: "doelgroepregister", required: false, meaning: "ja/nee"),
        Column(name: "indicatie_beschut_werk", required: false, meaning: "ja/nee"),
        Column(name: "arbeidsbeperking", required: false, meaning: "ja/nee"),
        Column(name: "loonwaarde", required: false, meaning: "percentage 0–100"),
        Column(name: "loonwaarde_datum", required: false, meaning: "datum van de meting (verplicht bij loonwaarde)"),
        Column(name: "onderwijsbelemmering", required: false, meaning: "ja/nee"),
        Column(name: "trede", required: true, meaning: "participatieladder 1–6"),
        Column(name: "alleenstaande_ouder", required: false, meaning: "ja/nee (kind jonger dan 12)"),
        Column(name: "statushouder", required: false, meaning: "ja/nee"),
        Column(name: "uren_min", required: true, meaning: "uren per week 0–80"),
        Column(name: "uren_max", required: true, meaning: "uren per week 0–80"),
        Column(name: "reisafstand_km", required: true, meaning: "0–300"),
        Column(name: "postcode", required: true, meaning: "1234 AB of 1234"),
        Column(name: "beschikbaar_vanaf", required: true, meaning: "datum"),
        Column(name: "vaardigheden", required: false, meaning: "ESCO-id's gescheiden door |"),
        Column(name: "gewenste_beroepen", required: false, meaning: "ESCO-id's gescheiden door |"),
        Column(name: "opleidingsniveau", required: true, meaning: "0–9 (0 geen … 4 mbo 2 … 8 hbo, 9 wo)"),
        Column(name: "taalniveau", required: true, meaning: "geen, A1, A2, B1, B2, C1 of C2"),
        Column(name: "rijbewijzen", required: false, meaning: "AM, A, B, BE, C, CE, D gescheiden door |"),
        Column(name: "vermijden", required: false, meaning: "werkbelasting om te vermijden, gescheiden door |"),
    ]

    /// Sanity limits: a file past them is refused with a message rather than read into memory without end.
    public static let maximumRows = 100_000
    public static let maximumFieldBytes = 10_000
    public static let maximumColumns = 100

    /// A problem in one row: the file's line number where the row starts (the header is line 1), the column
    /// in Dutch, and the reason in Dutch.
    public struct Problem: Sendable, Equatable, Codable, CustomStringConvertible {
        public var row: Int
        public var field: String
        public var reason: String

        public init(row: Int, field: String, reason: String) {
            self.row = row
            self.field = field
            self.reason = reason
        }

        public var description: String { "regel \(row), \(field): \(reason)" }
    }

    /// One data row read: the candidate, or why not.
    public struct Row: Sendable {
        public var line: Int
        /// The id as written, when the row has one (to name it in the report).
        public var id: String?
        public var result: Result<Candidate, RowProblems>
    }

    public struct RowProblems: Error, Sendable, Equatable {
        public var problems: [Problem]
    }

    /// The whole file: rows in file order, or a problem with the file itself (empty, no header, missing columns).
    public struct Table: Sendable {
        public var rows: [Row]
        /// A problem with the file as a whole (row 1 is the header); rows read before it are kept.
        public var fileProblem: Problem?
        public var separator: Character
    }

    // MARK: Reading

    /// Reads the export. Never throws and never traps, whatever the bytes.
    public static func read(_ bytes: [UInt8]) -> Table {
        let text = decode(bytes)
        let utf8 = Array(text.utf8)
        let separator = detectSeparator(utf8)
        var position = 0, line = 1
        guard let header = nextRecord(utf8, &position, &line, separator: separator) else {
            return Table(rows: [], fileProblem: Problem(row: 1, field: "bestand", reason: "het bestand is leeg"), separator: Character(UnicodeScalar(separator)))
        }
        let sep = Character(UnicodeScalar(separator))
        guard case .fields(let headerFields) = header.content else {
            return Table(rows: [], fileProblem: Problem(row: 1, field: "kopregel", reason: header.content.reason), separator: sep)
        }
        var indexOf: [String: Int] = [:]
        for (index, name) in headerFields.enumerated() {
            let key = normalisedHeader(name)
            if indexOf[key] == nil { indexOf[key] = index }
        }
        let missing = columns.filter { $0.required && indexOf[$0.name] == nil }.map(\.name)
        if !missing.isEmpty {
            return Table(rows: [], fileProblem: Problem(row: 1, field: "kopregel", reason: "verplichte kolom ontbreekt: \(missing.joined(separator: ", "))"),
                         separator: sep)
        }
        var rows: [Row] = []
        while let record = nextRecord(utf8, &position, &line, separator: separator) {
            if rows.count >= maximumRows {
                return Table(rows: rows, fileProblem: Problem(row: record.line, field: "bestand", reason: "meer dan \(maximumRows) rijen; splits het bestand"),
                             separator: sep)
            }
            switch record.content {
            case .blank:
                continue
            case .broken(let reason), .tooLarge(let reason):
                let problem = Problem(row: record.line, field: "regel", reason: reason)
                rows.append(Row(line: record.line, id: nil, result: .failure(RowProblems(problems: [problem]))))
                if case .broken = record.content {
                    // Past an unclosed quote the rows cannot be told apart: stop, and say so.
                    return Table(rows: rows, fileProblem: Problem(row: record.line, field: "bestand", reason: "bestand afgebroken: \(reason)"), separator: sep)
                }
            case .fields(let fields):
                func value(_ name: String) -> String? {
                    guard let index = indexOf[name], index < fields.count else { return nil }
                    let trimmed = fields[index].trimmingCharacters(in: .whitespaces)
                    return trimmed.isEmpty ? nil : trimmed
                }
                rows.append(candidate(line: record.line, value: value))
            }
        }
        return Table(rows: rows, fileProblem: nil, separator: sep)
    }

    /// UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else Windows-1252, which is what Dutch Excel
    /// writes when told "CSV" rather than "CSV UTF-8".
    public static func decode(_ bytes: [UInt8]) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(body.count)
        for byte in body {
            if (0x80...0x9F).contains(byte) {
                scalars.append(windows1252High[Int(byte - 0x80)])
            } else {
                // Below 0x80 ASCII, above 0x9F Latin-1: the code point is the byte.
                scalars.append(UnicodeScalar(byte))
            }
        }
        return String(scalars)
    }

    /// 0x80...0x9F in Windows-1252 (undefined positions become U+FFFD).
    static let windows1252High: [UnicodeScalar] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ].map { UnicodeScalar(UInt32($0)) ?? "?" }

    /// `;` when the header line has more semicolons than commas outside quotes, else `,`.
    static func detectSeparator(_ bytes: [UInt8]) -> UInt8 {
        var semicolons = 0, commas = 0, quoted = false
        for byte in bytes {
            if byte == 0x22 { quoted.toggle() }
            if quoted { continue }
            if byte == 0x0A || byte == 0x0D { break }
            if byte == UInt8(ascii: ";") { semicolons += 1 }
            if byte == UInt8(ascii: ",") { commas += 1 }
        }
        return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }

    /// "Uren min" → "uren_min": case, surrounding spaces, inner spaces and hyphens do not matter.
    static func normalisedHeader(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 }.reduce(into: "") { $0.append($1) }
    }

    struct Record {
        enum Content {
            case fields([String])
            case blank
            /// An unclosed quote: the rest of the file was swallowed.
            case broken(String)
            /// A field or the number of fields past the limits; the row is skipped, the next one read.
            case tooLarge(String)

            var reason: String {
                switch self {
                case .fields, .blank: "leeg"
                case .broken(let reason), .tooLarge(let reason): reason
                }
            }
        }
        var line: Int
        var content: Content
    }

    /// The next record from `position`: fields split on `separator`, quotes honoured, the line counter moved past
    /// every line break (also those inside quotes). Nil at the end.
    static func nextRecord(_ bytes: [UInt8], _ position: inout Int, _ line: inout Int, separator: UInt8) -> Record? {
        guard position < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var tooLarge: String?
        var index = position
        func finishField() {
            if field.count > maximumFieldBytes {
                tooLarge = tooLarge ?? "een veld is langer dan \(maximumFieldBytes) bytes"
            } else if fields.count >= maximumColumns {
                tooLarge = tooLarge ?? "meer dan \(maximumColumns) velden"
            } else if tooLarge == nil {
                fields.append(String(decoding: field, as: UTF8.self))
            }
            field.removeAll(keepingCapacity: true)
        }
        var inQuotes = false
        var endedAtLineBreak = false
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == 0x22 {
                    if index + 1 < bytes.count, bytes[index + 1] == 0x22 {
                        field.append(0x22)
                        index += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    if byte == 0x0A || (byte == 0x0D && !(index + 1 < bytes.count && bytes[index + 1] == 0x0A)) { line += 1 }
                    if field.count <= maximumFieldBytes { field.append(byte) }
                }
                index += 1
                continue
            }
            if byte == 0x22 && field.isEmpty {
                inQuotes = true
            } else if byte == separator {
                finishField()
            } else if byte == 0x0A || byte == 0x0D {
                // CRLF, LF or a lone CR ends the record.
                index += (byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) ? 2 : 1
                line += 1
                endedAtLineBreak = true
                break
            } else if field.count <= maximumFieldBytes {
                field.append(byte)
            }
            index += 1
        }
        position = index
        if inQuotes {
            return Record(line: startLine, content: .broken("aanhalingsteken geopend maar niet gesloten"))
        }
        _ = endedAtLineBreak
        finishField()
        if let tooLarge { return Record(line: startLine, content: .tooLarge(tooLarge)) }
        if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { return Record(line: startLine, content: .blank) }
        return Record(line: startLine, content: .fields(fields))
    }

    // MARK: Fields

    /// One data row as a candidate, or every problem it has (each naming its Dutch column).
    static func candidate(line: Int, value: (String) -> String?) -> Row {
        var problems: [Problem] = []
        func fail(_ column: String, _ reason: String) { problems.append(Problem(row: line, field: column, reason: reason)) }
        func required(_ column: String) -> String? {
            guard let text = value(column) else { fail(column, "ontbreekt"); return nil }
            return text
        }
        func integer(_ column: String, _ range: ClosedRange<Int>, optional: Bool = false) -> Int? {
            guard let text = optional ? value(column) : required(column) else { return nil }
            let digits = text.hasSuffix("%") ? String(text.dropLast()).trimmingCharacters(in: .whitespaces) : text
            // At most 9 digits before converting: no overflow, whatever is typed.
            guard !digits.isEmpty, digits.utf8.count <= 9, digits.utf8.allSatisfy({ (48...57).contains($0) }), let number = Int(digits),
                  range.contains(number) else {
                fail(column, "moet een geheel getal van \(range.lowerBound) tot \(range.upperBound) zijn (gelezen: \(excerpt(text)))")
                return nil
            }
            return number
        }
        func date(_ column: String, optional: Bool = false) -> CalendarDate? {
            guard let text = optional ? value(column) : required(column) else { return nil }
            guard let parsed = parseDate(text) else {
                fail(column, "geen geldige datum (JJJJ-MM-DD of DD-MM-JJJJ; gelezen: \(excerpt(text)))")
                return nil
            }
            return parsed
        }
        func flag(_ column: String) -> Bool {
            guard let text = value(column) else { return false }
            switch text.lowercased() {
            case "ja", "j", "1", "true", "waar", "x": return true
            case "nee", "n", "0", "false", "onwaar": return false
            default:
                fail(column, "moet ja of nee zijn (gelezen: \(excerpt(text)))")
                return false
            }
        }
        func list<T>(_ column: String, _ parse: (String) -> T?) -> [T] {
            guard let text = value(column) else { return [] }
            var result: [T] = []
            for part in text.split(separator: "|") {
                let item = part.trimmingCharacters(in: .whitespaces)
                if item.isEmpty { continue }
                guard let parsed = parse(item) else {
                    fail(column, "onbekende waarde \(excerpt(item))")
                    return []
                }
                result.append(parsed)
            }
            return result
        }

        let id = required("kandidaatnummer")
        let municipality = required("woongemeente")
        let dateOfBirth = date("geboortedatum")
        var benefit: BenefitType?
        if let text = required("uitkering") {
            benefit = BenefitType(rawValue: text.lowercased()) ?? (["bijstand": .participatiewet, "pw": .participatiewet, "geen": .nugger][text.lowercased()])
            if benefit == nil { fail("uitkering", "onbekende uitkering \(excerpt(text)); kies participatiewet, nugger, ww, wia of wajong") }
        }
        let benefitSince = date("uitkering_sinds", optional: true)
        let register = flag("doelgroepregister")
        let sheltered = flag("indicatie_beschut_werk")
        let limitation = flag("arbeidsbeperking")
        var wageValue: WageValueMeasurement?
        if let percent = integer("loonwaarde", 0...100, optional: true) {
            if let measuredOn = date("loonwaarde_datum", optional: true) {
                wageValue = WageValueMeasurement(percent: percent, measuredOn: measuredOn)
            } else if value("loonwaarde_datum") == nil {
                fail("loonwaarde_datum", "verplicht wanneer loonwaarde is ingevuld")
            }
        }
        let obstacle = flag("onderwijsbelemmering")
        let rung = integer("trede", 1...6).flatMap(LadderRung.init(rawValue:))
        let singleParent = flag("alleenstaande_ouder")
        let statusHolder = flag("statushouder")
        let hoursMin = integer("uren_min", 0...80)
        let hoursMax = integer("uren_max", 0...80)
        var hours: WeeklyHours?
        if let hoursMin, let hoursMax {
            hours = WeeklyHours(min: hoursMin, max: hoursMax)
            if hours == nil { fail("uren_max", "moet minstens uren_min (\(hoursMin)) zijn") }
        }
        let reach = integer("reisafstand_km", 0...300)
        var postcode: Postcode?
        if let text = required("postcode") {
            postcode = Postcode(parsing: text)
            if postcode == nil { fail("postcode", "geen Nederlandse postcode (gelezen: \(excerpt(text)))") }
        }
        let availableFrom = date("beschikbaar_vanaf")
        let skills = list("vaardigheden") { EscoID($0) }
        let desired = list("gewenste_beroepen") { EscoID($0) }
        let education = integer("opleidingsniveau", 0...9).flatMap(EducationLevel.init(rawValue:))
        var dutch: LanguageLevel?
        if let text = required("taalniveau") {
            dutch = LanguageLevel(code: text)
            if dutch == nil { fail("taalniveau", "onbekend taalniveau \(excerpt(text)); kies geen, A1, A2, B1, B2, C1 of C2") }
        }
        let licences = list("rijbewijzen") { DrivingLicence(rawValue: $0.uppercased()) }
        let avoid = list("vermijden") { item in
            WorkDemand.allCases.first { $0.rawValue.caseInsensitiveCompare(item) == .orderedSame || $0.dutchName.caseInsensitiveCompare(item) == .orderedSame }
        }

        guard problems.isEmpty, let id, let municipality, let dateOfBirth, let benefit, let rung, let hours, let reach, let postcode,
              let availableFrom, let education, let dutch else {
            return Row(line: line, id: id, result: .failure(RowProblems(problems: problems)))
        }
        let candidate = Candidate(
            id: id, municipality: municipality, dateOfBirth: dateOfBirth, benefit: benefit, benefitSince: benefitSince,
            targetGroupRegister: register, shelteredWorkIndication: sheltered, workLimitation: limitation, wageValue: wageValue,
            hadEducationObstacle: obstacle, ladderRung: rung, singleParentWithChildUnder12: singleParent, statusHolder: statusHolder,
            hoursAvailable: hours, travelReachKm: reach, postcode: postcode, availableFrom: availableFrom, skills: skills,
            desiredOccupations: desired, education: education, dutchLevel: dutch, drivingLicences: licences, avoid: avoid)
        return Row(line: line, id: id, result: .success(candidate))
    }

    /// `2026-03-01`, `01-03-2026`, `1-3-2026`, `01/03/2026`; nil for anything else or a day that does not exist.
    public static func parseDate(_ text: String) -> CalendarDate? {
        if let iso = CalendarDate(iso: text), text.utf8.count == 10 { return iso }
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "/" || $0 == "." }
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
              parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }),
              let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// A value quoted back in a message, cut short: the report repeats input, not whole fields.
    static func excerpt(_ text: String) -> String {
        text.count <= 40 ? "'\(text)'" : "'\(text.prefix(40))…'"
    }

    /// The Dutch column of a validation field (the API's JSON names), for the import report.
    public static func column(ofField field: String) -> String {
        switch field {
        case "id": "kandidaatnummer"
        case "municipality": "woongemeente"
        case "dateOfBirth": "geboortedatum"
        case "benefitSince": "uitkering_sinds"
        case "shelteredWorkIndication": "indicatie_beschut_werk"
        case "wageValue.percent": "loonwaarde"
        case "wageValue.measuredOn": "loonwaarde_datum"
        case "hoursAvailable.min": "uren_min"
        case "hoursAvailable.max": "uren_max"
        case "travelReachKm": "reisafstand_km"
        case "availableFrom": "beschikbaar_vanaf"
        case "skills": "vaardigheden"
        case "desiredOccupations": "gewenste_beroepen"
        default: field
        }
    }
}
