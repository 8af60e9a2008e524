import Domain
import PostgresNIO
import Repositories

/// Vacancy and employer search on PostgreSQL, as the SQLite store answers it: every field narrows, the words
/// of `text` must all occur (case-insensitive: ILIKE, as SQLite's LIKE is for ASCII), ordered by id.
extension PostgresStore: VacancySearchRepository {
    public func searchVacancies(_ query: VacancyQuery) async throws -> SearchPage<Vacancy> {
        var values = Values()
        var conditions: [String] = []
        if let status = query.status { conditions.append("status = \(values.placeholder(status.rawValue))") }
        if let employerId = query.employerId { conditions.append("employer_id = \(values.placeholder(employerId))") }
        if let source = query.source { conditions.append("source = \(values.placeholder(source))") }
        if let occupation = query.occupation { conditions.append("occupation = \(values.placeholder(occupation))") }
        if let areas = query.manualPostcodeAreas {
            // Postcodes are stored as "1234 AB" or "1234": the area is the first four characters.
            conditions.append("(source <> \(values.placeholder(Vacancy.manualSource)) OR substr(postcode, 1, 4) = ANY(\(values.placeholder(areas.map(String.init)))))")
        }
        for word in Self.searchWords(query.text) {
            conditions.append("title ILIKE \(values.placeholder("%" + Self.escapedLike(word) + "%")) ESCAPE '\\'")
        }
        let (items, total) = try await page(table: "vacancy", select: VacancyRow.select, conditions: conditions, values: values,
                                            limit: query.limit, offset: query.offset, VacancyRow.vacancy)
        return SearchPage(items: items, total: total)
    }

    public func searchEmployers(_ query: EmployerQuery) async throws -> SearchPage<Employer> {
        var values = Values()
        var conditions: [String] = []
        if let kvk = query.kvkNumber { conditions.append("kvk_number = \(values.placeholder(kvk))") }
        if let areas = query.postcodeAreas {
            conditions.append("substr(postcode, 1, 4) = ANY(\(values.placeholder(areas.map(String.init))))")
        }
        for word in Self.searchWords(query.text) {
            conditions.append("name ILIKE \(values.placeholder("%" + Self.escapedLike(word) + "%")) ESCAPE '\\'")
        }
        let (items, total) = try await page(table: "employer", select: EmployerRow.select, conditions: conditions, values: values,
                                            limit: query.limit, offset: query.offset, EmployerRow.employer)
        return SearchPage(items: items, total: total)
    }

    /// One page and the count of all matches.
    private func page<T>(table: String, select: String, conditions: [String], values: Values, limit: Int, offset: Int,
                         _ transform: (PostgresRow) throws -> T) async throws -> ([T], Int) {
        var values = values
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let total = try await one(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)\(filter)", binds: values.binds)) { try $0.decode(Int.self) } ?? 0
        let limitPlaceholder = values.placeholder(Int64(max(0, limit)))
        let offsetPlaceholder = values.placeholder(Int64(max(0, offset)))
        let items = try await all(PostgresQuery(unsafeSQL: "SELECT \(select) FROM \(table)\(filter) ORDER BY id LIMIT \(limitPlaceholder) OFFSET \(offsetPlaceholder)",
                                                binds: values.binds), transform)
        return (items, total)
    }

    /// At most eight words: a search is a few words, not a query language.
    static func searchWords(_ text: String?) -> [String] {
        Array((text ?? "").split(whereSeparator: { $0.isWhitespace }).prefix(8).map(String.init))
    }

    /// LIKE's own wildcards in the input are matched literally.
    static func escapedLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
