import Domain
import Foundation
import Testing
import TestSupport
@testable import Feeds

/// The inputs that used to kill the process (integer-overflow traps, a stack overflow), each run through the
/// REAL `matchpunt` binary: `feeds add` + `import` against the fixture server on 127.0.0.1. The test checks the
/// exit status, so a trap or a segmentation fault (a signal) fails it.
@Suite(.serialized) struct CrashRegressionTests {
    /// The `matchpunt` executable next to the test bundle (`swift build --build-tests` builds both).
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("matchpunt")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return FeedServer.fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/matchpunt")
    }
    static let repository = FeedServer.fixtures.deletingLastPathComponent().deletingLastPathComponent()

    /// Runs the real binary in the repository folder (bounded: a hang fails the test instead of the run).
    static func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> ChildProcess.Outcome {
        try await ChildProcess.run(binary.path, arguments, environment: extra, directory: repository.path, timeout: .seconds(300))
    }

    /// Writes `body` as a file of a mounted directory, adds it as a feed and imports it with the real binary.
    static func importWithBinary(name: String, file: String, body: [UInt8], format: FeedFormat, extraAddArguments: [String] = []) async throws -> ChildProcess.Outcome {
        #expect(FileManager.default.isExecutableFile(atPath: binary.path), "build the package first: \(binary.path)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("matchpunt-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(body).write(to: directory.appendingPathComponent(file))
        let database = directory.appendingPathComponent("m.sqlite").path
        let catalog = repository.appendingPathComponent("catalog").path
        return try await withFeedServer(mounts: ["crash": directory.path]) { server in
            let add = try await run(["feeds", "add", name, "--url", server.url("/mount/crash/\(file)"), "--format", format.rawValue,
                                     "--region", "Drechtsteden", "--database", database, "--catalog", catalog] + extraAddArguments)
            guard add.exitedNormally, add.status == 0 else { return add }
            return try await run(["import", "--feed", name, "--database", database, "--catalog", catalog],
                                 environment: ["MATCHPUNT_FEED_INTERNAL_HOSTS": "127.0.0.1"])
        }
    }

    @Test("JSON-LD duration P99999999999999999999M and a 10^30 salary: the run ends with an exit status")
    func hugeDuration() async throws {
        let body = Array("""
            [{"@type":"JobPosting","identifier":"D-1","title":"Magazijn","duration":"P99999999999999999999M"},
             {"@type":"JobPosting","identifier":"D-2","title":"Kok","employmentDuration":"P9223372036854775807Y9223372036854775807M"},
             {"@type":"JobPosting","identifier":"D-3","title":"Bode","baseSalary":{"@type":"MonetaryAmount","currency":"EUR","value":{"@type":"QuantitativeValue","value":1e30,"unitText":"MONTH"}}},
             {"@type":"JobPosting","identifier":"D-4","title":"Tuinman","workHours":"99999999999999999999999999999999 uur","contractDuration":"99999999999999999999 jaar"}]
            """.utf8)
        let outcome = try await Self.importWithBinary(name: "duration", file: "duration.jsonld", body: body, format: .jsonLD)
        #expect(outcome.exitedNormally, "\(outcome.termination): \(outcome.output)")
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("duration: partial") || outcome.output.contains("duration: succeeded"), "\(outcome.output)")
    }

    @Test("CSV hoursMin = 99999999999999999999: quarantined with a reason, not a trap")
    func hugeHours() async throws {
        let body = Array("""
            externalId,title,hoursMin,hoursMax
            C-1,Monteur,99999999999999999999,40
            C-2,Schilder,24,32
            C-3,Lasser,1e999,2
            """.utf8)
        let outcome = try await Self.importWithBinary(
            name: "hours", file: "hours.csv", body: body, format: .csv,
            extraAddArguments: ["--column", "externalId=externalId", "--column", "title=title", "--column", "hoursMin=hoursMin", "--column", "hoursMax=hoursMax"])
        #expect(outcome.exitedNormally, "\(outcome.termination): \(outcome.output)")
        #expect(outcome.status == 0, "\(outcome.output)")
        // C-1 is quarantined; "1e999" reads as the numbers 1 and 999, the first of which is a valid hour count.
        #expect(outcome.output.contains("new 2"), "\(outcome.output)")
        #expect(outcome.output.contains("quarantined 1"), "\(outcome.output)")
    }

    @Test("An XML declaration repeating its encoding name 200,000 times: read in one pass, no stack overflow")
    func repeatedEncodingName() async throws {
        var body = Array("<?xml version=\"1.0\" ".utf8)
        body += Array(String(repeating: "latin1 ", count: 200_000).utf8)
        body += Array("encoding=\"latin1\"?><source><job><referencenumber>E-1</referencenumber><title>Caf\u{E9}medewerker</title></job></source>".unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
        let outcome = try await Self.importWithBinary(name: "encoding", file: "encoding.xml", body: body, format: .indeedXML)
        #expect(outcome.exitedNormally, "\(outcome.termination): \(outcome.output)")
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("new 1"), "\(outcome.output)")
    }

    @Test("A processing instruction without data inside a record (<?x?>, found by the fuzzer): imported, no segmentation fault")
    func processingInstructionWithoutData() async throws {
        let body = Array(#"<?xml version="1.0" encoding="utf-8"?><?xml-stylesheet type="text/xsl" href="feed.xsl"?><source><job><?x?><referencenumber>P-1</referencenumber><title>Bakker<?y ?></title></job><job><referencenumber>P-2</referencenumber><title>Kok</title><?z?></job></source>"#.utf8)
        let outcome = try await Self.importWithBinary(name: "instruction", file: "instruction.xml", body: body, format: .indeedXML)
        #expect(outcome.exitedNormally, "\(outcome.termination): \(outcome.output)")
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("new 2"), "\(outcome.output)")
    }
}

/// The same inputs at the function level, so a regression shows where it is.
struct CheckedArithmeticTests {
    @Test func durationsAreBounded() {
        #expect(Normalise.contractMonths(fromDuration: "P99999999999999999999M") == nil)
        #expect(Normalise.contractMonths(fromDuration: "P9223372036854775807Y") == nil)
        #expect(Normalise.contractMonths(fromDuration: "P1Y6M") == 18)
        #expect(Normalise.contractMonths(fromDuration: "P6M") == 6)
        #expect(Normalise.contractMonths(fromDuration: "99999999999999999999 jaar") == nil)
        #expect(Normalise.contractMonths(fromDuration: "1e999 maanden") != 0)
        #expect(Normalise.contractMonths(fromDuration: "12 maanden") == 12)
    }

    @Test func hoursAndWagesAreBounded() {
        #expect(Normalise.boundedInt(.infinity, 0...168) == nil)
        #expect(Normalise.boundedInt(.nan, 0...168) == nil)
        #expect(Normalise.boundedInt(1e20, 0...168) == nil)
        #expect(Normalise.hourlyWage(Money(cents: .max), unit: .month, hoursPerWeek: 38) == nil)
        #expect(Normalise.hourlyWage(Money(cents: .min), unit: .hour, hoursPerWeek: 38) == nil)
        #expect(Normalise.hourlyWage(Money(cents: 260_000), unit: .month, hoursPerWeek: 40) == Money(cents: 1500))
        #expect(DraftFields.machineMoney("1e30") == nil)
        #expect(DraftFields.machineMoney("99999999999999999999999") == nil)
        #expect(Money(parsing: "99999999999999999999") == nil)
    }

    @Test func processingInstructionsAreLeftOutButCommentsAndCDATAKept() {
        func strip(_ text: String) -> String { String(decoding: XMLFeed.TreeBuilder.withoutProcessingInstructions(Array(text.utf8)), as: UTF8.self) }
        #expect(strip("<?xml version=\"1.0\"?><a><?x?><?y data?>b</a>") == "<?xml version=\"1.0\"?><a>b</a>")
        #expect(strip("<a><![CDATA[<?x?>]]><!-- <?y?> --></a>") == "<a><![CDATA[<?x?>]]><!-- <?y?> --></a>")
        #expect(strip("<a><?unterminated") == "<a><?unterminated")
        #expect(strip("<a>plain</a>") == "<a>plain</a>")
        let result = FeedParser.parseAll(Array("<source><job><?x?><referencenumber>P-1</referencenumber><title>Bakker</title></job></source>".utf8), format: .indeedXML)
        #expect(result.drafts.count == 1)
    }

    @Test func encodingDeclarationIsReadOnce() {
        var body = Array("<?xml version=\"1.0\" ".utf8) + Array(String(repeating: "latin1 ", count: 50_000).utf8)
        body += Array("encoding=\"latin1\"?><source><job><referencenumber>E-1</referencenumber><title>Bakker</title></job></source>".utf8)
        let result = FeedParser.parseAll(body, format: .indeedXML)
        #expect(result.drafts.count == 1)
        #expect(result.streamError == nil)
    }
}
