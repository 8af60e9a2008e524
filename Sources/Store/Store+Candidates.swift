import Domain
import GRDB

extension MatchpuntStore {
    /// Inserts or replaces a candidate after validating it.
    public func save(_ candidate: Candidate) throws {
        let problems = candidate.validationProblems
        guard problems.isEmpty else { throw StoreError.invalidRecord(problems.joined(separator: "; ")) }
        try pool.write { db in try CandidateRecord(candidate).save(db) }
        notify(.candidateSaved(candidate))
    }

    public func candidate(id: String) throws -> Candidate? {
        try pool.read { db in try CandidateRecord.fetchOne(db, key: id)?.candidate }
    }

    /// All candidates, ordered by id.
    public func candidates() throws -> [Candidate] {
        try pool.read { db in try CandidateRecord.order(Column("id")).fetchAll(db).map(\.candidate) }
    }

    public func candidates(inMunicipalities municipalities: [String]) throws -> [Candidate] {
        try pool.read { db in
            try CandidateRecord.filter(municipalities.contains(Column("municipality"))).order(Column("id")).fetchAll(db).map(\.candidate)
        }
    }

    @discardableResult
    public func removeCandidate(id: String) throws -> Bool {
        let removed = try pool.write { db in try CandidateRecord.deleteOne(db, key: id) }
        if removed { notify(.candidateRemoved(id: id)) }
        return removed
    }
}

extension MatchpuntStore {
    /// Inserts an employer and returns it with its id.
    public func insert(_ employer: Employer) throws -> Employer {
        var record = EmployerRecord(employer)
        record.employer.id = 0
        do {
            try pool.write { db in try record.insert(db) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict("an employer with KvK number \(employer.kvkNumber?.rawValue ?? "-") already exists")
        }
        return record.employer
    }

    public func employer(id: Int64) throws -> Employer? {
        try pool.read { db in try EmployerRecord.fetchOne(db, key: id)?.employer }
    }

    public func employers() throws -> [Employer] {
        try pool.read { db in try EmployerRecord.order(Column("id")).fetchAll(db).map(\.employer) }
    }

    public func employer(kvkNumber: KvKNumber) throws -> Employer? {
        try pool.read { db in try EmployerRecord.filter(Column("kvkNumber") == kvkNumber.rawValue).fetchOne(db)?.employer }
    }

    /// Case-insensitive exact name match, for feeds that carry no KvK number.
    public func employer(named name: String) throws -> Employer? {
        try pool.read { db in
            try EmployerRecord.filter(sql: "name = ? COLLATE NOCASE", arguments: [name]).order(Column("id")).fetchOne(db)?.employer
        }
    }
}

extension MatchpuntStore {
    /// Inserts a vacancy entered by hand or seeded; returns it with its id.
    public func insert(_ vacancy: Vacancy) throws -> Vacancy {
        var record = VacancyRecord(vacancy)
        record.vacancy.id = 0
        do {
            try pool.write { db in try record.insert(db) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict("vacancy \(vacancy.source)/\(vacancy.externalId): \(error.message ?? "constraint failed")")
        }
        notify(.vacanciesSaved([record.vacancy]))
        return record.vacancy
    }

    public func update(_ vacancy: Vacancy) throws {
        try pool.write { db in
            let record = VacancyRecord(vacancy)
            guard try record.exists(db) else { throw StoreError.notFound("vacancy \(vacancy.id)") }
            // Keep the feed link and content hash the import wrote.
            let existing = try VacancyRecord.fetchOne(db, key: vacancy.id)
            var updated = VacancyRecord(vacancy, feedId: existing?.feedId, contentHash: existing?.contentHash)
            try updated.update(db)
        }
        notify(.vacanciesSaved([vacancy]))
    }

    public func vacancy(id: Int64) throws -> Vacancy? {
        try pool.read { db in try VacancyRecord.fetchOne(db, key: id)?.vacancy }
    }

    /// Vacancies ordered by id; `status` nil gives all.
    public func vacancies(status: VacancyStatus? = nil) throws -> [Vacancy] {
        try pool.read { db in
            var request = VacancyRecord.all()
            if let status { request = request.filter(Column("status") == status.rawValue) }
            return try request.order(Column("id")).fetchAll(db).map(\.vacancy)
        }
    }
}

extension MatchpuntStore {
    /// True when the database has no candidates, employers or vacancies (a `--demo` seed may run).
    public func isEmpty() throws -> Bool {
        let counts = try counts()
        return counts.candidates == 0 && counts.employers == 0 && counts.vacancies == 0
    }

    /// Loads a complete data set in one transaction: all of it or none. Employers keep their ids, so that
    /// vacancies can refer to them.
    public func seed(employers: [Employer], candidates: [Candidate], vacancies: [Vacancy]) throws {
        for candidate in candidates where !candidate.validationProblems.isEmpty {
            throw StoreError.invalidRecord("candidate \(candidate.id): \(candidate.validationProblems.joined(separator: "; "))")
        }
        let saved = try pool.write { db in
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
            return saved
        }
        for candidate in candidates { notify(.candidateSaved(candidate)) }
        if !saved.isEmpty { notify(.vacanciesSaved(saved)) }
    }
}
