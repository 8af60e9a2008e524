import Domain
import PostgresNIO
import Repositories

extension PostgresStore: CandidateRepository {
    /// Inserts or replaces a candidate after validating it; logs the change in the same transaction.
    public func save(_ candidate: Candidate) async throws {
        let problems = candidate.validationProblems
        guard problems.isEmpty else { throw StoreError.invalidRecord(problems.joined(separator: "; ")) }
        var values = Values()
        CandidateRow.values(candidate, into: &values)
        let updates = CandidateRow.columns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        let sql = "INSERT INTO candidate (\(CandidateRow.columns.joined(separator: ", "))) VALUES (\(values.placeholders.joined(separator: ", "))) "
            // A change is a new version, whoever makes it (the intake's optimistic concurrency compares it).
            + "ON CONFLICT (id) DO UPDATE SET \(updates), version = candidate.version + 1"
        try await transaction { connection in
            try await self.execute(PostgresQuery(unsafeSQL: sql, binds: values.binds), on: connection)
            try await ChangeLogTable.append(self, connection, candidates: [candidate.id], kind: .saved)
        }
    }

    /// The active candidate with this id; a deactivated one is left out like everywhere else in matching.
    public func candidate(id: String) async throws -> Candidate? {
        try await one(PostgresQuery(unsafeSQL: "SELECT \(CandidateRow.select) FROM candidate WHERE active AND id = $1", binds: Self.binds(id)),
                      CandidateRow.candidate)
    }

    public func candidateMunicipality(id: String) async throws -> String? {
        try await one(PostgresQuery(unsafeSQL: "SELECT municipality FROM candidate WHERE active AND id = $1", binds: Self.binds(id))) { row in
            try row.decode(String.self)
        }
    }

    public func candidates() async throws -> [Candidate] {
        try await all(PostgresQuery(unsafeSQL: "SELECT \(CandidateRow.select) FROM candidate WHERE active ORDER BY id"), CandidateRow.candidate)
    }

    public func candidates(ids: [String]) async throws -> [Candidate] {
        try await all(PostgresQuery(unsafeSQL: "SELECT \(CandidateRow.select) FROM candidate WHERE active AND id = ANY($1) ORDER BY id", binds: Self.binds(ids)),
                      CandidateRow.candidate)
    }

    public func candidates(inMunicipalities municipalities: [String]) async throws -> [Candidate] {
        try await all(PostgresQuery(unsafeSQL: "SELECT \(CandidateRow.select) FROM candidate WHERE active AND municipality = ANY($1) ORDER BY id",
                                    binds: Self.binds(municipalities)), CandidateRow.candidate)
    }

    @discardableResult
    public func removeCandidate(id: String) async throws -> Bool {
        try await transaction { connection in
            let removed = try await self.execute("DELETE FROM candidate WHERE id = \(id) RETURNING id", on: connection) > 0
            if removed { try await ChangeLogTable.append(self, connection, candidates: [id], kind: .removed) }
            return removed
        }
    }

    static func binds<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(value)
        return binds
    }
}

extension PostgresStore: EmployerRepository {
    public func insert(_ employer: Employer) async throws -> Employer {
        do {
            let id = try await one("""
                INSERT INTO employer (name, kvk_number, street, postcode, city)
                VALUES (\(employer.name), \(employer.kvkNumber?.rawValue), \(employer.address?.street), \(employer.address?.postcode.description), \(employer.address?.city))
                RETURNING id
                """) { try $0.decode(Int64.self) }
            var saved = employer
            saved.id = id ?? 0
            return saved
        } catch let error where Self.isUniqueViolation(error) {
            throw StoreError.conflict("an employer with KvK number \(employer.kvkNumber?.rawValue ?? "-") already exists")
        }
    }

    public func employer(id: Int64) async throws -> Employer? {
        try await one(PostgresQuery(unsafeSQL: "SELECT \(EmployerRow.select) FROM employer WHERE id = $1", binds: Self.binds(id)), EmployerRow.employer)
    }

    public func employers() async throws -> [Employer] {
        try await all(PostgresQuery(unsafeSQL: "SELECT \(EmployerRow.select) FROM employer ORDER BY id"), EmployerRow.employer)
    }

    public func employer(kvkNumber: KvKNumber) async throws -> Employer? {
        try await one(PostgresQuery(unsafeSQL: "SELECT \(EmployerRow.select) FROM employer WHERE kvk_number = $1", binds: Self.binds(kvkNumber.rawValue)),
                      EmployerRow.employer)
    }

    /// Case-insensitive exact name match, for feeds that carry no KvK number.
    public func employer(named name: String) async throws -> Employer? {
        try await one(PostgresQuery(unsafeSQL: "SELECT \(EmployerRow.select) FROM employer WHERE lower(name) = lower($1) ORDER BY id LIMIT 1",
                                    binds: Self.binds(name)), EmployerRow.employer)
    }
}

extension PostgresStore: VacancyRepository {
    public func insert(_ vacancy: Vacancy) async throws -> Vacancy {
        var values = Values()
        VacancyRow.values(vacancy, feedId: nil, contentHash: nil, into: &values)
        let sql = "INSERT INTO vacancy (\(VacancyRow.writtenColumns.joined(separator: ", "))) VALUES (\(values.placeholders.joined(separator: ", "))) RETURNING id"
        do {
            return try await transaction { connection in
                let id = try await self.one(PostgresQuery(unsafeSQL: sql, binds: values.binds), on: connection) { try $0.decode(Int64.self) } ?? 0
                try await ChangeLogTable.append(self, connection, vacancies: [id])
                var saved = vacancy
                saved.id = id
                return saved
            }
        } catch let error where Self.isUniqueViolation(error) {
            throw StoreError.conflict("vacancy \(vacancy.source)/\(vacancy.externalId): \(Self.reason(error))")
        }
    }

    /// Updates a vacancy by id, keeping the feed link and content hash the import wrote.
    public func update(_ vacancy: Vacancy) async throws {
        var values = Values()
        VacancyRow.values(vacancy, feedId: nil, contentHash: nil, into: &values)
        // feed_id and content_hash are bound as NULL and keep what the import wrote (every bind must be used).
        let assignments = zip(VacancyRow.writtenColumns, values.placeholders)
            .map { ["feed_id", "content_hash"].contains($0.0) ? "\($0.0) = COALESCE(\($0.1), \($0.0))" : "\($0.0) = \($0.1)" }
            .joined(separator: ", ")
        let idPlaceholder = values.placeholder(vacancy.id)
        let sql = "UPDATE vacancy SET \(assignments) WHERE id = \(idPlaceholder) RETURNING id"
        try await transaction { connection in
            guard try await self.execute(PostgresQuery(unsafeSQL: sql, binds: values.binds), on: connection) > 0 else {
                throw StoreError.notFound("vacancy \(vacancy.id)")
            }
            try await ChangeLogTable.append(self, connection, vacancies: [vacancy.id])
        }
    }

    public func vacancy(id: Int64) async throws -> Vacancy? {
        try await one(PostgresQuery(unsafeSQL: "SELECT \(VacancyRow.select) FROM vacancy WHERE id = $1", binds: Self.binds(id)), VacancyRow.vacancy)
    }

    public func vacancies(status: VacancyStatus? = nil) async throws -> [Vacancy] {
        if let status {
            return try await all(PostgresQuery(unsafeSQL: "SELECT \(VacancyRow.select) FROM vacancy WHERE status = $1 ORDER BY id",
                                               binds: Self.binds(status.rawValue)), VacancyRow.vacancy)
        }
        return try await all(PostgresQuery(unsafeSQL: "SELECT \(VacancyRow.select) FROM vacancy ORDER BY id"), VacancyRow.vacancy)
    }

    public func vacancies(ids: [Int64]) async throws -> [Vacancy] {
        try await all(PostgresQuery(unsafeSQL: "SELECT \(VacancyRow.select) FROM vacancy WHERE id = ANY($1) ORDER BY id", binds: Self.binds(ids)),
                      VacancyRow.vacancy)
    }
}

extension PostgresStore {
    /// Loads a complete data set in one transaction: all of it or none. Employers keep their ids, so that
    /// vacancies can refer to them; the identity columns are moved past the ids given.
    public func seed(employers: [Employer], candidates: [Candidate], vacancies: [Vacancy]) async throws {
        for candidate in candidates where !candidate.validationProblems.isEmpty {
            throw StoreError.invalidRecord("candidate \(candidate.id): \(candidate.validationProblems.joined(separator: "; "))")
        }
        try await transaction { connection in
            for employer in employers {
                try await self.execute("""
                    INSERT INTO employer (id, name, kvk_number, street, postcode, city)
                    VALUES (\(employer.id), \(employer.name), \(employer.kvkNumber?.rawValue), \(employer.address?.street), \(employer.address?.postcode.description), \(employer.address?.city))
                    """, on: connection)
            }
            for batch in candidates.chunks(of: 500) {
                var values = Values()
                var rows: [String] = []
                for candidate in batch {
                    let start = values.placeholders.count
                    CandidateRow.values(candidate, into: &values)
                    rows.append("(" + values.placeholders[start...].joined(separator: ", ") + ")")
                }
                try await self.execute(PostgresQuery(unsafeSQL: "INSERT INTO candidate (\(CandidateRow.columns.joined(separator: ", "))) VALUES \(rows.joined(separator: ", "))",
                                                     binds: values.binds), on: connection)
            }
            // Vacancies that bring their id first, then the identity column moves past them, then the others.
            var ids: [Int64] = []
            for (withIds, batchVacancies) in [(true, vacancies.filter { $0.id > 0 }), (false, vacancies.filter { $0.id <= 0 })] {
                for batch in batchVacancies.chunks(of: 500) {
                    var values = Values()
                    var rows: [String] = []
                    for vacancy in batch {
                        let start = values.placeholders.count
                        if withIds { values.add(vacancy.id) }
                        VacancyRow.values(vacancy, feedId: nil, contentHash: nil, into: &values)
                        rows.append("(" + values.placeholders[start...].joined(separator: ", ") + ")")
                    }
                    let columns = (withIds ? ["id"] : []) + VacancyRow.writtenColumns
                    ids += try await self.all(PostgresQuery(unsafeSQL: "INSERT INTO vacancy (\(columns.joined(separator: ", "))) VALUES \(rows.joined(separator: ", ")) RETURNING id",
                                                            binds: values.binds), on: connection) { try $0.decode(Int64.self) }
                }
                if withIds {
                    try await self.execute("SELECT setval(pg_get_serial_sequence('vacancy', 'id'), max(id)) FROM vacancy HAVING max(id) IS NOT NULL", on: connection)
                }
            }
            try await self.execute("SELECT setval(pg_get_serial_sequence('employer', 'id'), max(id)) FROM employer HAVING max(id) IS NOT NULL", on: connection)
            try await ChangeLogTable.append(self, connection, candidates: candidates.map(\.id), kind: .saved)
            try await ChangeLogTable.append(self, connection, vacancies: ids)
        }
    }

}

extension Array {
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
