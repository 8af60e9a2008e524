import CCurl
import Foundation
import Logging

/// The stored validators of the last successful fetch, sent back for a conditional GET.
public struct FeedValidators: Hashable, Sendable, Codable {
    public var etag: String?
    public var lastModified: String?

    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }

    public var isEmpty: Bool { etag == nil && lastModified == nil }
}

/// A header line such as `Authorization: Bearer …`, kept out of every description and log.
public struct SecretHeader: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let line: String

    /// `line` is a complete header line, "Name: value". Returns nil when it has no name or holds a line break.
    public init?(_ line: String) {
        guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
              !line.contains("\r"), !line.contains("\n") else { return nil }
        self.line = line
    }

    public var name: String { String(line[..<line.firstIndex(of: ":")!]) }
    public var description: String { "\(name): <redacted>" }
    public var debugDescription: String { description }
}

/// Limits for one fetch. Defaults suit a feed of up to about 100k postings.
public struct FetchLimits: Sendable, Hashable {
    public var connectTimeoutSeconds: Int
    public var totalTimeoutSeconds: Int
    /// The transfer is aborted when it stays below this many bytes per second …
    public var lowSpeedBytesPerSecond: Int
    /// … for this many seconds.
    public var lowSpeedSeconds: Int
    /// The largest body accepted, counted after decompression.
    public var maxBodyBytes: Int
    public var maxRedirects: Int

    public init(
        connectTimeoutSeconds: Int = 10, totalTimeoutSeconds: Int = 120, lowSpeedBytesPerSecond: Int = 1_000,
        lowSpeedSeconds: Int = 30, maxBodyBytes: Int = 256 * 1024 * 1024, maxRedirects: Int = 5
    ) {
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.totalTimeoutSeconds = totalTimeoutSeconds
        self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond
        self.lowSpeedSeconds = lowSpeedSeconds
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = min(maxRedirects, 5)
    }
}

public struct FetchRequest: Sendable, CustomStringConvertible {
    public var url: String
    public var validators: FeedValidators
    public var authHeader: SecretHeader?
    public var limits: FetchLimits

    public init(url: String, validators: FeedValidators = FeedValidators(), authHeader: SecretHeader? = nil, limits: FetchLimits = FetchLimits()) {
        self.url = url
        self.validators = validators
        self.authHeader = authHeader
        self.limits = limits
    }

    public var description: String { "GET \(FeedFetcher.redactedURL(url))" }
}

/// A response with a body.
public struct FetchedFeed: Sendable {
    public var status: Int
    /// The URL after redirects.
    public var finalURL: String
    /// ETag and Last-Modified of this response, to store for the next conditional GET.
    public var validators: FeedValidators
    public var contentType: String?
    /// The decoded body.
    public var body: [UInt8]
    /// Bytes on the wire (compressed size when the server compressed).
    public var transferredBytes: Int
    public var redirects: Int
    public var seconds: Double

    public var byteCount: Int { body.count }
}

public enum FetchOutcome: Sendable {
    case fetched(FetchedFeed)
    /// 304: the feed has not changed since the validators were stored. No body.
    case notModified(finalURL: String, validators: FeedValidators)
}

public struct FetchError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        case invalidURL, protocolNotAllowed, timeout, tooLarge, tooManyRedirects
        case connectionFailed, tlsFailed, httpStatus, badContentEncoding, cancelled, other
        /// The host resolved to a loopback, link-local, private or multicast address and is not allowed.
        case addressRefused
        /// An https → http redirect while the feed has an authentication header.
        case insecureRedirect
    }

    public var kind: Kind
    public var message: String
    public var httpStatus: Int?
    /// libcurl's CURLcode, when libcurl reported the error.
    public var curlCode: Int?

    public init(_ kind: Kind, _ message: String, httpStatus: Int? = nil, curlCode: Int? = nil) {
        self.kind = kind
        self.message = message
        self.httpStatus = httpStatus
        self.curlCode = curlCode
    }

    public var description: String { message }
}

/// Fetches feeds over http/https with libcurl: one easy handle per fetch, so concurrent fetches are safe.
public struct FeedFetcher: Sendable {
    public static let defaultUserAgent = "Matchpunt/1.0 (+WSP vacancy import)"

    public var userAgent: String
    public var logger: Logger
    /// Host names (lowercased, as in the URL) that may resolve to loopback, link-local, private or multicast
    /// addresses. Empty by default: a feed URL pointing inside the network is refused. Set by an administrator
    /// (`MATCHPUNT_FEED_INTERNAL_HOSTS`) for an intranet feed server; the tests name 127.0.0.1.
    public var internalHosts: Set<String>
    /// A PEM file of certificate authorities to trust instead of the system's (libcurl's CURLOPT_CAINFO). For tests
    /// with a throwaway self-signed certificate on 127.0.0.1 only; nil (the system store) everywhere else.
    public var caFile: String?

    public init(userAgent: String = FeedFetcher.defaultUserAgent, internalHosts: Set<String> = [],
                logger: Logger = Logger(label: "matchpunt.feeds.fetch")) {
        self.userAgent = userAgent
        self.internalHosts = Set(internalHosts.map { $0.lowercased() })
        self.logger = logger
    }

    /// The host list from an environment value such as "feeds.intranet.local, 10.0.0.5" (comma or space separated).
    public static func internalHosts(from setting: String?) -> Set<String> {
        guard let setting else { return [] }
        return Set(setting.split(whereSeparator: { $0 == "," || $0 == " " }).map { $0.lowercased() }.filter { !$0.isEmpty })
    }

    /// Fetches on a separate thread so that no Swift concurrency thread blocks; task cancellation aborts the transfer.
    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchOutcome {
        let cancel = CancelFlag()
        let result: Result<FetchOutcome, FetchError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(returning: Result { () throws(FetchError) in try self.fetchBlocking(request, cancel: cancel) })
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
        } onCancel: {
            cancel.cancel()
        }
        return try result.get()
    }

    /// Fetches on the calling thread (blocks until done or a limit is hit).
    public func fetchBlocking(_ request: FetchRequest) throws(FetchError) -> FetchOutcome {
        try fetchBlocking(request, cancel: CancelFlag())
    }

    /// One HTTP exchange without following redirects.
    struct Hop {
        var code: CURLcode
        var status: Int
        var redirectURL: String?
        var state: TransferState
        var downloaded: curl_off_t
        var detail: String
        var refusedAddress: String?
    }

    /// Follows redirects itself (libcurl's FOLLOWLOCATION is off) so that each hop is checked: only http/https,
    /// the auth header only to the feed's own host and port (dropped after a redirect elsewhere), never an
    /// https → http downgrade while an auth header is set, and every connection's address checked against
    /// loopback/link-local/private/multicast unless ``internalHosts`` names the hop's host.
    func fetchBlocking(_ request: FetchRequest, cancel: CancelFlag) throws(FetchError) -> FetchOutcome {
        let shownURL = Self.redactedURL(request.url)
        guard let scheme = request.url.split(separator: ":", maxSplits: 1).first?.lowercased(),
              scheme == "http" || scheme == "https" else {
            throw FetchError(.protocolNotAllowed, "feed URL \(shownURL) is not http or https; only http and https are allowed")
        }
        guard ccurl_global_init_once() == CURLE_OK else { throw FetchError(.other, "libcurl could not be initialised") }
        guard let origin = Self.origin(request.url) else { throw FetchError(.invalidURL, "feed URL \(shownURL) is not a valid URL") }

        let limits = request.limits
        let started = ContinuousClock.now
        var url = request.url
        var current = origin
        var auth = request.authHeader
        var redirects = 0
        while true {
            let elapsed = ContinuousClock.now - started
            let remainingMs = limits.totalTimeoutSeconds * 1000 - Int(elapsed.components.seconds) * 1000
            guard remainingMs > 0 else {
                throw FetchError(.timeout, "fetch of \(shownURL) timed out after \(limits.totalTimeoutSeconds) s (total limit, \(redirects) redirects)")
            }
            let hop = try transfer(url: url, auth: auth, validators: request.validators, limits: limits, timeoutMs: remainingMs,
                                   allowInternal: internalHosts.contains(current.host), cancel: cancel)
            let seconds = Self.seconds(ContinuousClock.now - started)
            if hop.code != CURLE_OK {
                if let address = hop.refusedAddress {
                    let error = FetchError(.addressRefused,
                        "fetch of \(shownURL) refused: \(current.host) resolves to \(address), a loopback, link-local, private or multicast address. An administrator can allow a named host with MATCHPUNT_FEED_INTERNAL_HOSTS",
                        curlCode: Int(hop.code.rawValue))
                    logger.warning("feed fetch refused", metadata: ["url": "\(shownURL)", "address": "\(address)"])
                    throw error
                }
                let error = Self.error(for: hop.code, state: hop.state, limits: limits, url: shownURL, finalURL: Self.redactedURL(url),
                                       detail: hop.detail, seconds: seconds, redirects: redirects)
                logger.warning("feed fetch failed", metadata: ["url": "\(shownURL)", "error": "\(error.message)"])
                throw error
            }
            if (300..<400).contains(hop.status), hop.status != 304, let next = hop.redirectURL {
                redirects += 1
                guard redirects <= limits.maxRedirects else {
                    throw FetchError(.tooManyRedirects, "fetch of \(shownURL) followed more than \(limits.maxRedirects) redirects (last: \(Self.redactedURL(next)))")
                }
                guard let target = Self.origin(next), target.scheme == "http" || target.scheme == "https" else {
                    let shownScheme = next.split(separator: ":", maxSplits: 1).first.map(String.init) ?? "?"
                    throw FetchError(.protocolNotAllowed,
                        "fetch of \(shownURL) was refused: redirected to a '\(shownScheme.prefix(16))' URL (only http and https are allowed, also for redirects)")
                }
                if auth != nil {
                    if current.scheme == "https" && target.scheme == "http" {
                        throw FetchError(.insecureRedirect,
                            "fetch of \(shownURL) was refused: a redirect from https to http (\(Self.redactedURL(next))) while the feed has an authentication header")
                    }
                    if target.host != origin.host || target.port != origin.port {
                        // The secret belongs to the feed's own host: another host never sees it.
                        logger.info("redirect to another host: authentication header not sent", metadata: ["url": "\(shownURL)"])
                        auth = nil
                    }
                }
                url = next
                current = target
                continue
            }
            let state = hop.state
            let status = hop.status
            let validators = FeedValidators(etag: state.header("etag"), lastModified: state.header("last-modified"))
            if status == 304 {
                logger.info("feed not modified", metadata: ["url": "\(shownURL)"])
                return .notModified(finalURL: url, validators: validators.isEmpty ? request.validators : validators)
            }
            if !(200..<300).contains(status) { // 3xx here is a redirect without a Location: no feed either
                let reason = state.statusLine.map { ": \($0)" } ?? ""
                throw FetchError(.httpStatus, "feed \(shownURL) answered HTTP \(status)\(reason)", httpStatus: status)
            }
            logger.info("feed fetched", metadata: ["url": "\(shownURL)", "status": "\(status)", "bytes": "\(state.body.count)"])
            return .fetched(FetchedFeed(
                status: status, finalURL: url, validators: validators, contentType: state.header("content-type"),
                body: state.body, transferredBytes: Int(hop.downloaded), redirects: redirects, seconds: seconds))
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Scheme, lowercased host and effective port of a URL; nil when it has no host.
    struct Origin: Equatable {
        var scheme: String
        var host: String
        var port: Int
    }

    static func origin(_ url: String) -> Origin? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              var host = components.host?.lowercased(), !host.isEmpty else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        return Origin(scheme: scheme, host: host, port: port)
    }

    func transfer(url: String, auth: SecretHeader?, validators: FeedValidators, limits: FetchLimits, timeoutMs: Int,
                  allowInternal: Bool, cancel: CancelFlag) throws(FetchError) -> Hop {
        guard let handle = curl_easy_init() else { throw FetchError(.other, "libcurl could not create a handle") }
        defer { curl_easy_cleanup(handle) }

        let state = TransferState(cap: limits.maxBodyBytes, cancel: cancel)
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(ccurl_error_size))
        errorBuffer.initialize(repeating: 0, count: Int(ccurl_error_size))
        defer { errorBuffer.deallocate() }
        let guardBox = UnsafeMutablePointer<ccurl_address_guard>.allocate(capacity: 1)
        guardBox.initialize(to: ccurl_address_guard())
        guardBox.pointee.allow_internal = allowInternal ? 1 : 0
        defer { guardBox.deallocate() }

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(headerList) }
        var lines = ["Accept: application/ld+json, application/json, application/xml, text/xml, application/rss+xml, text/csv, text/html;q=0.8, */*;q=0.5"]
        if let etag = validators.etag { lines.append("If-None-Match: \(etag)") }
        if let modified = validators.lastModified { lines.append("If-Modified-Since: \(modified)") }
        if let auth { lines.append(auth.line) }
        for line in lines where !line.contains("\r") && !line.contains("\n") {
            headerList = curl_slist_append(headerList, line)
        }

        let unmanaged = Unmanaged.passRetained(state)
        defer { unmanaged.release() }
        let context = unmanaged.toOpaque()
        var setupFailure: CURLcode = CURLE_OK
        func set(_ code: CURLcode) { if code != CURLE_OK, setupFailure == CURLE_OK { setupFailure = code } }
        set(ccurl_setopt_string(handle, CURLOPT_URL, url))
        set(ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        set(ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        set(ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(limits.connectTimeoutSeconds * 1000, timeoutMs)))
        set(ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMs))
        set(ccurl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, limits.lowSpeedBytesPerSecond))
        set(ccurl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, limits.lowSpeedSeconds))
        set(ccurl_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limits.maxBodyBytes)))
        set(ccurl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")) // every encoding libcurl can decode
        set(ccurl_setopt_string(handle, CURLOPT_USERAGENT, userAgent))
        set(ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
        set(ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        set(ccurl_setopt_address_guard(handle, guardBox))
        if let caFile { set(ccurl_setopt_string(handle, CURLOPT_CAINFO, caFile)) }
        set(ccurl_setopt_write_callback(handle, transferWrite, context))
        set(ccurl_setopt_header_callback(handle, transferHeader, context))
        set(ccurl_setopt_progress_callback(handle, transferProgress, context))
        guard setupFailure == CURLE_OK else {
            throw FetchError(.other, "libcurl refused an option: \(String(cString: curl_easy_strerror(setupFailure)))", curlCode: Int(setupFailure.rawValue))
        }

        logger.debug("fetching feed", metadata: ["url": "\(Self.redactedURL(url))"])
        let code = curl_easy_perform(handle)
        var hop = Hop(code: code, status: 0, redirectURL: nil, state: state, downloaded: 0, detail: "", refusedAddress: nil)
        var long = 0
        if ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &long) == CURLE_OK { hop.status = long }
        var pointer: UnsafePointer<CChar>? = nil
        if ccurl_getinfo_string(handle, CURLINFO_REDIRECT_URL, &pointer) == CURLE_OK, let pointer { hop.redirectURL = String(cString: pointer) }
        _ = ccurl_getinfo_off_t(handle, CURLINFO_SIZE_DOWNLOAD_T, &hop.downloaded)
        if code != CURLE_OK {
            let detail = String(cString: errorBuffer)
            hop.detail = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            if guardBox.pointee.refused != 0 {
                hop.refusedAddress = withUnsafeBytes(of: guardBox.pointee.refused_address) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
            }
        }
        return hop
    }

    static func error(for code: CURLcode, state: TransferState, limits: FetchLimits, url: String, finalURL: String,
                      detail: String, seconds: Double, redirects: Int) -> FetchError {
        let raw = Int(code.rawValue)
        let took = String(format: "%.1f", seconds)
        switch code {
        case CURLE_WRITE_ERROR where state.exceededCap, CURLE_FILESIZE_EXCEEDED:
            return FetchError(.tooLarge,
                "feed \(url) is larger than the limit of \(limits.maxBodyBytes) bytes (counted after decompression); the transfer was stopped",
                curlCode: raw)
        case CURLE_ABORTED_BY_CALLBACK where state.cancel.isCancelled:
            return FetchError(.cancelled, "fetch of \(url) was cancelled", curlCode: raw)
        case CURLE_OPERATION_TIMEDOUT:
            return FetchError(.timeout,
                "fetch of \(url) timed out after \(took) s (limits: connect \(limits.connectTimeoutSeconds) s, total \(limits.totalTimeoutSeconds) s, at least \(limits.lowSpeedBytesPerSecond) B/s over \(limits.lowSpeedSeconds) s): \(detail)",
                curlCode: raw)
        case CURLE_TOO_MANY_REDIRECTS:
            return FetchError(.tooManyRedirects, "fetch of \(url) followed more than \(limits.maxRedirects) redirects (last: \(finalURL))", curlCode: raw)
        case CURLE_UNSUPPORTED_PROTOCOL:
            return FetchError(.protocolNotAllowed,
                "fetch of \(url) was refused: \(detail) (only http and https are allowed, also for redirects\(redirects > 0 || finalURL != url ? "; redirected towards \(finalURL)" : ""))",
                curlCode: raw)
        case CURLE_URL_MALFORMAT:
            return FetchError(.invalidURL, "feed URL \(url) is not a valid URL: \(detail)", curlCode: raw)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_GOT_NOTHING,
             CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE:
            return FetchError(.connectionFailed, "could not fetch \(url): \(detail)", curlCode: raw)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_SHUTDOWN_FAILED,
             CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
             CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return FetchError(.tlsFailed, "TLS failure fetching \(url): \(detail)", curlCode: raw)
        case CURLE_BAD_CONTENT_ENCODING:
            return FetchError(.badContentEncoding, "feed \(url) sent a body that could not be decompressed: \(detail)", curlCode: raw)
        default:
            return FetchError(.other, "fetch of \(url) failed: \(detail) (libcurl code \(raw))", curlCode: raw)
        }
    }

    /// The URL without user:password, for messages and logs.
    public static func redactedURL(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + "<redacted>@" + authority[authority.index(after: at)...] + rest[authorityEnd...]
    }
}

/// Set from the cancelling task, read by libcurl's progress callback on the transfer thread.
final class CancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    func cancel() { lock.lock(); cancelled = true; lock.unlock() }
    var isCancelled: Bool { lock.lock(); defer { lock.unlock() }; return cancelled }
}

/// What the libcurl callbacks write into; used by one transfer on one thread.
final class TransferState {
    let cap: Int
    let cancel: CancelFlag
    var body: [UInt8] = []
    var exceededCap = false
    var headers: [(name: String, value: String)] = []
    var statusLine: String?

    init(cap: Int, cancel: CancelFlag) {
        self.cap = cap
        self.cancel = cancel
    }

    func header(_ name: String) -> String? {
        headers.last { $0.name == name }?.value
    }
}

/// CURLOPT_WRITEFUNCTION: receives the *decoded* body, so the cap holds for gzip bombs and chunked bodies too.
private let transferWrite: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, context in
    guard let data, let context else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    if state.body.count + length > state.cap {
        state.exceededCap = true
        return 0 // makes libcurl stop with CURLE_WRITE_ERROR
    }
    data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        state.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
    }
    return length
}

/// CURLOPT_HEADERFUNCTION: one header line per call; a new status line (after a redirect) starts afresh.
private let transferHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, context in
    guard let data, let context else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }.trimmingCharacters(in: .whitespacesAndNewlines)
    if line.hasPrefix("HTTP/") {
        state.headers.removeAll()
        state.statusLine = line
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        state.headers.append((name, value))
        // Reserve the body once when its size is announced and uncompressed, instead of growing it by doubling.
        if name == "content-length", let length = Int(value), length <= state.cap, state.header("content-encoding") == nil,
           state.body.isEmpty {
            state.body.reserveCapacity(length)
        }
    }
    return length
}

/// CURLOPT_XFERINFOFUNCTION: a non-zero return aborts the transfer when the task was cancelled.
private let transferProgress: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32 = { context, _, _, _, _ in
    guard let context else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    return state.cancel.isCancelled ? 1 : 0
}
