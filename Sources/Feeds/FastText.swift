/// Byte-level text helpers for the hot path of feed parsing. Foundation's `contains`/`range(of:)` and
/// `Character` iteration cost more than the whole JSON scan; these work on UTF-8 bytes and ASCII case folding,
/// which is enough for the (ASCII) keywords and whitespace they look for.
struct LowerText {
    let text: String

    init(_ text: String) { self.text = text }

    init(_ texts: [String]) { self.init(texts.joined(separator: "\n")) }

    /// Whether the lowercase ASCII `needle` occurs, ignoring ASCII case.
    func has(_ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        let p = needle.utf8Start
        let found: Bool? = text.utf8.withContiguousStorageIfAvailable { h in
            guard n > 0 else { return true }
            guard h.count >= n else { return false }
            let first = p[0]
            var i = 0
            let last = h.count - n
            while i <= last {
                if h[i] | 0x20 == first || h[i] == first {
                    var j = 1
                    while j < n {
                        let b = h[i + j]
                        let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                        if lower != p[j] { break }
                        j += 1
                    }
                    if j == n {
                        let b = h[i]
                        if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) == first { return true }
                    }
                }
                i += 1
            }
            return false
        }
        if let found { return found }
        var copy = text
        copy.makeContiguousUTF8()
        return LowerText(copy).has(needle)
    }

    /// Whether any of the lowercase ASCII needles occurs, in one pass over the text: a 256-bit table of the
    /// needles' first bytes (both cases) lets most bytes be skipped with one lookup.
    func hasAny(_ needles: StaticString...) -> Bool {
        var mask: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        func mark(_ b: UInt8) {
            let bit = UInt64(1) << UInt64(b & 63)
            switch b >> 6 {
            case 0: mask.0 |= bit
            case 1: mask.1 |= bit
            case 2: mask.2 |= bit
            default: mask.3 |= bit
            }
        }
        for needle in needles where needle.utf8CodeUnitCount > 0 {
            let f = needle.utf8Start[0]
            mark(f)
            if f >= 0x61 && f <= 0x7A { mark(f & ~0x20) }
        }
        let m = mask
        let found: Bool? = text.utf8.withContiguousStorageIfAvailable { h in
            let count = h.count
            var i = 0
            while i < count {
                let b = h[i]
                let bit = UInt64(1) << UInt64(b & 63)
                let word: UInt64 = switch b >> 6 { case 0: m.0; case 1: m.1; case 2: m.2; default: m.3 }
                if word & bit != 0 {
                    let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                    for needle in needles {
                        let p = needle.utf8Start
                        let n = needle.utf8CodeUnitCount
                        guard n > 0, p[0] == lower, i + n <= count else { continue }
                        var j = 1
                        while j < n {
                            let c = h[i + j]
                            if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != p[j] { break }
                            j += 1
                        }
                        if j == n { return true }
                    }
                }
                i += 1
            }
            return false
        }
        if let found { return found }
        for needle in needles where has(needle) { return true }
        return false
    }

    /// Equal to the lowercase ASCII `word`, ignoring ASCII case.
    func equals(_ word: StaticString) -> Bool {
        guard text.utf8.count == word.utf8CodeUnitCount else { return false }
        for (i, b) in text.utf8.enumerated() where (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != word.utf8Start[i] { return false }
        return true
    }

    var bytes: [UInt8] { text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
}

enum FastText {
    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C || b == 0x0B }

    /// Trims ASCII whitespace and no-break spaces; returns nil for an empty result.
    static func trimmed(_ text: String?) -> String? {
        guard let text else { return nil }
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return nil }
        if !isSpace(first), !isSpace(last), first != 0xC2, last != 0xA0 { return text }
        var scalars = Substring(text).unicodeScalars
        while let s = scalars.first, s.value == 0xA0 || (s.isASCII && isSpace(UInt8(s.value))) { scalars.removeFirst() }
        while let s = scalars.last, s.value == 0xA0 || (s.isASCII && isSpace(UInt8(s.value))) { scalars.removeLast() }
        return scalars.isEmpty ? nil : String(scalars)
    }

    /// Non-negative decimal numbers in a text ("32-40 uur" → [32, 40]; "37,5" → [37.5]), as (integer, tenths…) Doubles.
    static func numbers(in text: String) -> [Double] {
        var result: [Double] = []
        var whole: Double = 0, fraction: Double = 0, scale: Double = 1
        var inNumber = false, inFraction = false
        func flush() {
            if inNumber { result.append(whole + fraction) }
            whole = 0; fraction = 0; scale = 1; inNumber = false; inFraction = false
        }
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                if inFraction { scale /= 10; fraction += Double(b - 0x30) * scale } else { whole = whole * 10 + Double(b - 0x30) }
                inNumber = true
            } else if (b == 0x2C || b == 0x2E), inNumber, !inFraction, i + 1 < bytes.count, bytes[i + 1] >= 0x30, bytes[i + 1] <= 0x39 {
                inFraction = true
            } else {
                flush()
            }
            i += 1
        }
        flush()
        return result
    }
}

/// A fixed set of lowercase ASCII keywords, searched case-insensitively in one pass: a 256-entry table of the
/// keywords' first bytes (both cases) lets the scan skip almost every byte with one load.
struct KeywordSet: Sendable {
    private let first: [Bool]
    private let needles: [[UInt8]]

    init(_ words: [String]) {
        var first = [Bool](repeating: false, count: 256)
        for word in words {
            guard let f = word.utf8.first else { continue }
            first[Int(f)] = true
            if f >= 0x61 && f <= 0x7A { first[Int(f & ~0x20)] = true }
        }
        self.first = first
        self.needles = words.map { Array($0.utf8) }
    }

    func occurs(in text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ occurs(in: $0) }) { return found }
        var copy = text
        copy.makeContiguousUTF8()
        return copy.utf8.withContiguousStorageIfAvailable { occurs(in: $0) } ?? false
    }

    func occurs(in h: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = h.baseAddress else { return false }
        let count = h.count
        return first.withUnsafeBufferPointer { table in
            let t = table.baseAddress!
            var i = 0
            while i < count {
                if t[Int(base[i])] {
                    let b = base[i]
                    let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                    for needle in needles where needle[0] == lower && i + needle.count <= count {
                        var j = 1
                        let n = needle.count
                        while j < n {
                            let c = base[i + j]
                            if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != needle[j] { break }
                            j += 1
                        }
                        if j == n { return true }
                    }
                }
                i += 1
            }
            return false
        }
    }
}
