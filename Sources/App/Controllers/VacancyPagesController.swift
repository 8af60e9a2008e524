import Domain
import Foundation
import Hummingbird
import Matching
import Services

/// Vacancy pages: look-up and a vacancy with its best candidates (the ranking scopes to the user's regions and
/// audits every candidate it lists, as the API does).
struct VacancyPagesController {
    let services: AppServices
    let templates: Templates

    struct ListView: Sendable {
        let lookup: [RenderedField]
    }

    struct DetailView: Sendable {
        let id: Int64
        let vacancyTitle: String
        let facts: [FactRow]
        let isOpen: Bool
        let results: [RankingRowView]
        let none: Bool
    }

    func addRoutes(to pages: RouterGroup<AppRequestContext>) {
        pages.get("vacatures") { request, context -> Response in
            let text = request.uri.queryParameters.get("id")?.trimmingCharacters(in: .whitespaces) ?? ""
            if !text.isEmpty {
                guard let id = Int64(text), id > 0 else {
                    let field = FormField(id: "v-id", name: "id", label: "Vacaturenummer", value: String(text.prefix(40)), inputMode: "numeric",
                                          error: "Een vacaturenummer is een heel getal.")
                    var response = try templates.page("vacancies", title: "Vacatures", layout: request.layout(context), ListView(lookup: [RenderedField(field)]))
                        .response(from: request, context: context)
                    response.status = .badRequest
                    return response
                }
                return .redirect(to: "/vacatures/\(id)", type: .found)
            }
            let field = FormField(id: "v-id", name: "id", label: "Vacaturenummer", value: "", inputMode: "numeric", hint: "bijvoorbeeld 12")
            return try templates.page("vacancies", title: "Vacatures", layout: request.layout(context), ListView(lookup: [RenderedField(field)]))
                .response(from: request, context: context)
        }
        pages.get("vacatures/:id") { request, context -> HTML in
            let raw = try context.parameters.require("id")
            guard let id = Int64(raw), id > 0 else {
                throw HTTPError(.badRequest, message: "Een vacaturenummer is een heel getal.")
            }
            guard let vacancy = try await services.repositories.vacancy(id: id) else {
                throw HTTPError(.notFound, message: "Vacature \(id) is niet gevonden.")
            }
            let employer: Employer? = if let employerId = vacancy.employerId { try await services.repositories.employer(id: employerId) } else { nil }
            let results = try await services.rankings.candidates(forVacancy: id, k: 20, explain: true, by: context.auditActor)
            let terms = PlacementForm(candidate: nil, vacancy: vacancy, today: .today)
            let rows = results.map { result in
                RankingRowView(result, link: "/kandidaten/\(QueryString.escape(result.candidateId))", label: "kandidaat \(result.candidateId)",
                               terms: terms, candidateId: result.candidateId)
            }
            let view = DetailView(id: id, vacancyTitle: vacancy.title, facts: Self.facts(vacancy, employer: employer), isOpen: vacancy.status == .open,
                                  results: rows, none: results.isEmpty)
            return try templates.page("vacancy", title: vacancy.title, layout: request.layout(context), view)
        }
    }

    static func facts(_ v: Vacancy, employer: Employer?) -> [FactRow] {
        [
            FactRow("Vacaturenummer", String(v.id)),
            FactRow("Werkgever", employer?.name ?? "onbekend"),
            FactRow("Status", v.status == .open ? "open" : "gesloten"),
            FactRow("Bron", v.source),
            FactRow("Uren per week", v.hours.description),
            FactRow("Contract", v.contractMonths.map { "\($0) maanden" } ?? "vast"),
            FactRow("Start", v.startDate.map { PageFormat.date($0) } ?? "in overleg"),
            FactRow("Uurloon", v.hourlyWage?.description ?? "onbekend"),
            FactRow("Postcode", v.postcode?.description ?? "onbekend"),
            FactRow("Geschikt voor banenafspraak", PageFormat.yesNo(v.suitableForBanenafspraak)),
            FactRow("Eisen", v.demands.isEmpty ? "geen bijzondere" : v.demands.map(\.dutchName).joined(separator: ", ")),
            FactRow("Rijbewijs vereist", v.requiredLicences.isEmpty ? "nee" : v.requiredLicences.map(\.rawValue).joined(separator: ", ")),
            FactRow("Geldig tot", v.validThrough.map { PageFormat.date($0) } ?? "—"),
        ]
    }
}
