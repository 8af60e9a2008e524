import Domain
import GRDB
import Repositories

extension MatchpuntStore {
    /// A partial index holding only the vacancies without a postcode (a handful among 100,000), so the page's
    /// count and its page are read from that small index instead of scanning every open vacancy. Its columns are
    /// the two the query compares for equality: without ANALYZE statistics SQLite prefers an index matching more
    /// equality terms, and an index on `(id)` alone loses to `vacancy_on_status`. Entries with equal keys are in
    /// rowid order, so `ORDER BY id` needs no sort. Appended after the other migrations.
    static func registerVacancyLocationMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("vacancy-location-1 partial index of open vacancies without a postcode") { db in
            try db.execute(sql: "CREATE INDEX vacancy_without_postcode ON vacancy(status, postcode) WHERE postcode IS NULL")
        }
    }

    /// The condition with the partial index's own term (`postcode IS NULL`), which SQLite needs to use it.
    static let withoutLocationCondition = "status = 'open' AND postcode IS NULL"
    static let withoutLocationCountSQL = "SELECT COUNT(*) FROM vacancy WHERE \(withoutLocationCondition)"
    static let withoutLocationPageSQL = "SELECT * FROM vacancy WHERE \(withoutLocationCondition) ORDER BY id LIMIT ? OFFSET ?"
}

extension MatchpuntStore: VacancyLocationRepository {
    public func openVacanciesWithoutLocation(limit: Int, offset: Int) async throws -> (vacancies: [Vacancy], total: Int) {
        try await pool.read { db in
            let total = try Int.fetchOne(db, sql: Self.withoutLocationCountSQL) ?? 0
            // OFFSET steps through entries of the partial index only (those vacancies), never the whole table.
            let page = try VacancyRecord.fetchAll(db, sql: Self.withoutLocationPageSQL, arguments: [max(0, limit), max(0, offset)]).map(\.vacancy)
            return (page, total)
        }
    }

    /// The query plan SQLite chooses for `sql` (the `detail` column of EXPLAIN QUERY PLAN, one line per step),
    /// so tests can prove that a query is served by the index meant for it.
    public func queryPlanForTesting(_ sql: String, arguments: [Int] = []) async throws -> String {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(arguments)).map { $0["detail"] as String }
                .joined(separator: "\n")
        }
    }
}
