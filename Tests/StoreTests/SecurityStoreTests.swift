import Domain
import Foundation
import Repositories
import Testing

/// Staff access and the audit retention on both stores: tokens and sessions stored as digests, a password
/// change or removal ending them, and the append-only audit that only the (audited) purge may shorten.
@Suite struct SecurityStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test(arguments: StoreKind.allCases) func regionsTokensAndTheirExpiry(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            let user = try await store.insert(StaffUser(username: "adviseur", passwordHash: "h", role: .consultant, createdAt: Self.t0, regions: [31, 12, 31]))
            #expect(try await store.user(id: user.id)?.regions == [12, 31])
            try await store.setRegions(userId: user.id, regions: [7])
            #expect(try await store.user(username: "ADVISEUR")?.regions == [7])

            let lasting = try await store.insertToken(APITokenRecord(userId: user.id, digest: "digest-1", createdAt: Self.t0, expiresAt: nil))
            #expect(lasting.id > 0)
            _ = try await store.insertToken(APITokenRecord(userId: user.id, digest: "digest-2", createdAt: Self.t0, expiresAt: Self.t0 + 60))
            #expect(try await store.user(tokenDigest: "digest-1", now: Self.t0 + 3_600)?.username == "adviseur")
            #expect(try await store.user(tokenDigest: "digest-2", now: Self.t0 + 30)?.id == user.id)
            #expect(try await store.user(tokenDigest: "digest-2", now: Self.t0 + 60) == nil)
            #expect(try await store.user(tokenDigest: "unknown", now: Self.t0) == nil)
            #expect(try await store.revokeTokens(userId: user.id) == 2)
            #expect(try await store.user(tokenDigest: "digest-1", now: Self.t0) == nil)
        }
    }

    /// The login back-off's counts: raised atomically by concurrent failures through two store instances (two
    /// servers), capped, hidden and then deleted once older than the forgetting bound, cleared on success.
    @Test(arguments: StoreKind.allCases) func loginFailuresCountAtomicallyAcrossInstancesAndAreForgotten(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            let other = try await fixture.open()
            let forget = Self.t0 - 3_600
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    let instance = i % 2 == 0 ? store : other
                    group.addTask {
                        try await instance.recordLoginFailure(keys: ["account:piet", "address:10.0.0.\(i % 4)"], at: Self.t0 + Double(i),
                                                              forgetBefore: forget, cap: 64)
                    }
                }
                try await group.waitForAll()
            }
            let counts = try await other.loginFailures(keys: ["account:piet", "address:10.0.0.0", "address:10.0.0.9"], forgetBefore: forget)
            #expect(counts["account:piet"] == LoginFailures(failures: 40, lastFailedAt: Self.t0 + 39))
            #expect(counts["address:10.0.0.0"] == LoginFailures(failures: 10, lastFailedAt: Self.t0 + 36))
            #expect(counts["address:10.0.0.9"] == nil)
            #expect(counts.count == 2)

            for _ in 0..<30 { try await store.recordLoginFailure(keys: ["account:piet"], at: Self.t0 + 40, forgetBefore: forget, cap: 64) }
            #expect(try await other.loginFailures(keys: ["account:piet"], forgetBefore: forget)["account:piet"]?.failures == 64)

            // Older than the bound: not seen; the next failure anywhere deletes it; this key starts again at 1.
            let later = Self.t0 + 7_200, laterForget = Self.t0 + 3_600
            #expect(try await store.loginFailures(keys: ["account:piet"], forgetBefore: laterForget).isEmpty)
            try await other.recordLoginFailure(keys: ["account:anna"], at: later, forgetBefore: laterForget, cap: 64)
            #expect(try await store.loginFailures(keys: ["account:piet", "account:anna", "address:10.0.0.0"], forgetBefore: forget)
                    == ["account:anna": LoginFailures(failures: 1, lastFailedAt: later)])
            try await store.recordLoginFailure(keys: ["account:anna"], at: later + 1, forgetBefore: laterForget, cap: 64)
            #expect(try await other.loginFailures(keys: ["account:anna"], forgetBefore: laterForget)["account:anna"]?.failures == 2)
            try await other.clearLoginFailures(key: "account:anna")
            #expect(try await store.loginFailures(keys: ["account:anna"], forgetBefore: laterForget).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func sessionsAreSharedAndEndOnPasswordChangeRemovalAndStaleness(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            // Another store instance on the same database stands for another server.
            let other = try await fixture.open()
            let user = try await store.insert(StaffUser(username: "adviseur", passwordHash: "h", role: .consultant, createdAt: Self.t0))
            let session = StaffSession(idDigest: "s1", userId: user.id, csrfToken: "csrf", createdAt: Self.t0, lastSeenAt: Self.t0,
                                       expiresAt: Self.t0 + 8 * 3_600)
            try await store.insertSession(session)
            #expect(try await other.session(idDigest: "s1") == session)
            try await other.touchSession(idDigest: "s1", at: Self.t0 + 600)
            #expect(try await store.session(idDigest: "s1")?.lastSeenAt == Self.t0 + 600)

            // Idle since before the bound, or past the absolute expiry: removed.
            try await store.insertSession(StaffSession(idDigest: "idle", userId: user.id, csrfToken: "c", createdAt: Self.t0, lastSeenAt: Self.t0,
                                                       expiresAt: Self.t0 + 8 * 3_600))
            try await store.insertSession(StaffSession(idDigest: "old", userId: user.id, csrfToken: "c", createdAt: Self.t0, lastSeenAt: Self.t0 + 600,
                                                       expiresAt: Self.t0 + 700))
            #expect(try await store.removeStaleSessions(now: Self.t0 + 700, idleBefore: Self.t0 + 300) == 2)
            #expect(try await store.session(idDigest: "s1") != nil)

            try await store.removeSession(idDigest: "s1")
            #expect(try await other.session(idDigest: "s1") == nil)

            // A new password ends every session of the user.
            try await store.insertSession(session)
            try await store.updatePassword(userId: user.id, passwordHash: "new")
            #expect(try await store.session(idDigest: "s1") == nil)
            #expect(try await store.user(id: user.id)?.passwordHash == "new")

            // Removing the user takes sessions and tokens along.
            try await store.insertSession(session)
            _ = try await store.insertToken(APITokenRecord(userId: user.id, digest: "d", createdAt: Self.t0, expiresAt: nil))
            #expect(try await store.removeUser(username: "adviseur"))
            #expect(try await store.session(idDigest: "s1") == nil)
            #expect(try await store.user(tokenDigest: "d", now: Self.t0) == nil)
            #expect(try await !store.removeUser(username: "adviseur"))
        }
    }

    @Test(arguments: StoreKind.allCases) func theAuditIsAppendOnlyAndThePurgeIsAudited(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            let old = AuditEvent(at: Self.t0, actor: "adviseur", action: "view", subjectType: "candidate", subjectId: "K1")
            let recent = AuditEvent(at: Self.t0 + 400 * 86_400, actor: "adviseur", action: "view", subjectType: "candidate", subjectId: "K2")
            try await store.record([old, recent])
            let table = kind == .sqlite ? "auditEvent" : "audit_event"
            let subject = kind == .sqlite ? "subjectId" : "subject_id"
            // Refused by the triggers themselves (their message), not for want of a table.
            func refuses(_ sql: String) async {
                let error = await #expect(throws: (any Error).self, "\(sql)") { try await store.executeInAuditLogForTesting(sql) }
                #expect(String(reflecting: error).contains("append-only"), "\(sql)")
            }
            for refused in ["UPDATE \(table) SET actor = 'x'", "DELETE FROM \(table)", "DELETE FROM \(table) WHERE \(subject) = 'K1'"] {
                await refuses(refused)
            }
            if kind == .postgres {
                await refuses("TRUNCATE audit_event")
            }
            let deleted = try await store.purgeAuditEvents(olderThan: Self.t0 + 365 * 86_400) { count in
                AuditEvent(at: Self.t0 + 401 * 86_400, actor: "cli:beheer", action: "audit-purged", subjectType: "audit", subjectId: "retention",
                           detail: "\(count) verwijderd")
            }
            #expect(deleted == 1)
            let left = try await store.auditEvents(from: nil, to: nil, afterId: 0, limit: 10)
            #expect(left.map(\.subjectId) == ["K2", "retention"])
            #expect(left.last?.detail == "1 verwijderd")
            // Outside the purge the rule holds again.
            await refuses("DELETE FROM \(table)")
            // Paging and the time window.
            #expect(try await store.auditEvents(from: Self.t0 + 401 * 86_400, to: nil, afterId: 0, limit: 10).map(\.subjectId) == ["retention"])
            #expect(try await store.auditEvents(from: nil, to: Self.t0 + 401 * 86_400, afterId: 0, limit: 10).map(\.subjectId) == ["K2"])
            #expect(try await store.auditEvents(from: nil, to: nil, afterId: left[0].id ?? 0, limit: 10).map(\.subjectId) == ["retention"])
        }
    }

    @Test(arguments: StoreKind.allCases) func candidateSearchNarrowsAndCounts(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let store = try await fixture.open()
            var other = Sample.candidate("K00002")
            other.municipality = "GM9999"
            try await store.save(Sample.candidate("K00001"))
            try await store.save(other)
            try await store.save(Sample.candidate("X_0003"))
            let all = try await store.searchCandidates(CandidateQuery(limit: 2))
            #expect(all.total == 3 && all.candidates.map(\.id) == ["K00001", "K00002"])
            #expect(try await store.searchCandidates(CandidateQuery(limit: 2, offset: 2)).candidates.map(\.id) == ["X_0003"])
            #expect(try await store.searchCandidates(CandidateQuery(municipalities: [])).total == 0)
            #expect(try await store.searchCandidates(CandidateQuery(municipalities: ["GM9999"])).candidates.map(\.id) == ["K00002"])
            #expect(try await store.searchCandidates(CandidateQuery(municipality: "GM9999")).total == 1)
            #expect(try await store.searchCandidates(CandidateQuery(idPrefix: "K0")).total == 2)
            // LIKE's wildcards in the input are taken literally.
            #expect(try await store.searchCandidates(CandidateQuery(idPrefix: "X_")).candidates.map(\.id) == ["X_0003"])
            #expect(try await store.searchCandidates(CandidateQuery(idPrefix: "%")).total == 0)
            let sample = Sample.candidate()
            #expect(try await store.searchCandidates(CandidateQuery(ladderRung: sample.ladderRung.rawValue)).total == 3)
            #expect(try await store.searchCandidates(CandidateQuery(targetGroupRegister: !sample.targetGroupRegister)).total == 0)
            if let occupation = sample.desiredOccupations.first {
                #expect(try await store.searchCandidates(CandidateQuery(desiredOccupation: occupation.rawValue)).total == 3)
            }
            #expect(try await store.searchCandidates(CandidateQuery(desiredOccupation: "http://example.org/none")).total == 0)
        }
    }
}
