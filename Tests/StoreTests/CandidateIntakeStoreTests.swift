import Domain
import Foundation
import Repositories
import Testing

/// Candidate intake on both stores: versions for optimistic concurrency, soft deactivation that leaves
/// matching (and the index snapshot), and the all-or-nothing import.
@Suite struct CandidateIntakeStoreTests {
    @Test(arguments: StoreKind.allCases) func versionsConflictsAndDeactivation(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            let created = try await store.insertCandidate(Sample.candidate())
            #expect(created.version == 1 && created.active)
            await #expect(throws: StoreError.conflict("candidate K00001 already exists")) { try await store.insertCandidate(Sample.candidate()) }

            var moved = Sample.candidate()
            moved.travelReachKm = 30
            let updated = try await store.updateCandidate(moved, expectedVersion: 1)
            #expect(updated.version == 2 && updated.candidate == moved)
            // The region rule's read: the municipality of an active candidate only.
            #expect(try await store.candidateMunicipality(id: "K00001") == moved.municipality)
            #expect(try await store.candidateMunicipality(id: "K09999") == nil)
            await #expect(throws: CandidateVersionConflict(id: "K00001", currentVersion: 2)) { try await store.updateCandidate(moved, expectedVersion: 1) }
            var unknown = Sample.candidate("K09999")
            unknown.travelReachKm = 5
            await #expect(throws: StoreError.notFound("candidate K09999")) { try await store.updateCandidate(unknown, expectedVersion: 1) }

            let before = try await store.latestChangeSequence()
            let deactivated = try await store.setCandidateActive(id: "K00001", active: false, expectedVersion: 2)
            #expect(deactivated.version == 3 && !deactivated.active)
            #expect(try await store.changes(after: before, limit: 10).map(\.kind) == [.removed])
            #expect(try await store.candidate(id: "K00001") == nil)
            #expect(try await store.candidateMunicipality(id: "K00001") == nil)
            #expect(try await store.candidates().isEmpty)
            #expect(try await store.indexSnapshot().candidates.isEmpty)
            #expect(try await store.searchCandidates(CandidateQuery()).total == 0)
            #expect(try await store.storedCandidate(id: "K00001")?.active == false)
            await #expect(throws: CandidateVersionConflict(id: "K00001", currentVersion: 3)) {
                try await store.setCandidateActive(id: "K00001", active: true, expectedVersion: 2)
            }
            let reactivated = try await store.setCandidateActive(id: "K00001", active: true, expectedVersion: nil)
            #expect(reactivated.version == 4 && reactivated.active && reactivated.candidate == moved)
            #expect(try await store.candidate(id: "K00001") == moved)
            // A save through the older path is a change too.
            try await store.save(Sample.candidate())
            #expect(try await store.storedCandidate(id: "K00001")?.version == 5)
        }
    }

    @Test(arguments: StoreKind.allCases) func importInsertsAndReplacesInOneTransaction(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            _ = try await store.insertCandidate(Sample.candidate("K00001"))
            _ = try await store.setCandidateActive(id: "K00001", active: false, expectedVersion: 1)
            var changed = Sample.candidate("K00002")
            changed.travelReachKm = 40
            // K00002 twice: the later row replaces the earlier one, as one row after another would.
            let counts = try await store.importCandidates([Sample.candidate("K00001"), Sample.candidate("K00002"), changed, Sample.candidate("K00003")])
            #expect(counts == CandidateImportCounts(inserted: 2, updated: 2))
            let stored = try await store.storedCandidates(ids: ["K00003", "K00001", "K00002", "K09999"])
            #expect(stored.map(\.candidate.id) == ["K00001", "K00002", "K00003"])
            #expect(stored.map(\.version) == [3, 2, 1])
            #expect(stored.map(\.active) == [false, true, true], "an import keeps the active flag")
            #expect(stored[1].candidate.travelReachKm == 40)
            // An invalid row refuses the whole import.
            var invalid = Sample.candidate("K00004")
            invalid.shelteredWorkIndication = true
            await #expect(throws: StoreError.self) { try await store.importCandidates([Sample.candidate("K00005"), invalid]) }
            #expect(try await store.storedCandidate(id: "K00005") == nil)
        }
    }
}
