import Domain
import Foundation

/// Maps a vacancy title to an ESCO occupation, or nil when it is not confident. The title mapper of the
/// Matching target plugs in here; Feeds does not map titles itself.
public protocol OccupationForTitle: Sendable {
    func occupation(forTitle title: String) -> EscoID?
}

/// A place name from a feed ("Den Haag, ZH, NL", "Rijsenhout, Haarlemmermeer") → a PC4 area with a confidence
/// between 0 and 1, or nil. The resolver over the reference data (Reference's `PlaceResolver`) plugs in here.
public protocol PostcodeForPlace: Sendable {
    func postcode(forPlace name: String) -> (pc4: Int, confidence: Double)?
}

/// Remembers the answers of a mapper by its input text. Feeds repeat titles and place names thousands of times
/// (an employer posts the same job in many places, a city holds many postings); mapping each once per run
/// instead of per record is the largest saving on a realistic feed. Bounded: past `limit` entries it stops
/// adding (the hit rate of a feed's first records is representative of the rest).
final class MemoCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Value?] = [:]
    private let limit: Int

    init(limit: Int = 200_000) { self.limit = limit }

    func value(for key: String, compute: () -> Value?) -> Value? {
        lock.lock()
        if let hit = entries[key] { lock.unlock(); return hit }
        lock.unlock()
        let value = compute()
        lock.lock()
        if entries.count < limit { entries[key] = value }
        lock.unlock()
        return value
    }
}

/// An ``OccupationForTitle`` that asks the wrapped mapper once per normalised title in its lifetime.
///
/// The key is the title lowercased with its number-only words dropped ("Chauffeur 32-40 uur" and "chauffeur 38
/// uur" share one): the title mapper itself ignores case and number-only words, so titles with the same key
/// get the same answer.
public struct CachedOccupationForTitle: OccupationForTitle {
    let mapper: any OccupationForTitle
    let cache = MemoCache<EscoID>()
    public init(_ mapper: any OccupationForTitle) { self.mapper = mapper }
    public func occupation(forTitle title: String) -> EscoID? {
        cache.value(for: Self.key(title)) { mapper.occupation(forTitle: title) }
    }

    static func key(_ title: String) -> String {
        // Every record's title is keyed (most of them hit the cache): an ASCII title is keyed on its bytes, with
        // the same result as the Character loop below. A carriage return falls through to that loop, where
        // "\r\n" is one Character and no separator.
        let utf8 = title.utf8
        if utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            var key: [UInt8] = []
            key.reserveCapacity(utf8.count)
            var word: [UInt8] = []
            var numeric = true
            func endWord() {
                if !word.isEmpty, !numeric {
                    if !key.isEmpty { key.append(0x20) }
                    key.append(contentsOf: word)
                }
                word.removeAll(keepingCapacity: true)
                numeric = true
            }
            for byte in utf8 {
                if byte == 0x20 || byte == 0x09 || byte == 0x0A { endWord(); continue }
                if !((byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2C || byte == 0x2E) { numeric = false }
                word.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            }
            endWord()
            return String(decoding: key, as: UTF8.self)
        }
        return characterKey(title)
    }

    /// The key by Characters: for any title, and the reference for the byte loop of ``key(_:)`` (a test compares them).
    static func characterKey(_ title: String) -> String {
        var words: [Substring] = []
        for word in title.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            if word.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2C || $0 == 0x2E }) { continue }
            words.append(word)
        }
        return words.joined(separator: " ")
    }
}

/// A ``PostcodeForPlace`` that asks the wrapped resolver once per distinct place text.
public struct CachedPostcodeForPlace: PostcodeForPlace {
    struct Answer: Sendable { var pc4: Int; var confidence: Double }
    let resolver: any PostcodeForPlace
    let cache = MemoCache<Answer>()
    public init(_ resolver: any PostcodeForPlace) { self.resolver = resolver }
    public func postcode(forPlace name: String) -> (pc4: Int, confidence: Double)? {
        cache.value(for: name) { resolver.postcode(forPlace: name).map { Answer(pc4: $0.pc4, confidence: $0.confidence) } }
            .map { ($0.pc4, $0.confidence) }
    }
}

/// A closure as an ``OccupationForTitle``.
public struct OccupationForTitleClosure: OccupationForTitle {
    let body: @Sendable (String) -> EscoID?
    public init(_ body: @escaping @Sendable (String) -> EscoID?) { self.body = body }
    public func occupation(forTitle title: String) -> EscoID? { body(title) }
}

/// The fields a CSV column can fill.
public enum CSVField: String, Sendable, Codable, CaseIterable {
    case externalId, title, employerName, employerKvK, postcode, city
    case hoursMin, hoursMax, hours, contractMonths, startDate, hourlyWage, salary, salaryUnit
    case occupation, skills, banenafspraak, demands, employmentType, validThrough, description
}

/// Which CSV header names feed which fields. Header names are matched case-insensitively, ignoring surrounding spaces.
public struct CSVColumnMapping: Sendable, Hashable, Codable {
    /// header name → field
    public var columns: [String: CSVField]
    /// nil: detect from the header line (`;` when it has more semicolons than commas).
    public var delimiter: Character?

    public init(columns: [String: CSVField], delimiter: Character? = nil) {
        self.columns = columns
        self.delimiter = delimiter
    }

    /// Header names equal to the field names ("externalId", "title", …).
    public static let identity = CSVColumnMapping(columns: Dictionary(uniqueKeysWithValues: CSVField.allCases.map { ($0.rawValue, $0) }))

    enum CodingKeys: String, CodingKey { case columns, delimiter }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        columns = try container.decode([String: CSVField].self, forKey: .columns)
        delimiter = try container.decodeIfPresent(String.self, forKey: .delimiter).flatMap(\.first)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(columns, forKey: .columns)
        try container.encodeIfPresent(delimiter.map(String.init), forKey: .delimiter)
    }
}

/// How a feed is read and normalised.
public struct FeedParseOptions: Sendable {
    /// Title → ESCO occupation, used when the feed gives no ESCO occupation of its own.
    public var occupationMapper: (any OccupationForTitle)?
    /// Place name → PC4, used when the feed gives a place but no postcode.
    public var placeResolver: (any PostcodeForPlace)?
    /// For CSV feeds.
    public var csvMapping: CSVColumnMapping
    /// Length of ``VacancyDraft/descriptionExcerpt`` in characters.
    public var descriptionExcerptLength: Int
    /// Hours assumed for a full-time job when the feed gives only the employment type.
    public var fullTimeHours: WeeklyHours
    /// Hours assumed for a part-time job when the feed gives only the employment type.
    public var partTimeHours: WeeklyHours
    /// The week used to turn a day/week/month/year salary into an hourly wage when the feed gives no hours.
    public var referenceHoursPerWeek: Int
    /// Keep the raw record text in each draft. Off by default: a draft that becomes a vacancy needs its fields and
    /// hash, not its text, and copying every record's text costs about a tenth of the parse. Quarantined records
    /// always keep theirs.
    public var keepRawText: Bool
    /// For JSON-LD bodies of 1 MiB and more: scan on a second thread while this one normalises and calls back.
    /// Records arrive in the same order either way.
    public var parallelScan: Bool
    /// The caller drops the body as soon as the parse returns and reads it no more: the pages of a JSON-LD body
    /// that every record before them has been completed from are handed back to the operating system while
    /// parsing goes on (their bytes read as zeros afterwards). Without it the whole body (120 MB for 100k
    /// postings) stays resident next to the records built from it, which made the end of the parse the run's
    /// peak. Off by default: only a caller that owns the body may set it (``FeedImporter`` does).
    public var releaseParsedBody = false

    public init(
        occupationMapper: (any OccupationForTitle)? = nil,
        csvMapping: CSVColumnMapping = .identity,
        descriptionExcerptLength: Int = 500,
        fullTimeHours: WeeklyHours = WeeklyHours(min: 36, max: 40)!,
        partTimeHours: WeeklyHours = WeeklyHours(min: 12, max: 32)!,
        referenceHoursPerWeek: Int = 38,
        keepRawText: Bool = false,
        parallelScan: Bool = true,
        placeResolver: (any PostcodeForPlace)? = nil
    ) {
        self.occupationMapper = occupationMapper
        self.placeResolver = placeResolver
        self.csvMapping = csvMapping
        self.descriptionExcerptLength = descriptionExcerptLength
        self.fullTimeHours = fullTimeHours
        self.partTimeHours = partTimeHours
        self.referenceHoursPerWeek = referenceHoursPerWeek
        self.keepRawText = keepRawText
        self.parallelScan = parallelScan
    }
}
