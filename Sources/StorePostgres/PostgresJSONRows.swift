import Domain

/// Rows as one JSON array, for `jsonb_to_recordset`: a batch of vacancies travels as a single parameter
/// instead of 23 parameters a row. Binding each value separately cost about 40 µs a value in a debug build
/// (460,000 values for 20,000 postings); appending bytes to one buffer is far cheaper, and the server parses
/// the JSON and converts each field to its column's type (JSON arrays to `text[]`, ISO text to `date`).
struct JSONRows {
    private var bytes: [UInt8] = [UInt8(ascii: "[")]
    private var rowOpen = false
    private var fieldsInRow = 0
    private(set) var count = 0

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginRow() {
        if count > 0 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "{"))
        fieldsInRow = 0
        count += 1
    }

    mutating func endRow() {
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    mutating func field(_ name: StaticString, _ value: Int64?) {
        key(name)
        if let value { bytes.append(contentsOf: String(value).utf8) } else { null() }
    }

    mutating func field(_ name: StaticString, _ value: Int?) {
        field(name, value.map { Int64($0) })
    }

    mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// The JSON text: `[{…},{…}]`.
    var text: String {
        var closed = bytes
        closed.append(UInt8(ascii: "]"))
        return String(decoding: closed, as: UTF8.self)
    }

    private mutating func key(_ name: StaticString) {
        if fieldsInRow > 0 { bytes.append(UInt8(ascii: ",")) }
        fieldsInRow += 1
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\":".utf8)
    }

    private mutating func null() {
        bytes.append(contentsOf: "null".utf8)
    }

    /// A JSON string: quote, backslash and control characters escaped; everything else as UTF-8. PostgreSQL
    /// refuses `\u0000` in text, so NUL is dropped (a feed's text never carries it meaningfully).
    private mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        let utf8 = value.utf8
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: utf8)
        } else {
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
                case 0: continue
                case 0x01..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: "\\u00".utf8)
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0f)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension VacancyRow {
    /// The `AS r(…)` column list of `jsonb_to_recordset` for ``writtenColumns``, with their types.
    static let recordsetColumns = [
        "source text", "external_id text", "feed_id bigint", "employer_id bigint", "title text", "occupation text", "required_skills text[]",
        "optional_skills text[]", "postcode text", "pc4 bigint", "hours_min bigint", "hours_max bigint", "contract_months bigint",
        "start_date date", "hourly_wage_cents bigint", "suitable_for_banenafspraak boolean", "demands text[]", "required_licences text[]",
        "minimum_education bigint", "minimum_dutch_level text", "status text", "valid_through date", "content_hash text",
    ].joined(separator: ", ")

    /// One vacancy as a JSON row with the same fields as ``values(_:feedId:contentHash:into:)``; `id` only for updates.
    static func json(_ v: Vacancy, id: Int64? = nil, feedId: Int64?, contentHash: String?, into rows: inout JSONRows) {
        rows.beginRow()
        if let id { rows.field("id", id) }
        rows.field("source", v.source)
        rows.field("external_id", v.externalId)
        rows.field("feed_id", feedId)
        rows.field("employer_id", v.employerId)
        rows.field("title", v.title)
        rows.field("occupation", v.occupation?.rawValue)
        rows.field("required_skills", v.requiredSkills.map(\.rawValue))
        rows.field("optional_skills", v.optionalSkills.map(\.rawValue))
        rows.field("postcode", v.postcode?.description)
        rows.field("pc4", v.postcode.map { Int64($0.pc4) })
        rows.field("hours_min", v.hours.min)
        rows.field("hours_max", v.hours.max)
        rows.field("contract_months", v.contractMonths)
        rows.field("start_date", v.startDate?.description)
        rows.field("hourly_wage_cents", v.hourlyWage?.cents)
        rows.field("suitable_for_banenafspraak", v.suitableForBanenafspraak)
        rows.field("demands", v.demands.map(\.rawValue))
        rows.field("required_licences", v.requiredLicences.map(\.rawValue))
        rows.field("minimum_education", v.minimumEducation?.rawValue)
        rows.field("minimum_dutch_level", v.minimumDutchLevel?.code)
        rows.field("status", v.status.rawValue)
        rows.field("valid_through", v.validThrough?.description)
        rows.field("content_hash", contentHash)
        rows.endRow()
    }
}
