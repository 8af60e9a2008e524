/// A JSON value as the streaming scanner builds it: numbers keep their literal text (amounts are never binary floating point),
/// objects keep their members in order (lookups are linear, which is fastest for the few keys a posting has).
///
/// A string without escapes stays a pointer into the feed body (`raw`) until someone asks for its text, so values
/// nobody reads are never copied. Such values live only while the body does: inside one `FeedParser.parse` call,
/// on the thread that scanned them.
enum JSONValue {
    case null
    case bool(Bool)
    /// The number's literal text, exactly as in the document ("15.25", "1e3").
    case number(String)
    /// A string that had escapes, decoded.
    case string(String)
    /// A string without escapes: its UTF-8 bytes in the body (already checked to be valid UTF-8, or the record
    /// was marked for quarantine).
    case raw(UnsafePointer<UInt8>, Int)
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
        case .raw(let base, let count): return String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
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

struct JSONObject {
    public struct Member {
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
        if case .raw(let base, let count) = value, count == type.utf8.count {
            var same = true
            var i = 0
            for b in type.utf8 { if base[i] != b { same = false; break }; i += 1 }
            if same { return true }
        }
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
