import Domain
import GRDB

extension MatchpuntStore {
    /// Inserts or replaces a candidate after validating it.
    public func save(_ candidate: Candidate) async throws {
        let problems = candidate.validationProblems
        guard problems.isEmpty else { throw StoreError.invalidRecord(problems.joined(separator: "; ")) }
        try await pool.write { db in
            let record = CandidateRecord(candidate)
            if try record.exists(db) {
                // A change is a new version, whoever makes it (optimistic concurrency of the intake compares it).
                try record.update(db)
                _ = try Self.bumpVersion(db, id: candidate.id)
            } else {
                try record.insert(db)
            }
            try ChangeLogTable.append(db, candidates: [candidate.id], kind: .saved)
        }
    }

    /// The active candidate with this id; a deactivated one is left out like everywhere else in matching.
    public func candidate(id: String) async throws -> Candidate? {
        // A cached statement: every candidate read (each ranking, each record view) runs it, and preparing the
        // query-interface request anew each time cost as much as the read itself.
        try await pool.read { db in
            try CandidateRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM candidate WHERE id = ? AND active = 1"), arguments: [id])?.candidate
        }
    }

    public func candidateMunicipality(id: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT municipality FROM candidate WHERE id = ? AND active = 1"), arguments: [id])
        }
    }

    /// All active candidates, ordered by id.
    public func candidates() async throws -> [Candidate] {
        try await pool.read { db in try CandidateRecord.active.order(Column("id")).fetchAll(db).map(\.candidate) }
    }

    /// The candidates with these ids that exist, ordered by id (the index follower's batch read).
    public func candidates(ids: [String]) async throws -> [Candidate] {
        try await pool.read { db in try CandidateRecord.active.filter(keys: ids).order(Column("id")).fetchAll(db).map(\.candidate) }
    }

    public func candidates(inMunicipalities municipalities: [String]) async throws -> [Candidate] {
        try await pool.read { db in
            try CandidateRecord.active.filter(municipalities.contains(Column("municipality"))).order(Column("id")).fetchAll(db).map(\.candidate)
        }
    }

    @discardableResult
    public func removeCandidate(id: String) async throws -> Bool {
        try await pool.write { db in
            let removed = try CandidateRecord.deleteOne(db, key: id)
            if removed { try ChangeLogTable.append(db, candidates: [id], kind: .removed) }
            return removed
        }
    }
}

extension MatchpuntStore {
    /// Inserts an employer and returns it with its id.
    public func insert(_ employer: Employer) async throws -> Employer {
        do {
            return try await pool.write { db in
                var record = EmployerRecord(employer)
                record.employer.id = 0
                try record.insert(db)
                return record.employer
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict("an employer with KvK number \(employer.kvkNumber?.rawValue ?? "-") already exists")
        }
    }

    public func employer(id: Int64) async throws -> Employer? {
        try await pool.read { db in try EmployerRecord.fetchOne(db, key: id)?.employer }
    }

    public func employers() async throws -> [Employer] {
        try await pool.read { db in try EmployerRecord.order(Column("id")).fetchAll(db).map(\.employer) }
    }

    public func employer(kvkNumber: KvKNumber) async throws -> Employer? {
        try await pool.read { db in try EmployerRecord.filter(Column("kvkNumber") == kvkNumber.rawValue).fetchOne(db)?.employer }
    }

    /// Case-insensitive exact name match, for feeds that carry no KvK number.
    public func employer(named name: String) async throws -> Employer? {
        try await pool.read { db in
            try EmployerRecord.filter(sql: "name = ? COLLATE NOCASE", arguments: [name]).order(Column("id")).fetchOne(db)?.employer
        }
    }
}

extension MatchpuntStore {
    /// Inserts a vacancy entered by hand or seeded; returns it with its id.
    public func insert(_ vacancy: Vacancy) async throws -> Vacancy {
        do {
            return try await pool.write { db in
                var record = VacancyRecord(vacancy)
                record.vacancy.id = 0
                try record.insert(db)
                try ChangeLogTable.append(db, vacancies: [record.vacancy.id])
                return record.vacancy
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict("vacancy \(vacancy.source)/\(vacancy.externalId): \(error.message ?? "constraint failed")")
        }
    }

    public func update(_ vacancy: Vacancy) async throws {
        try await pool.write { db in
            let record = VacancyRecord(vacancy)
            guard try record.exists(db) else { throw StoreError.notFound("vacancy \(vacancy.id)") }
            // Keep the feed link and content hash the import wrote.
            let existing = try VacancyRecord.fetchOne(db, key: vacancy.id)
            var updated = VacancyRecord(vacancy, feedId: existing?.feedId, contentHash: existing?.contentHash)
            try updated.update(db)
            try ChangeLogTable.append(db, vacancies: [vacancy.id])
        }
    }

    /// The vacancies with these ids that exist, ordered by id (the index follower's batch read).
    public func vacancies(ids: [Int64]) async throws -> [Vacancy] {
        try await pool.read { db in try VacancyRecord.filter(keys: ids).order(Column("id")).fetchAll(db).map(\.vacancy) }
    }

    public func vacancy(id: Int64) async throws -> Vacancy? {
        try await pool.read { db in try VacancyRecord.fetchOne(db, key: id)?.vacancy }
    }

    /// Vacancies ordered by id; `status` nil gives all.
    public func vacancies(status: VacancyStatus? = nil) async throws -> [Vacancy] {
        try await pool.read { db in
            var request = VacancyRecord.all()
            if let status { request = request.filter(Column("status") == status.rawValue) }
            return try request.order(Column("id")).fetchAll(db).map(\.vacancy)
        }
    }
}

extension MatchpuntStore {
    /// True when the database has no candidates, employers or vacancies (a `--demo` seed may run).
    public func isEmpty() async throws -> Bool {
        let counts = try await counts()
        return counts.candidates == 0 && counts.employers == 0 && counts.vacancies == 0
    }

    /// Loads a complete data set in one transaction: all of it or none. Employers keep their ids, so that
    /// vacancies can refer to them.
    public func seed(employers: [Employer], candidates: [Candidate], vacancies: [Vacancy]) async throws {
        for candidate in candidates where !candidate.validationProblems.isEmpty {
            throw StoreError.invalidRecord("candidate \(candidate.id): \(candidate.validationProblems.joined(separator: "; "))")
        }
        try await pool.write { db in
            for employer in employers {
                var record = EmployerRecord(employer)
                try record.insert(db)
            }
            for candidate in candidates { try CandidateRecord(candidate).insert(db) }
            var saved: [Vacancy] = []
            saved.reserveCapacity(vacancies.count)
            for vacancy in vacancies {
                var record = VacancyRecord(vacancy)
                if vacancy.id > 0 { try record.insert(db) } else { try record.insertPrepared(db) }
                saved.append(record.vacancy)
            }
            try ChangeLogTable.append(db, candidates: candidates.map(\.id), kind: .saved)
            try ChangeLogTable.append(db, vacancies: saved.map(\.id))
        }
    }
}
