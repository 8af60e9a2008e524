import Domain
import Foundation

/// The demo data set as committed under `fixtures/demo/`: one JSON record a line (JSON Lines), keys sorted,
/// so the files diff well and regenerate to the same bytes.
public enum DemoFixtures {
    public static let fileNames = (employers: "employers.jsonl", candidates: "candidates.jsonl", vacancies: "vacancies.jsonl")

    public static func write(_ output: DemoDataGenerator.Output, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try lines(output.employers).write(to: directory.appendingPathComponent(fileNames.employers))
        try lines(output.candidates).write(to: directory.appendingPathComponent(fileNames.candidates))
        try lines(output.vacancies).write(to: directory.appendingPathComponent(fileNames.vacancies))
    }

    public static func read(from directory: URL) throws -> DemoDataGenerator.Output {
        DemoDataGenerator.Output(
            employers: try records(Employer.self, in: directory.appendingPathComponent(fileNames.employers)),
            candidates: try records(Candidate.self, in: directory.appendingPathComponent(fileNames.candidates)),
            vacancies: try records(Vacancy.self, in: directory.appendingPathComponent(fileNames.vacancies)))
    }

    static func lines<T: Encodable>(_ records: [T]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for record in records {
            data.append(try encoder.encode(record))
            data.append(0x0A)
        }
        return data
    }

    static func records<T: Decodable>(_ type: T.Type, in file: URL) throws -> [T] {
        guard FileManager.default.fileExists(atPath: file.path) else { throw DemoFixtureError.missing(path: file.path) }
        let data = try Data(contentsOf: file)
        let decoder = JSONDecoder()
        var result: [T] = []
        var lineNumber = 0
        for line in data.split(separator: 0x0A) {
            lineNumber += 1
            do {
                result.append(try decoder.decode(type, from: Data(line)))
            } catch {
                throw DemoFixtureError.malformed(path: file.path, line: lineNumber, reason: "\(error)")
            }
        }
        return result
    }
}

public enum DemoFixtureError: Error, CustomStringConvertible {
    case missing(path: String)
    case malformed(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .missing(let path): "demo data file missing: \(path)"
        case .malformed(let path, let line, let reason): "\(path):\(line): \(reason)"
        }
    }
}
