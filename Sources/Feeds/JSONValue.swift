/// A JSON value as the streaming scanner builds it: numbers keep their literal text (money is never a Double),
/// objects keep their members in order (lookups are linear, which is fastest for the few keys a posting has).
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// The number's literal text, exactly as in the document ("14.71", "1e3").
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The value as text: strings as they are, numbers as their literal, booleans as "true"/"false".
    public var text: String? {
        switch self {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// The elements of an array, or the value itself as a one-element list (JSON-LD lets any property be either).
    public var list: [JSONValue] {
        switch self {
        case .array(let values): return values
        case .null: return []
        default: return [self]
        }
    }
}

struct JSONObject: Sendable {
    public struct Member: Sendable {
        public var key: String
        public var value: JSONValue
    }

    public var members: [Member]

    public init(members: [Member] = []) { self.members = members }

    public subscript(key: String) -> JSONValue? {
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// Looks a property up by its plain name or with a schema.org prefix ("schema:title", "http://schema.org/title").
    public func property(_ name: String) -> JSONValue? {
        if let value = self[name] { return value }
        // Only keys with a prefix can match; most feeds have none, and keys never start with a prefix char.
        for member in members where member.key.utf8.count > name.utf8.count && member.key.hasSuffix(name) {
            let key = member.key
            let prefix = key.dropLast(name.count)
            if prefix.hasSuffix(":") || prefix.hasSuffix("/") || prefix.hasSuffix("#") { return member.value }
        }
        return nil
    }

    /// Whether `@type` is (or contains) `type`, with or without a schema.org prefix.
    public func isType(_ type: String) -> Bool {
        guard let value = self["@type"] ?? self["type"] else { return false }
        if case .string(let s) = value, s == type { return true }
        return types.contains(type)
    }

    /// The `@type` values (a string or an array of strings), without a schema.org prefix.
    public var types: [String] {
        guard let value = self["@type"] ?? self["type"] else { return [] }
        return value.list.compactMap { $0.text.map(Self.stripSchemaPrefix) }
    }

    static func stripSchemaPrefix(_ text: String) -> String {
        if let cut = text.lastIndex(where: { $0 == "/" || $0 == ":" || $0 == "#" }) {
            return String(text[text.index(after: cut)...])
        }
        return text
    }
}
