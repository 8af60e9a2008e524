import Domain
import Foundation

/// CSV with a header line and a column mapping (RFC 4180 quoting: `"a ""quoted"" field"`, delimiters and line
/// breaks inside quotes). Each data line is one record; a line with invalid UTF-8 is quarantined on its own.
enum CSVFeed {
    static func parse(
        _ input: UnsafeBufferPointer<UInt8>, options: FeedParseOptions, emit: (FeedRecord) throws -> Void
    ) throws -> FeedStreamError? {
        var position = 0
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { position = 3 }
        // A JSON or XML document given as CSV: say so instead of reporting a strange header.
        var first = position
        while first < input.count, input[first] == 0x20 || input[first] == 0x09 || input[first] == 0x0A || input[first] == 0x0D { first += 1 }
        if first < input.count, input[first] == UInt8(ascii: "{") || input[first] == UInt8(ascii: "[") || input[first] == UInt8(ascii: "<") {
            let what = input[first] == UInt8(ascii: "<") ? "an XML or HTML document" : "a JSON document"
            return FeedStreamError(.unsupported, "the body starts with '\(Character(UnicodeScalar(input[first])))': this is \(what), expected CSV with a header line")
        }
        let mapping = options.csvMapping
        let delimiter: UInt8
        if let d = mapping.delimiter, let ascii = d.asciiValue {
            delimiter = ascii
        } else {
            var semicolons = 0, commas = 0, i = position
            var quoted = false
            while i < input.count, quoted || (input[i] != 0x0A) {
                if input[i] == 0x22 { quoted.toggle() }
                if !quoted, input[i] == UInt8(ascii: ";") { semicolons += 1 }
                if !quoted, input[i] == UInt8(ascii: ",") { commas += 1 }
                i += 1
            }
            delimiter = semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
        }
        guard let header = readRow(input, &position, delimiter: delimiter) else {
            return FeedStreamError(.empty, "the CSV feed is empty")
        }
        if case .failure(let error) = header.fields { return error }
        guard case .success(let headerFields) = header.fields else { return nil }
        var columnFields: [CSVField?] = []
        let lookup = Dictionary(mapping.columns.map { ($0.key.trimmingCharacters(in: .whitespaces).lowercased(), $0.value) },
                                uniquingKeysWith: { first, _ in first })
        for name in headerFields {
            columnFields.append(lookup[name.trimmingCharacters(in: .whitespaces).lowercased()])
        }
        guard columnFields.contains(.externalId), columnFields.contains(.title) else {
            let found = headerFields.joined(separator: ", ")
            return FeedStreamError(.malformed, "CSV header has no column mapped to externalId and title (header: \(found))")
        }
        while let row = readRow(input, &position, delimiter: delimiter) {
            let raw = String(decoding: UnsafeBufferPointer(rebasing: input[row.range]), as: UTF8.self)
            switch row.fields {
            case .failure(let error):
                if error.kind == .invalidUTF8 {
                    try emit(.quarantined(QuarantinedRecord(reason: "ongeldige UTF-8 bij byte \(error.offset ?? 0): het record is niet betrouwbaar te lezen", raw: raw)))
                    continue
                }
                try emit(.quarantined(QuarantinedRecord(reason: "record afgebroken: \(error.message)", raw: raw)))
                return error
            case .success(let values):
                if values.count == 1, values[0].trimmingCharacters(in: .whitespaces).isEmpty { continue } // blank line
                if values.count != headerFields.count {
                    try emit(.quarantined(QuarantinedRecord(reason: "\(values.count) kolommen, de kop heeft er \(headerFields.count)", raw: raw)))
                    continue
                }
                var f = DraftFields()
                for (index, value) in values.enumerated() {
                    guard let field = columnFields[index], !value.isEmpty else { continue }
                    switch field {
                    case .externalId: f.externalId = value
                    case .title: f.title = value
                    case .employerName: f.employerName = value
                    case .employerKvK: f.employerKvK = value
                    case .postcode: f.postalCode = value
                    case .city: f.city = value
                    case .hoursMin: f.hoursMin = value
                    case .hoursMax: f.hoursMax = value
                    case .hours: f.hoursText = value
                    case .contractMonths: f.contractMonths = value
                    case .startDate: f.startDate = value
                    case .hourlyWage: f.salaryMin = value; f.salaryUnit = f.salaryUnit ?? "hour"
                    case .salary: f.salaryText = value
                    case .salaryUnit: f.salaryUnit = value
                    case .occupation: f.occupationCodes.append(value)
                    case .skills: f.skillCodes += value.split(whereSeparator: { $0 == "," || $0 == "|" || $0 == " " }).map(String.init)
                    case .banenafspraak: f.banenafspraak = value
                    case .demands: f.demandTexts += value.split(whereSeparator: { $0 == "," || $0 == "|" }).map(String.init)
                    case .employmentType: f.employmentTypes.append(value)
                    case .validThrough: f.validThrough = value
                    case .description: f.description = value
                    }
                }
                if let text = f.salaryText, f.salaryMin == nil, DraftFields.money(text, machine: false) != nil {
                    f.salaryMin = text
                    f.salaryText = nil
                }
                try emit(f.finish(raw: { raw }, options: options))
            }
        }
        return nil
    }

    struct Row {
        var range: Range<Int>
        var fields: Result<[String], FeedStreamError>
    }

    /// Reads one logical row (quoted fields may span lines); nil at the end of the input.
    static func readRow(_ input: UnsafeBufferPointer<UInt8>, _ position: inout Int, delimiter: UInt8) -> Row? {
        guard position < input.count else { return nil }
        let start = position
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var invalid: Int? = nil
        func finishField() {
            if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                if invalid == nil { invalid = start }
                fields.append(String(decoding: field, as: UTF8.self))
            }
            field.removeAll(keepingCapacity: true)
        }
        while position < input.count {
            let b = input[position]
            if inQuotes {
                if b == 0x22 {
                    if position + 1 < input.count, input[position + 1] == 0x22 { field.append(0x22); position += 2; continue }
                    inQuotes = false
                } else {
                    field.append(b)
                }
                position += 1
                continue
            }
            if b == 0x22, field.allSatisfy({ $0 == 0x20 }) { field.removeAll(); inQuotes = true; position += 1; continue }
            if b == delimiter { finishField(); position += 1; continue }
            if b == 0x0A || b == 0x0D {
                let end = position
                position += 1
                if b == 0x0D, position < input.count, input[position] == 0x0A { position += 1 }
                finishField()
                return makeRow(start..<end, fields, invalid)
            }
            field.append(b)
            position += 1
        }
        if inQuotes {
            return Row(range: start..<input.count, fields: .failure(FeedStreamError(
                .truncated, "CSV ends inside a quoted field: the feed is truncated", offset: input.count)))
        }
        finishField()
        return makeRow(start..<input.count, fields, invalid)
    }

    static func makeRow(_ range: Range<Int>, _ fields: [String], _ invalid: Int?) -> Row {
        if let invalid {
            return Row(range: range, fields: .failure(FeedStreamError(.invalidUTF8, "invalid UTF-8 in a CSV row", offset: invalid)))
        }
        return Row(range: range, fields: .success(fields))
    }
}
