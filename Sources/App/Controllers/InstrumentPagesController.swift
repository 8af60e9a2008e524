import Catalog
import Domain
import Foundation
import Hummingbird
import Services

/// The instrument estimate for a candidate × vacancy placement: the terms form and a card per instrument. The
/// evaluation runs through `InstrumentEvaluation` (scoped to the user's regions and audited) like the API's.
struct InstrumentPagesController {
    let services: AppServices
    let templates: Templates

    struct View: Sendable {
        let candidateId: String
        let candidateLink: String
        let fields: [RenderedField]
        let formProblem: String?
        let evaluated: Bool
        let summary: String?
        let cards: [InstrumentCardView]
        let carry: [HiddenInput]
    }

    func addRoutes(to pages: RouterGroup<AppRequestContext>) {
        pages.get("kandidaten/:id/instrumenten") { request, context -> HTML in
            let id = try context.parameters.require("id")
            guard try await services.candidateRecords.visibleCandidate(id: id, by: context.auditActor) != nil else {
                throw HTTPError(.notFound, message: "Kandidaat \(id) is niet gevonden (of valt buiten uw regio's).")
            }
            let values = FormValues(Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first }))
            var form = PlacementForm(values)
            var problem: String?
            var cards: [InstrumentCardView] = []
            var summary: String?
            var status = HTTPResponse.Status.ok
            if form.start.isEmpty && form.hours.isEmpty && form.months.isEmpty {
                // Only a vacancy (or nothing) asked: prefill the terms from the vacancy, compute nothing yet.
                if let vacancyId = Int64(form.vacancy), let vacancy = try await services.vacancyRecords.visibleVacancy(id: vacancyId, by: context.auditActor) {
                    let candidate = try await services.candidateRecords.visibleCandidate(id: id, by: context.auditActor)
                    form = PlacementForm(candidate: candidate, vacancy: vacancy, today: .today)
                }
            } else if case let (vacancyId, facts)? = form.parse() {
                do {
                    let result = try await services.instruments.evaluate(candidateId: id, vacancyId: vacancyId, facts: facts, by: context.auditActor)
                    cards = result.decisions.map { InstrumentCardView($0, policy: services.policy) }
                    let eligible = result.decisions.filter { $0.status == .eligible }.count
                    summary = "\(eligible) van \(result.decisions.count) instrumenten komen in aanmerking voor \(result.vacancy.title) "
                        + "(vacature \(vacancyId)), start \(PageFormat.date(result.terms.startDate)), \(result.terms.hoursPerWeek) uur, "
                        + "\(result.terms.contractMonths) maanden, \(result.terms.hourlyWage.description) per uur; peildatum \(PageFormat.date(result.peildatum))."
                } catch let error as InstrumentEvaluationError {
                    if case .candidateNotFound = error { throw HTTPError(.notFound, message: "Kandidaat \(id) is niet gevonden.") }
                    problem = form.place(error)
                    status = .badRequest
                }
            } else {
                status = .badRequest
            }
            if !form.errors.isEmpty { problem = problem ?? "Controleer de gemarkeerde velden." }
            let view = View(candidateId: id, candidateLink: "/kandidaten/\(QueryString.escape(id))", fields: form.fields(),
                            formProblem: problem, evaluated: !cards.isEmpty, summary: summary, cards: cards, carry: form.hidden)
            return HTML(try templates.page("instruments", title: "Instrumenten voor \(id)", layout: request.layout(context), view).body, status: status)
        }
    }
}
