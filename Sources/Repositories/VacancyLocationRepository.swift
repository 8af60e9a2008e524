import Domain

/// Open vacancies whose location is unknown (no postcode: the feed gave none and the place name did not
/// resolve), so staff can fix them. A protocol of its own so that another store can add it separately.
public protocol VacancyLocationRepository: Sendable {
    /// Open vacancies without a postcode, by id, one page, with the number of all of them.
    func openVacanciesWithoutLocation(limit: Int, offset: Int) async throws -> (vacancies: [Vacancy], total: Int)
}
