import Catalog
import Crypto
import Domain
import Foundation
import Logging
import Repositories
import Rendering

/// Why a quote action could not be done, worded for the person who asked. API, CLI and pages map it.
public enum QuoteError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    /// The quote's status does not allow this (e.g. issuing an issued quote, withdrawing an accepted one).
    case wrongStatus(String)
    case invalid(String)
    case evaluation(InstrumentEvaluationError)

    public var description: String {
        switch self {
        case .notFound(let what): "\(what) not found"
        case .wrongStatus(let reason): reason
        case .invalid(let reason): reason
        case .evaluation(let error): error.description
        }
    }
}

/// A stored quote with its snapshot decoded and its history: what the API, CLI and pages show.
public struct QuoteDetails: Sendable {
    public var stored: StoredQuote
    public var snapshot: QuoteSnapshot
    public var history: [QuoteStatusChange]

    /// The employer's projection (no medical fields).
    public var employerView: EmployerQuoteView { EmployerQuoteView(snapshot, status: stored.status) }
    public var staffDocument: Rendering.Document {
        snapshot.staffDocument(status: stored.status, history: history, contentHash: stored.contentHash)
    }
}

/// What issuing hands back: the quote, and the employer link's token — shown once, never stored.
public struct IssuedQuote: Sendable {
    public var details: QuoteDetails
    public var token: String
    /// "/offerte/<token>".
    public var linkPath: String { "/offerte/\(token)" }
}

/// What the employer link opens. `unavailable` is the one answer for an unknown, guessed or expired token,
/// so the answer does not tell which.
public enum EmployerLinkResult: Sendable {
    case unavailable
    case quote(EmployerQuoteView, canAnswer: Bool)
}

/// The employer's answer.
public enum EmployerAnswer: String, Sendable, CaseIterable {
    case accept, decline
}

public enum EmployerAnswerResult: Sendable, Equatable {
    case recorded(QuoteStatus)
    /// Unknown, guessed or expired token (the same answer as for opening it).
    case unavailable
    /// The form's CSRF token does not belong to this link.
    case forbidden
    /// Already answered, withdrawn, superseded or expired: it says which.
    case closed(QuoteStatus)
    case invalid(String)
}

/// Quotes for employers: draft from placement terms (through ``InstrumentEvaluation``), re-run, issue with a
/// gapless number and an employer link, revise, withdraw, expire, answer by link. API, CLI and staff pages
/// call this and nothing else; every read that carries a candidate is audited.
public struct Quotes: Sendable {
    let repository: any QuoteRepository
    let employers: any EmployerRepository
    let instruments: InstrumentEvaluation
    let policy: PolicyCatalog
    let settings: QuoteSettings
    let catalogHash: String
    let audit: AuditLog
    /// Signs the employer form's CSRF token (HMAC of the link token): employers have no session.
    let formKey: SymmetricKey
    let now: @Sendable () -> Date
    let today: @Sendable () -> CalendarDate
    let logger: Logger

    public init(repository: any QuoteRepository, employers: any EmployerRepository, instruments: InstrumentEvaluation, policy: PolicyCatalog,
                settings: QuoteSettings, catalogHash: String, audit: AuditLog, formSecret: [UInt8],
                now: @escaping @Sendable () -> Date = { Date() }, today: @escaping @Sendable () -> CalendarDate,
                logger: Logger = Logger(label: "matchpunt.quotes")) {
        self.repository = repository
        self.employers = employers
        self.instruments = instruments
        self.policy = policy
        self.settings = settings
        self.catalogHash = catalogHash
        self.audit = audit
        self.formKey = SymmetricKey(data: formSecret)
        self.now = now
        self.today = today
        self.logger = logger
    }

    // MARK: Drafts

    /// Runs the instrument rules for the terms and stores the result as a draft.
    public func createDraft(candidateId: String, vacancyId: Int64, facts: StatedPlacementFacts, by actor: AuditActor) async throws -> QuoteDetails {
        let snapshot = try await evaluate(candidateId: candidateId, vacancyId: vacancyId, facts: facts, by: actor)
        let data = try snapshot.encoded()
        let stored = try await repository.insertDraft(NewQuoteDraft(
            candidateId: candidateId, vacancyId: vacancyId, employerId: snapshot.employer.id, supersedesId: nil, snapshot: data,
            contentHash: Self.sha256(data), createdAt: now(), createdBy: actor.name))
        try await audit.record(.quoteDraft, by: actor, candidate: candidateId, purpose: "offerte-concept \(stored.id)")
        logger.info("quote draft created", metadata: ["quote": "\(stored.id)"])
        return try await details(stored)
    }

    /// Runs the rules again for a draft (today's catalog, the same or new terms); an issued quote is frozen.
    public func rerunDraft(id: Int64, facts: StatedPlacementFacts? = nil, by actor: AuditActor) async throws -> QuoteDetails {
        guard let stored = try await repository.quote(id: id), try await visible(stored, to: actor) else { throw QuoteError.notFound("quote \(id)") }
        guard stored.status == .draft else { throw QuoteError.wrongStatus("quote \(id) is \(stored.status.rawValue): only a draft can be re-run") }
        let old = try QuoteSnapshot.decode(stored.snapshot)
        let snapshot = try await evaluate(candidateId: stored.candidateId, vacancyId: stored.vacancyId, facts: facts ?? old.facts, by: actor)
        let data = try snapshot.encoded()
        let updated = try await mapStatus { try await repository.replaceDraft(id: id, snapshot: data, contentHash: Self.sha256(data), by: actor.name, at: now()) }
        try await audit.record(.quoteDraft, by: actor, candidate: stored.candidateId, purpose: "offerte-concept \(id) opnieuw berekend")
        return try await details(updated)
    }

    /// A revision of an issued (or expired) quote: a new draft with the same terms (or new ones) that, once
    /// issued, takes the next version of the number and supersedes the old one.
    public func revise(number: String, facts: StatedPlacementFacts? = nil, by actor: AuditActor) async throws -> QuoteDetails {
        guard let previous = try await repository.quote(number: number, version: nil), try await visible(previous, to: actor) else {
            throw QuoteError.notFound("quote \(number)")
        }
        guard previous.status.allowedNext.contains(.superseded) else {
            throw QuoteError.wrongStatus("quote \(number) is \(previous.status.rawValue): it cannot be revised")
        }
        let old = try QuoteSnapshot.decode(previous.snapshot)
        let snapshot = try await evaluate(candidateId: previous.candidateId, vacancyId: previous.vacancyId, facts: facts ?? old.facts, by: actor)
        let data = try snapshot.encoded()
        let stored = try await repository.insertDraft(NewQuoteDraft(
            candidateId: previous.candidateId, vacancyId: previous.vacancyId, employerId: snapshot.employer.id, supersedesId: previous.id,
            snapshot: data, contentHash: Self.sha256(data), createdAt: now(), createdBy: actor.name))
        try await audit.record(.quoteDraft, by: actor, candidate: previous.candidateId, purpose: "herziening van \(number)")
        return try await details(stored)
    }

    // MARK: Issue, withdraw, expire

    /// Freezes a draft: number (gapless per year, assigned in the issuing transaction), issue date, valid
    /// until, the candidate's label as consent stands now, and a new employer-link token (only its SHA-256
    /// is stored). Returns the token once.
    public func issue(id: Int64, by actor: AuditActor) async throws -> IssuedQuote {
        guard let draft = try await repository.quote(id: id), try await visible(draft, to: actor) else { throw QuoteError.notFound("quote \(id)") }
        guard draft.status == .draft else { throw QuoteError.wrongStatus("quote \(id) is \(draft.status.rawValue): only a draft can be issued") }
        var snapshot = try QuoteSnapshot.decode(draft.snapshot)
        let issuedOn = today()
        let validUntil = issuedOn.adding(days: settings.validDays)
        snapshot.issuedOn = issuedOn
        snapshot.validUntil = validUntil
        snapshot.wsp.adviser = actor.name
        snapshot.candidate = try await candidateLabel(snapshot.candidate.id)
        let token = Self.newToken()
        let base = snapshot
        let stored = try await mapStatus {
            try await repository.issue(id: id, year: issuedOn.year, QuoteIssue(
                issuedAt: now(), issuedBy: actor.name, validUntil: validUntil, tokenHash: Self.sha256(Data(token.utf8))) { number, version in
                    var frozen = base
                    frozen.number = number
                    frozen.version = version
                    let data = try frozen.encoded()
                    return (data, Self.sha256(data))
                })
        }
        try await audit.record(.quoteIssue, by: actor, candidate: stored.candidateId, purpose: "offerte \(stored.number ?? "?") uitgebracht")
        logger.info("quote issued", metadata: ["quote": "\(stored.id)", "number": "\(stored.number ?? "?")"])
        return IssuedQuote(details: try await details(stored), token: token)
    }

    public func withdraw(number: String, reason: String?, by actor: AuditActor) async throws -> QuoteDetails {
        guard let stored = try await repository.quote(number: number, version: nil), try await visible(stored, to: actor) else {
            throw QuoteError.notFound("quote \(number)")
        }
        let updated = try await mapStatus {
            try await repository.transition(id: stored.id, to: .withdrawn, from: [.issued], by: actor.name, at: now(), reason: reason)
        }
        try await audit.record(.quoteWithdraw, by: actor, candidate: stored.candidateId, purpose: "offerte \(number) ingetrokken")
        return try await details(updated)
    }

    /// Marks every issued quote whose "valid until" has passed as expired; returns their ids.
    @discardableResult
    public func expireOverdue() async throws -> [Int64] {
        var expired: [Int64] = []
        for quote in try await repository.quotes(status: .issued, limit: 100_000) where isOverdue(quote) {
            if let updated = try? await expire(quote) { expired.append(updated.id) }
        }
        return expired
    }

    private func isOverdue(_ quote: StoredQuote) -> Bool {
        quote.status == .issued && quote.validUntil.map { $0 < today() } == true
    }

    private func expire(_ quote: StoredQuote) async throws -> StoredQuote {
        try await repository.transition(id: quote.id, to: .expired, from: [.issued], by: "systeem", at: now(),
                                        reason: "geldig tot \(quote.validUntil.map(\.description) ?? "?") verstreken")
    }

    // MARK: Reads (audited)

    public func show(number: String, version: Int? = nil, by actor: AuditActor, purpose: String = "offerte bekeken") async throws -> QuoteDetails {
        guard var stored = try await repository.quote(number: number, version: version), try await visible(stored, to: actor) else {
            throw QuoteError.notFound("quote \(number)")
        }
        if isOverdue(stored) { stored = (try? await expire(stored)) ?? stored }
        try await audit.record(.quoteView, by: actor, candidate: stored.candidateId, purpose: "\(purpose): \(number)")
        return try await details(stored)
    }

    public func show(id: Int64, by actor: AuditActor) async throws -> QuoteDetails {
        guard var stored = try await repository.quote(id: id), try await visible(stored, to: actor) else { throw QuoteError.notFound("quote \(id)") }
        if isOverdue(stored) { stored = (try? await expire(stored)) ?? stored }
        try await audit.record(.quoteView, by: actor, candidate: stored.candidateId, purpose: "offerte \(stored.number ?? "concept \(id)") bekeken")
        return try await details(stored)
    }

    /// Newest first; each candidate shown is audited as listed.
    public func list(status: QuoteStatus?, by actor: AuditActor, limit: Int = 500) async throws -> [StoredQuote] {
        try await expireOverdue()
        var quotes = try await repository.quotes(status: status, limit: max(1, min(limit, 5_000)))
        if actor.regions != nil {
            // Only quotes of candidates the actor may see (each candidate looked up once; refusals are not
            // audited here, since a list shows nothing of them).
            var permitted: [String: Bool] = [:]
            for id in Set(quotes.map(\.candidateId)) {
                permitted[id] = try await instruments.candidates.candidate(id: id).map { instruments.regions.permits($0, to: actor) } ?? false
            }
            quotes = quotes.filter { permitted[$0.candidateId] == true }
        }
        try await audit.recordListed(candidates: Array(Set(quotes.map(\.candidateId))).sorted(), by: actor, purpose: "lijst van offertes",
                                     action: .quoteListed)
        return quotes
    }

    /// A quote is candidate data: an actor limited to regions sees only quotes of candidates living in them,
    /// as for the candidate record itself (the refusal is audited and answered as not found).
    private func visible(_ quote: StoredQuote, to actor: AuditActor) async throws -> Bool {
        guard actor.regions != nil else { return true }
        return try await instruments.regions.visibleCandidate(id: quote.candidateId, in: instruments.candidates, by: actor, audit: audit) != nil
    }

    // MARK: The employer link

    /// The employer's view through the link. An unknown, guessed or expired token all give `.unavailable`.
    public func open(token: String) async throws -> EmployerLinkResult {
        guard let stored = try await quote(forToken: token) else { return .unavailable }
        let snapshot = try QuoteSnapshot.decode(stored.snapshot)
        try await audit.record(.quoteEmployerView, by: AuditActor(name: "werkgever (link)"), candidate: stored.candidateId,
                               purpose: "offerte \(stored.number ?? "?") geopend via de link")
        return .quote(EmployerQuoteView(snapshot, status: stored.status), canAnswer: stored.status == .issued)
    }

    /// The form's CSRF token for a link: an HMAC of the link token with the server's key, so only a page
    /// served for this link can answer it, and no session is needed.
    public func formToken(for token: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(("offerte-antwoord:" + token).utf8), using: formKey)
        return Data(code).base64URLEncoded
    }

    public func answer(token: String, formToken: String, answer: EmployerAnswer, name: String, remark: String?) async throws -> EmployerAnswerResult {
        guard let stored = try await quote(forToken: token) else { return .unavailable }
        guard let presented = Data(base64URLEncoded: formToken),
              HMAC<SHA256>.isValidAuthenticationCode(presented, authenticating: Data(("offerte-antwoord:" + token).utf8), using: formKey) else {
            return .forbidden
        }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let remark = remark?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { return .invalid("vul uw naam in (ten hoogste 200 tekens)") }
        guard (remark?.count ?? 0) <= 2_000 else { return .invalid("de opmerking is te lang (ten hoogste 2000 tekens)") }
        guard stored.status == .issued else { return .closed(stored.status) }
        let status: QuoteStatus = answer == .accept ? .accepted : .declined
        do {
            _ = try await repository.transition(id: stored.id, to: status, from: [.issued], by: "werkgever: \(name)", at: now(),
                                                reason: (remark?.isEmpty ?? true) ? nil : remark)
        } catch let error as QuoteRepositoryError {
            if case .wrongStatus(_, let current, _) = error { return .closed(current) }
            throw error
        }
        try await audit.record(.quoteAnswer, by: AuditActor(name: "werkgever (link)"), candidate: stored.candidateId,
                               purpose: "offerte \(stored.number ?? "?") \(status.dutchName)")
        logger.info("quote answered by employer", metadata: ["quote": "\(stored.id)", "status": "\(status.rawValue)"])
        return .recorded(status)
    }

    /// The issued quote of a token, when the token is still valid (valid until has not passed). Expiry is
    /// applied on the way, so a status read later says so.
    private func quote(forToken token: String) async throws -> StoredQuote? {
        // A token is 43 base64url characters; anything else is not looked up at all.
        guard token.utf8.count == 43, token.utf8.allSatisfy({ Self.base64URLAlphabet.contains($0) }) else { return nil }
        guard let stored = try await repository.quote(tokenHash: Self.sha256(Data(token.utf8))) else { return nil }
        guard let validUntil = stored.validUntil, today() <= validUntil else {
            if isOverdue(stored) { _ = try? await expire(stored) }
            return nil
        }
        return stored
    }

    // MARK: Consent

    /// Records the candidate's consent to show `name` in quotes from now on (issued quotes keep what they showed).
    public func recordNameConsent(candidateId: String, name: String, consentedOn: CalendarDate, by actor: AuditActor) async throws -> NameConsent {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw QuoteError.invalid("name must be 1 to 200 characters") }
        guard consentedOn <= today() else { throw QuoteError.invalid("consent date lies in the future") }
        guard try await instruments.regions.visibleCandidate(id: candidateId, in: instruments.candidates, by: actor, audit: audit) != nil else {
            throw QuoteError.notFound("candidate \(candidateId)")
        }
        let consent = NameConsent(candidateId: candidateId, displayName: name, consentedOn: consentedOn, recordedBy: actor.name, recordedAt: now())
        do {
            try await repository.recordNameConsent(consent)
        } catch {
            throw QuoteError.notFound("candidate \(candidateId)")
        }
        try await audit.record(.nameConsent, by: actor, candidate: candidateId, purpose: "toestemming naam in offertes vastgelegd")
        return consent
    }

    // MARK: Building a snapshot

    private func evaluate(candidateId: String, vacancyId: Int64, facts: StatedPlacementFacts, by actor: AuditActor) async throws -> QuoteSnapshot {
        let result: InstrumentEvaluationResult
        do {
            result = try await instruments.evaluate(candidateId: candidateId, vacancyId: vacancyId, facts: facts, by: actor)
        } catch let error as InstrumentEvaluationError {
            throw QuoteError.evaluation(error)
        }
        let employer: QuoteEmployer
        if let employerId = result.vacancy.employerId, let stored = try await employers.employer(id: employerId) {
            employer = QuoteEmployer(id: stored.id, name: stored.name, kvkNumber: stored.kvkNumber?.rawValue)
        } else {
            employer = QuoteEmployer(id: nil, name: "werkgever onbekend", kvkNumber: nil)
        }
        let region = result.decisions.first?.region ?? policy.region(forMunicipality: result.candidate.municipality).id
        guard let contact = settings.contact(region: region) else { throw QuoteError.invalid("no WSP contact for region \(region)") }
        let netCost: NetCostTable
        do {
            netCost = try NetCostTable.compute(terms: result.terms, decisions: result.decisions, policy: policy,
                                               employerChargesParameter: settings.employerChargesParameter)
        } catch {
            throw QuoteError.invalid(error.description)
        }
        var used = Set(result.decisions.flatMap(\.parametersUsed).map {
            QuoteParameterValue(id: $0.id, role: $0.role, value: $0.value, unit: $0.unit, validFrom: $0.validFrom)
        })
        for id in [NetCostTable.holidayAllowanceParameter, NetCostTable.weeksPerYearParameter, settings.employerChargesParameter] {
            guard let parameter = policy.parameter(id) else { continue }
            for value in parameter.values where value.from <= result.terms.endDate && (value.until.map { $0 >= result.terms.startDate } ?? true) {
                if case .number(let number) = value.quantity {
                    used.insert(QuoteParameterValue(id: id, role: "nettokosten", value: NSDecimalNumber(decimal: number).stringValue, unit: parameter.unit.rawValue,
                                             validFrom: value.from))
                }
            }
        }
        var conditions: [String: [String]] = [:]
        for decision in result.decisions { conditions[decision.instrumentId] = policy.instrument(decision.instrumentId)?.conditions ?? [] }
        return QuoteSnapshot(
            number: nil, version: 1, issuedOn: nil, validUntil: nil, createdOn: today(), facts: facts, terms: result.terms,
            peildatum: result.peildatum, region: region, candidate: try await candidateLabel(candidateId),
            employer: employer, vacancy: QuoteVacancy(id: result.vacancy.id, title: result.vacancy.title),
            wsp: QuoteWSP(adviser: actor.name, contact: contact), decisions: result.decisions, netCost: netCost, catalogHash: catalogHash,
            parametersUsed: used.sorted { ($0.id, $0.validFrom) < ($1.id, $1.validFrom) }, instrumentConditions: conditions)
    }

    /// The pseudonym, or the name when the candidate's consent is recorded.
    private func candidateLabel(_ candidateId: String) async throws -> QuoteCandidate {
        let consent = try await repository.nameConsent(candidateId: candidateId)
        return QuoteCandidate(id: candidateId, label: consent?.displayName ?? "kandidaat \(candidateId)", consent: consent)
    }

    private func details(_ stored: StoredQuote) async throws -> QuoteDetails {
        QuoteDetails(stored: stored, snapshot: try QuoteSnapshot.decode(stored.snapshot), history: try await repository.statusHistory(quoteId: stored.id))
    }

    private func mapStatus<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as QuoteRepositoryError {
            switch error {
            case .notFound(let id): throw QuoteError.notFound("quote \(id)")
            case .wrongStatus: throw QuoteError.wrongStatus(error.description)
            }
        }
    }

    // MARK: Tokens and hashes

    static let base64URLAlphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// 256 random bits from the system's CSPRNG, base64url without padding (43 characters).
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        for _ in 0..<4 { withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) } }
        return Data(bytes).base64URLEncoded
    }

    /// SHA-256 as lower-case hex.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

extension Data {
    /// Base64url without padding (RFC 4648 §5).
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init?(base64URLEncoded text: String) {
        guard text.utf8.count <= 128 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}

/// SHA-256 over the policy catalog's files (parameters, instruments, regions, quote settings), in name order:
/// a quote records it, so one can later show on which rules it was made.
public enum CatalogFingerprint {
    public static func sha256(catalogDirectory: URL) throws -> String {
        var hasher = SHA256()
        for section in ["parameters", "instruments", "regions", "quotes"] {
            let folder = catalogDirectory.appendingPathComponent(section, isDirectory: true)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                hasher.update(data: Data("\(section)/\(name)\u{0}\(data.count)\u{0}".utf8))
                hasher.update(data: data)
            }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
