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
    @Test func migratesAnEmptyFile() throws {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("matchpunt.sqlite"))
        #expect(try store.appliedMigrations() == ["v1 schema"])
        #expect(try store.counts() == StoreCounts(candidates: 0, employers: 0, vacancies: 0, openVacancies: 0, feeds: 0, quotes: 0))
        #expect(try store.isEmpty())
        #expect(store.isHealthy())
        // Opening again applies nothing twice.
        try store.close()
        #expect(try MatchpuntStore(path: directory.path("matchpunt.sqlite")).appliedMigrations() == ["v1 schema"])
    }

    @Test func roundTripsEveryRecordType() throws {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("m.sqlite"))
        let employer = try store.insert(Sample.employer)
        #expect(employer.id > 0)
        #expect(try store.employer(id: employer.id) == employer)
        #expect(try store.employer(kvkNumber: KvKNumber("90001371")!) == employer)
        #expect(try store.employer(named: "facilitair dordrecht b.v.") == employer)

        let candidate = Sample.candidate()
        try store.save(candidate)
        #expect(try store.candidate(id: candidate.id) == candidate)

        let vacancy = try store.insert(Sample.vacancy(employerId: employer.id))
        #expect(try store.vacancy(id: vacancy.id) == vacancy)
        var closed = vacancy
        closed.status = .closed
        try store.update(closed)
        #expect(try store.vacancy(id: vacancy.id)?.status == .closed)
        #expect(try store.vacancies(status: .open).isEmpty)

        let user = try store.insert(StaffUser(username: "adviseur", passwordHash: "$2b$12$hash", role: .consultant, createdAt: Date(timeIntervalSince1970: 1_790_000_000)))
        #expect(try store.user(username: "adviseur") == user)

        let event = AuditEvent(at: Date(timeIntervalSince1970: 1_790_000_100), actor: "adviseur", action: "view", subjectType: "candidate", subjectId: candidate.id)
        try store.record(event)
        let events = try store.auditEvents(subjectType: "candidate", subjectId: candidate.id)
        #expect(events.count == 1)
        #expect(events.first?.actor == "adviseur")
        #expect(events.first?.at == event.at)
    }

    @Test func refusesInvalidRecordsWithAReason() throws {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("m.sqlite"))
        var both = Sample.candidate()
        both.shelteredWorkIndication = true
        #expect(throws: StoreError.invalidRecord("doelgroepregister en indicatie beschut werk sluiten elkaar uit")) {
            try store.save(both)
        }
        _ = try store.insert(Sample.employer)
        #expect(throws: StoreError.self) { try store.insert(Sample.employer) }
        _ = try store.insert(Sample.vacancy(employerId: nil))
        #expect(throws: StoreError.self) { try store.insert(Sample.vacancy(employerId: nil)) }
    }

    @Test func seedIsAllOrNothing() throws {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("m.sqlite"))
        var employer = Sample.employer
        employer.id = 7
        // The second vacancy repeats the first's (source, externalId): the whole seed is rolled back.
        #expect(throws: (any Error).self) {
            try store.seed(employers: [employer], candidates: [Sample.candidate()],
                           vacancies: [Sample.vacancy(employerId: 7), Sample.vacancy(employerId: 7)])
        }
        #expect(try store.isEmpty())
        try store.seed(employers: [employer], candidates: [Sample.candidate()], vacancies: [Sample.vacancy(employerId: 7)])
        #expect(try store.counts().vacancies == 1)
    }

    @Test func notifiesObserversAfterChanges() throws {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("m.sqlite"))
        let seen = Locked<[String]>([])
        store.observe { change in
            switch change {
            case .candidateSaved(let candidate): seen.mutate { $0.append("saved \(candidate.id)") }
            case .candidateRemoved(let id): seen.mutate { $0.append("removed \(id)") }
            case .vacanciesSaved(let vacancies): seen.mutate { $0.append("vacancies \(vacancies.count)") }
            }
        }
        try store.save(Sample.candidate())
        _ = try store.insert(Sample.vacancy(employerId: nil))
        try store.removeCandidate(id: "K00001")
        #expect(seen.value == ["saved K00001", "vacancies 1", "removed K00001"])
    }

    @Test func backupRestoresTheSameData() throws {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("live.sqlite"))
        let employer = try store.insert(Sample.employer)
        try store.save(Sample.candidate())
        try store.save(Sample.candidate("K00002"))
        _ = try store.insert(Sample.vacancy(employerId: employer.id))
        try store.backup(to: directory.path("backup.sqlite"))
        // Changes after the backup are not in it.
        try store.save(Sample.candidate("K00003"))

        let restored = try MatchpuntStore(path: directory.path("backup.sqlite"))
        #expect(try restored.candidates() == [Sample.candidate(), Sample.candidate("K00002")])
        #expect(try restored.employers() == [employer])
        #expect(try restored.vacancies() == (try store.vacancies()))
        #expect(try restored.appliedMigrations() == ["v1 schema"])
        #expect(throws: StoreError.conflict("backup destination \(directory.path("backup.sqlite")) already exists")) {
            try store.backup(to: directory.path("backup.sqlite"))
        }
    }

    @Test func refusesACorruptFileNamingIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("corrupt.sqlite")
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notADatabase(path: path)) { try MatchpuntStore(path: path) }
    }

    @Test func refusesAnUnwritableOrMissingDirectory() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.path("no/such/dir/m.sqlite")
        #expect(throws: StoreError.cannotOpen(path: missing, reason: "directory \(directory.path("no/such/dir")) does not exist")) {
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
