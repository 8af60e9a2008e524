import Domain
import Foundation

/// Who pays for or carries out an instrument.
public enum Organisation: String, Sendable, Codable, CaseIterable {
    case gemeente, uwv, belastingdienst

    public var dutchName: String {
        switch self {
        case .gemeente: "gemeente"
        case .uwv: "UWV"
        case .belastingdienst: "Belastingdienst"
        }
    }
}

/// Whether an instrument is money or a service for the employer, or something for the candidate.
public enum InstrumentSide: String, Sendable, Codable, CaseIterable {
    case employer, candidate, service
}

/// An instrument as described in `catalog/instruments/`: the texts and legal basis are data; `rule` names the
/// Swift logic that evaluates it (services have none: they are offered, not computed).
public struct Instrument: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var side: InstrumentSide
    public var rule: RuleID?
    public var paidBy: Organisation
    public var executedBy: Organisation
    public var legalBasis: [String]
    public var conditions: [String]
    /// What the employer (or, for candidate-side instruments, the candidate) must do to get it.
    public var actions: [String]
}

/// A region after its overlays are applied: which instruments it offers and which parameter fills each role.
struct ResolvedRegion: Sendable {
    var id: String
    var name: String
    /// The region itself and the regions it extends, nearest first (e.g. drechtsteden, national).
    var chain: [String]
    var offers: [OfferedInstrument]
    var globalBinding: [Int?]
}

/// An instrument as a region offers it. A class: evaluating a request hands each offer to its rule, and a
/// shared immutable object costs one retain where a struct copy would retain each of its lists.
final class OfferedInstrument: Sendable {
    let instrumentIndex: Int
    let rule: RuleID
    /// Parameter index per `ParameterRole.ordinal`.
    let binding: [Int?]
    let settings: [PolicySetting: Bool]
    /// What the region asks of the employer on top of the instrument's own texts.
    let regionalActions: [String]
    /// The conditions of every eligible decision: the instrument's actions, then the region's.
    let baseConditions: [String]
    /// How many parameters the rule can use at most (its roles, plus one for the youth percentage).
    let expectedUses: Int

    init(instrumentIndex: Int, rule: RuleID, binding: [Int?], settings: [PolicySetting: Bool], regionalActions: [String],
         baseConditions: [String], expectedUses: Int) {
        self.instrumentIndex = instrumentIndex
        self.rule = rule
        self.binding = binding
        self.settings = settings
        self.regionalActions = regionalActions
        self.baseConditions = baseConditions
        self.expectedUses = expectedUses
    }
}

/// The loaded, validated policy catalog. Immutable and `Sendable`: load once, share between requests.
public struct PolicyCatalog: Sendable {
    public let parameters: [Parameter]
    public let instruments: [Instrument]
    let parameterIndex: [String: Int]
    let instrumentIndex: [String: Int]
    let regions: [String: ResolvedRegion]
    /// Lower-cased municipality name → region id.
    let municipalityRegions: [String: String]
    /// The same, keyed by the name as the table writes it ("Dordrecht"): the usual spelling of a request,
    /// found without lower-casing it first.
    let municipalityRegionsAsWritten: [String: String]
    let baseRegionID: String

    public var regionIDs: [String] { regions.keys.sorted() }

    /// The policy region whose rules apply to a resident of `municipality`; the national base when the
    /// municipality is not in the table (`isKnown` false).
    public func region(forMunicipality municipality: String) -> (id: String, isKnown: Bool) {
        if let id = municipalityRegionsAsWritten[municipality] { return (id, true) }
        var key = municipality.lowercased()
        if key.first?.isWhitespace == true || key.last?.isWhitespace == true { key = key.trimmingCharacters(in: .whitespaces) }
        if let id = municipalityRegions[key] { return (id, true) }
        return (baseRegionID, false)
    }

    public func parameter(_ id: String) -> Parameter? { parameterIndex[id].map { parameters[$0] } }
    public func instrument(_ id: String) -> Instrument? { instrumentIndex[id].map { instruments[$0] } }
}

/// One parameter as it stands on a date in a region, for `matchpunt catalog show`.
public struct ParameterInForce: Sendable, Hashable, Codable {
    public var id: String
    public var description: String
    public var unit: String
    public var legalReference: String
    /// The roles this parameter fills in the region (e.g. `minimumWageReferenceMonth`).
    public var roles: [String]
    public var value: String?
    public var validFrom: CalendarDate?
    public var validUntil: CalendarDate?
    /// "stale", "not yet known (first value from …)", "ended on …", or "unconfirmed: …".
    public var remarks: [String]
}

extension PolicyCatalog {
    /// The parameters a region uses, each with the value in force on `date`. With `region` nil, every
    /// parameter in the catalog. Throws for an unknown region id.
    public func parametersInForce(on date: CalendarDate, region regionID: String? = nil) throws(UnknownRegion) -> [ParameterInForce] {
        var rolesByParameter: [Int: Set<String>] = [:]
        var selected: [Int]
        if let regionID {
            guard let region = regions[regionID] else { throw UnknownRegion(id: regionID, known: regionIDs) }
            for offer in region.offers {
                for role in ParameterRole.allCases {
                    if let index = offer.binding[role.ordinal] {
                        rolesByParameter[index, default: []].insert(role.rawValue)
                    }
                }
            }
            selected = rolesByParameter.keys.sorted()
        } else {
            selected = Array(parameters.indices)
        }
        return selected.map { index in
            let parameter = parameters[index]
            var entry = ParameterInForce(
                id: parameter.id, description: parameter.description, unit: parameter.unit.rawValue,
                legalReference: parameter.legalReference, roles: (rolesByParameter[index] ?? []).sorted(),
                value: nil, validFrom: nil, validUntil: nil, remarks: [])
            if let caveat = parameter.unconfirmed { entry.remarks.append("onbevestigd: \(caveat)") }
            switch parameter.lookup(on: date) {
            case .inForce(let value, let stale):
                entry.value = value.quantity.text
                entry.validFrom = value.from
                entry.validUntil = value.until
                if stale { entry.remarks.append("verouderd: geldt sinds \(value.from), indexatie \(parameter.indexation.rawValue)") }
                if let caveat = value.unconfirmed { entry.remarks.append("onbevestigd: \(caveat)") }
            case .notYetKnown(let first):
                entry.remarks.append("nog geen waarde" + (first.map { " (eerste waarde vanaf \($0))" } ?? ""))
            case .ended(let value):
                entry.remarks.append("beëindigd op \(value.until!)")
            }
            return entry
        }
    }

    /// Plain-text table of `parametersInForce`, for the CLI.
    public func renderParametersInForce(on date: CalendarDate, region: String? = nil) throws(UnknownRegion) -> String {
        let rows = try parametersInForce(on: date, region: region)
        var text = "Parameters op \(date)" + (region.map { " voor regio \($0)" } ?? " (alle)") + "\n"
        for row in rows {
            let value = row.value.map { "\($0) (\(row.unit), vanaf \(row.validFrom!)\(row.validUntil.map { " t/m \($0)" } ?? ""))" } ?? "—"
            text += "- \(row.id): \(value)\n    \(row.description) — \(row.legalReference)\n"
            if !row.roles.isEmpty { text += "    rol: \(row.roles.joined(separator: ", "))\n" }
            for remark in row.remarks { text += "    ! \(remark)\n" }
        }
        return text
    }
}

public struct UnknownRegion: Error, CustomStringConvertible {
    public var id: String
    public var known: [String]
    public var description: String { "onbekende regio '\(id)'; bekend: \(known.joined(separator: ", "))" }
}
