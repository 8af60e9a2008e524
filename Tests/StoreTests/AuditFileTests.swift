import Domain
import Foundation
import GRDB
@testable import Store
import Testing

/// The audit log in its own SQLite file (`FILE-audit`): commits beside a long write on the main database, the
/// events of an older database moved over with their ids, and backups that carry both files.
@Suite struct AuditFileTests {
    static func event(_ subject: String, at: Date = Date()) -> AuditEvent {
        AuditEvent(at: at, actor: "adviseur", action: "view", subjectType: "candidate", subjectId: subject, requestId: "r-\(subject)")
    }

    /// A feed run holds the main database's one writer for seconds; an audit commit must not wait for it. Another
    /// connection (standing for the import, as another process would) holds the write lock while we audit.
    @Test func auditCommitsWhileTheMainDatabaseIsLockedForWriting() async throws {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("m.sqlite"))
        // GRDB refuses a transaction left open across accesses unless told: here it stands for the import's.
        var holding = Configuration()
        holding.allowsUnsafeTransactions = true
        let importer = try DatabaseQueue(path: directory.path("m.sqlite"), configuration: holding)
        try await importer.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        let started = Date()
        try await store.record([Self.event("K00001")])
        // The busy time-out is 5 s: a shared writer would have waited that long and then failed.
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(try await store.auditEvents(limit: 10).map(\.subjectId) == ["K00001"])
        // The main database really was locked all along: another writer is refused at once.
        let probe = try DatabaseQueue(path: directory.path("m.sqlite"))
        await #expect(throws: DatabaseError.self) { try await probe.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") } }
        try probe.close()
        try await importer.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        try importer.close()
    }

    /// A database from before the audit file: its events (ids kept) move to the audit file on the first open, and
    /// the old table is gone from the main file, so nothing can be written or read there by mistake.
    @Test func eventsOfAnOlderDatabaseMoveToTheAuditFileWithTheirIds() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("old.sqlite")
        do {
            // The old layout: every migration up to the one before the move, then events in the main file.
            let old = try DatabaseQueue(path: path)
            let scratch = try DatabaseQueue()
            try MatchpuntStore.migrator(auditLog: scratch).migrate(old, upTo: "vacancy-location-1 partial index of open vacancies without a postcode")
            try await old.write { db in
                for index in 1...25_001 {
                    try db.execute(sql: "INSERT INTO auditEvent (at, actor, action, subjectType, subjectId, detail, requestId) VALUES (?, 'oud', 'view', 'candidate', ?, NULL, NULL)",
                                   arguments: ["2026-01-01T00:00:00Z", "K\(index)"])
                }
            }
            try old.close()
        }
        #expect(!FileManager.default.fileExists(atPath: MatchpuntStore.auditPath(for: path)))

        let store = try MatchpuntStore(path: path)
        let moved = try await store.auditEvents(from: nil, to: nil, afterId: 0, limit: 30_000)
        #expect(moved.count == 25_001)
        #expect(moved.first?.id == 1 && moved.first?.subjectId == "K1")
        #expect(moved.last?.id == 25_001 && moved.last?.subjectId == "K25001")
        // New events continue after the moved ones.
        try await store.record([Self.event("K-nieuw")])
        #expect(try await store.auditEvents(limit: 1).first?.id == 25_002)
        let refusal = await #expect(throws: (any Error).self) { try await store.executeForTesting("SELECT COUNT(*) FROM auditEvent") }
        #expect(String(describing: refusal).contains("no such table"))
        try store.close()
        // Opening again moves nothing twice.
        let again = try MatchpuntStore(path: path)
        #expect(try await again.auditEvents(from: nil, to: nil, afterId: 0, limit: 30_000).count == 25_002)
    }

    @Test func aBackupCarriesTheAuditFile() async throws {
        let directory = try TemporaryDirectory()
        let store = try MatchpuntStore(path: directory.path("m.sqlite"))
        try await store.record([Self.event("K00001"), Self.event("K00002")])
        let backup = directory.path("backup.sqlite")
        try await store.backup(to: backup)
        #expect(FileManager.default.fileExists(atPath: MatchpuntStore.auditPath(for: backup)))
        try await store.record([Self.event("K00003")])

        let restored = try MatchpuntStore(path: backup)
        #expect(try await restored.auditEvents(limit: 10).map(\.subjectId).sorted() == ["K00001", "K00002"])
        // A stray audit file at the destination is not overwritten either.
        let other = directory.path("other.sqlite")
        FileManager.default.createFile(atPath: MatchpuntStore.auditPath(for: other), contents: Data("x".utf8))
        await #expect(throws: StoreError.conflict("backup destination \(MatchpuntStore.auditPath(for: other)) already exists")) {
            try await store.backup(to: other)
        }
    }
}
