import Domain
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An element of one XML record, by local name (namespace prefixes dropped).
final class XMLNode {
    let name: String
    var attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// The trimmed text, or nil when empty or the literal "null" some exporters write.
    var value: String? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty || t == "null" ? nil : t
    }

    func child(_ name: String) -> XMLNode? {
        children.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// The first element with this name anywhere below, depth first.
    func first(_ name: String) -> XMLNode? {
        for child in children {
            if child.name.caseInsensitiveCompare(name) == .orderedSame { return child }
            if let found = child.first(name) { return found }
        }
        return nil
    }

    func all(_ name: String) -> [XMLNode] {
        var result: [XMLNode] = []
        for child in children {
            if child.name.caseInsensitiveCompare(name) == .orderedSame { result.append(child) }
            result += child.all(name)
        }
        return result
    }

    /// The text of the first of these elements that has one.
    func firstValue(_ names: String...) -> String? {
        for name in names { if let v = first(name)?.value { return v } }
        return nil
    }

    func allText() -> [String] {
        var result: [String] = value.map { [$0] } ?? []
        for child in children { result += child.allText() }
        return result
    }
}

/// Record-by-record XML reading, safe against hostile documents.
///
/// - A document with a DOCTYPE (internal or external DTD) is refused before any parsing: no entity can be
///   declared, so entity expansion (billion laughs) and external entities (`file://`, `http://`) cannot happen.
/// - The body is split into records (`<job>…</job>`, `<PositionOpening>…</PositionOpening>`) at the byte level,
///   skipping CDATA, comments and processing instructions. Each record is checked for valid UTF-8 and then parsed
///   on its own by libxml2 (`XMLParser`, external entities off). A broken record — invalid UTF-8, an undeclared
///   entity, a tag mismatch — is quarantined with the parser's message and the feed reads on.
/// - Declared encodings: UTF-8 and US-ASCII as they are; ISO-8859-1 / Windows-1252 are transcoded to UTF-8 first;
///   any other encoding is refused.
enum XMLFeed {
    static func parse(
        _ input: UnsafeBufferPointer<UInt8>, recordElement: String, expectedRoots: [String] = [], options: FeedParseOptions,
        fields: (XMLNode) -> DraftFields, emit: (FeedRecord) throws -> Void
    ) throws -> FeedStreamError? {
        var start = 0
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { start = 3 }
        if input.count >= 2, (input[0] == 0xFE && input[1] == 0xFF) || (input[0] == 0xFF && input[1] == 0xFE) {
            return FeedStreamError(.unsupported, "XML in UTF-16 is not supported; feeds must be UTF-8")
        }
        // The encoding declaration is read once. A Latin-1 / Windows-1252 body is transcoded and its whole
        // declaration replaced by a UTF-8 one, then read by `parseUTF8`, which never looks at encodings again:
        // no input can make this step repeat (a declaration that repeats its encoding name used to recurse).
        switch declaredEncoding(input, from: start) {
        case .utf8:
            return try parseUTF8(input, from: start, recordElement: recordElement, expectedRoots: expectedRoots,
                                 options: options, fields: fields, emit: emit)
        case .unsupported(let name):
            return FeedStreamError(.unsupported, "XML encoding '\(name)' is not supported; feeds must be UTF-8 or ISO-8859-1")
        case .singleByte(let encoding, let declarationEnd):
            let data = Data(buffer: UnsafeBufferPointer(rebasing: input[declarationEnd...]))
            let text = String(data: data, encoding: encoding) ?? ""
            let utf8 = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".utf8) + Array(text.utf8)
            return try utf8.withUnsafeBufferPointer {
                try parseUTF8($0, from: 0, recordElement: recordElement, expectedRoots: expectedRoots,
                              options: options, fields: fields, emit: emit)
            }
        }
    }

    enum DeclaredEncoding: Equatable {
        case utf8
        /// Transcode everything after the declaration (which ends at `declarationEnd`).
        case singleByte(String.Encoding, declarationEnd: Int)
        case unsupported(String)
    }

    /// The encoding named by `<?xml … encoding="…"?>`, read from the pseudo-attribute itself (the name in quotes
    /// right after `encoding=`), in one pass.
    static func declaredEncoding(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> DeclaredEncoding {
        guard input.count > start + 5, JSONLDFeed.find(input, "<?xml", from: start) == start,
              let declEnd = JSONLDFeed.find(input, "?>", from: start) else { return .utf8 }
        let decl = Array(UnsafeBufferPointer(rebasing: input[start..<declEnd]))
        let key = Array("encoding".utf8)
        var i = 0
        while i + key.count <= decl.count {
            var matches = true
            for j in 0..<key.count where decl[i + j] | 0x20 != key[j] { matches = false; break }
            guard matches else { i += 1; continue }
            var k = i + key.count
            while k < decl.count, decl[k] == 0x20 || decl[k] == 0x09 || decl[k] == 0x0A || decl[k] == 0x0D { k += 1 }
            guard k < decl.count, decl[k] == UInt8(ascii: "=") else { i += 1; continue }
            k += 1
            while k < decl.count, decl[k] == 0x20 || decl[k] == 0x09 || decl[k] == 0x0A || decl[k] == 0x0D { k += 1 }
            guard k < decl.count, decl[k] == 0x22 || decl[k] == 0x27 else { i += 1; continue }
            let quote = decl[k]
            var e = k + 1
            while e < decl.count, decl[e] != quote, e - k <= 40 { e += 1 }
            let name = String(decoding: decl[(k + 1)..<e], as: UTF8.self).lowercased()
            switch name {
            case "utf-8", "utf8", "us-ascii", "ascii": return .utf8
            case "iso-8859-1", "latin1", "latin-1", "iso-8859-15", "iso8859-1": return .singleByte(.isoLatin1, declarationEnd: declEnd + 2)
            case "windows-1252", "cp1252": return .singleByte(.windowsCP1252, declarationEnd: declEnd + 2)
            default: return .unsupported(String(name.prefix(40)))
            }
        }
        return .utf8
    }

    static func parseUTF8(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, recordElement: String, expectedRoots: [String], options: FeedParseOptions,
        fields: (XMLNode) -> DraftFields, emit: (FeedRecord) throws -> Void
    ) throws -> FeedStreamError? {
        var splitter = RecordSplitter(bytes: input, position: start, recordElement: recordElement)
        switch splitter.readProlog() {
        case .failure(let error): return error
        case .success: break
        }
        let found = String(decoding: splitter.rootName, as: UTF8.self)
        let expected = expectedRoots.map { "`\($0)`" }.joined(separator: " or ")
        if !splitter.rootName.isEmpty, !expectedRoots.isEmpty,
           !expectedRoots.contains(where: { Array($0.lowercased().utf8) == splitter.rootName }) {
            // A feed of another format (RSS given as Indeed XML, an HTML page …): fail the run, naming what was found.
            return FeedStreamError(.unsupported, "root element `\(found)`, expected \(expected): this is not a \(recordElement)-feed in the configured format")
        }
        var records = 0
        let wrapperOpen = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><matchpunt-record\(splitter.namespaceDeclarations)>".utf8)
        let wrapperClose = Array("</matchpunt-record>".utf8)
        var chunk: [UInt8] = []
        while true {
            switch splitter.nextRecord() {
            case .end:
                if records == 0, !splitter.rootName.isEmpty {
                    // Zero records is never a silent success: the feed has another shape than configured.
                    return FeedStreamError(.empty, "no <\(recordElement)> element under root element `\(found)`" + (expectedRoots.isEmpty ? "" : " (expected \(expected) with <\(recordElement)> records)"))
                }
                return nil
            case .failure(let error, let partial):
                if let partial {
                    try emit(.quarantined(QuarantinedRecord(
                        reason: "record afgebroken: de feed houdt midden in dit record op",
                        raw: String(decoding: UnsafeBufferPointer(rebasing: input[partial]), as: UTF8.self))))
                }
                return error
            case .record(let range):
                records += 1
                let recordBytes = UnsafeBufferPointer(rebasing: input[range])
                let raw = String(decoding: recordBytes, as: UTF8.self)
                if String(validating: recordBytes, as: UTF8.self) == nil {
                    let bad = range.lowerBound + JSONScanner.firstInvalidByte(recordBytes)
                    try emit(.quarantined(QuarantinedRecord(
                        externalId: nil, reason: "ongeldige UTF-8 bij byte \(bad): het record is niet betrouwbaar te lezen", raw: raw)))
                    continue
                }
                chunk.removeAll(keepingCapacity: true)
                chunk += wrapperOpen
                chunk += recordBytes
                chunk += wrapperClose
                switch TreeBuilder.parse(chunk) {
                case .success(let root):
                    guard let record = root.children.first else {
                        try emit(.quarantined(QuarantinedRecord(reason: "leeg record", raw: raw)))
                        continue
                    }
                    try emit(fields(record).finish(raw: { raw }, options: options))
                case .failure(let failure):
                    try emit(.quarantined(QuarantinedRecord(reason: "XML-fout in dit record: \(failure.message)", raw: raw)))
                }
            }
        }
    }

    /// Builds an ``XMLNode`` tree with libxml2 through `XMLParser`; external entities are never resolved.
    final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [XMLNode] = []
        var root: XMLNode?
        var error: Error?
        var mismatch: String?

        struct Failure: Error { var message: String }

        static func parse(_ bytes: [UInt8]) -> Result<XMLNode, Failure> {
            let parser = XMLParser(data: Data(withoutProcessingInstructions(bytes)))
            parser.shouldResolveExternalEntities = false
            parser.shouldProcessNamespaces = false
            let builder = TreeBuilder()
            parser.delegate = builder
            let ok = parser.parse()
            if let mismatch = builder.mismatch {
                return .failure(Failure(message: "\(mismatch), regel \(parser.lineNumber)"))
            }
            if !ok || builder.root == nil || builder.error != nil {
                let error = (builder.error ?? parser.parserError) as NSError?
                let line = parser.lineNumber
                let detail = error.map { "\($0.localizedDescription) (code \($0.code))" } ?? "unknown error"
                return .failure(Failure(message: "\(detail), regel \(line)"))
            }
            return .success(builder.root!)
        }

        /// The bytes with every processing instruction after the XML declaration left out (`<?target data?>`
        /// outside comments and CDATA sections). Foundation's XMLParser on Linux calls `strlen` on the
        /// instruction's data without checking it, and libxml2 passes no data for `<?x?>`: one such instruction in
        /// a record killed the process (found by the fuzzer). Feeds carry nothing Matchpunt reads in them.
        static func withoutProcessingInstructions(_ bytes: [UInt8]) -> [UInt8] {
            func starts(_ marker: [UInt8], at index: Int) -> Bool {
                index + marker.count <= bytes.count && bytes[index..<(index + marker.count)].elementsEqual(marker)
            }
            func end(of marker: [UInt8], from index: Int) -> Int? {
                var i = index
                while i + marker.count <= bytes.count {
                    if bytes[i] == marker[0], starts(marker, at: i) { return i + marker.count }
                    i += 1
                }
                return nil
            }
            let comment: [UInt8] = Array("<!--".utf8), commentEnd: [UInt8] = Array("-->".utf8)
            let cdata: [UInt8] = Array("<![CDATA[".utf8), cdataEnd: [UInt8] = Array("]]>".utf8)
            let instruction: [UInt8] = Array("<?".utf8), instructionEnd: [UInt8] = Array("?>".utf8)
            // Keep the declaration at the very start (`<?xml …?>`); it is not a processing instruction.
            var start = 0
            if starts(Array("<?xml".utf8), at: 0), let declarationEnd = end(of: instructionEnd, from: 5) { start = declarationEnd }
            guard bytes[start...].contains(where: { $0 == UInt8(ascii: "?") }) else { return bytes }
            var out: [UInt8] = Array(bytes[..<start])
            out.reserveCapacity(bytes.count)
            var i = start
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "<"),
                   let (open, close, keep) = [(comment, commentEnd, true), (cdata, cdataEnd, true), (instruction, instructionEnd, false)]
                       .first(where: { starts($0.0, at: i) }) {
                    // An unterminated section or instruction is kept as it is: the parser reports the error.
                    let stop = end(of: close, from: i + open.count) ?? bytes.count
                    if keep || stop == bytes.count { out += bytes[i..<stop] }
                    i = stop
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            return out
        }

        static func localName(_ qualified: String) -> String {
            if let colon = qualified.lastIndex(of: ":") { return String(qualified[qualified.index(after: colon)...]) }
            return qualified
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            var attributes: [String: String] = [:]
            for (key, value) in attributeDict { attributes[Self.localName(key)] = value }
            let node = XMLNode(name: Self.localName(elementName), attributes: attributes)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            let name = Self.localName(elementName)
            if let open = stack.popLast(), open.name != name, mismatch == nil {
                mismatch = "</\(name)> sluit <\(open.name)>"
                parser.abortParsing()
            }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            if error == nil { error = parseError }
        }

        func parser(_ parser: XMLParser, validationErrorOccurred validationError: Error) {
            if error == nil { error = validationError }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
        }

        func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
            nil // never read an external entity
        }
    }
}

/// Finds record elements in an XML byte buffer without parsing their content.
struct RecordSplitter {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    let recordName: [UInt8]
    var namespaceDeclarations = ""
    var rootName: [UInt8] = []
    var rootClosed = false

    init(bytes: UnsafeBufferPointer<UInt8>, position: Int, recordElement: String) {
        self.bytes = bytes
        self.position = position
        self.recordName = Array(recordElement.lowercased().utf8)
    }

    enum Next {
        case record(Range<Int>)
        case end
        case failure(FeedStreamError, partial: Range<Int>?)
    }

    func starts(with text: String, at index: Int) -> Bool {
        let pattern = Array(text.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        for (i, b) in pattern.enumerated() {
            var c = bytes[index + i]
            if c >= 0x41, c <= 0x5A { c += 0x20 }
            var p = b
            if p >= 0x41, p <= 0x5A { p += 0x20 }
            if c != p { return false }
        }
        return true
    }

    /// Skips a construct starting with `open` up to and including `close`; nil when unterminated.
    func skip(from index: Int, close: String) -> Int? {
        JSONLDFeed.find(bytes, close, from: index).map { $0 + close.utf8.count }
    }

    /// The element name at `index` (just after '<' or '</'), lowercased local part, and where it ends.
    func name(at index: Int) -> (local: [UInt8], end: Int) {
        var i = index
        var name: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == UInt8(ascii: ">") || b == UInt8(ascii: "/") { break }
            name.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
            i += 1
        }
        if let colon = name.lastIndex(of: UInt8(ascii: ":")) { name = Array(name[(colon + 1)...]) }
        return (name, i)
    }

    /// End of a tag starting at `index` ('<'), honouring quoted attribute values; and whether it is self-closing.
    func tagEnd(from index: Int) -> (end: Int, selfClosing: Bool)? {
        var i = index
        var quote: UInt8? = nil
        while i < bytes.count {
            let b = bytes[i]
            if let q = quote { if b == q { quote = nil } }
            else if b == 0x22 || b == 0x27 { quote = b }
            else if b == UInt8(ascii: ">") { return (i + 1, i > index && bytes[i - 1] == UInt8(ascii: "/")) }
            i += 1
        }
        return nil
    }

    /// Skips the XML declaration, comments and PIs; refuses a DOCTYPE; reads the root element's start tag.
    mutating func readProlog() -> Result<Void, FeedStreamError> {
        while position < bytes.count {
            let b = bytes[position]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { position += 1; continue }
            guard b == UInt8(ascii: "<") else {
                return .failure(FeedStreamError(.malformed, "malformed XML: text before the root element", offset: position))
            }
            if starts(with: "<?", at: position) {
                guard let next = skip(from: position, close: "?>") else { return .failure(FeedStreamError(.truncated, "XML ends inside a processing instruction", offset: position)) }
                position = next
            } else if starts(with: "<!--", at: position) {
                guard let next = skip(from: position, close: "-->") else { return .failure(FeedStreamError(.truncated, "XML ends inside a comment", offset: position)) }
                position = next
            } else if starts(with: "<!doctype html", at: position) || starts(with: "<html", at: position) {
                return .failure(FeedStreamError(.unsupported, "root element `html`, expected an XML feed: this is an HTML page, not a feed in the configured format", offset: position))
            } else if starts(with: "<!doctype", at: position) || starts(with: "<!entity", at: position) {
                return .failure(FeedStreamError(.refusedDTD,
                    "XML feed refused: it has a DOCTYPE/DTD. Matchpunt never processes DTDs, so entity declarations (entity expansion, external entities such as file://) are not allowed in feeds",
                    offset: position))
            } else {
                let (local, nameEnd) = name(at: position + 1)
                guard let (end, selfClosing) = tagEnd(from: position) else {
                    return .failure(FeedStreamError(.truncated, "XML ends inside the root element's start tag", offset: position))
                }
                let tag = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameEnd..<(end - 1)]), as: UTF8.self)
                namespaceDeclarations = Self.namespaceDeclarations(in: tag)
                if local == recordName {
                    // The document is a single record.
                    rootName = []
                    return .success(())
                }
                rootName = local
                position = end
                rootClosed = selfClosing
                return .success(())
            }
        }
        return .failure(FeedStreamError(.empty, "the XML feed is empty"))
    }

    /// `xmlns` and `xmlns:p` attributes of a start tag, as text to put on the wrapper element.
    static func namespaceDeclarations(in tag: String) -> String {
        var result = ""
        var rest = Substring(tag)
        while let range = rest.range(of: "xmlns") {
            let after = rest[range.lowerBound...]
            guard let eq = after.firstIndex(of: "=") else { break }
            let valueStart = after.index(after: eq)
            guard valueStart < after.endIndex else { break }
            let quote = after[valueStart]
            guard quote == "\"" || quote == "'" else { break }
            let valueBody = after[after.index(after: valueStart)...]
            guard let close = valueBody.firstIndex(of: quote) else { break }
            result += " " + after[..<after.index(after: close)]
            rest = valueBody[valueBody.index(after: close)...]
        }
        return result
    }

    mutating func nextRecord() -> Next {
        if rootClosed { return .end }
        while position < bytes.count {
            guard let lt = JSONLDFeed.find(bytes, "<", from: position) else { break }
            position = lt
            if starts(with: "<![cdata[", at: position) {
                guard let next = skip(from: position, close: "]]>") else { break }
                position = next
            } else if starts(with: "<!--", at: position) {
                guard let next = skip(from: position, close: "-->") else { break }
                position = next
            } else if starts(with: "<?", at: position) {
                guard let next = skip(from: position, close: "?>") else { break }
                position = next
            } else if starts(with: "</", at: position) {
                let (local, _) = name(at: position + 2)
                guard let (end, _) = tagEnd(from: position) else { break }
                position = end
                if local == rootName { rootClosed = true; return .end }
            } else {
                let (local, _) = name(at: position + 1)
                guard let (end, selfClosing) = tagEnd(from: position) else { break }
                if local == recordName {
                    let recordStart = position
                    if selfClosing { position = end; return .record(recordStart..<end) }
                    position = end
                    switch findRecordEnd() {
                    case .some(let recordEnd): return .record(recordStart..<recordEnd)
                    case .none:
                        return .failure(FeedStreamError(.truncated, "XML ends in the middle of a <\(String(decoding: recordName, as: UTF8.self))> record: the feed is truncated", offset: bytes.count),
                                        partial: recordStart..<bytes.count)
                    }
                }
                position = end
            }
        }
        if rootName.isEmpty { return .end }
        return .failure(FeedStreamError(.truncated, "XML ends before the root element is closed: the feed is truncated", offset: bytes.count), partial: nil)
    }

    /// From just after a record's start tag, the index after its matching end tag (nested same-name elements counted).
    mutating func findRecordEnd() -> Int? {
        var depth = 1
        while position < bytes.count {
            guard let lt = JSONLDFeed.find(bytes, "<", from: position) else { return nil }
            position = lt
            if starts(with: "<![cdata[", at: position) {
                guard let next = skip(from: position, close: "]]>") else { return nil }
                position = next
            } else if starts(with: "<!--", at: position) {
                guard let next = skip(from: position, close: "-->") else { return nil }
                position = next
            } else if starts(with: "</", at: position) {
                let (local, _) = name(at: position + 2)
                guard let (end, _) = tagEnd(from: position) else { return nil }
                position = end
                if local == recordName {
                    depth -= 1
                    if depth == 0 { return end }
                }
            } else {
                let (local, _) = name(at: position + 1)
                guard let (end, selfClosing) = tagEnd(from: position) else { return nil }
                position = end
                if local == recordName, !selfClosing { depth += 1 }
            }
        }
        return nil
    }
}
