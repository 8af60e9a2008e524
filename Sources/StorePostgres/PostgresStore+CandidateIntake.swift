import Domain
import PostgresNIO
import Repositories

/// Candidate intake on PostgreSQL, as the SQLite store keeps it: a version per candidate for optimistic
/// concurrency and soft deactivation. Each write locks the candidate's row (`FOR UPDATE`) before comparing
/// versions, so two instances changing one candidate at once cannot both win.
extension PostgresStore: CandidateIntakeRepository {
    static let storedCandidateSelect = CandidateRow.select + ", version, active"

    public func storedCandidate(id: String) async throws -> StoredCandidate? {
        try await one(PostgresQuery(unsafeSQL: "SELECT \(Self.storedCandidateSelect) FROM candidate WHERE id = $1", binds: Self.binds(id)),
                      Self.storedCandidate)
    }

    public func storedCandidates(ids: [String]) async throws -> [StoredCandidate] {
        try await all(PostgresQuery(unsafeSQL: "SELECT \(Self.storedCandidateSelect) FROM candidate WHERE id = ANY($1) ORDER BY id",
                                    binds: Self.binds(ids)), Self.storedCandidate)
    }

    public func insertCandidate(_ candidate: Candidate) async throws -> StoredCandidate {
        try Self.requireValid(candidate)
        var values = Values()
        CandidateRow.values(candidate, into: &values)
        let sql = "INSERT INTO candidate (\(CandidateRow.columns.joined(separator: ", "))) VALUES (\(values.placeholders.joined(separator: ", "))) "
            + "ON CONFLICT (id) DO NOTHING RETURNING id"
        return try await transaction { connection in
            guard try await self.execute(PostgresQuery(unsafeSQL: sql, binds: values.binds), on: connection) > 0 else {
                throw StoreError.conflict("candidate \(candidate.id) already exists")
            }
            try await ChangeLogTable.append(self, connection, candidates: [candidate.id], kind: .saved)
            return StoredCandidate(candidate: candidate, version: 1, active: true)
        }
    }

    public func updateCandidate(_ candidate: Candidate, expectedVersion: Int) async throws -> StoredCandidate {
        try Self.requireValid(candidate)
        var values = Values()
        CandidateRow.values(candidate, into: &values)
        let assignments = zip(CandidateRow.columns, values.placeholders).dropFirst().map { "\($0) = \($1)" }.joined(separator: ", ")
        // The first column is the id: its placeholder selects the row.
        let sql = "UPDATE candidate SET \(assignments), version = version + 1 WHERE id = \(values.placeholders[0]) RETURNING version"
        return try await transaction { connection in
            guard let current = try await self.lockedVersion(id: candidate.id, on: connection) else {
                throw StoreError.notFound("candidate \(candidate.id)")
            }
            guard current.version == expectedVersion else { throw CandidateVersionConflict(id: candidate.id, currentVersion: current.version) }
            let version = try await self.one(PostgresQuery(unsafeSQL: sql, binds: values.binds), on: connection) { try $0.decode(Int.self) } ?? 0
            try await ChangeLogTable.append(self, connection, candidates: [candidate.id], kind: current.active ? .saved : .removed)
            return StoredCandidate(candidate: candidate, version: version, active: current.active)
        }
    }

    public func setCandidateActive(id: String, active: Bool, expectedVersion: Int?) async throws -> StoredCandidate {
        try await transaction { connection in
            guard let current = try await self.lockedVersion(id: id, on: connection) else { throw StoreError.notFound("candidate \(id)") }
            if let expectedVersion, current.version != expectedVersion {
                throw CandidateVersionConflict(id: id, currentVersion: current.version)
            }
            guard let stored = try await self.one(PostgresQuery(
                unsafeSQL: "UPDATE candidate SET active = $1, version = version + 1 WHERE id = $2 RETURNING \(Self.storedCandidateSelect)",
                binds: Self.binds(active, id)), on: connection, Self.storedCandidate) else { throw StoreError.notFound("candidate \(id)") }
            // The index follower reads active candidates only, so either kind makes it drop or take the row;
            // `removed` says what happened in the log itself.
            try await ChangeLogTable.append(self, connection, candidates: [id], kind: active ? .saved : .removed)
            return stored
        }
    }

    /// Everything or nothing, in one transaction: new candidates inserted, existing ones replaced (keeping their
    /// active flag, one version more). The rows travel in batches of multi-row statements.
    public func importCandidates(_ candidates: [Candidate]) async throws -> CandidateImportCounts {
        for candidate in candidates { try Self.requireValid(candidate) }
        let updates = CandidateRow.columns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        return try await transaction { connection in
            var counts = CandidateImportCounts(inserted: 0, updated: 0)
            for batch in Self.batchesWithoutRepeats(candidates, size: 500) {
                var values = Values()
                var rows: [String] = []
                for candidate in batch {
                    let start = values.placeholders.count
                    CandidateRow.values(candidate, into: &values)
                    rows.append("(" + values.placeholders[start...].joined(separator: ", ") + ")")
                }
                // xmax = 0 only for a freshly inserted row: tells inserts from updates in one statement.
                let inserted = try await self.all(PostgresQuery(unsafeSQL: """
                    INSERT INTO candidate (\(CandidateRow.columns.joined(separator: ", "))) VALUES \(rows.joined(separator: ", "))
                    ON CONFLICT (id) DO UPDATE SET \(updates), version = candidate.version + 1
                    RETURNING (xmax = 0)
                    """, binds: values.binds), on: connection) { try $0.decode(Bool.self) }
                counts.inserted += inserted.filter { $0 }.count
                counts.updated += inserted.filter { !$0 }.count
            }
            try await ChangeLogTable.append(self, connection, candidates: candidates.map(\.id), kind: .saved)
            return counts
        }
    }

    /// Consecutive batches in which no id repeats (one statement cannot touch a row twice); a repeated id goes to
    /// the next batch, so it updates what the earlier one wrote, as one row after another would on SQLite.
    static func batchesWithoutRepeats(_ candidates: [Candidate], size: Int) -> [[Candidate]] {
        var batches: [[Candidate]] = []
        var current: [Candidate] = []
        var ids: Set<String> = []
        for candidate in candidates {
            if current.count == size || ids.contains(candidate.id) {
                batches.append(current)
                current = []
                ids = []
            }
            current.append(candidate)
            ids.insert(candidate.id)
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    private func lockedVersion(id: String, on connection: PostgresConnection) async throws -> (version: Int, active: Bool)? {
        try await one("SELECT version, active FROM candidate WHERE id = \(id) FOR UPDATE", on: connection) { try $0.decode((Int, Bool).self) }
    }

    static func requireValid(_ candidate: Candidate) throws {
        let problems = candidate.validationProblems
        guard problems.isEmpty else { throw StoreError.invalidRecord(problems.joined(separator: "; ")) }
    }

    static func storedCandidate(_ row: PostgresRow) throws -> StoredCandidate {
        let r = row.makeRandomAccess()
        return StoredCandidate(candidate: try CandidateRow.candidate(row), version: try r.value("version", Int.self), active: try r.value("active", Bool.self))
    }

    static func binds(_ flag: Bool, _ id: String) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(flag)
        binds.append(id)
        return binds
    }
}
