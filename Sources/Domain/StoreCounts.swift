/// How many of each thing the database holds (landing page, health, metrics).
public struct StoreCounts: Sendable, Equatable, Codable {
    public var candidates: Int
    public var employers: Int
    public var vacancies: Int
    public var openVacancies: Int
    public var feeds: Int
    public var quotes: Int

    public init(candidates: Int, employers: Int, vacancies: Int, openVacancies: Int, feeds: Int, quotes: Int) {
        self.candidates = candidates
        self.employers = employers
        self.vacancies = vacancies
        self.openVacancies = openVacancies
        self.feeds = feeds
        self.quotes = quotes
    }
}
