import Domain
import Foundation
import Store
import Testing

enum Sample {
    static let employer = Employer(
        id: 0, name: "Facilitair Dordrecht B.V.", kvkNumber: KvKNumber("90001371"),
        address: Address(street: "Handelsweg 12", postcode: Postcode(parsing: "3316 BC")!, city: "Dordrecht"))

    static func candidate(_ id: String = "K00001") -> Candidate {
        Candidate(
            id: id, municipality: "Dordrecht", dateOfBirth: CalendarDate(year: 1990, month: 2, day: 28)!, benefit: .participatiewet,
            benefitSince: CalendarDate(year: 2019, month: 5, day: 1), targetGroupRegister: true, workLimitation: true,
            wageValue: WageValueMeasurement(percent: 55, measuredOn: CalendarDate(year: 2026, month: 3, day: 12)!),
            hadEducationObstacle: true, ladderRung: .organisedActivities, singleParentWithChildUnder12: true, statusHolder: false,
            hoursAvailable: WeeklyHours(min: 16, max: 32)!, travelReachKm: 15, postcode: Postcode(parsing: "3311 AB")!,
            availableFrom: CalendarDate(year: 2026, month: 12, day: 1)!, skills: ["skill-a", "skill-b"], desiredOccupations: ["occ-1"],
            education: .mbo2, dutchLevel: .b1, drivingLicences: [.b], avoid: [.heavyLifting, .nightShifts])
    }

    static func vacancy(employerId: Int64?, externalId: String = "V-1") -> Vacancy {
        Vacancy(
            id: 0, source: "handmatig", externalId: externalId, employerId: employerId, title: "Medewerker schoonmaak (m/v)",
            occupation: "occ-1", requiredSkills: ["skill-a"], optionalSkills: ["skill-c"], postcode: Postcode(parsing: "3316")!,
            hours: WeeklyHours(min: 24, max: 32)!, contractMonths: 12, startDate: CalendarDate(year: 2027, month: 1, day: 4)!,
            hourlyWage: Money(cents: 1495), suitableForBanenafspraak: true, demands: [.prolongedStanding], requiredLicences: [.b],
            minimumEducation: .mbo1, minimumDutchLevel: .a2, status: .open, validThrough: CalendarDate(year: 2027, month: 2, day: 1)!)
    }
}

@Suite struct StoreTests {
    @Test func migratesAnEmptyFile() async throws {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("matchpunt.sqlite"))
        let applied = try await store.appliedMigrations()
        #expect(applied == ["v1 schema", "v2 change log, feed leases, audit request id", "quotes-1 numbered immutable quotes, status history, name consent", "security-1 tokens, sessions, regions, append-only audit", "candidate-intake-1 version and active flag"])
        #expect(try await store.counts() == StoreCounts(candidates: 0, employers: 0, vacancies: 0, openVacancies: 0, feeds: 0, quotes: 0))
        #expect(try await store.isEmpty())
        #expect(await store.isHealthy())
        // Opening again applies nothing twice.
        try store.close()
        #expect(try await MatchpuntStore(path: directory.path("matchpunt.sqlite")).appliedMigrations() == applied)
    }

    @Test func roundTripsEveryRecordType() async throws {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("m.sqlite"))
        let employer = try await store.insert(Sample.employer)
        #expect(employer.id > 0)
        #expect(try await store.employer(id: employer.id) == employer)
        #expect(try await store.employer(kvkNumber: KvKNumber("90001371")!) == employer)
        #expect(try await store.employer(named: "facilitair dordrecht b.v.") == employer)

        let candidate = Sample.candidate()
        try await store.save(candidate)
        #expect(try await store.candidate(id: candidate.id) == candidate)

        let vacancy = try await store.insert(Sample.vacancy(employerId: employer.id))
        #expect(try await store.vacancy(id: vacancy.id) == vacancy)
        var closed = vacancy
        closed.status = .closed
        try await store.update(closed)
        #expect(try await store.vacancy(id: vacancy.id)?.status == .closed)
        #expect(try await store.vacancies(status: .open).isEmpty)

        let user = try await store.insert(StaffUser(username: "adviseur", passwordHash: "$2b$12$hash", role: .consultant, createdAt: Date(timeIntervalSince1970: 1_790_000_000)))
        #expect(try await store.user(username: "adviseur") == user)

        let event = AuditEvent(at: Date(timeIntervalSince1970: 1_790_000_100), actor: "adviseur", action: "view", subjectType: "candidate", subjectId: candidate.id)
        try await store.record(event)
        let events = try await store.auditEvents(subjectType: "candidate", subjectId: candidate.id)
        #expect(events.count == 1)
        #expect(events.first?.actor == "adviseur")
        #expect(events.first?.at == event.at)
    }

    @Test func refusesInvalidRecordsWithAReason() async throws {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("m.sqlite"))
        var both = Sample.candidate()
        both.shelteredWorkIndication = true
        await #expect(throws: StoreError.invalidRecord("doelgroepregister en indicatie beschut werk sluiten elkaar uit")) {
            try await store.save(both)
        }
        _ = try await store.insert(Sample.employer)
        await #expect(throws: StoreError.self) { try await store.insert(Sample.employer) }
        _ = try await store.insert(Sample.vacancy(employerId: nil))
        await #expect(throws: StoreError.self) { try await store.insert(Sample.vacancy(employerId: nil)) }
    }

    @Test func seedIsAllOrNothing() async throws {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("m.sqlite"))
        var employer = Sample.employer
        employer.id = 7
        // The second vacancy repeats the first's (source, externalId): the whole seed is rolled back.
        await #expect(throws: (any Error).self) {
            try await store.seed(employers: [employer], candidates: [Sample.candidate()],
                           vacancies: [Sample.vacancy(employerId: 7), Sample.vacancy(employerId: 7)])
        }
        #expect(try await store.isEmpty())
        try await store.seed(employers: [employer], candidates: [Sample.candidate()], vacancies: [Sample.vacancy(employerId: 7)])
        #expect(try await store.counts().vacancies == 1)
    }

    @Test func everyWriteToCandidatesOrVacanciesAppendsToTheChangeLogInItsTransaction() async throws {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("m.sqlite"))
        #expect(try await store.latestChangeSequence() == 0)
        try await store.save(Sample.candidate())
        let vacancy = try await store.insert(Sample.vacancy(employerId: nil))
        var closed = vacancy
        closed.status = .closed
        try await store.update(closed)
        #expect(try await store.removeCandidate(id: "K00001"))
        #expect(try await !store.removeCandidate(id: "K00001"))
        // A refused write leaves no log row behind.
        var invalid = Sample.candidate("K00002")
        invalid.shelteredWorkIndication = true
        await #expect(throws: StoreError.self) { try await store.save(invalid) }
        await #expect(throws: StoreError.self) { try await store.insert(Sample.vacancy(employerId: nil)) }
        let changes = try await store.changes(after: 0, limit: 100)
        #expect(changes.map { "\($0.entity.rawValue) \($0.entityId) \($0.kind.rawValue)" } == [
            "candidate K00001 saved", "vacancy \(vacancy.id) saved", "vacancy \(vacancy.id) saved", "candidate K00001 removed",
        ])
        #expect(changes.map(\.sequence) == [1, 2, 3, 4])
        #expect(try await store.changes(after: 2, limit: 1).map(\.sequence) == [3])
        // The snapshot carries the log position it corresponds to.
        let snapshot = try await store.indexSnapshot()
        #expect(snapshot.sequence == 4)
        #expect(snapshot.candidates.isEmpty && snapshot.openVacancies.isEmpty)
    }

    @Test func aSecondStoreOnTheSameFileSeesTheLog() async throws {
        let directory = try TemporaryDirectory()
        let writer = try MatchpuntStore(path: directory.path("shared.sqlite"))
        let reader = try MatchpuntStore(path: directory.path("shared.sqlite"))
        try await writer.seed(employers: [], candidates: [Sample.candidate(), Sample.candidate("K00002")],
                              vacancies: [Sample.vacancy(employerId: nil)])
        let changes = try await reader.changes(after: 0, limit: 100)
        #expect(changes.filter { $0.entity == .candidate }.map(\.entityId) == ["K00001", "K00002"])
        #expect(changes.filter { $0.entity == .vacancy }.count == 1)
        #expect(try await reader.candidates(ids: ["K00002", "K00009"]).map(\.id) == ["K00002"])
    }

    @Test func aFeedLeaseExcludesOtherHoldersUntilItExpires() async throws {
        let directory = try TemporaryDirectory()
        // Two store instances on one file stand for two processes.
        let first = try MatchpuntStore(path: directory.path("lease.sqlite"))
        let second = try MatchpuntStore(path: directory.path("lease.sqlite"))
        let feed = try await first.insert(FeedDefinition(name: "f", url: "https://example.org/f.json", format: "jsonld", kind: .snapshot,
                                                         intervalSeconds: 3600, region: "Drechtsteden", createdAt: Date()))
        let t0 = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(try await first.acquireFeedLease(feedId: feed.id, holder: "a", now: t0, expiresAt: t0 + 60))
        #expect(try await !second.acquireFeedLease(feedId: feed.id, holder: "b", now: t0 + 30, expiresAt: t0 + 90))
        // The holder may extend its own lease.
        #expect(try await first.acquireFeedLease(feedId: feed.id, holder: "a", now: t0 + 30, expiresAt: t0 + 120))
        #expect(try await !second.acquireFeedLease(feedId: feed.id, holder: "b", now: t0 + 100, expiresAt: t0 + 160))
        // "a" never comes back (killed): after the expiry "b" takes over, and a late release by "a" leaves it.
        #expect(try await second.acquireFeedLease(feedId: feed.id, holder: "b", now: t0 + 121, expiresAt: t0 + 181))
        try await first.releaseFeedLease(feedId: feed.id, holder: "a")
        #expect(try await !first.acquireFeedLease(feedId: feed.id, holder: "a", now: t0 + 130, expiresAt: t0 + 190))
        try await second.releaseFeedLease(feedId: feed.id, holder: "b")
        #expect(try await first.acquireFeedLease(feedId: feed.id, holder: "a", now: t0 + 131, expiresAt: t0 + 191))
    }

    @Test func backupRestoresTheSameData() async throws {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("live.sqlite"))
        let employer = try await store.insert(Sample.employer)
        try await store.save(Sample.candidate())
        try await store.save(Sample.candidate("K00002"))
        _ = try await store.insert(Sample.vacancy(employerId: employer.id))
        try await store.backup(to: directory.path("backup.sqlite"))
        // Changes after the backup are not in it.
        try await store.save(Sample.candidate("K00003"))

        let restored = try MatchpuntStore(path: directory.path("backup.sqlite"))
        #expect(try await restored.candidates() == [Sample.candidate(), Sample.candidate("K00002")])
        #expect(try await restored.employers() == [employer])
        #expect(try await restored.vacancies() == (try await store.vacancies()))
        #expect(try await restored.appliedMigrations() == ["v1 schema", "v2 change log, feed leases, audit request id", "quotes-1 numbered immutable quotes, status history, name consent", "security-1 tokens, sessions, regions, append-only audit", "candidate-intake-1 version and active flag"])
        await #expect(throws: StoreError.conflict("backup destination \(directory.path("backup.sqlite")) already exists")) {
            try await store.backup(to: directory.path("backup.sqlite"))
        }
    }

    @Test func refusesACorruptFileNamingIt() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("corrupt.sqlite")
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
        await #expect(throws: StoreError.notADatabase(path: path)) { try MatchpuntStore(path: path) }
    }

    @Test func refusesAnUnwritableOrMissingDirectory() async throws {
        let directory = try TemporaryDirectory()
        let missing = directory.path("no/such/dir/m.sqlite")
        await #expect(throws: StoreError.cannotOpen(path: missing, reason: "directory \(directory.path("no/such/dir")) does not exist")) {
            try MatchpuntStore(path: missing)
        }
    }
}

/// A value shared with an observer callback.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
