import Domain

// Sampling helpers for the demo-data generator on Domain's SplitMix64 (a fixed algorithm, so the same seed
// gives the same demo data on every machine and Swift version; the standard library makes no such promise).
extension SplitMix64 {
    /// Uniform integer in `range`, by rejection sampling (no modulo bias, and stable across platforms).
    mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        let limit = UInt64.max - UInt64.max % span
        var value = next()
        while value >= limit { value = next() }
        return range.lowerBound + Int(value % span)
    }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool { int(in: 1...100) <= percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(in: 0...(items.count - 1))] }

    /// Picks by integer weights.
    mutating func pick<T>(weighted items: [(T, Int)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var roll = int(in: 1...total)
        for (item, weight) in items {
            roll -= weight
            if roll <= 0 { return item }
        }
        return items[items.count - 1].0
    }

    /// `count` distinct elements in their original order.
    mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        guard count < items.count else { return items }
        var indices = Array(items.indices)
        for i in 0..<count {
            let j = int(in: i...(indices.count - 1))
            indices.swapAt(i, j)
        }
        return indices[0..<count].sorted().map { items[$0] }
    }
}
