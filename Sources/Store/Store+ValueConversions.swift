import Domain
import Foundation
import GRDB

// Domain values become SQLite values here, so that no other target needs to know GRDB.

extension CalendarDate: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> CalendarDate? {
        String.fromDatabaseValue(dbValue).flatMap { CalendarDate(iso: $0) }
    }
}

extension Postcode: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Postcode? {
        String.fromDatabaseValue(dbValue).flatMap { Postcode(parsing: $0) }
    }
}

extension EscoID: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { rawValue.databaseValue }
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> EscoID? {
        String.fromDatabaseValue(dbValue).map { EscoID($0) }
    }
}

/// Lists are stored as JSON text (SQLite's json_each can still query them). Public for the SQL baseline of
/// `matchpunt bench match` (Benchmarks), which binds lists the way the store writes them.
public enum JSONColumn {
    /// A JSON array of strings, written directly: a feed import writes four lists for each of 100k rows, and a
    /// JSONEncoder per list costs more than the insert itself. Reads go through JSONDecoder.
    public static func list(_ values: [String]) -> String {
        var json = "["
        for (index, value) in values.enumerated() {
            if index > 0 { json += "," }
            json += "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": json += "\\\""
                case "\\": json += "\\\\"
                case "\n": json += "\\n"
                case "\r": json += "\\r"
                case "\t": json += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: json.unicodeScalars.append(scalar)
                }
            }
            json += "\""
        }
        return json + "]"
    }

    public static func list(_ values: [EscoID]) -> String { list(values.map(\.rawValue)) }
    public static func list<T: RawRepresentable<String>>(_ values: [T]) -> String { list(values.map(\.rawValue)) }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding our own plain value types cannot fail.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String?, column: String) throws -> T {
        guard let text else { throw StoreError.invalidRecord("\(column) is NULL") }
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.invalidRecord("\(column): \(error)")
        }
    }
}

/// Timestamps are stored as ISO 8601 UTC text with seconds.
enum Timestamp {
    static func string(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon).timeZone(separator: .omitted))
    }

    static func date(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }
}
