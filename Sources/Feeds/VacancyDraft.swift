import Domain

/// The formats a feed can have.
public enum FeedFormat: String, Sendable, Codable, CaseIterable {
    /// schema.org `JobPosting` JSON-LD: one object, an array, an `ItemList`, an `@graph`, or an HTML page
    /// with `<script type="application/ld+json">` blocks.
    case jsonLD = "jsonld"
    /// Indeed-style XML: `<source><job>…</job>…</source>`.
    case indeedXML = "indeed-xml"
    /// HR Open / HR-XML `PositionOpening` (the family SETU and EURES build on).
    case hrOpenXML = "hropen-xml"
    /// CSV with a configurable column mapping.
    case csv
}

/// A vacancy as read from one feed record, normalised but not yet matched to an employer or stored.
public struct VacancyDraft: Hashable, Sendable, Codable {
    /// The feed's own id for the record; unique per feed.
    public var externalId: String
    public var title: String
    public var employerName: String?
    public var employerKvK: KvKNumber?
    public var postcode: Postcode?
    /// Place name as the feed gives it (useful when the postcode is missing).
    public var city: String?
    /// Hours per week; nil when the feed says nothing usable.
    public var hours: WeeklyHours?
    /// Contract length in months; nil when permanent or unknown.
    public var contractMonths: Int?
    /// True when the feed says the contract is permanent (vast / indefinite).
    public var permanent: Bool
    public var startDate: CalendarDate?
    /// Hourly wage in cents (the lower bound when the feed gives a range), converted from any unit.
    public var hourlyWage: Money?
    /// Upper bound of the hourly wage when the feed gives a range.
    public var hourlyWageMax: Money?
    /// From the feed's own code (ESCO URI) or from the title mapper.
    public var occupation: EscoID?
    /// Where the occupation came from: "feed", "title-mapper", or nil.
    public var occupationSource: String?
    /// An ISCO-08 code when the feed gives one instead of (or besides) an ESCO URI.
    public var iscoCode: String?
    /// ESCO skill ids given by the feed.
    public var skills: [EscoID]
    public var suitableForBanenafspraak: Bool
    public var demands: [WorkDemand]
    /// Employment types as the feed states them (FULL_TIME, PART_TIME, TEMPORARY …), upper-cased.
    public var employmentTypes: [String]
    public var validThrough: CalendarDate?
    /// The description as plain text, at most ``FeedParseOptions/descriptionExcerptLength`` characters.
    public var descriptionExcerpt: String?
    /// The record as it appeared in the feed, for audit and quarantine.
    public var raw: String

    public init(
        externalId: String, title: String, employerName: String? = nil, employerKvK: KvKNumber? = nil,
        postcode: Postcode? = nil, city: String? = nil, hours: WeeklyHours? = nil, contractMonths: Int? = nil,
        permanent: Bool = false, startDate: CalendarDate? = nil, hourlyWage: Money? = nil, hourlyWageMax: Money? = nil,
        occupation: EscoID? = nil, occupationSource: String? = nil, iscoCode: String? = nil, skills: [EscoID] = [],
        suitableForBanenafspraak: Bool = false, demands: [WorkDemand] = [], employmentTypes: [String] = [],
        validThrough: CalendarDate? = nil, descriptionExcerpt: String? = nil, raw: String = ""
    ) {
        self.externalId = externalId
        self.title = title
        self.employerName = employerName
        self.employerKvK = employerKvK
        self.postcode = postcode
        self.city = city
        self.hours = hours
        self.contractMonths = contractMonths
        self.permanent = permanent
        self.startDate = startDate
        self.hourlyWage = hourlyWage
        self.hourlyWageMax = hourlyWageMax
        self.occupation = occupation
        self.occupationSource = occupationSource
        self.iscoCode = iscoCode
        self.skills = skills
        self.suitableForBanenafspraak = suitableForBanenafspraak
        self.demands = demands
        self.employmentTypes = employmentTypes
        self.validThrough = validThrough
        self.descriptionExcerpt = descriptionExcerpt
        self.raw = raw
    }

    /// A stable 64-bit FNV-1a hash of every normalised field (not of `raw`, so reformatting the feed without
    /// changing the content counts as unchanged). Rendered as 16 lowercase hex digits. The encoding is
    /// canonical: fields in a fixed order, each prefixed by a tag and terminated by 0x1F, lists sorted.
    public var contentHash: String {
        var hasher = FNV1a64()
        func field(_ tag: UInt8, _ value: String?) {
            hasher.combine(tag)
            if let value { hasher.combine(1); hasher.combine(value) } else { hasher.combine(0) }
            hasher.combine(0x1F)
        }
        field(1, externalId)
        field(2, title)
        field(3, employerName)
        field(4, employerKvK?.rawValue)
        field(5, postcode?.description)
        field(6, city)
        field(7, hours.map { "\($0.min)-\($0.max)" })
        field(8, contractMonths.map(String.init))
        field(9, permanent ? "1" : "0")
        field(10, startDate?.description)
        field(11, hourlyWage.map { String($0.cents) })
        field(12, hourlyWageMax.map { String($0.cents) })
        field(13, occupation?.rawValue)
        field(14, iscoCode)
        field(15, skills.map(\.rawValue).sorted().joined(separator: ","))
        field(16, suitableForBanenafspraak ? "1" : "0")
        field(17, demands.map(\.rawValue).sorted().joined(separator: ","))
        field(18, employmentTypes.sorted().joined(separator: ","))
        field(19, validThrough?.description)
        field(20, descriptionExcerpt)
        return hasher.hexDigest
    }

    /// Checks what a vacancy needs before it can be stored; the reasons are in Dutch, for staff.
    public var validationProblems: [String] {
        var problems: [String] = []
        if externalId.isEmpty { problems.append("geen extern id") }
        if title.isEmpty { problems.append("geen titel") }
        return problems
    }
}

/// A record that could not become a draft: why, and the record as it was in the feed.
public struct QuarantinedRecord: Hashable, Sendable, Codable, Error {
    /// The feed's id for the record when it could be read, to help staff find it at the source.
    public var externalId: String?
    /// Why the record was refused, in words staff can act on.
    public var reason: String
    /// The raw record text (invalid UTF-8 replaced by U+FFFD), truncated to 64 KiB.
    public var raw: String

    public init(externalId: String? = nil, reason: String, raw: String) {
        self.externalId = externalId
        self.reason = reason
        self.raw = raw.count > 65_536 ? String(raw.prefix(65_536)) : raw
    }
}

/// One record's outcome.
public enum FeedRecord: Sendable {
    case draft(VacancyDraft)
    case quarantined(QuarantinedRecord)
}

/// A problem with the feed as a whole (truncated, malformed, refused). Records read before it was hit have
/// already been delivered; the importer decides what a partial feed means.
public struct FeedStreamError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        case truncated
        case malformed
        case invalidUTF8
        case refusedDTD
        case empty
        case unsupported
    }
    public var kind: Kind
    public var message: String
    /// Byte offset in the body where the problem was found, when known.
    public var offset: Int?

    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String {
        offset.map { "\(message) (byte \($0))" } ?? message
    }
}

/// What parsing a feed produced in total.
public struct FeedParseSummary: Sendable, Hashable {
    public var drafts: Int
    public var quarantined: Int
    /// Set when the feed itself was broken; the counts say how much was read before.
    public var streamError: FeedStreamError?

    public var isComplete: Bool { streamError == nil }
}

/// 64-bit FNV-1a: small, stable across platforms and runs (unlike `Hasher`), no dependency.
public struct FNV1a64: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    public mutating func combine(_ string: String) {
        var copy = string
        copy.withUTF8 { buffer in
            for byte in buffer { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
    }

    public var hexDigest: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
