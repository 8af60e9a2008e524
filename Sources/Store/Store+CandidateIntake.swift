import Domain
import Foundation
import GRDB
import Repositories

extension MatchpuntStore {
    /// Candidate intake by staff: a version per candidate for optimistic concurrency, and soft deactivation.
    /// Appended after the other migrations; existing candidates start at version 1, active.
    static func registerCandidateIntakeMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("candidate-intake-1 version and active flag") { db in
            try db.alter(table: "candidate") { t in
                t.add(column: "version", .integer).notNull().defaults(to: 1)
                t.add(column: "active", .boolean).notNull().defaults(to: true)
            }
            try db.create(index: "candidate_on_active", on: "candidate", columns: ["active"])
        }
    }
}

extension MatchpuntStore: CandidateIntakeRepository {
    public func storedCandidate(id: String) async throws -> StoredCandidate? {
        try await pool.read { db in try Self.stored(db, id: id) }
    }

    public func storedCandidates(ids: [String]) async throws -> [StoredCandidate] {
        try await pool.read { db in
            var result: [StoredCandidate] = []
            // In slices: SQLite limits the number of bound parameters of one statement.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let slice = Array(ids[start..<min(ids.count, start + 500)])
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM candidate WHERE id IN (\(databaseQuestionMarks(count: slice.count)))",
                                            arguments: StatementArguments(slice))
                for row in rows { result.append(try Self.stored(row)) }
            }
            return result.sorted { $0.candidate.id < $1.candidate.id }
        }
    }

    public func insertCandidate(_ candidate: Candidate) async throws -> StoredCandidate {
        try Self.requireValid(candidate)
        return try await pool.write { db in
            guard try Self.stored(db, id: candidate.id) == nil else {
                throw StoreError.conflict("candidate \(candidate.id) already exists")
            }
            try CandidateRecord(candidate).insert(db)
            try ChangeLogTable.append(db, candidates: [candidate.id], kind: .saved)
            return StoredCandidate(candidate: candidate, version: 1, active: true)
        }
    }

    public func updateCandidate(_ candidate: Candidate, expectedVersion: Int) async throws -> StoredCandidate {
        try Self.requireValid(candidate)
        return try await pool.write { db in
            guard let current = try Self.stored(db, id: candidate.id) else { throw StoreError.notFound("candidate \(candidate.id)") }
            guard current.version == expectedVersion else {
                throw CandidateVersionConflict(id: candidate.id, currentVersion: current.version)
            }
            try CandidateRecord(candidate).update(db)
            let version = try Self.bumpVersion(db, id: candidate.id)
            try ChangeLogTable.append(db, candidates: [candidate.id], kind: current.active ? .saved : .removed)
            return StoredCandidate(candidate: candidate, version: version, active: current.active)
        }
    }

    public func setCandidateActive(id: String, active: Bool, expectedVersion: Int?) async throws -> StoredCandidate {
        try await pool.write { db in
            guard let current = try Self.stored(db, id: id) else { throw StoreError.notFound("candidate \(id)") }
            if let expectedVersion, current.version != expectedVersion {
                throw CandidateVersionConflict(id: id, currentVersion: current.version)
            }
            try db.execute(sql: "UPDATE candidate SET active = ? WHERE id = ?", arguments: [active, id])
            let version = try Self.bumpVersion(db, id: id)
            // The index follower reads active candidates only, so either kind makes it drop or take the row;
            // `removed` says what happened in the log itself.
            try ChangeLogTable.append(db, candidates: [id], kind: active ? .saved : .removed)
            return StoredCandidate(candidate: current.candidate, version: version, active: active)
        }
    }

    public func importCandidates(_ candidates: [Candidate]) async throws -> CandidateImportCounts {
        for candidate in candidates { try Self.requireValid(candidate) }
        return try await pool.write { db in
            var counts = CandidateImportCounts(inserted: 0, updated: 0)
            for candidate in candidates {
                let record = CandidateRecord(candidate)
                if try record.exists(db) {
                    try record.update(db)
                    _ = try Self.bumpVersion(db, id: candidate.id)
                    counts.updated += 1
                } else {
                    try record.insert(db)
                    counts.inserted += 1
                }
            }
            try ChangeLogTable.append(db, candidates: candidates.map(\.id), kind: .saved)
            return counts
        }
    }

    static func requireValid(_ candidate: Candidate) throws {
        let problems = candidate.validationProblems
        guard problems.isEmpty else { throw StoreError.invalidRecord(problems.joined(separator: "; ")) }
    }

    static func stored(_ db: Database, id: String) throws -> StoredCandidate? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM candidate WHERE id = ?", arguments: [id]) else { return nil }
        return try stored(row)
    }

    static func stored(_ row: Row) throws -> StoredCandidate {
        StoredCandidate(candidate: try CandidateRecord(row: row).candidate, version: row["version"], active: row["active"])
    }

    /// One more than before; returns the new version.
    static func bumpVersion(_ db: Database, id: String) throws -> Int {
        try db.execute(sql: "UPDATE candidate SET version = version + 1 WHERE id = ?", arguments: [id])
        return try Int.fetchOne(db, sql: "SELECT version FROM candidate WHERE id = ?", arguments: [id]) ?? 0
    }
}
