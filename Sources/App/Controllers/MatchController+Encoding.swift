import Foundation
import Hummingbird
import Matching
import NIOCore
import Synchronization

extension MatchController {
    /// The JSON bodies of recent rankings, keyed by the results themselves: the same results always encode to the
    /// same bytes, so a repeated ranking (which ``Rankings`` answers from its own cache) is not encoded again —
    /// Foundation's `JSONEncoder` was the largest cost left of such a request. No invalidation is needed: a
    /// changed ranking is a different key. Bounded: a full cache drops an arbitrary entry for a new one.
    final class EncodedRankings: Sendable {
        private let bodies = Mutex<[[MatchResult]: ByteBuffer]>([:])
        let capacity: Int

        init(capacity: Int = 1_024) {
            self.capacity = max(0, capacity)
        }

        /// `{"results":[…]}` for these results, as the route's `Ranking` encodes it.
        func response(for results: [MatchResult]) throws -> Response {
            let body: ByteBuffer
            if let cached = bodies.withLock({ $0[results] }) {
                body = cached
            } else {
                body = ByteBuffer(bytes: try JSONEncoder().encode(Ranking(results: results)))
                if capacity > 0 {
                    bodies.withLock { bodies in
                        if bodies.count >= capacity, bodies[results] == nil, let any = bodies.keys.first { bodies.removeValue(forKey: any) }
                        bodies[results] = body
                    }
                }
            }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(body.readableBytes)],
                            body: .init(byteBuffer: body))
        }
    }
}
