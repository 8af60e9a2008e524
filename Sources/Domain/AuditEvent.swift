import Foundation

/// Who did what to which record, when. Every view of a candidate's data is recorded.
public struct AuditEvent: Sendable, Equatable, Codable {
    public var id: Int64?
    public var at: Date
    public var actor: String
    public var action: String
    public var subjectType: String
    public var subjectId: String
    public var detail: String?

    public init(id: Int64? = nil, at: Date, actor: String, action: String, subjectType: String, subjectId: String, detail: String? = nil) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.subjectType = subjectType
        self.subjectId = subjectId
        self.detail = detail
    }
}
