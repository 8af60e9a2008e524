import Foundation

/// A streaming JSON scanner over a byte buffer. It never builds the whole document: callers step through the
/// top-level structure and build a ``JSONValue`` only for one record at a time.
///
/// Rules: RFC 8259 syntax, except that raw control characters inside strings are accepted (feeds contain them).
/// Invalid UTF-8 inside a string does not stop the scan: the bytes are replaced by U+FFFD and the offset of the
/// first bad byte since the last ``resetRecordState()`` is kept in ``invalidUTF8Offset``, so the caller can
/// quarantine that record and read on. Nesting deeper than ``maximumDepth`` is refused.
struct JSONScanner {
    struct Failure: Error {
        var kind: FeedStreamError.Kind
        var message: String
        var offset: Int
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    let end: Int
    var invalidUTF8Offset: Int?
    var scratch: [UInt8] = []
    static let maximumDepth = 256

    init(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        scratch.reserveCapacity(4096)
    }

    mutating func resetRecordState() { invalidUTF8Offset = nil }

    // MARK: - Whitespace and punctuation

    mutating func skipWhitespace() {
        while position < end {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, not consumed; nil at the end.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < end ? bytes[position] : nil
    }

    func truncated(_ what: String) -> Failure {
        Failure(kind: .truncated, message: "JSON ends in the middle of \(what): the feed is truncated", offset: position)
    }

    func unexpected(_ expected: String) -> Failure {
        if position >= end { return truncated(expected) }
        let byte = bytes[position]
        let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(UnicodeScalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        return Failure(kind: .malformed, message: "malformed JSON: expected \(expected), found \(shown)", offset: position)
    }

    mutating func expect(_ byte: UInt8, _ name: String) throws(Failure) {
        guard peek() == byte else { throw unexpected(name) }
        position += 1
    }

    // MARK: - Values

    /// Reads one complete value.
    mutating func readValue(depth: Int = 0) throws(Failure) -> JSONValue {
        guard let byte = peek() else { throw truncated("a value") }
        switch byte {
        case UInt8(ascii: "{"):
            return .object(try readObject(depth: depth + 1))
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else {
                throw Failure(kind: .malformed, message: "JSON nested deeper than \(Self.maximumDepth) levels", offset: position)
            }
            position += 1
            if peek() == UInt8(ascii: "]") { position += 1; return .array([]) }
            var values: [JSONValue] = []
            values.reserveCapacity(4)
            while true {
                let value = try readValue(depth: depth + 1)
                values.append(value)
                guard let next = peek() else { throw truncated("an array") }
                position += 1
                if next == UInt8(ascii: ",") { continue }
                if next == UInt8(ascii: "]") { return .array(values) }
                position -= 1
                throw unexpected("',' or ']' in an array")
            }
        case UInt8(ascii: "\""):
            return try readStringValue()
        case UInt8(ascii: "t"):
            try literal("true"); return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false"); return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try readNumber())
        default:
            throw unexpected("a value")
        }
    }

    mutating func readObject(depth: Int) throws(Failure) -> JSONObject {
        guard depth <= Self.maximumDepth else {
            throw Failure(kind: .malformed, message: "JSON nested deeper than \(Self.maximumDepth) levels", offset: position)
        }
        try expect(UInt8(ascii: "{"), "'{'")
        if peek() == UInt8(ascii: "}") { position += 1; return JSONObject(members: []) }
        var members: [JSONObject.Member] = []
        members.reserveCapacity(depth <= 2 ? 24 : 4) // a posting has ~20 properties; nested objects a few
        while true {
            let key = try readKey()
            let value = try readValue(depth: depth)
            members.append(JSONObject.Member(key: key, value: value))
            guard let next = peek() else { throw truncated("an object") }
            position += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "}") { return JSONObject(members: members) }
            position -= 1
            throw unexpected("',' or '}' in an object")
        }
    }

    /// Reads `"key" :`.
    mutating func readKey() throws(Failure) -> String {
        guard peek() == UInt8(ascii: "\"") else { throw unexpected("a member name in quotes") }
        let key = try readString()
        try expect(UInt8(ascii: ":"), "':' after a member name")
        return key
    }

    /// Skips one complete value without building it.
    mutating func skipValue(depth: Int = 0) throws(Failure) {
        guard let byte = peek() else { throw truncated("a value") }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < Self.maximumDepth else {
                throw Failure(kind: .malformed, message: "JSON nested deeper than \(Self.maximumDepth) levels", offset: position)
            }
            let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            position += 1
            if peek() == close { position += 1; return }
            while true {
                if close == UInt8(ascii: "}") { _ = try readKey() }
                try skipValue(depth: depth + 1)
                guard let next = peek() else { throw truncated("a container") }
                position += 1
                if next == UInt8(ascii: ",") { continue }
                if next == close { return }
                position -= 1
                throw unexpected("',' or a closing bracket")
            }
        default:
            _ = try readValue(depth: depth)
        }
    }

    mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard position + count <= end else { throw truncated("a literal") }
        let text = word.utf8Start
        for i in 0..<count where bytes[position + i] != text[i] {
            position += i
            throw unexpected("'\(word)'")
        }
        position += count
    }

    mutating func readNumber() throws(Failure) -> String {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        var digits = 0
        while position < end, (0x30...0x39).contains(bytes[position]) { position += 1; digits += 1 }
        if position < end, bytes[position] == UInt8(ascii: ".") {
            position += 1
            while position < end, (0x30...0x39).contains(bytes[position]) { position += 1; digits += 1 }
        }
        if position < end, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < end, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            while position < end, (0x30...0x39).contains(bytes[position]) { position += 1 }
        }
        guard digits > 0 else { throw unexpected("a digit") }
        if position >= end { throw truncated("a number") }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    /// Reads a string value starting at its opening quote: without escapes it stays in the body (`.raw`).
    mutating func readStringValue() throws(Failure) -> JSONValue {
        let start = position + 1
        if let base = bytes.baseAddress, start < end,
           let quote = memchr(base + start, 0x22, end - start) {
            let quoteIndex = base.distance(to: quote.assumingMemoryBound(to: UInt8.self))
            if memchr(base + start, 0x5C, quoteIndex - start) == nil {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<quoteIndex])
                position = quoteIndex + 1
                if !Self.isASCII(slice) {
                    let bad = Self.firstInvalidByte(slice)
                    if bad < slice.count, invalidUTF8Offset == nil { invalidUTF8Offset = start + bad }
                }
                return .raw(base + start, quoteIndex - start)
            }
        }
        return .string(try readString())
    }

    /// Reads a string starting at its opening quote.
    mutating func readString() throws(Failure) -> String {
        position += 1 // opening quote
        let start = position
        var ascii = true
        // Fast path: memchr (vectorised) finds the closing quote; no backslash before it means no escapes.
        if let base = bytes.baseAddress, start < end,
           let quote = memchr(base + start, 0x22, end - start) {
            let quoteIndex = base.distance(to: quote.assumingMemoryBound(to: UInt8.self))
            if memchr(base + start, 0x5C, quoteIndex - start) == nil {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<quoteIndex])
                position = quoteIndex + 1
                return makeString(slice, ascii: Self.isASCII(slice), offset: start)
            }
        }
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                return makeString(slice, ascii: ascii, offset: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte >= 0x80 { ascii = false }
            position += 1
        }
        guard position < end else { throw truncated("a string") }
        // Slow path: escapes. Copy what we have so far, then decode the rest.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                let result = scratch.withUnsafeBufferPointer { makeString($0, ascii: ascii, offset: start) }
                return result
            }
            if byte == UInt8(ascii: "\\") {
                guard position + 1 < end else { throw truncated("a string escape") }
                let escaped = bytes[position + 1]
                position += 2
                switch escaped {
                case UInt8(ascii: "\""): scratch.append(0x22)
                case UInt8(ascii: "\\"): scratch.append(0x5C)
                case UInt8(ascii: "/"): scratch.append(0x2F)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800...0xDBFF).contains(scalar), position + 1 < end,
                       bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        let save = position
                        position += 2
                        let low = try readHex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            position = save
                        }
                    }
                    let unicode = UnicodeScalar(scalar) ?? "\u{FFFD}"
                    ascii = ascii && unicode.isASCII
                    scratch.append(contentsOf: String(unicode).utf8)
                default:
                    position -= 1
                    throw unexpected("a valid escape after '\\'")
                }
                continue
            }
            if byte >= 0x80 { ascii = false }
            scratch.append(byte)
            position += 1
        }
        throw truncated("a string")
    }

    mutating func readHex4() throws(Failure) -> UInt32 {
        guard position + 4 <= end else { throw truncated("a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw unexpected("a hexadecimal digit")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    mutating func makeString(_ slice: UnsafeBufferPointer<UInt8>, ascii: Bool, offset: Int) -> String {
        if ascii { return String(decoding: slice, as: UTF8.self) }
        if let valid = String(validating: slice, as: UTF8.self) { return valid }
        if invalidUTF8Offset == nil { invalidUTF8Offset = offset + Self.firstInvalidByte(slice) }
        return String(decoding: slice, as: UTF8.self)
    }

    /// Eight bytes at a time.
    static func isASCII(_ slice: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = slice.baseAddress else { return true }
        let count = slice.count
        var i = 0
        var acc: UInt64 = 0
        while i + 8 <= count {
            acc |= UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            i += 8
        }
        while i < count { acc |= UInt64(base[i]); i += 1 }
        return acc & 0x8080_8080_8080_8080 == 0
    }

    static func firstInvalidByte(_ slice: UnsafeBufferPointer<UInt8>) -> Int {
        var decoder = UTF8()
        var iterator = slice.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }
}
