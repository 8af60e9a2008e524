import Foundation

/// Problems loading a reference or catalog file, each naming the file (and line) so an operator can fix it.
public enum ReferenceDataError: Error, CustomStringConvertible, Equatable {
    case missingFile(path: String)
    case unreadable(path: String, reason: String)
    case malformed(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .missingFile(let path): "reference data file missing: \(path)"
        case .unreadable(let path, let reason): "reference data file unreadable: \(path): \(reason)"
        case .malformed(let path, let line, let reason): "\(path):\(line): \(reason)"
        }
    }
}

/// Reads the compact tab-separated files under `catalog/reference/`: a `#` header line, then one record a
/// line, fields separated by tabs, lists inside a field separated by `|` or `,`.
struct TabularFile {
    let path: String
    let rows: [(line: Int, fields: [Substring])]

    init(directory: URL, name: String, columns: Int) throws {
        let url = directory.appendingPathComponent(name)
        path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw ReferenceDataError.missingFile(path: path) }
        let text: String
        do {
            let data = try Data(contentsOf: url)
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw ReferenceDataError.unreadable(path: path, reason: "not UTF-8")
            }
            text = decoded
        } catch let error as ReferenceDataError {
            throw error
        } catch {
            throw ReferenceDataError.unreadable(path: path, reason: error.localizedDescription)
        }
        var rows: [(Int, [Substring])] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == columns else {
                throw ReferenceDataError.malformed(path: path, line: lineNumber, reason: "expected \(columns) tab-separated fields, found \(fields.count)")
            }
            rows.append((lineNumber, fields))
        }
        self.rows = rows
    }

    func fail(_ line: Int, _ reason: String) -> ReferenceDataError {
        .malformed(path: path, line: line, reason: reason)
    }
}

extension Substring {
    func list(separator: Character) -> [String] {
        isEmpty ? [] : split(separator: separator).map(String.init)
    }
}
