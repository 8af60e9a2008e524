import Domain
import PostgresTestSupport
import Foundation
import PostgresNIO
import Repositories
import Testing
@testable import StorePostgres

/// What only the PostgreSQL store has: the audit trigger, LISTEN/NOTIFY wake-ups, the URL, pg_dump backups.
@Suite(.enabled(if: PostgresCluster.unavailableReason == nil, Comment(rawValue: PostgresCluster.unavailableReason ?? "")))
struct PostgresStoreTests {
    @Test func theAuditTableRefusesUpdateDeleteAndTruncate() async throws {
        try await StoreFixture.with(.postgres) { fixture in
            let store = try await fixture.open() as! PostgresStore
            try await store.record(AuditEvent(at: Date(timeIntervalSince1970: 1_790_000_000), actor: "adviseur", action: "view",
                                              subjectType: "candidate", subjectId: "K00001"))
            for statement in ["UPDATE audit_event SET actor = 'iemand anders'", "DELETE FROM audit_event", "TRUNCATE audit_event"] {
                do {
                    try await store.execute(PostgresQuery(unsafeSQL: statement))
                    Issue.record("\(statement) was allowed")
                } catch {
                    #expect(PostgresStore.reason(error).contains("audit_event is append-only"), "\(statement): \(String(reflecting: error))")
                }
            }
            #expect(try await store.auditEvents(subjectType: nil, subjectId: nil, limit: 10).map(\.actor) == ["adviseur"])
        }
    }

    @Test func aCommitOnOneInstanceWakesTheOtherThroughNotify() async throws {
        try await StoreFixture.with(.postgres) { fixture in
            let writer = try await fixture.open()
            let follower = try await fixture.open() as! PostgresStore
            var wakeUps = follower.changeNotifications().makeAsyncIterator()
            // The first element says the LISTEN is in place.
            _ = await wakeUps.next()
            try await writer.save(Sample.candidate())
            // Waits for the notification itself; a missing one would hang until the test's time limit.
            let woke: Void? = await wakeUps.next()
            #expect(woke != nil)
            #expect(try await follower.changes(after: 0, limit: 10).map(\.entityId) == ["K00001"])
        }
    }

    @Test func aMigrationRaceBetweenInstancesAppliesEachMigrationOnce() async throws {
        try await StoreFixture.with(.postgres) { fixture in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { _ = try await fixture.open() } }
                try await group.waitForAll()
            }
            #expect(try await fixture.open().appliedMigrations() == fixture.expectedMigrations)
        }
    }

    @Test func backupWritesAPgDumpThatRestores() async throws {
        try await StoreFixture.with(.postgres) { fixture in
            let store = try await fixture.open() as! PostgresStore
            try await store.save(Sample.candidate())
            let directory = try TemporaryDirectory()
            let file = directory.path("matchpunt.dump")
            let tool = try await store.backup(to: file)
            #expect(tool.hasSuffix("pg_dump"))
            let listing = try await PostgresTools.run(PostgresTools.find("pg_restore")!, arguments: ["--list", file])
            #expect(listing.0 == 0)
            await #expect(throws: StoreError.conflict("backup destination \(file) already exists")) { try await store.backup(to: file) }
        }
    }

    @Test func theDatabaseURLIsParsedAndNeverShowsThePassword() throws {
        let location = try PostgresLocation(url: "postgres://matchpunt:geheim@db.example.org:6543/regio?max_connections=4")
        #expect(location == PostgresLocation(host: "db.example.org", port: 6543, username: "matchpunt", password: "geheim", database: "regio",
                                             maximumConnections: 4))
        #expect(location.description == "postgres://matchpunt@db.example.org:6543/regio")
        #expect(try PostgresLocation(url: "postgresql://m@localhost/db").port == 5432)
        for bad in ["postgres://localhost/db", "postgres://m@localhost", "postgres://m@localhost/db?max_connections=0",
                    "postgres://m@localhost/db?sslmode=require", "mysql://m@localhost/db"] {
            #expect(throws: StoreError.self, "\(bad)") { try PostgresLocation(url: bad) }
        }
    }
}
