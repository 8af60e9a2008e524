import Domain
import Foundation
import Repositories

/// Why a candidate write was refused. The API maps each case to its status; forms and the CSV report show
/// the field problems next to the fields.
public enum CandidateIntakeError: Error, Equatable, Sendable {
    /// The record has field problems (400/422 at the API).
    case invalid([CandidateFieldProblem])
    /// The municipality lies outside the actor's regions: a consultant cannot place a candidate there.
    case outsideRegions(municipality: String)
    /// Unknown id, or a candidate outside the actor's regions (answered alike, so existence is not revealed).
    case notFound(id: String)
    /// Creating with an id that cannot be used: taken by any candidate, in the actor's regions or not. Both are
    /// answered alike (and audited alike), so a refusal does not tell that a person is known in another region.
    case idUnavailable(id: String)
    /// The write was based on `expected`, but the stored version is `current` (412 at the API).
    case versionMismatch(expected: Int, current: Int)
}

/// Entering, changing and deactivating candidates — the one service behind the API, the staff forms and the
/// CSV import. Each method checks the fields, applies the region rule (a consultant writes only candidates
/// living in their own regions, before and after the change) and audits what it did. Writes append the
/// change-log row in the same transaction, so every process's matching index follows.
///
/// Methods: ``record(id:by:purpose:)``, ``validate(_:)``, ``create(_:by:)``, ``update(_:expectedVersion:by:)``,
/// ``deactivate(id:expectedVersion:reason:by:)``, ``reactivate(id:expectedVersion:by:)``.
public struct CandidateIntake: Sendable {
    let repository: any CandidateIntakeRepository
    let regions: CandidateRegions
    let audit: AuditLog
    let now: @Sendable () -> Date

    public init(repository: any CandidateIntakeRepository, regions: CandidateRegions, audit: AuditLog, now: @escaping @Sendable () -> Date = { Date() }) {
        self.repository = repository
        self.regions = regions
        self.audit = audit
        self.now = now
    }

    /// Today in the Netherlands: the date validation compares against.
    var today: CalendarDate { CalendarDate.amsterdam(now()) }

    /// The stored record with its version and active flag (a deactivated candidate too, so that staff can see
    /// and reactivate it); nil when unknown or outside the actor's regions. The view is audited, as is a refusal.
    public func record(id: String, by actor: AuditActor, purpose: String? = nil) async throws -> StoredCandidate? {
        guard let stored = try await visible(id: id, by: actor) else { return nil }
        try await audit.record(.view, by: actor, candidate: id, purpose: purpose)
        return stored
    }

    /// The field problems of a candidate, without storing it (forms show them next to the fields).
    public func validate(_ candidate: Candidate) -> [CandidateFieldProblem] {
        CandidateValidation.problems(candidate, today: today, knownMunicipality: { regions.regionOf($0) != nil })
    }

    /// Stores a new candidate at version 1. An empty id is assigned here (``newId()``). Refused when invalid,
    /// outside the actor's regions, or the id is not available.
    ///
    /// The region rule for ids: a taken id answers `idUnavailable` whoever holds it — a candidate in the actor's
    /// regions or one outside them — with the same audit row, so the answer does not reveal that the number is
    /// known in another region. Field problems and the region of the new record are checked first, before the id
    /// is looked at, so those answers do not depend on the id either.
    public func create(_ candidate: Candidate, by actor: AuditActor) async throws -> StoredCandidate {
        var candidate = Self.normalised(candidate)
        let assigned = candidate.id.isEmpty
        if assigned { candidate.id = Self.newId() }
        try check(candidate, by: actor)
        var attempts = 0
        while true {
            do {
                let stored = try await repository.insertCandidate(candidate)
                try await audit.record(.candidateCreated, by: actor, candidate: candidate.id,
                                       purpose: "versie \(stored.version)" + (assigned ? "; nummer toegekend" : ""))
                return stored
            } catch StoreError.conflict {
                attempts += 1
                // A collision of 50 random bits is all but impossible; retry a few times rather than refuse.
                if assigned, attempts < 5 {
                    candidate.id = Self.newId()
                    continue
                }
                try await audit.record(.refused, by: actor, candidate: candidate.id, purpose: "kandidaatnummer niet beschikbaar bij aanmaken")
                throw CandidateIntakeError.idUnavailable(id: candidate.id)
            }
        }
    }

    /// A server-assigned id: "MP" and ten characters of Crockford base 32 (50 random bits). It passes
    /// validation (letters and digits; never nine digits, so never mistaken for a BSN) and says nothing about
    /// how many candidates exist.
    public static func newId() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var generator = SystemRandomNumberGenerator()
        return "MP" + String((0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// Replaces a candidate's fields when `expectedVersion` is still the stored version (else
    /// `versionMismatch`: someone changed it meanwhile). The candidate must be in the actor's regions both as
    /// stored and as changed, so a consultant can neither edit nor move a candidate across regions.
    public func update(_ candidate: Candidate, expectedVersion: Int, by actor: AuditActor) async throws -> StoredCandidate {
        let candidate = Self.normalised(candidate)
        guard let current = try await visible(id: candidate.id, by: actor) else { throw CandidateIntakeError.notFound(id: candidate.id) }
        guard current.version == expectedVersion else {
            throw CandidateIntakeError.versionMismatch(expected: expectedVersion, current: current.version)
        }
        try check(candidate, by: actor)
        let stored: StoredCandidate
        do {
            stored = try await repository.updateCandidate(candidate, expectedVersion: expectedVersion)
        } catch let conflict as CandidateVersionConflict {
            throw CandidateIntakeError.versionMismatch(expected: expectedVersion, current: conflict.currentVersion)
        } catch StoreError.notFound {
            throw CandidateIntakeError.notFound(id: candidate.id)
        }
        try await audit.record(.candidateUpdated, by: actor, candidate: candidate.id, purpose: "versie \(stored.version)")
        return stored
    }

    /// Soft deactivation: the record stays (history, quotes, audit) but leaves matching, searches and the index.
    /// `expectedVersion`, when given, must be the stored version. Deactivating an inactive candidate is a no-op.
    public func deactivate(id: String, expectedVersion: Int?, reason: String?, by actor: AuditActor) async throws -> StoredCandidate {
        try await setActive(false, id: id, expectedVersion: expectedVersion, reason: reason, by: actor)
    }

    /// Puts a deactivated candidate back into matching.
    public func reactivate(id: String, expectedVersion: Int?, by actor: AuditActor) async throws -> StoredCandidate {
        try await setActive(true, id: id, expectedVersion: expectedVersion, reason: nil, by: actor)
    }

    private func setActive(_ active: Bool, id: String, expectedVersion: Int?, reason: String?, by actor: AuditActor) async throws -> StoredCandidate {
        guard let current = try await visible(id: id, by: actor) else { throw CandidateIntakeError.notFound(id: id) }
        if let expectedVersion, expectedVersion != current.version {
            throw CandidateIntakeError.versionMismatch(expected: expectedVersion, current: current.version)
        }
        if current.active == active { return current }
        if let reason, reason.count > 500 {
            throw CandidateIntakeError.invalid([CandidateFieldProblem(field: "reason", english: "reason is longer than 500 characters",
                                                                      dutch: "reden is langer dan 500 tekens")])
        }
        let stored: StoredCandidate
        do {
            stored = try await repository.setCandidateActive(id: id, active: active, expectedVersion: expectedVersion ?? current.version)
        } catch let conflict as CandidateVersionConflict {
            throw CandidateIntakeError.versionMismatch(expected: expectedVersion ?? current.version, current: conflict.currentVersion)
        }
        // The reason is staff's free text about the candidate: it goes to the audit table, never to the logs.
        let detail = ["versie \(stored.version)", reason.map { "reden: \($0)" }].compactMap { $0 }.joined(separator: "; ")
        try await audit.record(active ? .candidateReactivated : .candidateDeactivated, by: actor, candidate: id, purpose: detail)
        return stored
    }

    /// The stored candidate (active or not) when the actor may see it; a refusal is audited.
    func visible(id: String, by actor: AuditActor) async throws -> StoredCandidate? {
        guard let stored = try await repository.storedCandidate(id: id) else { return nil }
        guard regions.permits(stored.candidate, to: actor) else {
            try await audit.record(.refused, by: actor, candidate: id, purpose: "buiten de regio's van de gebruiker")
            return nil
        }
        return stored
    }

    /// Field problems first (they name the field), then the region rule.
    func check(_ candidate: Candidate, by actor: AuditActor) throws {
        let problems = validate(candidate)
        guard problems.isEmpty else { throw CandidateIntakeError.invalid(problems) }
        guard regions.permits(candidate, to: actor) else {
            throw CandidateIntakeError.outsideRegions(municipality: candidate.municipality)
        }
    }

    /// Surrounding spaces are not part of an id or a municipality name; lists are kept sorted and unique so
    /// that two entries of the same record compare equal.
    static func normalised(_ candidate: Candidate) -> Candidate {
        var result = candidate
        result.id = candidate.id.trimmingCharacters(in: .whitespaces)
        result.municipality = candidate.municipality.trimmingCharacters(in: .whitespaces)
        result.drivingLicences = Array(Set(candidate.drivingLicences)).sorted()
        result.avoid = Array(Set(candidate.avoid)).sorted()
        return result
    }
}
