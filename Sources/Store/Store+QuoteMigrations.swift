import GRDB

extension MatchpuntStore {
    /// The quote migrations, appended at the end of the migrator (named `quotes-…`; a shipped one is never
    /// edited). The `quote` table of "v1 schema" was never written, so the first one replaces it.
    static func registerQuoteMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("quotes-1 numbered immutable quotes, status history, name consent") { db in
            try db.execute(sql: "DROP TABLE IF EXISTS quote")
            try db.execute(sql: """
                CREATE TABLE quote (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    -- Assigned at issue: MP-<year>-<6 digits>; a revision keeps the number and takes the next version.
                    number TEXT,
                    year INTEGER,
                    sequence INTEGER,
                    version INTEGER NOT NULL DEFAULT 1,
                    supersedesId INTEGER REFERENCES quote(id) ON DELETE RESTRICT,
                    candidateId TEXT NOT NULL REFERENCES candidate(id) ON DELETE RESTRICT,
                    vacancyId INTEGER NOT NULL REFERENCES vacancy(id) ON DELETE RESTRICT,
                    employerId INTEGER REFERENCES employer(id) ON DELETE RESTRICT,
                    status TEXT NOT NULL CHECK (status IN ('draft','issued','accepted','declined','expired','withdrawn','superseded')),
                    -- The snapshot: terms, decisions with schedules and trace, catalog hash, parameter values, net cost.
                    snapshot TEXT NOT NULL,
                    contentHash TEXT NOT NULL,
                    createdAt TEXT NOT NULL,
                    createdBy TEXT NOT NULL,
                    issuedAt TEXT,
                    issuedBy TEXT,
                    validUntil TEXT,
                    -- SHA-256 (hex) of the employer link's token; the token itself is never stored.
                    tokenHash TEXT UNIQUE,
                    UNIQUE (number, version),
                    CHECK ((status = 'draft') = (number IS NULL))
                )
                """)
            try db.execute(sql: "CREATE INDEX quote_on_status ON quote(status)")
            try db.execute(sql: "CREATE INDEX quote_on_candidate ON quote(candidateId)")
            // One row per year: the last number issued. Updated in the issuing transaction, so a rolled-back
            // issue gives its number back and the sequence has no gaps.
            try db.execute(sql: "CREATE TABLE quoteCounter (year INTEGER PRIMARY KEY, last INTEGER NOT NULL)")
            try db.execute(sql: """
                CREATE TABLE quoteStatusChange (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    quoteId INTEGER NOT NULL REFERENCES quote(id) ON DELETE RESTRICT,
                    fromStatus TEXT,
                    toStatus TEXT NOT NULL,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    reason TEXT
                )
                """)
            try db.execute(sql: "CREATE INDEX quoteStatusChange_on_quote ON quoteStatusChange(quoteId)")
            try db.execute(sql: """
                CREATE TABLE candidateNameConsent (
                    candidateId TEXT PRIMARY KEY REFERENCES candidate(id) ON DELETE CASCADE,
                    displayName TEXT NOT NULL,
                    consentedOn TEXT NOT NULL,
                    recordedBy TEXT NOT NULL,
                    recordedAt TEXT NOT NULL
                )
                """)
            // What was promised stays as it was: once issued, nothing but the status may change, and only
            // along the allowed transitions; a final status never changes again.
            try db.execute(sql: """
                CREATE TRIGGER quote_issued_content_is_immutable BEFORE UPDATE ON quote
                WHEN OLD.status <> 'draft' AND (
                    NEW.number IS NOT OLD.number OR NEW.year IS NOT OLD.year OR NEW.sequence IS NOT OLD.sequence
                    OR NEW.version IS NOT OLD.version OR NEW.supersedesId IS NOT OLD.supersedesId
                    OR NEW.candidateId IS NOT OLD.candidateId OR NEW.vacancyId IS NOT OLD.vacancyId
                    OR NEW.employerId IS NOT OLD.employerId OR NEW.snapshot IS NOT OLD.snapshot
                    OR NEW.contentHash IS NOT OLD.contentHash OR NEW.createdAt IS NOT OLD.createdAt
                    OR NEW.createdBy IS NOT OLD.createdBy OR NEW.issuedAt IS NOT OLD.issuedAt
                    OR NEW.issuedBy IS NOT OLD.issuedBy OR NEW.validUntil IS NOT OLD.validUntil
                    OR NEW.tokenHash IS NOT OLD.tokenHash)
                BEGIN SELECT RAISE(ABORT, 'an issued quote is immutable'); END
                """)
            try db.execute(sql: """
                CREATE TRIGGER quote_status_moves_forward BEFORE UPDATE OF status ON quote
                WHEN NEW.status IS NOT OLD.status AND NOT (
                    (OLD.status = 'draft' AND NEW.status = 'issued')
                    OR (OLD.status = 'issued' AND NEW.status IN ('accepted','declined','expired','withdrawn','superseded'))
                    OR (OLD.status = 'expired' AND NEW.status = 'superseded'))
                BEGIN SELECT RAISE(ABORT, 'quote status transition not allowed'); END
                """)
            try db.execute(sql: """
                CREATE TRIGGER quote_issued_is_never_deleted BEFORE DELETE ON quote WHEN OLD.status <> 'draft'
                BEGIN SELECT RAISE(ABORT, 'an issued quote is never deleted'); END
                """)
            try db.execute(sql: """
                CREATE TRIGGER quoteStatusChange_is_append_only_update BEFORE UPDATE ON quoteStatusChange
                BEGIN SELECT RAISE(ABORT, 'quote status history is append-only'); END
                """)
            try db.execute(sql: """
                CREATE TRIGGER quoteStatusChange_is_append_only_delete BEFORE DELETE ON quoteStatusChange
                BEGIN SELECT RAISE(ABORT, 'quote status history is append-only'); END
                """)
        }
    }
}
