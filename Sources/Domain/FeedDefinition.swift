import Foundation

public enum FeedKind: String, Sendable, Codable, CaseIterable {
    /// The feed lists every open vacancy: one missing from it has closed.
    case snapshot
    /// The feed carries only changes: nothing is closed by absence.
    case delta
}

/// A vacancy feed the scheduler pulls.
public struct FeedDefinition: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var url: String
    /// The format name as the Feeds target knows it (`jsonld`, `indeed-xml`, `hr-xml`, `csv`).
    public var format: String
    public var kind: FeedKind
    public var intervalSeconds: Int
    public var region: String
    /// A header such as `Authorization: Bearer …`. A secret: never logged, never shown.
    public var authHeader: String?
    /// For CSV feeds: field name → column header.
    public var columnMapping: [String: String]?
    public var etag: String?
    public var lastModified: String?
    /// Valid records in the last complete snapshot, for the safety threshold.
    public var lastValidCount: Int?
    public var consecutiveFailures: Int
    public var createdAt: Date

    public init(id: Int64 = 0, name: String, url: String, format: String, kind: FeedKind, intervalSeconds: Int, region: String,
                authHeader: String? = nil, columnMapping: [String: String]? = nil, etag: String? = nil, lastModified: String? = nil,
                lastValidCount: Int? = nil, consecutiveFailures: Int = 0, createdAt: Date) {
        self.id = id
        self.name = name
        self.url = url
        self.format = format
        self.kind = kind
        self.intervalSeconds = intervalSeconds
        self.region = region
        self.authHeader = authHeader
        self.columnMapping = columnMapping
        self.etag = etag
        self.lastModified = lastModified
        self.lastValidCount = lastValidCount
        self.consecutiveFailures = consecutiveFailures
        self.createdAt = createdAt
    }
}

public enum ImportRunStatus: String, Sendable, Codable {
    /// Every record imported.
    case succeeded
    /// Imported, but some records were quarantined or the body ended early.
    case partial
    /// 304 Not Modified: nothing parsed.
    case unchanged
    /// A snapshot far smaller than last time: imported without closing anything, to be reviewed.
    case flaggedForReview
    /// Fetch or parse failed: nothing changed.
    case failed
}

public struct ImportCounts: Sendable, Equatable, Codable {
    public var new = 0
    public var updated = 0
    public var unchanged = 0
    public var closed = 0
    public var quarantined = 0

    public init(new: Int = 0, updated: Int = 0, unchanged: Int = 0, closed: Int = 0, quarantined: Int = 0) {
        self.new = new
        self.updated = updated
        self.unchanged = unchanged
        self.closed = closed
        self.quarantined = quarantined
    }
}

/// The record of one import run.
public struct ImportRun: Sendable, Equatable, Codable {
    public var id: Int64
    public var feedId: Int64
    public var startedAt: Date
    public var finishedAt: Date?
    public var status: ImportRunStatus
    public var httpStatus: Int?
    public var bytes: Int
    public var counts: ImportCounts
    public var message: String?

    public init(id: Int64, feedId: Int64, startedAt: Date, finishedAt: Date?, status: ImportRunStatus, httpStatus: Int?, bytes: Int,
                counts: ImportCounts, message: String?) {
        self.id = id
        self.feedId = feedId
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.httpStatus = httpStatus
        self.bytes = bytes
        self.counts = counts
        self.message = message
    }
}

/// What the HTTP fetch told us, recorded with the run.
public struct FetchFacts: Sendable, Equatable {
    public var httpStatus: Int?
    public var bytes: Int
    public var etag: String?
    public var lastModified: String?

    public init(httpStatus: Int?, bytes: Int, etag: String? = nil, lastModified: String? = nil) {
        self.httpStatus = httpStatus
        self.bytes = bytes
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// A valid record of a feed, normalised to a vacancy, with the employer as the feed named it.
public struct IncomingVacancy: Sendable {
    public var vacancy: Vacancy
    public var employerName: String?
    public var employerKvK: KvKNumber?
    /// Hash of the source record: equal hash, unchanged vacancy.
    public var contentHash: String

    public init(vacancy: Vacancy, employerName: String?, employerKvK: KvKNumber?, contentHash: String) {
        self.vacancy = vacancy
        self.employerName = employerName
        self.employerKvK = employerKvK
        self.contentHash = contentHash
    }
}
