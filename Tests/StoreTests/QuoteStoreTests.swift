import Domain
import Foundation
import GRDB
import Repositories
import Store
import Testing

/// The quote tables on a real SQLite file: gapless per-year numbering inside the issuing transaction, and the
/// triggers that keep issued content and the status history as they were written.
@Suite struct QuoteStoreTests {
    struct Fixture {
        let directory: TemporaryDirectory
        let store: MatchpuntStore
        let vacancyId: Int64
        let employerId: Int64
    }

    static func fixture() async throws -> Fixture {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("quotes.sqlite"))
        let employer = try await store.insert(Sample.employer)
        try await store.save(Sample.candidate())
        let vacancy = try await store.insert(Sample.vacancy(employerId: employer.id))
        return Fixture(directory: directory, store: store, vacancyId: vacancy.id, employerId: employer.id)
    }

    static func draft(_ fixture: Fixture, supersedes: Int64? = nil) async throws -> StoredQuote {
        try await fixture.store.insertDraft(NewQuoteDraft(
            candidateId: "K00001", vacancyId: fixture.vacancyId, employerId: fixture.employerId, supersedesId: supersedes,
            snapshot: Data(#"{"draft":true}"#.utf8), contentHash: "d", createdAt: Date(), createdBy: "adviseur"))
    }

    static func issue(_ fixture: Fixture, _ id: Int64, year: Int = 2026, token: String? = nil) async throws -> StoredQuote {
        try await issue(fixture.store, id, year: year, token: token)
    }

    static func issue(_ store: MatchpuntStore, _ id: Int64, year: Int = 2026, token: String? = nil) async throws -> StoredQuote {
        try await store.issue(id: id, year: year, QuoteIssue(
            issuedAt: Date(), issuedBy: "adviseur", validUntil: CalendarDate(year: year, month: 12, day: 31)!, tokenHash: token ?? UUID().uuidString) { number, version in
                (Data(#"{"number":"\#(number)","version":\#(version)}"#.utf8), "hash-\(number)-\(version)")
            })
    }

    @Test func twoIssuesGiveConsecutiveNumbersPerYear() async throws {
        let fixture = try await Self.fixture()
        let first = try await Self.issue(fixture, try await Self.draft(fixture).id)
        let second = try await Self.issue(fixture, try await Self.draft(fixture).id)
        let nextYear = try await Self.issue(fixture, try await Self.draft(fixture).id, year: 2027)
        #expect(first.number == "MP-2026-000001")
        #expect(second.number == "MP-2026-000002")
        #expect(nextYear.number == "MP-2027-000001")
        #expect(first.status == .issued && first.version == 1)
        // The frozen snapshot carries its own number.
        #expect(String(decoding: first.snapshot, as: UTF8.self).contains("MP-2026-000001"))
        // Issuing again is refused.
        await #expect(throws: QuoteRepositoryError.self) { try await Self.issue(fixture, first.id) }
    }

    @Test func concurrentIssuesNeverShareANumberAndLeaveNoGap() async throws {
        let fixture = try await Self.fixture()
        var ids: [Int64] = []
        for _ in 0..<20 { ids.append(try await Self.draft(fixture).id) }
        let store = fixture.store
        let numbers = try await withThrowingTaskGroup(of: String.self) { group in
            for id in ids { group.addTask { try await Self.issue(store, id).number ?? "" } }
            var numbers: [String] = []
            for try await number in group { numbers.append(number) }
            return numbers
        }
        #expect(Set(numbers).count == 20)
        #expect(numbers.sorted() == (1...20).map { String(format: "MP-2026-%06d", $0) })
    }

    @Test func aFailedIssueGivesItsNumberBack() async throws {
        let fixture = try await Self.fixture()
        let draft = try await Self.draft(fixture)
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            _ = try await fixture.store.issue(id: draft.id, year: 2026, QuoteIssue(
                issuedAt: Date(), issuedBy: "a", validUntil: CalendarDate(year: 2026, month: 12, day: 31)!, tokenHash: "t") { _, _ in throw Boom() })
        }
        #expect(try await fixture.store.quote(id: draft.id)?.status == .draft)
        #expect(try await Self.issue(fixture, draft.id).number == "MP-2026-000001")
    }

    @Test func theDatabaseRefusesToChangeAnIssuedQuoteOrItsHistory() async throws {
        let fixture = try await Self.fixture()
        let issued = try await Self.issue(fixture, try await Self.draft(fixture).id)
        let draft = try await Self.draft(fixture)
        try fixture.store.close()
        // Straight SQL on the file, as someone with database access would try.
        let queue = try DatabaseQueue(path: fixture.directory.path("quotes.sqlite"))
        try await queue.write { db in
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE quote SET snapshot = '{}' WHERE id = ?", arguments: [issued.id]) }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE quote SET contentHash = 'x' WHERE id = ?", arguments: [issued.id]) }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE quote SET validUntil = '2099-01-01' WHERE id = ?", arguments: [issued.id]) }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE quote SET status = 'draft' WHERE id = ?", arguments: [issued.id]) }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM quote WHERE id = ?", arguments: [issued.id]) }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE quoteStatusChange SET actor = 'x'") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM quoteStatusChange") }
            // A draft may still change; an allowed status move goes through.
            try db.execute(sql: "UPDATE quote SET snapshot = '{}' WHERE id = ?", arguments: [draft.id])
            try db.execute(sql: "UPDATE quote SET status = 'withdrawn' WHERE id = ?", arguments: [issued.id])
            // A final status never moves again.
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE quote SET status = 'accepted' WHERE id = ?", arguments: [issued.id]) }
        }
        let snapshot = try await queue.read { db in try String.fetchOne(db, sql: "SELECT snapshot FROM quote WHERE id = ?", arguments: [issued.id]) }
        #expect(snapshot?.contains("MP-2026-000001") == true)
    }

    @Test func everyTransitionIsRecordedAndFinalStatusesStay() async throws {
        let fixture = try await Self.fixture()
        let store = fixture.store
        for final in [QuoteStatus.accepted, .declined, .withdrawn, .expired] {
            let quote = try await Self.issue(fixture, try await Self.draft(fixture).id)
            let moved = try await store.transition(id: quote.id, to: final, from: [.issued], by: "werkgever: J. Jansen", at: Date(), reason: "akkoord")
            #expect(moved.status == final)
            let history = try await store.statusHistory(quoteId: quote.id)
            #expect(history.map(\.to) == [.draft, .issued, final])
            #expect(history.last?.actor == "werkgever: J. Jansen" && history.last?.reason == "akkoord")
            // Answering twice is refused.
            await #expect(throws: QuoteRepositoryError.self) {
                try await store.transition(id: quote.id, to: .accepted, from: [.issued], by: "x", at: Date(), reason: nil)
            }
        }
        // A revision keeps the number, takes version 2 and supersedes version 1.
        let original = try await Self.issue(fixture, try await Self.draft(fixture).id)
        let revision = try await Self.issue(fixture, try await Self.draft(fixture, supersedes: original.id).id)
        #expect(revision.number == original.number && revision.version == 2)
        #expect(try await store.quote(id: original.id)?.status == .superseded)
        #expect(try await store.quote(number: original.number!, version: nil)?.id == revision.id)
        #expect(try await store.statusHistory(quoteId: original.id).last?.to == .superseded)
        // A second revision of the superseded version is refused.
        let late = try await Self.draft(fixture, supersedes: original.id)
        await #expect(throws: QuoteRepositoryError.self) { try await Self.issue(fixture, late.id) }
    }

    @Test func tokensAreFoundByTheirHashOnly() async throws {
        let fixture = try await Self.fixture()
        let one = try await Self.issue(fixture, try await Self.draft(fixture).id, token: "hash-one")
        let two = try await Self.issue(fixture, try await Self.draft(fixture).id, token: "hash-two")
        #expect(try await fixture.store.quote(tokenHash: "hash-one")?.id == one.id)
        #expect(try await fixture.store.quote(tokenHash: "hash-two")?.id == two.id)
        #expect(try await fixture.store.quote(tokenHash: "hash-three") == nil)
    }
}
