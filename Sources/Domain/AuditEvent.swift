import Foundation

/// Who did what to which record, when. Every view of a candidate's data is recorded.
public struct AuditEvent: Sendable, Equatable, Codable {
    public var id: Int64?
    public var at: Date
    public var actor: String
    public var action: String
    public var subjectType: String
    public var subjectId: String
    /// The purpose or context in words (e.g. "ranking voor vacature 12").
    public var detail: String?
    /// The HTTP request that caused it, to tie the event to the access log; nil from the CLI.
    public var requestId: String?

    public init(id: Int64? = nil, at: Date, actor: String, action: String, subjectType: String, subjectId: String, detail: String? = nil,
                requestId: String? = nil) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.subjectType = subjectType
        self.subjectId = subjectId
        self.detail = detail
        self.requestId = requestId
    }
}
