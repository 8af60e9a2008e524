import GRDB

extension MatchpuntStore {
    /// One migrator, named migrations, append-only: a shipped migration is never edited; a change is a new one.
    /// `auditLog` is the audit file's writer: the last migration moves the audit events there.
    static func migrator(auditLog: any DatabaseWriter) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 schema") { db in
            try db.create(table: "employer") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("kvkNumber", .text).unique()
                t.column("street", .text)
                t.column("postcode", .text)
                t.column("city", .text)
            }
            try db.create(index: "employer_on_name", on: "employer", columns: ["name"])

            try db.create(table: "candidate") { t in
                t.primaryKey("id", .text)
                t.column("municipality", .text).notNull()
                t.column("dateOfBirth", .text).notNull()
                t.column("benefit", .text).notNull()
                t.column("benefitSince", .text)
                t.column("targetGroupRegister", .boolean).notNull()
                t.column("shelteredWorkIndication", .boolean).notNull()
                t.column("workLimitation", .boolean).notNull()
                t.column("wageValuePercent", .integer)
                t.column("wageValueMeasuredOn", .text)
                t.column("hadEducationObstacle", .boolean).notNull()
                t.column("ladderRung", .integer).notNull()
                t.column("singleParentWithChildUnder12", .boolean).notNull()
                t.column("statusHolder", .boolean).notNull()
                t.column("hoursMin", .integer).notNull()
                t.column("hoursMax", .integer).notNull()
                t.column("travelReachKm", .integer).notNull()
                t.column("postcode", .text).notNull()
                t.column("pc4", .integer).notNull()
                t.column("availableFrom", .text).notNull()
                t.column("skills", .jsonText).notNull()
                t.column("desiredOccupations", .jsonText).notNull()
                t.column("education", .integer).notNull()
                t.column("dutchLevel", .text).notNull()
                t.column("drivingLicences", .jsonText).notNull()
                t.column("avoid", .jsonText).notNull()
                t.check(sql: "NOT (targetGroupRegister AND shelteredWorkIndication)")
            }
            try db.create(index: "candidate_on_municipality", on: "candidate", columns: ["municipality"])

            try db.create(table: "feed") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("url", .text).notNull()
                t.column("format", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("intervalSeconds", .integer).notNull()
                t.column("region", .text).notNull()
                // A secret: never logged, never returned by the API.
                t.column("authHeader", .text)
                t.column("columnMapping", .jsonText)
                t.column("etag", .text)
                t.column("lastModified", .text)
                t.column("lastValidCount", .integer)
                t.column("consecutiveFailures", .integer).notNull().defaults(to: 0)
                t.column("createdAt", .text).notNull()
            }

            try db.create(table: "importRun") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("feed", onDelete: .cascade).notNull()
                t.column("startedAt", .text).notNull()
                t.column("finishedAt", .text)
                t.column("status", .text).notNull()
                t.column("httpStatus", .integer)
                t.column("bytes", .integer).notNull().defaults(to: 0)
                t.column("newCount", .integer).notNull().defaults(to: 0)
                t.column("updatedCount", .integer).notNull().defaults(to: 0)
                t.column("unchangedCount", .integer).notNull().defaults(to: 0)
                t.column("closedCount", .integer).notNull().defaults(to: 0)
                t.column("quarantinedCount", .integer).notNull().defaults(to: 0)
                t.column("message", .text)
            }

            try db.create(table: "vacancy") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("source", .text).notNull()
                t.column("externalId", .text).notNull()
                t.belongsTo("feed", onDelete: .setNull)
                t.belongsTo("employer", onDelete: .setNull)
                t.column("title", .text).notNull()
                t.column("occupation", .text)
                t.column("requiredSkills", .jsonText).notNull()
                t.column("optionalSkills", .jsonText).notNull()
                t.column("postcode", .text)
                t.column("pc4", .integer)
                t.column("hoursMin", .integer).notNull()
                t.column("hoursMax", .integer).notNull()
                t.column("contractMonths", .integer)
                t.column("startDate", .text)
                t.column("hourlyWageCents", .integer)
                t.column("suitableForBanenafspraak", .boolean).notNull()
                t.column("demands", .jsonText).notNull()
                t.column("requiredLicences", .jsonText).notNull()
                t.column("minimumEducation", .integer)
                t.column("minimumDutchLevel", .text)
                t.column("status", .text).notNull()
                t.column("validThrough", .text)
                // Hash of the source record, so an unchanged record is counted rather than rewritten.
                t.column("contentHash", .text)
                t.uniqueKey(["source", "externalId"])
            }
            try db.create(index: "vacancy_on_status", on: "vacancy", columns: ["status"])
            try db.create(index: "vacancy_on_occupation", on: "vacancy", columns: ["occupation"])

            try db.create(table: "quarantinedRecord") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("importRun", onDelete: .cascade).notNull()
                t.column("externalId", .text)
                t.column("reason", .text).notNull()
                t.column("raw", .text).notNull()
            }

            try db.create(table: "user") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("username", .text).notNull().unique(onConflict: .fail).collate(.nocase)
                t.column("passwordHash", .text).notNull()
                t.column("role", .text).notNull()
                t.column("createdAt", .text).notNull()
            }

            try db.create(table: "quote") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("number", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("candidateId", .text).notNull().references("candidate", onDelete: .restrict)
                t.belongsTo("vacancy", onDelete: .restrict).notNull()
                t.belongsTo("employer", onDelete: .restrict)
                t.column("terms", .jsonText).notNull()
                // The decisions as issued: an immutable snapshot, never recomputed.
                t.column("decisions", .jsonText).notNull()
                t.column("peildatum", .text).notNull()
                t.column("issuedAt", .text).notNull()
                t.column("issuedBy", .text).notNull()
                t.column("accessToken", .text).notNull().unique()
                t.column("expiresOn", .text).notNull()
                t.column("status", .text).notNull()
                t.uniqueKey(["number", "version"])
            }

            try db.create(table: "auditEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("subjectType", .text).notNull()
                t.column("subjectId", .text).notNull()
                t.column("detail", .text)
            }
            try db.create(index: "auditEvent_on_subject", on: "auditEvent", columns: ["subjectType", "subjectId"])
        }
        migrator.registerMigration("v2 change log, feed leases, audit request id") { db in
            // Every write that changes candidates or vacancies appends here in the same transaction; each
            // process's matching index follows it by sequence number.
            try db.create(table: "change") { t in
                t.column("sequence", .integer).primaryKey(autoincrement: true)
                t.column("entity", .text).notNull()
                t.column("entityId", .text).notNull()
                t.column("kind", .text).notNull()
            }
            // At most one import run per feed across processes; an expired lease may be taken over.
            try db.create(table: "feedLease") { t in
                t.primaryKey("feedId", .integer).references("feed", onDelete: .cascade)
                t.column("holder", .text).notNull()
                t.column("expiresAtMillis", .integer).notNull()
            }
            try db.alter(table: "auditEvent") { t in
                t.add(column: "requestId", .text)
            }
        }
        registerQuoteMigrations(&migrator)
        registerSecurityMigrations(&migrator)
        registerCandidateIntakeMigrations(&migrator)
        migrator.registerMigration("audit-actor-1 index for a user's recent subjects") { db in
            try db.create(index: "auditEvent_on_actor_action", on: "auditEvent", columns: ["actor", "action"])
        }
        registerLoginThrottleMigrations(&migrator)
        registerVacancyLocationMigrations(&migrator)
        registerAuditFileMigration(&migrator, auditLog: auditLog)
        return migrator
    }
}
