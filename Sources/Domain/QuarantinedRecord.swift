/// A feed record that could not become a vacancy: why, and the record as it was in the feed. Kept in the
/// quarantine table with its import run, so staff can see and fix it at the source.
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
