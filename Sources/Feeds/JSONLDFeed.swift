import Domain
import Foundation

/// schema.org `JobPosting` JSON-LD, streamed: the top-level array, `itemListElement` and `@graph` are read one
/// element at a time, and only that element is built as a ``JSONValue``.
enum JSONLDFeed {
    enum Context: Sendable { case top, list, graph }

    /// What the scanning half hands to the normalising half: an element, or a record cut off by an error.
    enum ScanEvent {
        case element(JSONValue, rawRange: Range<Int>, invalidUTF8Offset: Int?, context: Context)
        case partial(rawRange: Range<Int>, reason: String)
    }

    /// An element taken apart into what is left to do: normalise a posting's fields, or pass a record on.
    enum Prepared: Sendable {
        case fields(DraftFields, rawRange: Range<Int>)
        case record(FeedRecord)
    }

    typealias Sink = (ScanEvent) throws -> Void

    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, options: FeedParseOptions, emit: (FeedRecord) throws -> Void
    ) throws -> FeedStreamError? {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var scanner = JSONScanner(bytes: bytes, range: start..<bytes.count)
        guard let first = scanner.peek() else { return FeedStreamError(.empty, "the feed is empty") }
        let html = first == UInt8(ascii: "<")
        let from = scanner.position
        if options.parallelScan, bytes.count >= 1 << 20 {
            return try parseOnTwoThreads(bytes, html: html, from: from, options: options, emit: emit)
        }
        return try scan(bytes, html: html, from: from) { event in
            try process(event, bytes: bytes, options: options, emit: emit)
        }
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, html: Bool, from: Int, sink: Sink) throws -> FeedStreamError? {
        html ? try parseHTML(bytes, from: from, sink: sink)
            : try parseDocument(bytes, range: from..<bytes.count, sink: sink, insidePage: false)
    }

    static func process(_ event: ScanEvent, bytes: UnsafeBufferPointer<UInt8>, options: FeedParseOptions,
                        emit: (FeedRecord) throws -> Void) throws {
        var prepared: [Prepared] = []
        prepare(event, bytes: bytes, into: &prepared)
        for item in prepared { try complete(item, bytes: bytes, options: options, emit: emit) }
    }

    /// The first half (on the scanner thread when there are two): JSON value → fields or a quarantined record.
    static func prepare(_ event: ScanEvent, bytes: UnsafeBufferPointer<UInt8>, into out: inout [Prepared]) {
        switch event {
        case .element(let value, let rawRange, let invalid, let context):
            handle(value, rawRange: rawRange, bytes: bytes, invalidUTF8Offset: invalid, context: context, into: &out)
        case .partial(let rawRange, let reason):
            out.append(.record(.quarantined(QuarantinedRecord(reason: reason, raw: rawText(bytes, rawRange)))))
        }
    }

    /// The second half (on the caller's thread): normalise and hand on.
    static func complete(_ item: Prepared, bytes: UnsafeBufferPointer<UInt8>, options: FeedParseOptions,
                         emit: (FeedRecord) throws -> Void) throws {
        switch item {
        case .fields(let fields, let rawRange):
            try emit(fields.finish(raw: { rawText(bytes, rawRange) }, options: options))
        case .record(let record):
            try emit(record)
        }
    }

    static func rawText(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Scanning (bytes → JSON values) on a second thread, normalising and `emit` on the caller's thread, with a
    /// bounded queue of batches between them. The scanner thread is always joined before this returns, so the
    /// byte buffer outlives it.
    static func parseOnTwoThreads(
        _ bytes: UnsafeBufferPointer<UInt8>, html: Bool, from: Int, options: FeedParseOptions, emit: (FeedRecord) throws -> Void
    ) throws -> FeedStreamError? {
        let queue = ScanQueue()
        let box = UnsafeBytes(bytes: bytes)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            var batch: [Prepared] = []
            batch.reserveCapacity(ScanQueue.batchSize)
            var scanned = from
            // Share the title mapping, the largest part of normalising, with this thread: a record's title mapped
            // here is found in the mapper's cache by the other thread. How many this thread maps follows the queue
            // between them (issue 10): a backlog means the other thread is the slower one, so this one maps every
            // title; a queue holding only the batch just pushed means it waits for this one, which then maps none; in
            // between every other.
            // With a fixed half the two threads were unbalanced: on the realistic 100k feed the other thread had 37 %
            // of the process's CPU samples and this one 27 % (perf), so this one idled; with the queue deciding, 32 %
            // and 31 %. Answers do not depend on which thread maps a title.
            var warmEvery = 2
            do {
                let result = try scan(box.bytes, html: html, from: from) { event in
                    switch event {
                    case .element(_, let rawRange, _, _), .partial(let rawRange, _): scanned = max(scanned, rawRange.upperBound)
                    }
                    prepare(event, bytes: box.bytes, into: &batch)
                    if warmEvery > 0, batch.count % warmEvery == 0, case .fields(let fields, _)? = batch.last {
                        fields.warmTitleMapping(options: options)
                    }
                    if batch.count >= ScanQueue.batchSize {
                        let waiting = try queue.push(batch, scannedTo: scanned)
                        warmEvery = waiting >= 3 ? 1 : waiting == 2 ? 2 : 0
                        batch = []
                        batch.reserveCapacity(ScanQueue.batchSize)
                    }
                }
                if !batch.isEmpty { try queue.push(batch, scannedTo: scanned) }
                queue.finish(result)
            } catch {
                queue.finish(nil) // only a cancelled push throws here
            }
            finished.signal()
        }
        thread.stackSize = 8 << 20 // deep JSON recursion stays within 256 levels
        thread.start()
        defer {
            queue.cancel()
            finished.wait()
        }
        // Records are scanned in body order and a batch's items read no bytes past the end of its last record, so
        // once a batch is completed nothing before that end is read again (only a JSON document, not a page's
        // script blocks, is released: it is read in one forward pass).
        var release = options.releaseParsedBody && !html ? ConsumedPages(bytes) : nil
        while let (batch, scannedTo) = queue.pop() {
            for item in batch { try complete(item, bytes: bytes, options: options, emit: emit) }
            release?.consumed(upTo: scannedTo)
        }
        return queue.result
    }

    /// Finds `<script type="application/ld+json">` blocks in an HTML page and reads each.
    static func parseHTML(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, sink: Sink) throws -> FeedStreamError? {
        var position = from
        var blocks = 0
        while let open = find(bytes, "<script", from: position, caseInsensitive: true) {
            guard let tagEnd = find(bytes, ">", from: open) else { break }
            let tag = String(decoding: UnsafeBufferPointer(rebasing: bytes[open..<tagEnd]), as: UTF8.self).lowercased()
            guard let close = find(bytes, "</script", from: tagEnd, caseInsensitive: true) else {
                return FeedStreamError(.truncated, "HTML page ends inside a <script> block", offset: tagEnd)
            }
            position = close + 8
            guard tag.contains("application/ld+json") else { continue }
            blocks += 1
            // Other JSON-LD blocks on a page (Organization, BreadcrumbList) are normal: skipped, not quarantined.
            if let error = try parseDocument(bytes, range: (tagEnd + 1)..<close, sink: sink, insidePage: true) {
                return error
            }
        }
        if blocks == 0 {
            // An XML feed given as JSON-LD: name its root element.
            var i = from
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "<"), i + 1 < bytes.count, bytes[i + 1] != UInt8(ascii: "?"), bytes[i + 1] != UInt8(ascii: "!") {
                    var e = i + 1
                    while e < bytes.count, e - i < 64, bytes[e] != 0x20, bytes[e] != UInt8(ascii: ">"), bytes[e] != UInt8(ascii: "/"),
                          bytes[e] != 0x0A, bytes[e] != 0x0D, bytes[e] != 0x09 { e += 1 }
                    let root = String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<e]), as: UTF8.self)
                    if root.lowercased() != "html" {
                        return FeedStreamError(.unsupported, "root element `\(root)`, expected a JSON-LD document or an HTML page with JSON-LD: this is an XML document")
                    }
                    break
                }
                i += 1
            }
            return FeedStreamError(.empty, "the HTML page holds no <script type=\"application/ld+json\"> block")
        }
        return nil
    }

    static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: String, from: Int, caseInsensitive: Bool = false) -> Int? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
        var i = from
        let last = bytes.count - pattern.count
        while i <= last {
            var matched = true
            for j in 0..<pattern.count {
                var b = bytes[i + j]
                if caseInsensitive, b >= 0x41, b <= 0x5A { b += 0x20 }
                if b != pattern[j] { matched = false; break }
            }
            if matched { return i }
            i += 1
        }
        return nil
    }

    static func parseDocument(
        _ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, sink: Sink, insidePage: Bool
    ) throws -> FeedStreamError? {
        var scanner = JSONScanner(bytes: bytes, range: range)
        do {
            switch scanner.peek() {
            case UInt8(ascii: "["):
                if let error = try streamArray(&scanner, context: insidePage ? .graph : .top, sink: sink) { return error }
            case UInt8(ascii: "{"):
                if let error = try streamTopObject(&scanner, context: insidePage ? .graph : .top, sink: sink) { return error }
            case nil:
                return FeedStreamError(.empty, "the JSON document is empty", offset: range.lowerBound)
            default:
                throw scanner.unexpected("'[' or '{' at the start of a JSON-LD document")
            }
            if scanner.peek() != nil {
                return FeedStreamError(.malformed, "malformed JSON: text after the end of the document", offset: scanner.position)
            }
            return nil
        } catch let failure as JSONScanner.Failure {
            return FeedStreamError(failure.kind, failure.message, offset: failure.offset)
        }
    }

    /// Reads `[ element, element, … ]`, handing each element on as soon as it is complete. An element cut off
    /// by the end of the feed is quarantined with the text that arrived, and the truncation returned.
    static func streamArray(_ scanner: inout JSONScanner, context: Context, sink: Sink) throws -> FeedStreamError? {
        try scanner.expect(UInt8(ascii: "["), "'['")
        if scanner.peek() == UInt8(ascii: "]") { scanner.position += 1; return nil }
        while true {
            guard scanner.peek() != nil else { throw scanner.truncated("the list of postings") }
            let start = scanner.position
            scanner.resetRecordState()
            let value: JSONValue
            do {
                value = try scanner.readValue(depth: 1)
            } catch {
                let failure = error
                let reason = failure.kind == .truncated
                    ? "record afgebroken: de feed houdt midden in dit record op"
                    : "record onleesbaar: \(failure.message) (byte \(failure.offset))"
                try sink(.partial(rawRange: start..<min(scanner.end, max(start, scanner.position)), reason: reason))
                return FeedStreamError(failure.kind, failure.message, offset: failure.offset)
            }
            try sink(.element(value, rawRange: start..<scanner.position, invalidUTF8Offset: scanner.invalidUTF8Offset, context: context))
            guard let next = scanner.peek() else { throw scanner.truncated("the list of postings") }
            scanner.position += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "]") { return nil }
            scanner.position -= 1
            throw scanner.unexpected("',' or ']' between postings")
        }
    }

    /// A top-level object: a single posting, or an `ItemList` / `@graph` container whose list is streamed.
    static func streamTopObject(_ scanner: inout JSONScanner, context: Context, sink: Sink) throws -> FeedStreamError? {
        let start = scanner.position
        scanner.resetRecordState()
        try scanner.expect(UInt8(ascii: "{"), "'{'")
        var members: [JSONObject.Member] = []
        var streamed = false
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.position += 1
        } else {
            while true {
                let key = try scanner.readKey()
                if (key == "itemListElement" || key == "@graph"), scanner.peek() == UInt8(ascii: "[") {
                    streamed = true
                    if let error = try streamArray(&scanner, context: key == "@graph" ? .graph : .list, sink: sink) {
                        return error
                    }
                } else {
                    members.append(JSONObject.Member(key: key, value: try scanner.readValue(depth: 1)))
                }
                guard let next = scanner.peek() else { throw scanner.truncated("the top-level object") }
                scanner.position += 1
                if next == UInt8(ascii: ",") { continue }
                if next == UInt8(ascii: "}") { break }
                scanner.position -= 1
                throw scanner.unexpected("',' or '}' in the top-level object")
            }
        }
        if !streamed {
            try sink(.element(.object(JSONObject(members: members)), rawRange: start..<scanner.position,
                              invalidUTF8Offset: scanner.invalidUTF8Offset, context: context))
        }
        return nil
    }

    /// One element: a posting, or a wrapper (ListItem, ItemList, @graph, array) around postings.
    static func handle(
        _ value: JSONValue, rawRange: Range<Int>, bytes: UnsafeBufferPointer<UInt8>, invalidUTF8Offset: Int?, context: Context,
        into out: inout [Prepared]
    ) {
        if let bad = invalidUTF8Offset {
            var id: String? = nil
            if case .object(let object) = value, let posting = postings(in: object, context: context).first {
                id = identifier(posting)
            }
            out.append(.record(.quarantined(QuarantinedRecord(
                externalId: id, reason: "ongeldige UTF-8 bij byte \(bad): het record is niet betrouwbaar te lezen",
                raw: rawText(bytes, rawRange)))))
            return
        }
        switch value {
        case .object(let object):
            let found = postings(in: object, context: context)
            if found.isEmpty {
                if context != .graph {
                    let type = object.types.first.map { "'\($0)'" } ?? "zonder @type"
                    out.append(.record(.quarantined(QuarantinedRecord(
                        externalId: identifier(object), reason: "geen JobPosting (\(type))", raw: rawText(bytes, rawRange)))))
                }
                return
            }
            // A wrapper holding several postings shares its text as their raw record.
            for posting in found { out.append(.fields(fields(of: posting), rawRange: rawRange)) }
        case .array(let values):
            for element in values {
                handle(element, rawRange: rawRange, bytes: bytes, invalidUTF8Offset: invalidUTF8Offset, context: context, into: &out)
            }
        default:
            out.append(.record(.quarantined(QuarantinedRecord(
                reason: "geen JobPosting-object maar een losse waarde", raw: rawText(bytes, rawRange)))))
        }
    }

    static func postings(in object: JSONObject, context: Context) -> [JSONObject] {
        if object.isType("JobPosting") { return [object] }
        let types = object.types
        var result: [JSONObject] = []
        if let item = object["item"], types.isEmpty || types.contains("ListItem") {
            for element in item.list { if let o = element.objectValue { result += postings(in: o, context: context) } }
        }
        for key in ["itemListElement", "@graph"] {
            if let list = object[key] {
                for element in list.list { if let o = element.objectValue { result += postings(in: o, context: .graph) } }
            }
        }
        return result
    }

    // MARK: - JobPosting → fields

    static func firstText(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        for element in value.list {
            if let text = element.text { return text }
            if let object = element.objectValue {
                if let v = object["value"]?.text ?? object["@value"]?.text ?? object["name"]?.text { return v }
            }
        }
        return nil
    }

    /// The JobPosting properties Matchpunt reads, collected in one pass over the members (one dictionary
    /// lookup per member instead of a linear search per property).
    struct PostingProperties {
        var identifier, id, url, title, name, description, hiringOrganization, jobLocation, workHours: JSONValue?
        var employmentType, jobStartDate, validThrough, duration, baseSalary, estimatedSalary: JSONValue?
        var occupationalCategory, relevantOccupation, skills, physicalRequirement, sensoryRequirement, banenafspraak: JSONValue?

        enum Key: Int {
            case identifier, id, url, title, name, description, hiringOrganization, jobLocation, workHours
            case employmentType, jobStartDate, validThrough, duration, baseSalary, estimatedSalary
            case occupationalCategory, relevantOccupation, skills, physicalRequirement, sensoryRequirement, banenafspraak
        }

        /// Every member name read, for reference (the switch in ``key(for:)`` must match it; a test checks).
        static let keys: [String: Key] = [
            "identifier": .identifier, "@id": .id, "url": .url, "title": .title, "name": .name,
            "description": .description, "hiringOrganization": .hiringOrganization, "jobLocation": .jobLocation,
            "workHours": .workHours, "employmentType": .employmentType, "jobStartDate": .jobStartDate,
            "validThrough": .validThrough, "contractDuration": .duration, "duration": .duration,
            "employmentDuration": .duration, "baseSalary": .baseSalary, "estimatedSalary": .estimatedSalary,
            "occupationalCategory": .occupationalCategory, "relevantOccupation": .relevantOccupation,
            "skills": .skills, "physicalRequirement": .physicalRequirement, "sensoryRequirement": .sensoryRequirement,
            "suitableForBanenafspraak": .banenafspraak, "banenafspraak": .banenafspraak,
        ]

        /// The key for a member name: a switch on length and first byte before one string comparison
        /// (cheaper than hashing every member name).
        static func key(for name: String) -> Key? {
            let utf8 = name.utf8
            guard let first = utf8.first else { return nil }
            let candidate: (String, Key)?
            switch (utf8.count, first) {
            case (10, UInt8(ascii: "i")): candidate = ("identifier", .identifier)
            case (3, UInt8(ascii: "@")): candidate = ("@id", .id)
            case (3, UInt8(ascii: "u")): candidate = ("url", .url)
            case (5, UInt8(ascii: "t")): candidate = ("title", .title)
            case (4, UInt8(ascii: "n")): candidate = ("name", .name)
            case (11, UInt8(ascii: "d")): candidate = ("description", .description)
            case (18, UInt8(ascii: "h")): candidate = ("hiringOrganization", .hiringOrganization)
            case (11, UInt8(ascii: "j")): candidate = ("jobLocation", .jobLocation)
            case (9, UInt8(ascii: "w")): candidate = ("workHours", .workHours)
            case (14, UInt8(ascii: "e")): candidate = ("employmentType", .employmentType)
            case (12, UInt8(ascii: "j")): candidate = ("jobStartDate", .jobStartDate)
            case (12, UInt8(ascii: "v")): candidate = ("validThrough", .validThrough)
            case (10, UInt8(ascii: "b")): candidate = ("baseSalary", .baseSalary)
            case (15, UInt8(ascii: "e")): candidate = ("estimatedSalary", .estimatedSalary)
            case (20, UInt8(ascii: "o")): candidate = ("occupationalCategory", .occupationalCategory)
            case (18, UInt8(ascii: "r")): candidate = ("relevantOccupation", .relevantOccupation)
            case (6, UInt8(ascii: "s")): candidate = ("skills", .skills)
            case (19, UInt8(ascii: "p")): candidate = ("physicalRequirement", .physicalRequirement)
            case (18, UInt8(ascii: "s")): candidate = ("sensoryRequirement", .sensoryRequirement)
            case (16, UInt8(ascii: "c")): candidate = ("contractDuration", .duration)
            case (8, UInt8(ascii: "d")): candidate = ("duration", .duration)
            case (18, UInt8(ascii: "e")): candidate = ("employmentDuration", .duration)
            case (24, UInt8(ascii: "s")): candidate = ("suitableForBanenafspraak", .banenafspraak)
            case (13, UInt8(ascii: "b")): candidate = ("banenafspraak", .banenafspraak)
            default: return nil
            }
            guard let (word, key) = candidate else { return nil }
            return word == name ? key : nil
        }

        init(_ object: JSONObject) {
            for member in object.members {
                var key = Self.key(for: member.key)
                if key == nil, member.key.utf8.contains(where: { $0 == 0x3A || $0 == 0x2F || $0 == 0x23 }), !member.key.hasPrefix("@") {
                    key = Self.key(for: JSONObject.stripSchemaPrefix(member.key)) // "schema:title", "http://schema.org/title"
                }
                guard let key else { continue }
                let v = member.value
                switch key {
                case .identifier: identifier = identifier ?? v
                case .id: id = id ?? v
                case .url: url = url ?? v
                case .title: title = title ?? v
                case .name: name = name ?? v
                case .description: description = description ?? v
                case .hiringOrganization: hiringOrganization = hiringOrganization ?? v
                case .jobLocation: jobLocation = jobLocation ?? v
                case .workHours: workHours = workHours ?? v
                case .employmentType: employmentType = employmentType ?? v
                case .jobStartDate: jobStartDate = jobStartDate ?? v
                case .validThrough: validThrough = validThrough ?? v
                case .duration: duration = duration ?? v
                case .baseSalary: baseSalary = baseSalary ?? v
                case .estimatedSalary: estimatedSalary = estimatedSalary ?? v
                case .occupationalCategory: occupationalCategory = occupationalCategory ?? v
                case .relevantOccupation: relevantOccupation = relevantOccupation ?? v
                case .skills: skills = skills ?? v
                case .physicalRequirement: physicalRequirement = physicalRequirement ?? v
                case .sensoryRequirement: sensoryRequirement = sensoryRequirement ?? v
                case .banenafspraak: banenafspraak = banenafspraak ?? v
                }
            }
        }
    }

    static func identifier(_ posting: JSONObject) -> String? { identifier(PostingProperties(posting)) }

    static func identifier(_ p: PostingProperties) -> String? {
        if let id = p.identifier {
            for element in id.list {
                if let text = element.text { return text }
                if let object = element.objectValue, let v = object["value"]?.text ?? object["@value"]?.text ?? object["identifier"]?.text {
                    return v
                }
            }
        }
        return p.id?.text ?? p.url?.text
    }

    /// Where the key of a posting without `identifier` came from, for the run record.
    static func identifierSource(_ p: PostingProperties) -> String? {
        if let id = p.identifier, id.list.contains(where: { $0.text != nil || $0.objectValue != nil }) { return nil }
        if p.id?.text != nil { return "@id" }
        if p.url?.text != nil { return "url" }
        return nil
    }

    /// A stable key for a posting with neither `identifier`, `@id` nor `url` (Google requires none of them):
    /// FNV-1a over title, organisation and place, so the same posting keeps its key from run to run.
    static func derivedIdentifier(title: String?, organisation: String?, city: String?, postalCode: String?) -> String? {
        guard let title = FastText.trimmed(title) else { return nil }
        var h = FNV1a64()
        for part in [title, FastText.trimmed(organisation) ?? "", FastText.trimmed(city) ?? "", FastText.trimmed(postalCode) ?? ""] {
            h.combine(part.lowercased())
            h.combine(UInt8(0x1F))
        }
        return "hash:" + h.hexDigest
    }

    static func texts(_ value: JSONValue?) -> [String] {
        guard let value else { return [] }
        var result: [String] = []
        for element in value.list {
            if let text = element.text { result.append(text) }
            else if let object = element.objectValue {
                for key in ["name", "description", "codeValue", "termCode", "url", "@id", "value"] {
                    if let text = object[key]?.text { result.append(text) }
                }
            }
        }
        return result
    }

    static func fields(of posting: JSONObject) -> DraftFields {
        let p = PostingProperties(posting)
        var f = DraftFields()
        f.salaryMachineFormat = true // schema.org amounts are Numbers
        f.externalId = identifier(p)
        f.title = firstText(p.title) ?? firstText(p.name)
        f.description = firstText(p.description)

        if let org = p.hiringOrganization {
            for element in org.list {
                if let name = element.text { f.employerName = f.employerName ?? name; continue }
                guard let o = element.objectValue else { continue }
                f.employerName = f.employerName ?? firstText(o["name"]) ?? firstText(o["legalName"])
                var candidates: [(String?, String)] = []
                for key in ["identifier", "taxID", "kvk", "kvkNumber", "leiCode"] {
                    for id in (o[key]?.list ?? []) {
                        if let t = id.text { candidates.append((key, t)) }
                        if let io = id.objectValue, let v = io["value"]?.text { candidates.append((io["propertyID"]?.text ?? io["name"]?.text, v)) }
                    }
                }
                let kvk = candidates.first { LowerText($0.0 ?? "").has("kvk") && Normalise.kvkDigits($0.1) != nil }
                    ?? candidates.first { Normalise.kvkDigits($0.1) != nil }
                if let kvk { f.employerKvK = kvk.1 }
            }
        }

        if let locations = p.jobLocation {
            for element in locations.list {
                guard let place = element.objectValue else { continue }
                let address = place["address"]
                if let a = address?.list.first?.objectValue {
                    f.postalCode = f.postalCode ?? a["postalCode"]?.text
                    f.city = f.city ?? firstText(a["addressLocality"])
                } else if let text = address?.text {
                    f.city = f.city ?? text
                }
                if f.postalCode != nil { break }
            }
        }

        f.hoursText = firstText(p.workHours)
        f.employmentTypes = texts(p.employmentType)
        f.startDate = firstText(p.jobStartDate)
        f.validThrough = firstText(p.validThrough)
        f.duration = firstText(p.duration)

        if let salary = p.baseSalary ?? p.estimatedSalary,
           let amount = salary.list.first {
            if let text = amount.text {
                f.salaryMin = text
            } else if let m = amount.objectValue {
                f.currency = m["currency"]?.text
                f.salaryUnit = m["unitText"]?.text
                if let v = m["value"] {
                    if let text = v.text { f.salaryMin = text }
                    else if let q = v.list.first?.objectValue {
                        f.salaryMin = q["value"]?.text ?? q["minValue"]?.text
                        f.salaryMax = q["maxValue"]?.text
                        f.salaryUnit = q["unitText"]?.text ?? q["unitCode"]?.text ?? f.salaryUnit
                    }
                } else {
                    f.salaryMin = m["minValue"]?.text
                    f.salaryMax = m["maxValue"]?.text
                }
            }
        }

        f.occupationCodes = texts(p.occupationalCategory)
            + texts(p.relevantOccupation).filter { LowerText($0).has("/esco/") }
        f.skillCodes = texts(p.skills)
        f.demandTexts = texts(p.physicalRequirement) + texts(p.sensoryRequirement)
        if let flag = p.banenafspraak { f.banenafspraak = flag.text }
        if f.externalId == nil {
            f.externalId = derivedIdentifier(title: f.title, organisation: f.employerName, city: f.city, postalCode: f.postalCode)
            if f.externalId != nil { f.externalIdSource = "hash" }
        } else {
            f.externalIdSource = identifierSource(p)
        }
        return f
    }
}

/// The byte buffer, handed to the scanner thread. Safe because `parseOnTwoThreads` joins that thread before the
/// buffer's owner (`withUnsafeBytes`) returns, and both threads only read.
struct UnsafeBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
}

/// A bounded queue of scan-event batches between the scanner thread and the caller's thread.
final class ScanQueue: @unchecked Sendable {
    static let batchSize = 256
    static let capacity = 8
    private let condition = NSCondition()
    private var batches: [(items: [JSONLDFeed.Prepared], scannedTo: Int)] = []
    private var head = 0
    private var done = false
    private var cancelled = false
    private(set) var result: FeedStreamError?

    struct Cancelled: Error {}

    /// A batch, with the body offset its last record ends at. Returns how many batches wait in the queue now,
    /// this one included (the scanner thread balances its share of the work by it).
    @discardableResult
    func push(_ batch: [JSONLDFeed.Prepared], scannedTo: Int) throws -> Int {
        condition.lock()
        defer { condition.unlock() }
        while batches.count - head >= Self.capacity, !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        batches.append((batch, scannedTo))
        condition.broadcast()
        return batches.count - head
    }

    func finish(_ result: FeedStreamError?) {
        condition.lock()
        self.result = result
        done = true
        condition.broadcast()
        condition.unlock()
    }

    func pop() -> (items: [JSONLDFeed.Prepared], scannedTo: Int)? {
        condition.lock()
        defer { condition.unlock() }
        while head == batches.count, !done { condition.wait() }
        guard head < batches.count else { return nil }
        let batch = batches[head]
        batches[head] = ([], batch.scannedTo)
        head += 1
        if head > 64 { batches.removeFirst(head); head = 0 }
        condition.broadcast()
        return batch
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
