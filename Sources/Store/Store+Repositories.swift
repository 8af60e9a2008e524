import Repositories

// The SQLite store implements every repository protocol; the methods live in the Store+Topic files.
extension MatchpuntStore: CandidateRepository, VacancyRepository, EmployerRepository, UserRepository, FeedRepository,
    StoreStatusRepository {}
