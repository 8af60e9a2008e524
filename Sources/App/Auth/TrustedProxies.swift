import Foundation
import HTTPTypes
import Hummingbird
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reverse proxies whose `X-Forwarded-For` / `Forwarded` headers are believed (env MATCHPUNT_TRUSTED_PROXIES:
/// addresses or CIDR ranges, comma-separated). From anyone else the headers are ignored: a client could write
/// any address there and so dodge the login throttle or blame someone else in the audit log.
public struct TrustedProxies: Sendable, Equatable {
    struct Range: Sendable, Equatable {
        var bytes: [UInt8]
        var prefixLength: Int
    }
    let ranges: [Range]

    public static let none = TrustedProxies(ranges: [])

    /// "10.0.0.1, 192.168.0.0/16, ::1, fd00::/8". Throws `StartupError` naming the entry that is no address.
    public init(parsing text: String) throws {
        var ranges: [Range] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.addressBytes(parts[0]) else { throw StartupError("MATCHPUNT_TRUSTED_PROXIES: '\(entry)' is not an IP address or CIDR range") }
            var prefix = bytes.count * 8
            if parts.count == 2 {
                guard let length = Int(parts[1]), (0...bytes.count * 8).contains(length) else {
                    throw StartupError("MATCHPUNT_TRUSTED_PROXIES: '\(entry)' has an invalid prefix length")
                }
                prefix = length
            }
            ranges.append(Range(bytes: bytes, prefixLength: prefix))
        }
        self.ranges = ranges
    }

    init(ranges: [Range]) { self.ranges = ranges }

    public var isEmpty: Bool { ranges.isEmpty }

    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.addressBytes(address) else { return false }
        return ranges.contains { range in
            guard range.bytes.count == bytes.count else { return false }
            var remaining = range.prefixLength
            for index in bytes.indices where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if bytes[index] & mask != range.bytes[index] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    /// The client's address for a request that reached us from `peer`: the peer itself unless it is a trusted
    /// proxy; then the forwarding chain is walked from the right (the hop nearest to us) past trusted proxies,
    /// and the first address not trusted is the client. `Forwarded` (RFC 7239) wins over `X-Forwarded-For`.
    /// A hop that is not an IP address stops the walk at the proxy that wrote it.
    public func clientAddress(peer: String, forwarded: [String], xForwardedFor: [String]) -> String {
        guard contains(peer) else { return peer }
        let chain = forwarded.isEmpty ? xForwardedFor.flatMap { $0.split(separator: ",") }.map { String($0) }
            : forwarded.flatMap { $0.split(separator: ",") }.compactMap { Self.forValue(String($0)) }
        var client = peer
        for hop in chain.reversed() {
            let address = Self.stripped(hop)
            guard Self.addressBytes(address) != nil else { return client }
            client = address
            if !contains(address) { return address }
        }
        return client
    }

    /// `for=` of one `Forwarded` element (`for=192.0.2.60;proto=http`, `for="[2001:db8::1]:4711"`).
    static func forValue(_ element: String) -> String? {
        for pair in element.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "for" else { continue }
            return String(parts[1])
        }
        return nil
    }

    /// Quotes, IPv6 brackets and a port removed: `"[2001:db8::1]:4711"` → `2001:db8::1`, `192.0.2.1:80` → `192.0.2.1`.
    static func stripped(_ hop: String) -> String {
        var text = hop.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") { return String(text[text.index(after: text.startIndex)..<close]) }
        if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") { return String(text[..<colon]) }
        return text
    }

    /// The 4 or 16 bytes of an IPv4 or IPv6 address; nil for anything else.
    static func addressBytes(_ text: String) -> [UInt8]? {
        guard text.utf8.count <= 64 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}

/// Sets the request's client address: the peer, or what a trusted proxy says the client was.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trusted: TrustedProxies
    static let forwarded = HTTPField.Name("Forwarded")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !trusted.isEmpty else { return try await next(request, context) }
        var context = context
        context.clientAddress = trusted.clientAddress(peer: context.peerAddress, forwarded: request.headers[values: Self.forwarded],
                                                      xForwardedFor: request.headers[values: Self.xForwardedFor])
        return try await next(request, context)
    }
}
