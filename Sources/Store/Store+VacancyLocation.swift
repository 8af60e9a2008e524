import Domain
import GRDB
import Repositories

extension MatchpuntStore: VacancyLocationRepository {
    public func openVacanciesWithoutLocation(limit: Int, offset: Int) async throws -> (vacancies: [Vacancy], total: Int) {
        try await pool.read { db in
            let request = VacancyRecord.filter(Column("status") == VacancyStatus.open.rawValue).filter(Column("postcode") == nil)
            let total = try request.fetchCount(db)
            let page = try request.order(Column("id")).limit(max(0, limit), offset: max(0, offset)).fetchAll(db).map(\.vacancy)
            return (page, total)
        }
    }
}
