/// Store failures worded for an operator: each names the database file.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case notADatabase(path: String)
    case invalidRecord(String)
    case notFound(String)
    case conflict(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open database \(path): \(reason)"
        case .notADatabase(let path): "\(path) is not a Matchpunt SQLite database (file is corrupt or of another kind)"
        case .invalidRecord(let reason): "invalid record: \(reason)"
        case .notFound(let what): "not found: \(what)"
        case .conflict(let what): "conflict: \(what)"
        }
    }
}
