import Domain
import Foundation
import PostgresNIO
import Repositories

/// The management overview's reads on PostgreSQL, as the SQLite store makes them: grouped counts and bounded
/// ranges, never a whole table of records.
extension PostgresStore: ManagementReportRepository {
    public func quoteStatusChanges(from: Date, to: Date) async throws -> [QuoteStatusChange] {
        try await all("""
            SELECT quote_id, from_status, to_status, at, actor, reason FROM quote_status_change
            WHERE at >= \(from) AND at < \(to) ORDER BY at, id
            """) { row in
            let (quoteId, from, to, at, actor, reason) = try row.decode((Int64, String?, String, Date, String, String?).self)
            return QuoteStatusChange(quoteId: quoteId, from: from.flatMap(QuoteStatus.init(rawValue:)), to: QuoteStatus(rawValue: to) ?? .draft,
                                     at: at, actor: actor, reason: reason)
        }
    }

    public func quotes(ids: [Int64]) async throws -> [StoredQuote] {
        guard !ids.isEmpty else { return [] }
        return try await all(PostgresQuery(unsafeSQL: "SELECT \(Self.quoteSelect) FROM quote WHERE id = ANY($1)", binds: Self.binds(ids)),
                             Self.storedQuote)
    }

    public func candidateCounts(municipalities: [String]?) async throws -> [CandidateCount] {
        let select = "SELECT municipality, ladder_rung, target_group_register, status_holder, count(*) FROM candidate"
        let group = " GROUP BY municipality, ladder_rung, target_group_register, status_holder"
        let query: PostgresQuery
        if let municipalities {
            guard !municipalities.isEmpty else { return [] }
            query = PostgresQuery(unsafeSQL: select + " WHERE municipality = ANY($1)" + group, binds: Self.binds(municipalities))
        } else {
            query = PostgresQuery(unsafeSQL: select + group)
        }
        return try await all(query) { row in
            let (municipality, rung, register, statusHolder, count) = try row.decode((String, Int, Bool, Bool, Int).self)
            return CandidateCount(municipality: municipality, ladderRung: rung, targetGroupRegister: register, statusHolder: statusHolder, count: count)
        }
    }
}

extension PostgresStore: VacancyLocationRepository {
    /// Both read the partial index `vacancy_without_postcode` (migration "vacancy-location-1"); OFFSET steps
    /// through its entries only.
    static let withoutLocationCountSQL = "SELECT count(*) FROM vacancy WHERE status = 'open' AND postcode IS NULL"
    static let withoutLocationPageSQL = "SELECT \(VacancyRow.select) FROM vacancy WHERE status = 'open' AND postcode IS NULL ORDER BY id LIMIT $1 OFFSET $2"

    public func openVacanciesWithoutLocation(limit: Int, offset: Int) async throws -> (vacancies: [Vacancy], total: Int) {
        let total = try await one(PostgresQuery(unsafeSQL: Self.withoutLocationCountSQL)) { try $0.decode(Int.self) } ?? 0
        let page = try await all(PostgresQuery(unsafeSQL: Self.withoutLocationPageSQL, binds: Self.binds(Int64(max(0, limit)), max(0, offset))),
                                 VacancyRow.vacancy)
        return (page, total)
    }

    /// The plan PostgreSQL chooses for `sql` (EXPLAIN's lines), with sequential scans discouraged for this one
    /// transaction: a test database holds a few rows, where a scan is rightly cheapest, and the question is
    /// whether the index *can* serve the query.
    public func queryPlanForTesting(_ sql: String, arguments: [Int] = []) async throws -> String {
        try await transaction { connection in
            try await self.execute("SET LOCAL enable_seqscan = off", on: connection)
            var binds = PostgresBindings()
            for argument in arguments { binds.append(Int64(argument)) }
            return try await self.all(PostgresQuery(unsafeSQL: "EXPLAIN " + sql, binds: binds), on: connection) { try $0.decode(String.self) }
                .joined(separator: "\n")
        }
    }
}
