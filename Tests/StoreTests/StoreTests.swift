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

/// One behaviour, two stores: every test here runs against the SQLite store and the PostgreSQL store.
@Suite struct StoreTests {
    @Test(arguments: StoreKind.allCases) func migratesAnEmptyDatabase(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            #expect(try await store.appliedMigrations() == fixture.expectedMigrations)
            #expect(try await store.counts() == StoreCounts(candidates: 0, employers: 0, vacancies: 0, openVacancies: 0, feeds: 0, quotes: 0))
            #expect(try await store.isEmpty())
            #expect(await store.isHealthy())
            // Opening again applies nothing twice.
            #expect(try await fixture.open().appliedMigrations() == fixture.expectedMigrations)
        }
    }

    @Test(arguments: StoreKind.allCases) func roundTripsEveryRecordType(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            let employer = try await store.insert(Sample.employer)
            #expect(employer.id > 0)
            #expect(try await store.employer(id: employer.id) == employer)
            #expect(try await store.employer(kvkNumber: KvKNumber("90001371")!) == employer)
            #expect(try await store.employer(named: "facilitair dordrecht b.v.") == employer)

            let candidate = Sample.candidate()
            try await store.save(candidate)
            #expect(try await store.candidate(id: candidate.id) == candidate)
            // Saving again replaces.
            var moved = candidate
            moved.travelReachKm = 25
            try await store.save(moved)
            #expect(try await store.candidates() == [moved])

            let vacancy = try await store.insert(Sample.vacancy(employerId: employer.id))
            #expect(try await store.vacancy(id: vacancy.id) == vacancy)
            var closed = vacancy
            closed.status = .closed
            try await store.update(closed)
            #expect(try await store.vacancy(id: vacancy.id)?.status == .closed)
            #expect(try await store.vacancies(status: .open).isEmpty)
            var missing = vacancy
            missing.id = 999_999
            await #expect(throws: StoreError.notFound("vacancy 999999")) { try await store.update(missing) }

            let user = try await store.insert(StaffUser(username: "adviseur", passwordHash: "$2b$12$hash", role: .consultant, createdAt: Date(timeIntervalSince1970: 1_790_000_000)))
            #expect(try await store.user(username: "adviseur") == user)
            #expect(try await store.user(id: user.id) == user)
            // Usernames are unique regardless of case.
            await #expect(throws: StoreError.conflict("user Adviseur already exists")) {
                try await store.insert(StaffUser(username: "Adviseur", passwordHash: "x", role: .admin, createdAt: Date()))
            }

            let event = AuditEvent(at: Date(timeIntervalSince1970: 1_790_000_100), actor: "adviseur", action: "view", subjectType: "candidate", subjectId: candidate.id,
                                   detail: "ranking voor vacature 1", requestId: "req-1")
            try await store.record(event)
            let events = try await store.auditEvents(subjectType: "candidate", subjectId: candidate.id, limit: 10)
            #expect(events.count == 1)
            #expect(events.first?.actor == "adviseur")
            #expect(events.first?.at == event.at)
            #expect(events.first?.requestId == "req-1")
        }
    }

    @Test(arguments: StoreKind.allCases) func refusesInvalidRecordsWithAReason(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
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
    }

    @Test(arguments: StoreKind.allCases) func seedIsAllOrNothing(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
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
            // Ids given by the seed are kept, and new rows get ids after them.
            #expect(try await store.employer(id: 7)?.name == employer.name)
            var another = Sample.employer
            another.kvkNumber = KvKNumber("90001372")
            #expect(try await store.insert(another).id > 7)
        }
    }

    @Test(arguments: StoreKind.allCases) func everyWriteToCandidatesOrVacanciesAppendsToTheChangeLogInItsTransaction(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
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
    }

    @Test(arguments: StoreKind.allCases) func aSecondStoreOnTheSameDatabaseSeesTheLog(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let writer = try await fixture.open()
            let reader = try await fixture.open()
            try await writer.seed(employers: [], candidates: [Sample.candidate(), Sample.candidate("K00002")],
                                  vacancies: [Sample.vacancy(employerId: nil)])
            let changes = try await reader.changes(after: 0, limit: 100)
            #expect(changes.filter { $0.entity == .candidate }.map(\.entityId) == ["K00001", "K00002"])
            #expect(changes.filter { $0.entity == .vacancy }.count == 1)
            #expect(try await reader.candidates(ids: ["K00002", "K00009"]).map(\.id) == ["K00002"])
            // And the other way round: the reader's write reaches the writer through the log.
            let cursor = try await writer.latestChangeSequence()
            try await reader.save(Sample.candidate("K00003"))
            #expect(try await writer.changes(after: cursor, limit: 10).map(\.entityId) == ["K00003"])
            #expect(try await writer.indexSnapshot().candidates.map(\.id) == ["K00001", "K00002", "K00003"])
        }
    }

    /// Two instances writing at the same time while a follower reads the log by cursor: the follower sees
    /// every change exactly once, because sequence order is commit order in both stores.
    @Test(arguments: StoreKind.allCases) func aFollowerMissesNothingWhileTwoInstancesWrite(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let first = try await fixture.open()
            let second = try await fixture.open()
            let follower = try await fixture.open()
            let ids = (1...60).map { String(format: "K%05d", $0) }
            let seen = Locked<[String]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, id) in ids.enumerated() {
                    let store = index.isMultiple(of: 2) ? first : second
                    group.addTask { try await store.save(Sample.candidate(id)) }
                }
                group.addTask {
                    var cursor: Int64 = 0
                    while seen.value.count < ids.count {
                        let changes = try await follower.changes(after: cursor, limit: 7)
                        if let last = changes.last { cursor = last.sequence }
                        seen.mutate { $0 += changes.map(\.entityId) }
                        if changes.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
                    }
                }
                try await group.waitForAll()
            }
            #expect(seen.value.sorted() == ids)
        }
    }

    @Test(arguments: StoreKind.allCases) func aFeedLeaseExcludesOtherHoldersUntilItExpires(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            // Two store instances on one database stand for two processes.
            let first = try await fixture.open()
            let second = try await fixture.open()
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
    }

    /// Many holders on two instances race for one free lease at the same moment: exactly one gets it.
    @Test(arguments: StoreKind.allCases) func aFreeLeaseGoesToExactlyOneOfManyConcurrentHolders(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let first = try await fixture.open()
            let second = try await fixture.open()
            let feed = try await first.insert(FeedDefinition(name: "f", url: "https://example.org/f.json", format: "jsonld", kind: .snapshot,
                                                             intervalSeconds: 3600, region: "Drechtsteden", createdAt: Date()))
            let t0 = Date(timeIntervalSince1970: 1_795_000_000)
            for round in 0..<3 {
                let now = t0 + Double(round) * 1000
                let winners = try await withThrowingTaskGroup(of: String?.self) { group in
                    for holder in 0..<16 {
                        let store = holder.isMultiple(of: 2) ? first : second
                        group.addTask {
                            try await store.acquireFeedLease(feedId: feed.id, holder: "h\(round)-\(holder)", now: now, expiresAt: now + 60) ? "h\(holder)" : nil
                        }
                    }
                    return try await group.reduce(into: [String]()) { if let winner = $1 { $0.append(winner) } }
                }
                #expect(winners.count == 1, "round \(round): \(winners)")
            }
        }
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
        #expect(try await restored.appliedMigrations() == StoreFixture.sqliteMigrations)
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
