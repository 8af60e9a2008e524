/// An ESCO concept id: the UUID at the end of an ESCO URI (`http://data.europa.eu/esco/occupation/<id>`).
public struct EscoID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(_ rawValue: String) {
        // Accept a full URI as well as the bare id.
        if let slash = rawValue.lastIndex(of: "/") {
            self.rawValue = String(rawValue[rawValue.index(after: slash)...])
        } else {
            self.rawValue = rawValue
        }
    }

    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { rawValue }
    public static func < (lhs: EscoID, rhs: EscoID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A Dutch postcode: four digits (PC4) and, when known, two letters ("3311 AB").
public struct Postcode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The four-digit area, 1000...9999.
    public let pc4: Int
    /// The two letters, uppercase, or nil when only the PC4 is known.
    public let letters: String?

    public init?(pc4: Int, letters: String? = nil) {
        guard (1000...9999).contains(pc4) else { return nil }
        if let letters {
            let upper = letters.uppercased()
            // SA, SD and SS are not issued; the rest of AA–ZZ is.
            guard upper.count == 2, upper.allSatisfy({ $0.isASCII && $0.isLetter }), !["SA", "SD", "SS"].contains(upper) else { return nil }
            self.letters = upper
        } else {
            self.letters = nil
        }
        self.pc4 = pc4
    }

    /// Parses "3311AB", "3311 ab", "3311" and "NL-3311 AB"; nil for anything else.
    public init?(parsing text: some StringProtocol) {
        var compact = text.uppercased().filter { !$0.isWhitespace }
        if compact.hasPrefix("NL-") { compact.removeFirst(3) }
        guard compact.count == 4 || compact.count == 6 else { return nil }
        let digits = compact.prefix(4)
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits), digits.first != "0" else { return nil }
        self.init(pc4: number, letters: compact.count == 6 ? String(compact.suffix(2)) : nil)
    }

    public var description: String { letters.map { "\(pc4) \($0)" } ?? String(pc4) }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let postcode = Postcode(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a Dutch postcode: \(text)")
        }
        self = postcode
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A KvK (Chamber of Commerce) number: eight digits.
public struct KvKNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init?(_ text: some StringProtocol) {
        let digits = text.filter { !$0.isWhitespace && $0 != "." }
        guard digits.count == 8, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        self.rawValue = String(digits)
    }

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let number = KvKNumber(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a KvK number has 8 digits: \(text)")
        }
        self = number
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
