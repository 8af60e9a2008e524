import Domain
import GRDB
import Repositories

extension MatchpuntStore: VacancySearchRepository {
    public func searchVacancies(_ query: VacancyQuery) async throws -> SearchPage<Vacancy> {
        try await pool.read { db in
            var request = VacancyRecord.all()
            if let status = query.status { request = request.filter(Column("status") == status.rawValue) }
            if let employerId = query.employerId { request = request.filter(Column("employerId") == employerId) }
            if let source = query.source { request = request.filter(Column("source") == source) }
            if let occupation = query.occupation { request = request.filter(Column("occupation") == occupation) }
            if let areas = query.manualPostcodeAreas {
                // Postcodes are stored as "1234 AB" or "1234": the area is the first four characters.
                request = request.filter(sql: "(source <> ? OR substr(postcode, 1, 4) IN (SELECT value FROM json_each(?)))",
                                         arguments: [Vacancy.manualSource, Self.jsonTexts(areas)])
            }
            for word in Self.words(query.text) {
                request = request.filter(sql: "title LIKE ? ESCAPE '\\'", arguments: ["%" + Self.escapedLike(word) + "%"])
            }
            let total = try request.fetchCount(db)
            let items = try request.order(Column("id")).limit(max(0, query.limit), offset: max(0, query.offset)).fetchAll(db).map(\.vacancy)
            return SearchPage(items: items, total: total)
        }
    }

    public func searchEmployers(_ query: EmployerQuery) async throws -> SearchPage<Employer> {
        try await pool.read { db in
            var request = EmployerRecord.all()
            if let kvk = query.kvkNumber { request = request.filter(Column("kvkNumber") == kvk) }
            if let areas = query.postcodeAreas {
                request = request.filter(sql: "substr(postcode, 1, 4) IN (SELECT value FROM json_each(?))", arguments: [Self.jsonTexts(areas)])
            }
            for word in Self.words(query.text) {
                request = request.filter(sql: "name LIKE ? ESCAPE '\\'", arguments: ["%" + Self.escapedLike(word) + "%"])
            }
            let total = try request.fetchCount(db)
            let items = try request.order(Column("id")).limit(max(0, query.limit), offset: max(0, query.offset)).fetchAll(db).map(\.employer)
            return SearchPage(items: items, total: total)
        }
    }

    /// Four-digit areas as a JSON array of strings, compared with the text column's first four characters.
    static func jsonTexts(_ areas: [Int]) -> String {
        "[" + areas.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }

    /// At most eight words: a search is a few words, not a query language.
    static func words(_ text: String?) -> [String] {
        Array((text ?? "").split(whereSeparator: { $0.isWhitespace }).prefix(8).map(String.init))
    }

    /// LIKE's own wildcards in the input are matched literally.
    static func escapedLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
