import Domain
import Foundation
import Repositories
import Store
import Testing

/// The quote tables on both stores: gapless per-year numbering inside the issuing transaction, and the
/// triggers that keep issued content and the status history as they were written.
@Suite struct QuoteStoreTests {
    struct Fixture {
        let store: any TestableStore
        let vacancyId: Int64
        let employerId: Int64
    }

    static func with(_ kind: StoreKind, _ body: (Fixture, StoreFixture) async throws -> Void) async throws {
        try await StoreFixture.with(kind) { databases in
            let store = try await databases.open()
            let employer = try await store.insert(Sample.employer)
            try await store.save(Sample.candidate())
            let vacancy = try await store.insert(Sample.vacancy(employerId: employer.id))
            try await body(Fixture(store: store, vacancyId: vacancy.id, employerId: employer.id), databases)
        }
    }

    static func draft(_ fixture: Fixture, supersedes: Int64? = nil) async throws -> StoredQuote {
        try await fixture.store.insertDraft(NewQuoteDraft(
            candidateId: "K00001", vacancyId: fixture.vacancyId, employerId: fixture.employerId, supersedesId: supersedes,
            snapshot: Data(#"{"draft":true}"#.utf8), contentHash: "d", createdAt: Date(), createdBy: "adviseur"))
    }

    static func issue(_ fixture: Fixture, _ id: Int64, year: Int = 2026, token: String? = nil) async throws -> StoredQuote {
        try await issue(fixture.store, id, year: year, token: token)
    }

    static func issue(_ store: any QuoteRepository, _ id: Int64, year: Int = 2026, token: String? = nil) async throws -> StoredQuote {
        try await store.issue(id: id, year: year, QuoteIssue(
            issuedAt: Date(), issuedBy: "adviseur", validUntil: CalendarDate(year: year, month: 12, day: 31)!, tokenHash: token ?? UUID().uuidString) { number, version in
                (Data(#"{"number":"\#(number)","version":\#(version)}"#.utf8), "hash-\(number)-\(version)")
            })
    }

    @Test(arguments: StoreKind.allCases) func twoIssuesGiveConsecutiveNumbersPerYear(kind: StoreKind) async throws {
        try await Self.with(kind) { fixture, _ in
            let first = try await Self.issue(fixture, try await Self.draft(fixture).id)
            let second = try await Self.issue(fixture, try await Self.draft(fixture).id)
            let nextYear = try await Self.issue(fixture, try await Self.draft(fixture).id, year: 2027)
            #expect(first.number == "MP-2026-000001")
            #expect(second.number == "MP-2026-000002")
            #expect(nextYear.number == "MP-2027-000001")
            #expect(first.status == .issued && first.version == 1)
            #expect(first.validUntil == CalendarDate(year: 2026, month: 12, day: 31))
            // The frozen snapshot carries its own number.
            #expect(String(decoding: first.snapshot, as: UTF8.self).contains("MP-2026-000001"))
            // Issuing again is refused.
            await #expect(throws: QuoteRepositoryError.self) { try await Self.issue(fixture, first.id) }
            #expect(try await fixture.store.counts().quotes == 3)
            #expect(try await fixture.store.quotes(status: .issued, limit: 10).map(\.id) == [nextYear.id, second.id, first.id])
        }
    }

    /// On PostgreSQL the issues also come through separate store instances (standing for separate servers),
    /// each with its own connection pool.
    @Test(arguments: StoreKind.allCases) func concurrentIssuesNeverShareANumberAndLeaveNoGap(kind: StoreKind) async throws {
        try await Self.with(kind) { fixture, databases in
            let count = 50
            var ids: [Int64] = []
            for _ in 0..<count { ids.append(try await Self.draft(fixture).id) }
            let stores: [any TestableStore] = [fixture.store, try await databases.open()]
            let numbers = try await withThrowingTaskGroup(of: String.self) { group in
                for (index, id) in ids.enumerated() {
                    let store = stores[index % stores.count]
                    group.addTask { try await Self.issue(store, id).number ?? "" }
                }
                var numbers: [String] = []
                for try await number in group { numbers.append(number) }
                return numbers
            }
            #expect(Set(numbers).count == count)
            #expect(numbers.sorted() == (1...count).map { String(format: "MP-2026-%06d", $0) })
        }
    }

    @Test(arguments: StoreKind.allCases) func aFailedIssueGivesItsNumberBack(kind: StoreKind) async throws {
        try await Self.with(kind) { fixture, _ in
            let draft = try await Self.draft(fixture)
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                _ = try await fixture.store.issue(id: draft.id, year: 2026, QuoteIssue(
                    issuedAt: Date(), issuedBy: "a", validUntil: CalendarDate(year: 2026, month: 12, day: 31)!, tokenHash: "t") { _, _ in throw Boom() })
            }
            #expect(try await fixture.store.quote(id: draft.id)?.status == .draft)
            #expect(try await Self.issue(fixture, draft.id).number == "MP-2026-000001")
        }
    }

    /// Straight SQL, as someone with database access would try: the database itself refuses.
    @Test(arguments: StoreKind.allCases) func theDatabaseRefusesToChangeAnIssuedQuoteOrItsHistory(kind: StoreKind) async throws {
        try await Self.with(kind) { fixture, _ in
            let store = fixture.store
            let issued = try await Self.issue(fixture, try await Self.draft(fixture).id)
            let draft = try await Self.draft(fixture)
            let (contentHash, validUntil, history) = kind == .sqlite
                ? ("contentHash", "validUntil", "quoteStatusChange") : ("content_hash", "valid_until", "quote_status_change")
            for refused in [
                "UPDATE quote SET snapshot = '{}' WHERE id = \(issued.id)",
                "UPDATE quote SET \(contentHash) = 'x' WHERE id = \(issued.id)",
                "UPDATE quote SET \(validUntil) = '2099-01-01' WHERE id = \(issued.id)",
                "UPDATE quote SET status = 'draft' WHERE id = \(issued.id)",
                "DELETE FROM quote WHERE id = \(issued.id)",
                "UPDATE \(history) SET actor = 'x'",
                "DELETE FROM \(history)",
            ] {
                await #expect(throws: (any Error).self, "\(refused)") { try await store.executeForTesting(refused) }
            }
            // A draft may still change; an allowed status move goes through.
            try await store.executeForTesting("UPDATE quote SET snapshot = '{}' WHERE id = \(draft.id)")
            try await store.executeForTesting("UPDATE quote SET status = 'withdrawn' WHERE id = \(issued.id)")
            // A final status never moves again.
            await #expect(throws: (any Error).self) { try await store.executeForTesting("UPDATE quote SET status = 'accepted' WHERE id = \(issued.id)") }
            let stored = try #require(try await store.quote(id: issued.id))
            #expect(String(decoding: stored.snapshot, as: UTF8.self).contains("MP-2026-000001"))
            #expect(stored.contentHash == issued.contentHash && stored.status == .withdrawn)
            #expect(try await store.statusHistory(quoteId: issued.id).map(\.to) == [.draft, .issued])
        }
    }

    @Test(arguments: StoreKind.allCases) func everyTransitionIsRecordedAndFinalStatusesStay(kind: StoreKind) async throws {
        try await Self.with(kind) { fixture, _ in
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
            #expect(try await store.quote(number: original.number!, version: 1)?.id == original.id)
            #expect(try await store.statusHistory(quoteId: original.id).last?.to == .superseded)
            // A second revision of the superseded version is refused.
            let late = try await Self.draft(fixture, supersedes: original.id)
            await #expect(throws: QuoteRepositoryError.self) { try await Self.issue(fixture, late.id) }
        }
    }

    @Test(arguments: StoreKind.allCases) func draftsAreReplacedAndNameConsentIsKept(kind: StoreKind) async throws {
        try await Self.with(kind) { fixture, _ in
            let store = fixture.store
            let draft = try await Self.draft(fixture)
            let replaced = try await store.replaceDraft(id: draft.id, snapshot: Data(#"{"rerun":1}"#.utf8), contentHash: "r", by: "adviseur", at: Date())
            #expect(replaced.contentHash == "r" && String(decoding: replaced.snapshot, as: UTF8.self) == #"{"rerun":1}"#)
            let issued = try await Self.issue(fixture, draft.id)
            await #expect(throws: QuoteRepositoryError.self) {
                try await store.replaceDraft(id: issued.id, snapshot: Data(), contentHash: "x", by: "adviseur", at: Date())
            }
            #expect(try await store.nameConsent(candidateId: "K00001") == nil)
            let consent = NameConsent(candidateId: "K00001", displayName: "J. de Vries", consentedOn: CalendarDate(year: 2026, month: 11, day: 2)!,
                                      recordedBy: "adviseur", recordedAt: Date(timeIntervalSince1970: 1_790_000_000))
            try await store.recordNameConsent(consent)
            #expect(try await store.nameConsent(candidateId: "K00001") == consent)
            var changed = consent
            changed.displayName = "Jan de Vries"
            try await store.recordNameConsent(changed)
            #expect(try await store.nameConsent(candidateId: "K00001") == changed)
        }
    }

    @Test(arguments: StoreKind.allCases) func tokensAreFoundByTheirHashOnly(kind: StoreKind) async throws {
        try await Self.with(kind) { fixture, _ in
            let one = try await Self.issue(fixture, try await Self.draft(fixture).id, token: "hash-one")
            let two = try await Self.issue(fixture, try await Self.draft(fixture).id, token: "hash-two")
            #expect(try await fixture.store.quote(tokenHash: "hash-one")?.id == one.id)
            #expect(try await fixture.store.quote(tokenHash: "hash-two")?.id == two.id)
            #expect(try await fixture.store.quote(tokenHash: "hash-three") == nil)
        }
    }
}
