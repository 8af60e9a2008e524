import Foundation
import Reference
import Testing

/// Place names as feeds write them → PC4, measured on the locations of fixtures/vacancy-titles-nl-dev.tsv and
/// checked against the hand-checked sample in fixtures/place-resolution-sample.tsv.
@Suite struct PlaceResolverTests {
    static let resolver = PlaceResolver(ReferenceDataTests.reference)
    static let fixtures = referenceDirectory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fixtures")

    @Test func theIssuesExamples() throws {
        let r = Self.resolver
        let haag = try #require(r.resolve("Den Haag, ZH, NL"))
        #expect(ReferenceDataTests.reference.postcodeAreas[haag.pc4]?.municipality == "'s-Gravenhage")
        let bosch = try #require(r.resolve("Den Bosch"))
        #expect(bosch.pc4 == r.resolve("'s-Hertogenbosch")?.pc4)
        #expect(bosch.pc4 == r.resolve("’s-Hertogenbosch")?.pc4)
        let rijsenhout = try #require(r.resolve("Rijsenhout, Haarlemmermeer"))
        #expect(ReferenceDataTests.reference.postcodeAreas[rijsenhout.pc4]?.places.contains("Rijsenhout") == true)
        #expect(rijsenhout.confidence == 1.0)
        #expect(r.resolve("Nederland") == nil)
        #expect(r.resolve("Limburg") == nil)
        #expect(r.resolve("") == nil)
        #expect(r.resolve(String(repeating: "x, ", count: 10_000)) == nil)
    }

    /// Share resolved on the dev locations; prints the figures for the README.
    @Test func resolvesTheDevLocations() throws {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("vacancy-titles-nl-dev.tsv"), encoding: .utf8)
        let locations = text.split(separator: "\n").dropFirst().compactMap { line -> String? in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            return fields.count > 1 && !fields[1].trimmingCharacters(in: .whitespaces).isEmpty ? String(fields[1]) : nil
        }
        let countryOnly = locations.filter { ["nederland", "netherlands"].contains($0.lowercased().trimmingCharacters(in: .whitespaces)) }
        let placed = locations.filter { !countryOnly.contains($0) }
        let resolved = placed.filter { Self.resolver.resolve($0) != nil }
        let distinct = Set(placed)
        let distinctResolved = distinct.filter { Self.resolver.resolve($0) != nil }
        print("place resolver: \(resolved.count) of \(placed.count) location texts with a place resolved (\(countryOnly.count) more name only the country); distinct \(distinctResolved.count) of \(distinct.count)")
        for name in distinct.subtracting(distinctResolved).sorted() { print("  unresolved: \(name)") }
        for name in distinctResolved.sorted() {
            let found = Self.resolver.resolve(name)!
            print("  resolved\t\(name)\t\(found.pc4)\t\(ReferenceDataTests.reference.postcodeAreas[found.pc4]!.municipality)\t\(found.confidence)\t\(ReferenceDataTests.reference.postcodeAreas[found.pc4]!.places.joined(separator: "|"))")
        }
        #expect(Double(resolved.count) >= 0.9 * Double(placed.count))
    }

    /// Every row of the hand-checked sample: the location text, the municipality the PC4 must lie in, and the
    /// confidence. (Checked by hand against the PC4 list and a map.)
    @Test func matchesTheHandCheckedSample() throws {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("place-resolution-sample.tsv"), encoding: .utf8)
        var rows = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("location\t") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 4 else { continue }
            rows += 1
            let found = Self.resolver.resolve(f[0])
            if f[1].isEmpty {
                #expect(found == nil, "\(f[0])")
                continue
            }
            let area = try #require(found.flatMap { ReferenceDataTests.reference.postcodeAreas[$0.pc4] }, "\(f[0])")
            #expect(area.municipality == f[2], "\(f[0]): \(area.pc4) in \(area.municipality)")
            #expect(found?.pc4 == Int(f[1]), "\(f[0])")
            #expect(found?.confidence == Double(f[3]), "\(f[0])")
        }
        #expect(rows >= 20)
    }
}
