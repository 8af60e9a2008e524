import Domain

/// The formats a feed can have.
public enum FeedFormat: String, Sendable, Codable, CaseIterable {
    /// schema.org `JobPosting` JSON-LD: one object, an array, an `ItemList`, an `@graph`, or an HTML page
    /// with `<script type="application/ld+json">` blocks.
    case jsonLD = "jsonld"
    /// Indeed-style XML: `<source><job>…</job>…</source>`; Talent.com's XML has the same shape.
    case indeedXML = "indeed-xml"
    /// Jooble XML: `<jobs><job id="…"><link>…</link><name>…</name><region>…</region>…</job></jobs>`.
    case joobleXML = "jooble-xml"
    /// RSS 2.0 with one `<item>` per vacancy (title, link, guid, pubDate, description, and job extras).
    case rss
    /// HR Open / HR-XML `PositionOpening` (the family SETU and EURES build on).
    case hrOpenXML = "hropen-xml"
    /// CSV with a configurable column mapping.
    case csv
}

/// A vacancy as read from one feed record, normalised but not yet matched to an employer or stored.
public struct VacancyDraft: Hashable, Sendable, Codable {
    /// The feed's own id for the record; unique per feed.
    public var externalId: String
    /// nil when `externalId` is the feed's own identifier; "url" or "@id" when a JSON-LD posting without
    /// `identifier` is keyed by those, "hash" when by a stable hash of title, organisation and place.
    public var externalIdSource: String? = nil
    public var title: String
    public var employerName: String?
    public var employerKvK: KvKNumber? {
        get { employerKvKDigits.flatMap { KvKNumber($0) } }
        set { employerKvKDigits = newValue?.rawValue }
    }
    /// The KvK number's eight digits (validated), as a plain string.
    public var employerKvKDigits: String?
    public var postcode: Postcode?
    /// Place name as the feed gives it (useful when the postcode is missing).
    public var city: String?
    /// nil when the postcode came from the feed; otherwise the confidence (0–1) of the PC4 the place resolver
    /// found for `city`.
    public var postcodeConfidence: Double? = nil
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
    public var occupation: EscoID? {
        get { occupationId.map { EscoID($0) } }
        set { occupationId = newValue?.rawValue }
    }
    /// The bare ESCO occupation id (the UUID); `occupation` as a plain string, cheap to hash and compare.
    public var occupationId: String?
    /// Where the occupation came from: "feed", "title-mapper", or nil.
    public var occupationSource: String?
    /// An ISCO-08 code when the feed gives one instead of (or besides) an ESCO URI.
    public var iscoCode: String?
    /// ESCO skill ids given by the feed.
    public var skills: [EscoID] {
        get { skillIds.map { EscoID($0) } }
        set { skillIds = newValue.map(\.rawValue) }
    }
    /// The bare ESCO skill ids.
    public var skillIds: [String]
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
        self.employerKvKDigits = employerKvK?.rawValue
        self.postcode = postcode
        self.city = city
        self.hours = hours
        self.contractMonths = contractMonths
        self.permanent = permanent
        self.startDate = startDate
        self.hourlyWage = hourlyWage
        self.hourlyWageMax = hourlyWageMax
        self.occupationId = occupation?.rawValue
        self.occupationSource = occupationSource
        self.iscoCode = iscoCode
        self.skillIds = skills.map(\.rawValue)
        self.suitableForBanenafspraak = suitableForBanenafspraak
        self.demands = demands
        self.employmentTypes = employmentTypes
        self.validThrough = validThrough
        self.descriptionExcerpt = descriptionExcerpt
        self.raw = raw
    }

    /// A stable 64-bit FNV-1a hash of every normalised field (not of `raw`, so reformatting the feed without
    /// changing the content counts as unchanged). Rendered as 16 lowercase hex digits. The encoding is
    /// canonical: fields in a fixed order, each with a tag byte, text as UTF-8 followed by 0x1F, numbers as
    /// 8 little-endian bytes, absent values as a distinct marker; lists sorted.
    public var contentHash: String {
        var h = FNV1a64()
        func text(_ tag: UInt8, _ value: String?) {
            h.combine(tag)
            if let value { h.combine(UInt8(1)); h.combine(value); h.combine(UInt8(0x1F)) } else { h.combine(UInt8(0)) }
        }
        func number(_ tag: UInt8, _ value: Int64?) {
            h.combine(tag)
            if let value { h.combine(UInt8(1)); h.combine(word: UInt64(bitPattern: value)) } else { h.combine(UInt8(0)) }
        }
        text(1, externalId)
        text(2, title)
        text(3, employerName)
        text(4, employerKvKDigits)
        number(5, postcode.map { Int64($0.pc4) })
        text(6, postcode?.letters)
        text(7, city)
        number(8, hours.map { Int64($0.min) })
        number(9, hours.map { Int64($0.max) })
        number(10, contractMonths.map(Int64.init))
        number(11, permanent ? 1 : 0)
        number(12, startDate.map { Int64($0.year * 10_000 + $0.month * 100 + $0.day) })
        number(13, hourlyWage?.cents)
        number(14, hourlyWageMax?.cents)
        text(15, occupationId)
        text(16, iscoCode)
        number(17, Int64(skillIds.count))
        for id in skillIds.sorted() { text(18, id) }
        number(19, suitableForBanenafspraak ? 1 : 0)
        number(20, Int64(demands.count))
        for demand in demands.sorted() { text(21, demand.rawValue) }
        number(22, Int64(employmentTypes.count))
        for type in employmentTypes.sorted() { text(23, type) }
        number(24, validThrough.map { Int64($0.year * 10_000 + $0.month * 100 + $0.day) })
        text(25, descriptionExcerpt)
        return h.hexDigest
    }

    /// Checks what a vacancy needs before it can be stored; the reasons are in Dutch, for staff.
    public var validationProblems: [String] {
        var problems: [String] = []
        if externalId.isEmpty { problems.append("geen extern id") }
        if title.isEmpty { problems.append("geen titel") }
        return problems
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

    public mutating func combine(word number: UInt64) {
        var n = number
        for _ in 0..<8 { combine(UInt8(truncatingIfNeeded: n)); n >>= 8 }
    }

    public mutating func combine(_ string: String) {
        var copy = string
        copy.withUTF8 { buffer in
            for byte in buffer { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
    }

    public var hexDigest: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 16)
        var v = value
        for i in (0..<16).reversed() { out[i] = digits[Int(v & 0xF)]; v >>= 4 }
        return String(decoding: out, as: UTF8.self)
    }
}

extension VacancyDraft {
    /// The draft as a Domain `Vacancy`, once the importer knows its row id and employer. `defaultHours` is used
    /// when the feed gave no hours (a Vacancy always has hours); the demands, skills and wage carry over as read.
    public func vacancy(id: Int64, source: String, employerId: Int64?, defaultHours: WeeklyHours) -> Vacancy {
        Vacancy(
            id: id, source: source, externalId: externalId, employerId: employerId, title: title, occupation: occupation,
            requiredSkills: skills, postcode: postcode, hours: hours ?? defaultHours, contractMonths: contractMonths,
            startDate: startDate, hourlyWage: hourlyWage, suitableForBanenafspraak: suitableForBanenafspraak,
            demands: demands, status: .open, validThrough: validThrough)
    }
}
