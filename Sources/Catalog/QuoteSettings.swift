import Foundation
import Yams

/// The WSP's contact for employers in one region, printed on every quote of that region.
public struct WSPContact: Sendable, Hashable, Codable {
    public var name: String
    public var email: String
    public var phone: String
}

/// `catalog/quotes/settings.yaml`: how long a quote stays open, the parameter that estimates employer charges,
/// and the WSP contact per region. Loaded beside the policy catalog; checked against it by `validated(against:)`.
public struct QuoteSettings: Sendable, Hashable, Codable {
    public var validDays: Int
    public var employerChargesParameter: String
    public var contacts: [String: WSPContact]

    public init(validDays: Int, employerChargesParameter: String, contacts: [String: WSPContact]) {
        self.validDays = validDays
        self.employerChargesParameter = employerChargesParameter
        self.contacts = contacts
    }

    /// The region's contact, else the nearest one up the chain (the national base).
    public func contact(region: String, base: String = "national") -> WSPContact? {
        contacts[region] ?? contacts[base]
    }

    public static func load(from catalogDirectory: URL) throws(CatalogLoadError) -> QuoteSettings {
        let path = "quotes/settings.yaml"
        let text: String
        do {
            text = try String(contentsOf: catalogDirectory.appendingPathComponent(path), encoding: .utf8)
        } catch {
            throw CatalogLoadError(problems: [CatalogProblem(file: path, line: 0, message: "niet leesbaar: \(error)")])
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String = "quotes/settings.yaml") throws(CatalogLoadError) -> QuoteSettings {
        let settings: QuoteSettings
        do {
            settings = try YAMLDecoder().decode(QuoteSettings.self, from: text)
        } catch {
            throw CatalogLoadError(problems: [CatalogProblem(file: path, line: 0, message: "ongeldig: \(error)")])
        }
        var problems: [CatalogProblem] = []
        if !(1...365).contains(settings.validDays) {
            problems.append(CatalogProblem(file: path, line: 0, message: "validDays moet tussen 1 en 365 liggen"))
        }
        if settings.contacts.isEmpty { problems.append(CatalogProblem(file: path, line: 0, message: "contacts: ten minste één regio")) }
        if !problems.isEmpty { throw CatalogLoadError(problems: problems) }
        return settings
    }

    /// Problems against the loaded policy catalog: the charges parameter must exist and be a percentage, and
    /// every contact must name a known region.
    public func problems(against policy: PolicyCatalog) -> [String] {
        var problems: [String] = []
        if let parameter = policy.parameter(employerChargesParameter) {
            if parameter.unit != .percent { problems.append("\(employerChargesParameter) is geen percentage") }
        } else {
            problems.append("onbekende parameter \(employerChargesParameter)")
        }
        for region in contacts.keys.sorted() where !policy.regionIDs.contains(region) {
            problems.append("contacts: onbekende regio \(region)")
        }
        return problems
    }
}
