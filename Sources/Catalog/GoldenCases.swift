import Domain
import Foundation
import Yams

/// What a golden case expects of one instrument. Only the fields given are checked.
public struct GoldenExpectation: Sendable, Hashable, Codable {
    static let fieldNames: Set<String> = ["status", "monthly", "oneOff", "months", "total", "openEnded", "warnings", "reasonContains",
                                          "conditionContains", "periods", "oneOffs", "warningContains"]

    public var status: DecisionStatus
    public var monthly: Money?
    public var oneOff: Money?
    public var months: Int?
    public var total: Money?
    public var openEnded: Bool?
    /// Warning kinds that must be present (others may be too).
    public var warnings: [WarningKind]?
    /// A piece of text the reason (not eligible / needs information) must contain.
    public var reasonContains: String?
    /// A piece of text one of the conditions must contain.
    public var conditionContains: String?
    /// A piece of text one of the warnings must contain.
    public var warningContains: String?
    /// The schedule's periods, in order, each checked to the cent on the fields given.
    public var periods: [GoldenPeriod]?
    /// The schedule's one-off payments, in order.
    public var oneOffs: [GoldenOneOff]?
}

/// One expected schedule period. Only the fields given are checked; `pending` true expects no amount.
public struct GoldenPeriod: Sendable, Hashable, Codable {
    static let fieldNames: Set<String> = ["from", "to", "rate", "amount", "pending", "projected"]
    public var from: CalendarDate
    public var to: CalendarDate?
    public var rate: Money?
    public var amount: Money?
    public var pending: Bool?
    public var projected: Bool?
}

/// One expected one-off payment.
public struct GoldenOneOff: Sendable, Hashable, Codable {
    static let fieldNames: Set<String> = ["date", "amount"]
    public var date: CalendarDate
    public var amount: Money
}

/// One hand-computed case from `catalog/tests/*.yaml`.
public struct GoldenCase: Sendable, Hashable, Codable {
    public var name: String
    /// The article and paragraph the case tests (e.g. "Pw art. 10d lid 5").
    public var law: String?
    public var request: InstrumentRequest
    /// Instrument id → expectation. Instruments not named are not checked.
    public var expect: [String: GoldenExpectation]?
    /// Expect the request to be refused as invalid input; the text must occur in the message.
    public var invalid: String?
    /// Instrument ids that must not appear (not offered in the candidate's region).
    public var notOffered: [String]?
}

public struct GoldenCaseResult: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var name: String
    /// Empty when the case passed.
    public var differences: [String]
    public var passed: Bool { differences.isEmpty }
}

public struct GoldenReport: Sendable {
    public var results: [GoldenCaseResult]
    public var passed: Int { results.filter(\.passed).count }
    public var failed: Int { results.count - passed }
    public var allPassed: Bool { failed == 0 && !results.isEmpty }

    public init(results: [GoldenCaseResult]) { self.results = results }

    /// One line per case, the differences under each failure, and a summary line.
    public var text: String {
        var lines: [String] = []
        for result in results {
            lines.append("\(result.passed ? "PASS" : "FAIL") \(result.file):\(result.line) \(result.name)")
            for difference in result.differences { lines.append("    \(difference)") }
        }
        lines.append("\(results.count) gevallen: \(passed) geslaagd, \(failed) mislukt")
        return lines.joined(separator: "\n")
    }
}

/// Runs golden cases against a catalog: the check a policy officer runs after changing `catalog/`
/// (`matchpunt catalog test [FILE…]`) and that `swift test` runs over every file in `catalog/tests/`.
public struct GoldenCaseRunner: Sendable {
    public let catalog: PolicyCatalog

    public init(catalog: PolicyCatalog) { self.catalog = catalog }

    /// The `*.yaml` files in a directory (e.g. `catalog/tests`), in name order.
    public static func caseFiles(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { directory.appendingPathComponent($0) }
    }

    public func run(files: [URL]) -> GoldenReport {
        var results: [GoldenCaseResult] = []
        for url in files {
            let name = url.lastPathComponent
            do {
                results += run(text: try String(contentsOf: url, encoding: .utf8), file: name)
            } catch {
                results.append(GoldenCaseResult(file: name, line: 0, name: "(bestand)", differences: ["niet leesbaar: \(error)"]))
            }
        }
        return GoldenReport(results: results)
    }

    /// The cases of one file's text (for tools and tests that look at the cases themselves).
    public static func decodeCases(text: String) throws -> [GoldenCase] {
        let root = try Yams.compose(yaml: text)
        return try (root?.mapping?["cases"]?.sequence ?? []).map { try YAMLDecoder().decode(GoldenCase.self, from: $0) }
    }

    /// Runs the cases in one file's text; a file that does not parse is one failed result naming the line.
    public func run(text: String, file: String) -> [GoldenCaseResult] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            return [GoldenCaseResult(file: file, line: 0, name: "(bestand)", differences: ["geen geldige YAML: \(error)"])]
        }
        guard let cases = root?.mapping?["cases"]?.sequence else {
            return [GoldenCaseResult(file: file, line: root?.mark?.line ?? 0, name: "(bestand)", differences: ["verwacht 'cases:' met een lijst"])]
        }
        return cases.map { node in
            let line = node.mark?.line ?? 0
            let golden: GoldenCase
            do {
                golden = try YAMLDecoder().decode(GoldenCase.self, from: node)
            } catch {
                let name = node.mapping?["name"]?.string ?? "(naamloos)"
                return GoldenCaseResult(file: file, line: line, name: name, differences: ["geval niet te lezen: \(error)"])
            }
            return GoldenCaseResult(file: file, line: line, name: golden.name, differences: unknownFields(node) + check(golden))
        }
    }

    /// A misspelt field would otherwise be ignored and the case would test something else than intended.
    func unknownFields(_ node: Node) -> [String] {
        var problems: [String] = []
        func check(_ mapping: Node.Mapping?, _ allowed: Set<String>, _ what: String) {
            for key in mapping?.keys.compactMap(\.string) ?? [] where !allowed.contains(key) && key != "<<" {
                problems.append("\(what): onbekend veld '\(key)'")
            }
        }
        let mapping = node.mapping
        check(mapping, ["name", "law", "request", "expect", "invalid", "notOffered"], "geval")
        check(mapping?["request"]?.mapping, InstrumentRequest.fieldNames, "request")
        for (key, value) in mapping?["expect"]?.mapping ?? [:] {
            check(value.mapping, GoldenExpectation.fieldNames, "expect.\(key.string ?? "?")")
            for period in value.mapping?["periods"]?.sequence ?? [] {
                check(period.mapping, GoldenPeriod.fieldNames, "expect.\(key.string ?? "?").periods")
            }
            for payment in value.mapping?["oneOffs"]?.sequence ?? [] {
                check(payment.mapping, GoldenOneOff.fieldNames, "expect.\(key.string ?? "?").oneOffs")
            }
        }
        return problems
    }

    /// The differences between what the case expects and what the catalog decides.
    public func check(_ golden: GoldenCase) -> [String] {
        let decisions: [InstrumentDecision]
        do {
            decisions = try catalog.evaluate(golden.request)
        } catch {
            if let invalid = golden.invalid {
                return error.description.contains(invalid) ? [] : ["ongeldig zoals verwacht, maar de melding mist '\(invalid)': \(error.description)"]
            }
            return ["verwacht een beslissing, kreeg: \(error.description)"]
        }
        if let invalid = golden.invalid { return ["verwacht ongeldige invoer ('\(invalid)'), maar de aanvraag werd beoordeeld"] }
        var differences: [String] = []
        for id in golden.notOffered ?? [] where decisions.contains(where: { $0.instrumentId == id }) {
            differences.append("\(id): verwacht niet aangeboden in deze regio, maar wel beoordeeld")
        }
        for (id, expected) in (golden.expect ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let decision = decisions.first(where: { $0.instrumentId == id }) else {
                differences.append("\(id): geen beslissing (niet aangeboden in regio \(decisions.first?.region ?? "?"))")
                continue
            }
            func compare<T: Equatable>(_ field: String, _ want: T?, _ got: T?, _ show: (T) -> String) {
                guard let want else { return }
                if want != got { differences.append("\(id).\(field): verwacht \(show(want)), kreeg \(got.map(show) ?? "niets")") }
            }
            if expected.status != decision.status {
                // The reason says why the catalog decided otherwise: usually the quickest way to the mistake.
                differences.append("\(id).status: verwacht \(expected.status.rawValue), kreeg \(decision.status.rawValue)"
                                   + (decision.reason.map { " (\($0))" } ?? ""))
            }
            compare("monthly", expected.monthly, decision.monthlyAmount, \.plain)
            compare("oneOff", expected.oneOff, decision.oneOffAmount, \.plain)
            compare("months", expected.months, decision.durationMonths, { String($0) })
            compare("total", expected.total, decision.total, \.plain)
            compare("openEnded", expected.openEnded, decision.openEnded, { String($0) })
            for kind in expected.warnings ?? [] where !decision.warnings.contains(where: { $0.kind == kind }) {
                differences.append("\(id).warnings: verwacht een waarschuwing '\(kind.rawValue)', kreeg [\(decision.warnings.map(\.kind.rawValue).joined(separator: ", "))]")
            }
            if let text = expected.reasonContains, !(decision.reason ?? "").contains(text) {
                differences.append("\(id).reason: verwacht '\(text)', kreeg '\(decision.reason ?? "")'")
            }
            if let text = expected.conditionContains, !decision.conditions.contains(where: { $0.contains(text) }) {
                differences.append("\(id).conditions: verwacht '\(text)' in \(decision.conditions)")
            }
            if let text = expected.warningContains, !decision.warnings.contains(where: { $0.text.contains(text) }) {
                differences.append("\(id).warnings: verwacht '\(text)' in \(decision.warnings.map(\.text))")
            }
            // The total of a decision with a schedule is the sum of its periods and payments, always.
            if let schedule = decision.schedule {
                let sum = schedule.periods.reduce(Int64(0)) { $0 + ($1.amount?.cents ?? 0) } + schedule.oneOffs.reduce(Int64(0)) { $0 + $1.amount.cents }
                if decision.total?.cents != sum { differences.append("\(id).total: \(decision.total?.plain ?? "niets") is niet de som van het schema (\(Money(cents: sum).plain))") }
            }
            if let periods = expected.periods {
                let got = decision.schedule?.periods ?? []
                if got.count != periods.count {
                    differences.append("\(id).periods: verwacht \(periods.count) perioden, kreeg \(got.count): " + got.map { "\($0.from)–\($0.to.map(\.description) ?? "…") \($0.amount?.plain ?? "—")" }.joined(separator: ", "))
                } else {
                    for (index, (want, have)) in zip(periods, got).enumerated() {
                        let label = "\(id).periods[\(index)]"
                        if want.from != have.from { differences.append("\(label).from: verwacht \(want.from), kreeg \(have.from)") }
                        if let to = want.to, to != have.to { differences.append("\(label).to: verwacht \(to), kreeg \(have.to.map(\.description) ?? "open")") }
                        if let rate = want.rate, rate != have.rate { differences.append("\(label).rate: verwacht \(rate.plain), kreeg \(have.rate?.plain ?? "niets")") }
                        if let amount = want.amount, amount != have.amount { differences.append("\(label).amount: verwacht \(amount.plain), kreeg \(have.amount?.plain ?? "niets")") }
                        if let pending = want.pending, pending != (have.pending != nil) { differences.append("\(label).pending: verwacht \(pending), kreeg \(have.pending ?? "geen")") }
                        if let projected = want.projected, projected != have.projected { differences.append("\(label).projected: verwacht \(projected), kreeg \(have.projected)") }
                    }
                }
            }
            if let payments = expected.oneOffs {
                let got = decision.schedule?.oneOffs ?? []
                let gotText = got.map { "\($0.date) \($0.amount.plain)" }
                let wantText = payments.map { "\($0.date) \($0.amount.plain)" }
                if gotText != wantText { differences.append("\(id).oneOffs: verwacht \(wantText), kreeg \(gotText)") }
            }
        }
        return differences
    }
}
