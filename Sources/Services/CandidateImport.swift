import Domain
import Foundation
import Repositories

/// How an import treats a file with refused rows.
public enum CandidateImportMode: String, Sendable, Codable, CaseIterable {
    /// The default: one refused row and nothing is written; the report lists every refusal to fix.
    case allOrNothing = "all-or-nothing"
    /// The valid rows are written (in one transaction), the refused rows reported.
    case partial
}

/// What an import did (or, dry run, would do): counts and each refused row with its line, column and reason.
public struct CandidateImportReport: Sendable, Codable, Equatable {
    public struct Refusal: Sendable, Codable, Equatable {
        /// The line in the file where the row starts (the header is line 1).
        public var row: Int
        public var id: String?
        /// The column, as named in the file's header (Dutch).
        public var field: String
        /// Why, in Dutch.
        public var reason: String
    }

    public var mode: CandidateImportMode
    public var dryRun: Bool
    /// True when the database was changed.
    public var written: Bool
    /// Data rows read (blank lines not counted).
    public var rows: Int
    /// New candidates (written, or that would be).
    public var imported: Int
    /// Existing candidates replaced (written, or that would be).
    public var updated: Int
    /// Rows refused (a row with two problems counts once and is listed twice).
    public var refused: Int
    public var refusals: [Refusal]
    /// A problem with the file as a whole (no header, missing column, broken quote).
    public var fileProblem: Refusal?
    /// The separator found in the header line.
    public var separator: String
}

/// Candidate CSV import: one service for `POST /api/v1/candidates/import` and `matchpunt candidates import FILE`.
/// Each row is read (``CandidateCSV``), checked like a form entry (``CandidateValidation``) and against the
/// actor's regions (a consultant imports only candidates living in their regions, also when replacing one).
/// A row repeating an earlier id in the same file is refused. Writing is one transaction, so a crash or a
/// refusal never leaves half a file; the default mode writes nothing when any row is refused.
/// The import and every candidate written are audited.
public struct CandidateImport: Sendable {
    /// The reason a row's id cannot be used (the same words as the form's).
    public static let unavailableReason = "kandidaatnummer is niet beschikbaar"
    let repository: any CandidateIntakeRepository
    let intake: CandidateIntake
    let audit: AuditLog

    public init(repository: any CandidateIntakeRepository, intake: CandidateIntake, audit: AuditLog) {
        self.repository = repository
        self.intake = intake
        self.audit = audit
    }

    /// Reads, checks and (unless `dryRun`, and in `allOrNothing` mode only when no row is refused) writes the file.
    /// `fileName` names the import in the audit log.
    public func run(_ bytes: [UInt8], fileName: String, mode: CandidateImportMode = .allOrNothing, dryRun: Bool = false,
                    by actor: AuditActor) async throws -> CandidateImportReport {
        let table = CandidateCSV.read(bytes)
        var refusals: [CandidateImportReport.Refusal] = []
        var refusedRows = 0
        var accepted: [(line: Int, candidate: Candidate)] = []
        var firstLineOf: [String: Int] = [:]
        for row in table.rows {
            switch row.result {
            case .failure(let problems):
                refusedRows += 1
                refusals += problems.problems.map { .init(row: $0.row, id: row.id, field: $0.field, reason: $0.reason) }
            case .success(let parsed):
                let candidate = CandidateIntake.normalised(parsed)
                var problems = intake.validate(candidate).map {
                    CandidateImportReport.Refusal(row: row.line, id: candidate.id, field: CandidateCSV.column(ofField: $0.field), reason: $0.dutch)
                }
                if problems.isEmpty, !intake.regions.permits(candidate, to: actor) {
                    problems.append(.init(row: row.line, id: candidate.id, field: "woongemeente",
                                          reason: "ligt buiten uw arbeidsmarktregio's"))
                }
                if problems.isEmpty, let earlier = firstLineOf[candidate.id] {
                    problems.append(.init(row: row.line, id: candidate.id, field: "kandidaatnummer",
                                          reason: "komt al voor op regel \(earlier) van dit bestand"))
                }
                if problems.isEmpty {
                    firstLineOf[candidate.id] = row.line
                    accepted.append((row.line, candidate))
                } else {
                    refusedRows += 1
                    refusals += problems
                }
            }
        }
        // Replacing a stored candidate also needs the stored one to be in the actor's regions. A row whose id is
        // taken outside them gets the words the API and the form use for an id that is not available, and the
        // same audit row, so the report does not say that the person is known in another region.
        let existing = try await repository.storedCandidates(ids: accepted.map(\.candidate.id))
        let storedById = Dictionary(existing.map { ($0.candidate.id, $0) }, uniquingKeysWith: { first, _ in first })
        var toWrite: [Candidate] = []
        var updates = 0
        for (line, candidate) in accepted {
            if let stored = storedById[candidate.id] {
                guard intake.regions.permits(stored.candidate, to: actor) else {
                    refusedRows += 1
                    refusals.append(.init(row: line, id: candidate.id, field: "kandidaatnummer", reason: CandidateImport.unavailableReason))
                    try await audit.record(.refused, by: actor, candidate: candidate.id, purpose: "kandidaatnummer niet beschikbaar bij import")
                    continue
                }
                updates += 1
            }
            toWrite.append(candidate)
        }
        let fileProblem = table.fileProblem.map { CandidateImportReport.Refusal(row: $0.row, id: nil, field: $0.field, reason: $0.reason) }
        let blocked = mode == .allOrNothing && (refusedRows > 0 || fileProblem != nil)
        var report = CandidateImportReport(
            mode: mode, dryRun: dryRun, written: false, rows: table.rows.count, imported: toWrite.count - updates, updated: updates,
            refused: refusedRows, refusals: refusals.sorted { ($0.row, $0.field) < ($1.row, $1.field) }, fileProblem: fileProblem,
            separator: String(table.separator))
        if blocked {
            report.imported = 0
            report.updated = 0
        }
        if !dryRun, !blocked, !toWrite.isEmpty {
            let counts = try await repository.importCandidates(toWrite)
            report.imported = counts.inserted
            report.updated = counts.updated
            report.written = true
            try await audit.recordListed(candidates: toWrite.map(\.id), by: actor, purpose: "CSV-import \(fileName)", action: .candidateImported)
        }
        let summary = "\(dryRun ? "proefrun" : (report.written ? "geschreven" : "niets geschreven")); modus \(mode.rawValue); "
            + "\(report.rows) rijen, \(report.imported) nieuw, \(report.updated) bijgewerkt, \(report.refused) geweigerd"
        try await audit.record(.candidateImport, by: actor, subjectType: "import", subjectId: String(fileName.prefix(200)), detail: summary)
        return report
    }
}
