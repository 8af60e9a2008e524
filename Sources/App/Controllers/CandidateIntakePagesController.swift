import Domain
import Foundation
import Hummingbird
import Repositories
import Services

/// Entering and changing candidates in the browser: the create and edit forms (field-level errors), deactivate
/// and reactivate, and the CSV import with its row-by-row report. All through `CandidateIntake` and
/// `CandidateImport` — the services the API and the CLI use — so the checks, the region rule and the audit are theirs.
struct CandidateIntakePagesController {
    let services: AppServices
    let templates: Templates

    struct FormView: Sendable {
        let heading: String
        let action: String
        let editing: Bool
        let candidateId: String
        let version: Int
        let active: Bool
        let formProblem: String?
        let main: [RenderedField]
        let medical: [RenderedField]
        let lists: [RenderedField]
        let groups: [CandidateForm.Group]
    }

    struct ImportView: Sendable {
        struct Refusal: Sendable {
            let row: Int
            let id: String
            let field: String
            let reason: String
        }

        struct Column: Sendable {
            let name: String
            let required: Bool
            let meaning: String
        }

        let columns: [Column]
        let modes: [SelectOption]
        let reported: Bool
        let outcome: String?
        let outcomeClass: String
        let refusals: [Refusal]
        let hasRefusals: Bool
        let fileProblem: String?
    }

    func addRoutes(to pages: RouterGroup<AppRequestContext>) {
        pages.get("kandidaten/nieuw") { request, context -> HTML in
            try form(request, context, CandidateForm(), editing: nil, problem: nil)
        }
        pages.post("kandidaten") { request, context -> Response in
            var form = CandidateForm(FormValues(urlEncoded: String(buffer: try await request.body.collect(upTo: 262_144))))
            guard let candidate = form.parse(reference: services.reference, fixedId: nil) else {
                return try self.form(request, context, form, editing: nil, problem: "Controleer de gemarkeerde velden.")
                    .response(from: request, context: context, status: .badRequest)
            }
            do {
                let stored = try await services.candidateIntake.create(candidate, by: context.auditActor)
                return .redirect(to: "/kandidaten/\(QueryString.escape(stored.candidate.id))", type: .normal)
            } catch let error as CandidateIntakeError {
                let (status, problem) = place(error, in: &form)
                return try self.form(request, context, form, editing: nil, problem: problem).response(from: request, context: context, status: status)
            }
        }
        pages.get("kandidaten/:id/bewerken") { request, context -> HTML in
            let id = try context.parameters.require("id")
            guard let stored = try await services.candidateIntake.record(id: id, by: context.auditActor, purpose: "bewerkformulier") else {
                throw HTTPError(.notFound, message: "Kandidaat \(id) is niet gevonden (of valt buiten uw regio's).")
            }
            return try form(request, context, CandidateForm(stored.candidate, reference: services.reference), editing: stored, problem: nil)
        }
        pages.post("kandidaten/:id/bewerken") { request, context -> Response in
            let id = try context.parameters.require("id")
            let values = FormValues(urlEncoded: String(buffer: try await request.body.collect(upTo: 262_144)))
            var form = CandidateForm(values)
            let version = Int(values["versie"]) ?? 0
            guard let stored = try await services.candidateIntake.record(id: id, by: context.auditActor, purpose: "bewerkformulier") else {
                throw HTTPError(.notFound, message: "Kandidaat \(id) is niet gevonden (of valt buiten uw regio's).")
            }
            let editing = StoredCandidate(candidate: stored.candidate, version: version, active: stored.active)
            guard let candidate = form.parse(reference: services.reference, fixedId: id) else {
                return try self.form(request, context, form, editing: editing, problem: "Controleer de gemarkeerde velden.")
                    .response(from: request, context: context, status: .badRequest)
            }
            do {
                _ = try await services.candidateIntake.update(candidate, expectedVersion: version, by: context.auditActor)
                return .redirect(to: "/kandidaten/\(QueryString.escape(id))", type: .normal)
            } catch let error as CandidateIntakeError {
                let (status, problem) = place(error, in: &form)
                return try self.form(request, context, form, editing: editing, problem: problem).response(from: request, context: context, status: status)
            }
        }
        pages.post("kandidaten/:id/deactiveren") { request, context -> Response in
            let id = try context.parameters.require("id")
            let values = FormValues(urlEncoded: String(buffer: try await request.body.collect(upTo: 16_384)))
            let reason = values["reden"]
            _ = try await intake { try await services.candidateIntake.deactivate(id: id, expectedVersion: Int(values["versie"]),
                                                                                 reason: reason.isEmpty ? nil : reason, by: context.auditActor) }
            return .redirect(to: "/kandidaten/\(QueryString.escape(id))/bewerken", type: .normal)
        }
        pages.post("kandidaten/:id/activeren") { request, context -> Response in
            let id = try context.parameters.require("id")
            let values = FormValues(urlEncoded: String(buffer: try await request.body.collect(upTo: 16_384)))
            _ = try await intake { try await services.candidateIntake.reactivate(id: id, expectedVersion: Int(values["versie"]), by: context.auditActor) }
            return .redirect(to: "/kandidaten/\(QueryString.escape(id))", type: .normal)
        }
        pages.get("kandidaten/import") { request, context -> HTML in
            try importPage(request, context, report: nil, mode: .allOrNothing)
        }
        pages.post("kandidaten/import") { request, context -> Response in
            guard let boundary = MultipartForm.boundary(contentType: request.headers[.contentType]) else {
                throw HTTPError(.badRequest, message: "Kies een CSV-bestand om te importeren.")
            }
            let body = try await request.body.collect(upTo: CSRFMiddleware.uploadLimit)
            guard let upload = MultipartForm(body: Array(buffer: body), boundary: boundary), let file = upload.file("bestand"), !file.body.isEmpty else {
                throw HTTPError(.badRequest, message: "Kies een CSV-bestand om te importeren.")
            }
            let mode = upload.value("modus").flatMap(CandidateImportMode.init(rawValue:)) ?? .allOrNothing
            let dryRun = upload.value("proef") == "ja"
            let report = try await services.candidateImport.run(file.body, fileName: String((file.fileName ?? "upload.csv").prefix(200)), mode: mode,
                                                                dryRun: dryRun, by: context.auditActor)
            let status: HTTPResponse.Status = report.fileProblem != nil ? .unprocessableContent : .ok
            return try importPage(request, context, report: report, mode: mode).response(from: request, context: context, status: status)
        }
    }

    /// An intake error of a button (deactivate, reactivate) as a page error.
    func intake<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CandidateIntakeError {
            switch error {
            case .notFound: throw HTTPError(.notFound, message: "Deze kandidaat is niet gevonden (of valt buiten uw regio's).")
            case .versionMismatch: throw HTTPError(.conflict, message: "Iemand anders heeft deze kandidaat intussen gewijzigd. Laad de pagina opnieuw.")
            case .invalid(let problems): throw HTTPError(.badRequest, message: problems.map(\.dutch).joined(separator: "; "))
            case .outsideRegions, .idUnavailable: throw HTTPError(.badRequest, message: "Dat kan niet voor deze kandidaat.")
            }
        }
    }

    /// The service's refusal at the right field, with the status of the answer.
    func place(_ error: CandidateIntakeError, in form: inout CandidateForm) -> (HTTPResponse.Status, String) {
        switch error {
        case .invalid(let problems):
            return (.unprocessableContent, form.place(problems) ?? "Controleer de gemarkeerde velden.")
        case .outsideRegions(let municipality):
            form.errors["gemeente"] = "\(municipality) valt buiten uw regio's: u kunt hier geen kandidaat plaatsen."
            return (.unprocessableContent, "Controleer de gemarkeerde velden.")
        case .idUnavailable(let id):
            form.errors["id"] = "Kandidaatnummer \(id) is niet beschikbaar. Laat het veld leeg om een nummer te laten toekennen."
            return (.conflict, "Controleer de gemarkeerde velden.")
        case .notFound:
            return (.notFound, "Deze kandidaat is niet gevonden (of valt buiten uw regio's).")
        case .versionMismatch(_, let current):
            return (.conflict, "Iemand anders heeft deze kandidaat intussen gewijzigd (nu versie \(current)). Open het formulier opnieuw om hun wijziging te zien.")
        }
    }

    func form(_ request: Request, _ context: AppRequestContext, _ form: CandidateForm, editing: StoredCandidate?, problem: String?) throws -> HTML {
        let fields = form.fields(editing: editing != nil)
        let id = editing?.candidate.id ?? ""
        let view = FormView(
            heading: editing.map { "Kandidaat \($0.candidate.id) bewerken" } ?? "Nieuwe kandidaat",
            action: editing.map { "/kandidaten/\(QueryString.escape($0.candidate.id))/bewerken" } ?? "/kandidaten",
            editing: editing != nil, candidateId: id, version: editing?.version ?? 0, active: editing?.active ?? true, formProblem: problem,
            main: fields.main, medical: fields.medical, lists: fields.lists, groups: fields.groups)
        return try templates.page("candidate-form", title: view.heading, layout: request.layout(context), view)
    }

    func importPage(_ request: Request, _ context: AppRequestContext, report: CandidateImportReport?, mode: CandidateImportMode) throws -> HTML {
        var outcome: String?
        var outcomeClass = "notice"
        if let report {
            if let problem = report.fileProblem {
                outcome = "Het bestand is niet gelezen: \(problem.reason)"
                outcomeClass = "error"
            } else {
                let what = report.dryRun ? "Proef (niets opgeslagen)" : report.written ? "Opgeslagen" : "Niets opgeslagen"
                outcome = "\(what): \(report.rows) regels, \(report.imported) nieuw, \(report.updated) bijgewerkt, \(report.refused) geweigerd"
                    + (report.mode == .allOrNothing && report.refused > 0 ? " — alles of niets: verbeter de regels hieronder en importeer opnieuw." : ".")
                outcomeClass = report.refused > 0 ? "warning" : "notice"
            }
        }
        let refusals = (report?.refusals ?? []).prefix(1_000).map {
            ImportView.Refusal(row: $0.row, id: $0.id ?? "", field: $0.field, reason: $0.reason)
        }
        let view = ImportView(
            columns: CandidateCSV.columns.map { ImportView.Column(name: $0.name, required: $0.required, meaning: $0.meaning) },
            modes: .options([(CandidateImportMode.allOrNothing.rawValue, "alles of niets (standaard)"), (CandidateImportMode.partial.rawValue, "geldige regels opslaan")],
                            selected: mode.rawValue),
            reported: report != nil, outcome: outcome, outcomeClass: outcomeClass, refusals: Array(refusals), hasRefusals: !refusals.isEmpty,
            fileProblem: nil)
        return try templates.page("candidate-import", title: "Kandidaten importeren", layout: request.layout(context), view)
    }
}
