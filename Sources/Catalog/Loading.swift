import Domain
import Foundation
import Yams

/// One reason a catalog cannot be loaded, pointing at the place to fix it.
public struct CatalogProblem: Sendable, Hashable, CustomStringConvertible {
    /// Path relative to the catalog directory, e.g. `parameters/minimumloon.yaml`.
    public var file: String
    /// 1-based line, 0 when the problem concerns the whole file.
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): \(message)" }
}

/// The catalog refused to load. Every problem found is listed, not just the first, so a policy officer can
/// fix a file in one pass.
public struct CatalogLoadError: Error, Sendable, CustomStringConvertible {
    public var problems: [CatalogProblem]
    public var description: String {
        "catalogus geweigerd (\(problems.count) fout\(problems.count == 1 ? "" : "en")):\n"
            + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}

extension PolicyCatalog {
    /// Loads `parameters/`, `instruments/` and `regions/` (all `*.yaml`, in name order) under `directory`,
    /// usually the repository's `catalog/`. Other subdirectories (`reference/`, `tests/`) are ignored.
    public static func load(from directory: URL) throws(CatalogLoadError) -> PolicyCatalog {
        var files: [(path: String, text: String)] = []
        var problems: [CatalogProblem] = []
        for section in ["parameters", "instruments", "regions"] {
            let folder = directory.appendingPathComponent(section, isDirectory: true)
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            } catch {
                problems.append(CatalogProblem(file: section + "/", line: 0, message: "map ontbreekt of is niet leesbaar"))
                continue
            }
            for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                let path = section + "/" + name
                do {
                    files.append((path, try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)))
                } catch {
                    problems.append(CatalogProblem(file: path, line: 0, message: "niet leesbaar als UTF-8: \(error)"))
                }
            }
        }
        if !problems.isEmpty { throw CatalogLoadError(problems: problems) }
        return try load(files: files)
    }

    /// Loads from texts already in memory; each path must start with `parameters/`, `instruments/` or
    /// `regions/` to say what the file holds.
    public static func load(files: [(path: String, text: String)]) throws(CatalogLoadError) -> PolicyCatalog {
        var loader = CatalogLoader()
        for file in files { loader.read(path: file.path, text: file.text) }
        return try loader.finish()
    }
}

// MARK: - Reading YAML nodes with their lines

private struct Located<T> {
    var value: T
    var file: String
    var line: Int
}

private struct RegionSource {
    var id: String
    var name: String
    var extends: Located<String>?
    var globalBindings: [(role: Located<String>, parameter: Located<String>)]
    var instruments: [InstrumentEntry]
    var file: String
    var line: Int

    struct InstrumentEntry {
        var instrument: Located<String>
        var offered: Bool
        var bindings: [(role: Located<String>, parameter: Located<String>)]
        var settings: [(setting: Located<String>, value: Bool)]
        var actions: [String]
    }
}

private struct CatalogLoader {
    var problems: [CatalogProblem] = []
    var parameters: [Parameter] = []
    var instruments: [Located<Instrument>] = []
    var regions: [RegionSource] = []
    var municipalities: [(municipality: Located<String>, region: Located<String>)] = []

    mutating func fail(_ file: String, _ node: Node?, _ message: String) {
        problems.append(CatalogProblem(file: file, line: node?.mark?.line ?? 0, message: message))
    }

    mutating func read(path: String, text: String) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            problems.append(CatalogProblem(file: path, line: Self.line(of: error), message: "geen geldige YAML: \(error)"))
            return
        } catch {
            problems.append(CatalogProblem(file: path, line: 0, message: "geen geldige YAML: \(error)"))
            return
        }
        guard let root, let mapping = root.mapping else {
            fail(path, root, "verwacht een mapping op het hoogste niveau")
            return
        }
        if path.hasPrefix("parameters/") {
            guard let list = expectKeys(path, root, mapping, allowed: ["parameters"], required: ["parameters"])["parameters"] else { return }
            for node in sequence(path, list) { readParameter(path, node) }
        } else if path.hasPrefix("instruments/") {
            guard let list = expectKeys(path, root, mapping, allowed: ["instruments"], required: ["instruments"])["instruments"] else { return }
            for node in sequence(path, list) { readInstrument(path, node) }
        } else if path.hasPrefix("regions/") {
            if mapping["municipalities"] != nil {
                let fields = expectKeys(path, root, mapping, allowed: ["municipalities"], required: ["municipalities"])
                guard let table = fields["municipalities"], let pairs = table.mapping else {
                    fail(path, fields["municipalities"], "municipalities: verwacht 'Gemeente: regio'-paren")
                    return
                }
                for (key, value) in pairs {
                    guard let name = scalar(path, key, "gemeente"), let region = scalar(path, value, "regio") else { continue }
                    municipalities.append((Located(value: name, file: path, line: key.mark?.line ?? 0),
                                           Located(value: region, file: path, line: value.mark?.line ?? 0)))
                }
            } else {
                readRegion(path, root, mapping)
            }
        } else {
            problems.append(CatalogProblem(file: path, line: 0, message: "onbekende soort bestand (verwacht parameters/, instruments/ of regions/)"))
        }
    }

    static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: 0
        }
    }

    /// The mapping's values by key; complains about keys outside `allowed` (typos) and missing `required` keys.
    mutating func expectKeys(_ file: String, _ node: Node, _ mapping: Node.Mapping, allowed: Set<String>, required: Set<String>) -> [String: Node] {
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { fail(file, key, "sleutel moet tekst zijn"); continue }
            if !allowed.contains(name) {
                fail(file, key, "onbekend veld '\(name)' (toegestaan: \(allowed.sorted().joined(separator: ", ")))")
            } else if fields[name] != nil {
                fail(file, key, "veld '\(name)' staat er twee keer")
            } else {
                fields[name] = value
            }
        }
        for name in required.sorted() where fields[name] == nil {
            fail(file, node, "verplicht veld '\(name)' ontbreekt")
        }
        return fields
    }

    mutating func sequence(_ file: String, _ node: Node) -> [Node] {
        guard let sequence = node.sequence else { fail(file, node, "verwacht een lijst"); return [] }
        return Array(sequence)
    }

    mutating func scalar(_ file: String, _ node: Node?, _ what: String) -> String? {
        guard let node else { return nil }
        guard let text = node.scalar?.string, !text.isEmpty else { fail(file, node, "\(what): verwacht een tekst"); return nil }
        return text
    }

    mutating func texts(_ file: String, _ node: Node?, _ what: String) -> [String] {
        guard let node else { return [] }
        if let single = node.scalar?.string { return [single] }
        return sequence(file, node).compactMap { scalar(file, $0, what) }
    }

    mutating func date(_ file: String, _ node: Node?, _ what: String) -> CalendarDate? {
        guard let text = scalar(file, node, what) else { return nil }
        guard text.count == 10, let date = CalendarDate(iso: text) else {
            fail(file, node, "\(what): '\(text)' is geen geldige datum (JJJJ-MM-DD)")
            return nil
        }
        return date
    }

    mutating func bool(_ file: String, _ node: Node?, _ what: String) -> Bool? {
        guard let text = scalar(file, node, what) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "ja": return true
        case "false", "no", "nee": return false
        default: fail(file, node, "\(what): verwacht true of false, niet '\(text)'"); return nil
        }
    }

    /// A plain decimal number: digits with at most one '.', optionally negative. No exponents, no commas:
    /// a policy figure must read the same to a person as to the program.
    mutating func decimal(_ file: String, _ node: Node?, _ what: String) -> Decimal? {
        guard let text = scalar(file, node, what) else { return nil }
        var body = Substring(text)
        if body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            fail(file, node, "\(what): '\(text)' is geen getal")
            return nil
        }
        return value
    }

    // MARK: parameters

    mutating func readParameter(_ file: String, _ node: Node) {
        guard let mapping = node.mapping else { fail(file, node, "parameter: verwacht een mapping"); return }
        let f = expectKeys(file, node, mapping,
                           allowed: ["id", "description", "unit", "legalReference", "indexation", "values", "unconfirmed", "note"],
                           required: ["id", "description", "unit", "legalReference", "indexation", "values"])
        guard let id = scalar(file, f["id"], "id") else { return }
        let description = scalar(file, f["description"], "description") ?? ""
        let legalReference = f["legalReference"].flatMap { scalar(file, $0, "legalReference") }
        if f["legalReference"] != nil, legalReference == nil { return }
        var unit: ParameterUnit?
        if let text = scalar(file, f["unit"], "unit") {
            unit = ParameterUnit(rawValue: text)
            if unit == nil {
                fail(file, f["unit"], "onbekende eenheid '\(text)' (bekend: \(ParameterUnit.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        var indexation: Indexation?
        if let text = scalar(file, f["indexation"], "indexation") {
            indexation = Indexation(rawValue: text)
            if indexation == nil {
                fail(file, f["indexation"], "onbekende indexatie '\(text)' (bekend: \(Indexation.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        let unconfirmed = f["unconfirmed"].flatMap { scalar(file, $0, "unconfirmed") }
        guard let unit, let indexation, let legalReference, let valuesNode = f["values"] else { return }
        var values: [DatedValue] = []
        for valueNode in sequence(file, valuesNode) {
            if let value = readDatedValue(file, valueNode, unit: unit, parameter: id) { values.append(value) }
        }
        if values.isEmpty, valuesNode.sequence?.isEmpty ?? false { fail(file, valuesNode, "parameter \(id): geen waarden") }
        // Dates must be strictly ascending and periods must not overlap: a date has exactly one value.
        for (previous, next) in zip(values, values.dropFirst()) {
            if next.from == previous.from {
                problems.append(CatalogProblem(file: file, line: next.line, message: "parameter \(id): datum \(next.from) staat er twee keer"))
            } else if next.from < previous.from {
                problems.append(CatalogProblem(file: file, line: next.line, message: "parameter \(id): datum \(next.from) komt na \(previous.from); zet de waarden op volgorde"))
            } else if let until = previous.until, until >= next.from {
                problems.append(CatalogProblem(file: file, line: next.line, message: "parameter \(id): waarde vanaf \(next.from) overlapt met de vorige (geldig t/m \(until))"))
            }
        }
        var parameter = Parameter(id: id, description: description, unit: unit, legalReference: legalReference,
                                  indexation: indexation, values: values, unconfirmed: unconfirmed,
                                  file: file, line: node.mark?.line ?? 0)
        for line in parameter.prepare() {
            problems.append(CatalogProblem(file: file, line: line, message: "parameter \(id): getal met te veel cijfers"))
        }
        parameters.append(parameter)
    }

    mutating func readDatedValue(_ file: String, _ node: Node, unit: ParameterUnit, parameter: String) -> DatedValue? {
        guard let mapping = node.mapping else { fail(file, node, "parameter \(parameter): waarde moet een mapping zijn (from, value)"); return nil }
        let f = expectKeys(file, node, mapping, allowed: ["from", "until", "value", "byAge", "unconfirmed", "source"], required: ["from"])
        guard let from = date(file, f["from"], "from") else { return nil }
        var until: CalendarDate?
        if f["until"] != nil {
            guard let end = date(file, f["until"], "until") else { return nil }
            if end < from { fail(file, f["until"], "parameter \(parameter): until \(end) ligt vóór from \(from)"); return nil }
            until = end
        }
        let quantity: ParameterQuantity
        switch (f["value"], f["byAge"]) {
        case (let valueNode?, nil):
            if valueNode.scalar?.string == "unlimited" {
                guard unit.allowsUnlimited else { fail(file, valueNode, "parameter \(parameter): 'unlimited' kan alleen bij months of years"); return nil }
                quantity = .unlimited
            } else {
                guard let number = decimal(file, valueNode, "value") else { return nil }
                if unit == .flag, number != 0, number != 1 { fail(file, valueNode, "parameter \(parameter): een flag is 0 of 1"); return nil }
                if number < 0 { fail(file, valueNode, "parameter \(parameter): negatieve waarde"); return nil }
                quantity = .number(number)
            }
        case (nil, let tableNode?):
            guard unit == .percent, let pairs = tableNode.mapping else {
                fail(file, tableNode, "parameter \(parameter): byAge is een tabel leeftijd → procent, alleen bij unit percent")
                return nil
            }
            var table: [Int: Decimal] = [:]
            for (key, value) in pairs {
                guard let ageText = scalar(file, key, "leeftijd"), let age = Int(ageText), (0...120).contains(age) else {
                    fail(file, key, "parameter \(parameter): leeftijd moet een heel getal zijn"); continue
                }
                if table[age] != nil { fail(file, key, "parameter \(parameter): leeftijd \(age) staat er twee keer"); continue }
                if let percent = decimal(file, value, "percentage") { table[age] = percent }
            }
            quantity = .byAge(table)
        case (nil, nil):
            fail(file, node, "parameter \(parameter): waarde vanaf \(from) mist 'value'")
            return nil
        case (_?, _?):
            fail(file, node, "parameter \(parameter): geef 'value' of 'byAge', niet allebei")
            return nil
        }
        // Every value names where it comes from (a Staatscourant number, an article, a policy page), as
        // OpenFisca does per value: a figure nobody can trace does not enter the catalog.
        if f["source"] == nil {
            fail(file, node, "parameter \(parameter): waarde vanaf \(from) mist 'source' (Staatscourant, artikel of beleidsstuk)")
            return nil
        }
        var value = DatedValue(from: from, until: until, quantity: quantity,
                               unconfirmed: f["unconfirmed"].flatMap { scalar(file, $0, "unconfirmed") },
                               source: f["source"].flatMap { scalar(file, $0, "source") },
                               line: node.mark?.line ?? 0)
        // Decisions quote a number as the policy officer wrote it ("1995.00", not "1995").
        if case .number = quantity, let written = f["value"]?.scalar?.string { value.text = written }
        return value
    }

    // MARK: instruments

    mutating func readInstrument(_ file: String, _ node: Node) {
        guard let mapping = node.mapping else { fail(file, node, "instrument: verwacht een mapping"); return }
        let f = expectKeys(file, node, mapping,
                           allowed: ["id", "name", "side", "rule", "paidBy", "executedBy", "legalBasis", "conditions", "actions", "note"],
                           required: ["id", "name", "side", "paidBy", "executedBy", "legalBasis"])
        guard let id = scalar(file, f["id"], "id"), let name = scalar(file, f["name"], "name") else { return }
        let legalBasis = texts(file, f["legalBasis"], "legalBasis")
        if f["legalBasis"] != nil, legalBasis.isEmpty { fail(file, f["legalBasis"], "instrument \(id): wettelijke grondslag (legalBasis) is leeg") }
        var side: InstrumentSide?
        if let text = scalar(file, f["side"], "side") {
            side = InstrumentSide(rawValue: text)
            if side == nil { fail(file, f["side"], "instrument \(id): onbekende kant '\(text)' (employer, candidate, service)") }
        }
        var rule: RuleID?
        if let text = f["rule"].flatMap({ scalar(file, $0, "rule") }) {
            rule = RuleID(rawValue: text)
            if rule == nil { fail(file, f["rule"], "instrument \(id): onbekende regel '\(text)'") }
        } else if side != .service, f["rule"] == nil, side != nil {
            fail(file, node, "instrument \(id): 'rule' ontbreekt (alleen diensten hebben geen regel)")
        }
        func organisation(_ key: String) -> Organisation? {
            guard let text = scalar(file, f[key], key) else { return nil }
            guard let value = Organisation(rawValue: text) else {
                fail(file, f[key], "instrument \(id): onbekende organisatie '\(text)' (gemeente, uwv, belastingdienst)")
                return nil
            }
            return value
        }
        let paidBy = organisation("paidBy"), executedBy = organisation("executedBy")
        guard let side, let paidBy, let executedBy, !legalBasis.isEmpty else { return }
        if side == .service, rule != nil { fail(file, f["rule"], "instrument \(id): een dienst heeft geen regel") }
        instruments.append(Located(value: Instrument(
            id: id, name: name, side: side, rule: rule, paidBy: paidBy, executedBy: executedBy, legalBasis: legalBasis,
            conditions: texts(file, f["conditions"], "conditions"), actions: texts(file, f["actions"], "actions")),
            file: file, line: node.mark?.line ?? 0))
    }

    // MARK: regions

    mutating func bindings(_ file: String, _ node: Node?) -> [(role: Located<String>, parameter: Located<String>)] {
        guard let node else { return [] }
        guard let pairs = node.mapping else { fail(file, node, "parameters: verwacht 'rol: parameter-id'-paren"); return [] }
        var result: [(role: Located<String>, parameter: Located<String>)] = []
        for (key, value) in pairs {
            guard let role = scalar(file, key, "rol"), let parameter = scalar(file, value, "parameter-id") else { continue }
            result.append((Located(value: role, file: file, line: key.mark?.line ?? 0),
                           Located(value: parameter, file: file, line: value.mark?.line ?? 0)))
        }
        return result
    }

    mutating func readRegion(_ file: String, _ root: Node, _ mapping: Node.Mapping) {
        let f = expectKeys(file, root, mapping, allowed: ["region", "name", "extends", "parameters", "instruments", "note"],
                           required: ["region", "name"])
        guard let id = scalar(file, f["region"], "region"), let name = scalar(file, f["name"], "name") else { return }
        var entries: [RegionSource.InstrumentEntry] = []
        for node in f["instruments"].map({ sequence(file, $0) }) ?? [] {
            guard let entryMapping = node.mapping else { fail(file, node, "instrument-regel: verwacht een mapping"); continue }
            let e = expectKeys(file, node, entryMapping, allowed: ["instrument", "offered", "parameters", "settings", "actions"], required: ["instrument"])
            guard let instrument = scalar(file, e["instrument"], "instrument") else { continue }
            var settings: [(setting: Located<String>, value: Bool)] = []
            if let settingsNode = e["settings"] {
                if let pairs = settingsNode.mapping {
                    for (key, value) in pairs {
                        if let setting = scalar(file, key, "instelling"), let flag = bool(file, value, setting) {
                            settings.append((Located(value: setting, file: file, line: key.mark?.line ?? 0), flag))
                        }
                    }
                } else {
                    fail(file, settingsNode, "settings: verwacht 'instelling: true/false'-paren")
                }
            }
            entries.append(RegionSource.InstrumentEntry(
                instrument: Located(value: instrument, file: file, line: e["instrument"]?.mark?.line ?? 0),
                offered: e["offered"].flatMap { bool(file, $0, "offered") } ?? true,
                bindings: bindings(file, e["parameters"]), settings: settings, actions: texts(file, e["actions"], "actions")))
        }
        regions.append(RegionSource(
            id: id, name: name,
            extends: f["extends"].flatMap { node in scalar(file, node, "extends").map { Located(value: $0, file: file, line: node.mark?.line ?? 0) } },
            globalBindings: bindings(file, f["parameters"]), instruments: entries, file: file, line: root.mark?.line ?? 0))
    }

    // MARK: cross-file validation

    mutating func finish() throws(CatalogLoadError) -> PolicyCatalog {
        var parameterIndex: [String: Int] = [:]
        for (index, parameter) in parameters.enumerated() {
            if let other = parameterIndex[parameter.id] {
                problems.append(CatalogProblem(file: parameter.file, line: parameter.line,
                    message: "parameter \(parameter.id) bestaat al (\(parameters[other].file):\(parameters[other].line))"))
            } else {
                parameterIndex[parameter.id] = index
            }
        }
        var instrumentIndex: [String: Int] = [:]
        for (index, located) in instruments.enumerated() {
            if instrumentIndex[located.value.id] != nil {
                problems.append(CatalogProblem(file: located.file, line: located.line, message: "instrument \(located.value.id) bestaat al"))
            } else {
                instrumentIndex[located.value.id] = index
            }
        }
        var sources: [String: RegionSource] = [:]
        for region in regions {
            if sources[region.id] != nil {
                problems.append(CatalogProblem(file: region.file, line: region.line, message: "regio \(region.id) bestaat al"))
            }
            sources[region.id] = region
        }
        let bases = regions.filter { $0.extends == nil }
        if bases.count != 1 {
            problems.append(CatalogProblem(file: "regions/", line: 0,
                message: "precies één basisregio zonder 'extends' verwacht, gevonden: \(bases.map(\.id).joined(separator: ", "))"))
        }

        func checkRole(_ role: Located<String>, _ parameter: Located<String>) -> (ParameterRole, Int)? {
            var ok = true
            let parsedRole = ParameterRole(rawValue: role.value)
            if parsedRole == nil {
                problems.append(CatalogProblem(file: role.file, line: role.line, message: "onbekende rol '\(role.value)'"))
                ok = false
            }
            let index = parameterIndex[parameter.value]
            if index == nil {
                problems.append(CatalogProblem(file: parameter.file, line: parameter.line, message: "onbekende parameter '\(parameter.value)'"))
                ok = false
            }
            return ok ? (parsedRole!, index!) : nil
        }

        var resolved: [String: ResolvedRegion] = [:]
        for region in regions {
            // The chain from this region up to the base; a cycle or unknown parent is an error.
            var chain: [RegionSource] = [region]
            var seen: Set<String> = [region.id]
            var broken = false
            while let parent = chain.last!.extends {
                guard let source = sources[parent.value] else {
                    problems.append(CatalogProblem(file: parent.file, line: parent.line, message: "regio \(chain.last!.id) breidt onbekende regio '\(parent.value)' uit"))
                    broken = true
                    break
                }
                if seen.contains(source.id) {
                    problems.append(CatalogProblem(file: parent.file, line: parent.line, message: "regio's breiden elkaar in een kring uit"))
                    broken = true
                    break
                }
                seen.insert(source.id)
                chain.append(source)
            }
            if broken { continue }
            // Apply from the base outwards, so the nearest region wins.
            var global = [Int?](repeating: nil, count: ParameterRole.allCases.count)
            var order: [String] = []
            var offered: [String: Bool] = [:]
            var perInstrument: [String: (binding: [Int?], settings: [PolicySetting: Bool], actions: [String], entry: RegionSource.InstrumentEntry)] = [:]
            for source in chain.reversed() {
                for binding in source.globalBindings {
                    if let (role, index) = checkRole(binding.role, binding.parameter) { global[role.ordinal] = index }
                }
                for entry in source.instruments {
                    guard let instrument = instrumentIndex[entry.instrument.value] else {
                        problems.append(CatalogProblem(file: entry.instrument.file, line: entry.instrument.line,
                                                       message: "regio \(source.id) noemt onbekend instrument '\(entry.instrument.value)'"))
                        continue
                    }
                    if !order.contains(entry.instrument.value) { order.append(entry.instrument.value) }
                    offered[entry.instrument.value] = entry.offered
                    var current = perInstrument[entry.instrument.value]
                        ?? ([Int?](repeating: nil, count: ParameterRole.allCases.count), [:], [], entry)
                    current.entry = entry
                    // Regional texts add to those of the regions it extends.
                    current.actions += entry.actions
                    let rule = instruments[instrument].value.rule
                    for binding in entry.bindings {
                        guard let (role, index) = checkRole(binding.role, binding.parameter) else { continue }
                        if let rule, !rule.requiredRoles.contains(role), !rule.optionalRoles.contains(role) {
                            problems.append(CatalogProblem(file: binding.role.file, line: binding.role.line,
                                                           message: "regel \(rule.rawValue) gebruikt rol '\(role.rawValue)' niet"))
                        }
                        current.binding[role.ordinal] = index
                    }
                    for setting in entry.settings {
                        guard let parsed = PolicySetting(rawValue: setting.setting.value), rule?.settings.contains(parsed) ?? false else {
                            problems.append(CatalogProblem(file: setting.setting.file, line: setting.setting.line,
                                                           message: "instrument \(entry.instrument.value) kent geen instelling '\(setting.setting.value)'"))
                            continue
                        }
                        current.settings[parsed] = setting.value
                    }
                    perInstrument[entry.instrument.value] = current
                }
            }
            var offers: [OfferedInstrument] = []
            for id in order where offered[id] == true {
                let instrument = instrumentIndex[id]!
                let entry = perInstrument[id]!
                guard let rule = instruments[instrument].value.rule else { continue }
                var binding = entry.binding
                for (ordinal, index) in global.enumerated() where binding[ordinal] == nil { binding[ordinal] = index }
                for role in rule.requiredRoles where binding[role.ordinal] == nil {
                    problems.append(CatalogProblem(file: entry.entry.instrument.file, line: entry.entry.instrument.line,
                        message: "regio \(region.id): instrument \(id) mist parameter voor rol '\(role.rawValue)'"))
                }
                offers.append(OfferedInstrument(instrumentIndex: instrument, rule: rule, binding: binding, settings: entry.settings,
                                                regionalActions: entry.actions,
                                                baseConditions: instruments[instrument].value.actions + entry.actions,
                                                expectedUses: rule.requiredRoles.count + rule.optionalRoles.count + 1))
            }
            resolved[region.id] = ResolvedRegion(id: region.id, name: region.name, chain: chain.map(\.id), offers: offers, globalBinding: global)
        }

        var municipalityRegions: [String: String] = [:]
        for (municipality, region) in municipalities {
            let key = municipality.value.lowercased()
            if municipalityRegions[key] != nil {
                problems.append(CatalogProblem(file: municipality.file, line: municipality.line, message: "gemeente \(municipality.value) staat er twee keer"))
            }
            if sources[region.value] == nil {
                problems.append(CatalogProblem(file: region.file, line: region.line, message: "gemeente \(municipality.value): onbekende regio '\(region.value)'"))
            }
            municipalityRegions[key] = region.value
        }
        // Names without surrounding spaces, as written: the lower-cased look-up of such a name finds the same
        // entry (a name that differs only in case is refused above as a duplicate).
        var municipalityRegionsAsWritten: [String: String] = [:]
        for (municipality, region) in municipalities
        where municipality.value.first?.isWhitespace == false && municipality.value.last?.isWhitespace == false {
            municipalityRegionsAsWritten[municipality.value] = region.value
        }

        if !problems.isEmpty {
            throw CatalogLoadError(problems: problems.sorted { ($0.file, $0.line) < ($1.file, $1.line) })
        }
        return PolicyCatalog(parameters: parameters, instruments: instruments.map(\.value), parameterIndex: parameterIndex,
                             instrumentIndex: instrumentIndex, regions: resolved, municipalityRegions: municipalityRegions,
                             municipalityRegionsAsWritten: municipalityRegionsAsWritten,
                             baseRegionID: bases[0].id)
    }
}
