import Domain
import Foundation
import Hummingbird
import Matching
import Repositories
import Services

/// Vacancy pages: look-up and a vacancy with its best candidates (the ranking scopes to the user's regions and
/// audits every candidate it lists, as the API does); a manual vacancy (one that came in by phone, outside any
/// feed) is created, changed and closed here, through `VacancyRecords` as the API does.
struct VacancyPagesController {
    let services: AppServices
    let templates: Templates

    struct ListRow: Sendable {
        let id: Int64
        let link: String
        let title: String
        let status: String
        let hours: String
        let place: String
        let source: String
    }

    struct ListView: Sendable {
        let lookup: [RenderedField]
        let filters: [RenderedField]
        let rows: [ListRow]
        let hasRows: Bool
        let summary: String
        let previousLink: String?
        let nextLink: String?
        let pageNumber: Int
    }

    struct FormView: Sendable {
        let heading: String
        let action: String
        let editing: Bool
        let cancelLink: String?
        let fields: [RenderedField]
        let formProblem: String?
        let banenafspraak: Bool
    }

    static let pageSize = 25

    struct DetailView: Sendable {
        let id: Int64
        let vacancyTitle: String
        let facts: [FactRow]
        let isOpen: Bool
        let canClose: Bool
        let editLink: String?
        let results: [RankingRowView]
        let none: Bool
    }

    func addRoutes(to pages: RouterGroup<AppRequestContext>) {
        pages.get("vacatures") { request, context -> Response in
            let text = request.uri.queryParameters.get("id")?.trimmingCharacters(in: .whitespaces) ?? ""
            if !text.isEmpty {
                guard let id = Int64(text), id > 0 else {
                    return try await list(request, context, lookupError: "Een vacaturenummer is een heel getal.").response(from: request, context: context, status: .badRequest)
                }
                return .redirect(to: "/vacatures/\(id)", type: .found)
            }
            return try await list(request, context, lookupError: nil).response(from: request, context: context)
        }
        pages.get("vacatures/nieuw") { request, context -> HTML in
            try form(request, context, FormValues([:]), errors: [:], problem: nil)
        }
        pages.get("vacatures/:id/bewerken") { request, context -> HTML in
            let vacancy = try await manualVacancy(context)
            return try form(request, context, Self.values(vacancy), errors: [:], problem: nil, editing: vacancy.id)
        }
        pages.post("vacatures/:id/bewerken") { request, context -> Response in
            let current = try await manualVacancy(context)
            let values = FormValues(urlEncoded: String(buffer: try await request.body.collect(upTo: 65_536)))
            var errors: [String: String] = [:]
            guard var input = Self.input(values, errors: &errors) else {
                return try form(request, context, values, errors: errors, problem: "Controleer de gemarkeerde velden.", editing: current.id)
                    .response(from: request, context: context, status: .badRequest)
            }
            // What this form does not show (occupation, skills, demands, …; set through the API) stays as it is.
            input.occupation = current.occupation
            input.requiredSkills = current.requiredSkills
            input.optionalSkills = current.optionalSkills
            input.demands = current.demands
            input.requiredLicences = current.requiredLicences
            input.minimumEducation = current.minimumEducation
            input.minimumDutchLevel = current.minimumDutchLevel
            input.validThrough = current.validThrough
            do {
                _ = try await services.vacancyRecords.updateManual(id: current.id, input, by: context.auditActor)
                return .redirect(to: "/vacatures/\(current.id)", type: .normal)
            } catch VacancyRecordsError.invalid(let problems) {
                var unplaced: [String] = []
                for problem in problems {
                    if let name = Self.fieldNames[problem.field] { errors[name] = problem.dutch.prefix(1).uppercased() + problem.dutch.dropFirst() + "." } else { unplaced.append(problem.dutch) }
                }
                return try form(request, context, values, errors: errors, problem: unplaced.isEmpty ? "Controleer de gemarkeerde velden." : unplaced.joined(separator: "; "),
                                editing: current.id)
                    .response(from: request, context: context, status: .unprocessableContent)
            }
        }
        pages.post("vacatures") { request, context -> Response in
            let values = FormValues(urlEncoded: String(buffer: try await request.body.collect(upTo: 65_536)))
            var errors: [String: String] = [:]
            guard let input = Self.input(values, errors: &errors) else {
                return try form(request, context, values, errors: errors, problem: "Controleer de gemarkeerde velden.").response(from: request, context: context, status: .badRequest)
            }
            do {
                let vacancy = try await services.vacancyRecords.createManual(input, by: context.auditActor)
                return .redirect(to: "/vacatures/\(vacancy.id)", type: .normal)
            } catch VacancyRecordsError.outsideRegions {
                errors["postcode"] = "Deze postcode ligt buiten uw regio's (of ontbreekt): u kunt hier geen vacature plaatsen."
                return try form(request, context, values, errors: errors, problem: "Controleer de gemarkeerde velden.")
                    .response(from: request, context: context, status: .unprocessableContent)
            } catch VacancyRecordsError.invalid(let problems) {
                var unplaced: [String] = []
                for problem in problems {
                    if let name = Self.fieldNames[problem.field] { errors[name] = problem.dutch.prefix(1).uppercased() + problem.dutch.dropFirst() + "." } else { unplaced.append(problem.dutch) }
                }
                return try form(request, context, values, errors: errors, problem: unplaced.isEmpty ? "Controleer de gemarkeerde velden." : unplaced.joined(separator: "; "))
                    .response(from: request, context: context, status: .unprocessableContent)
            }
        }
        pages.post("vacatures/:id/sluiten") { _, context -> Response in
            let raw = try context.parameters.require("id")
            guard let id = Int64(raw), id > 0 else { throw HTTPError(.notFound, message: "Deze vacature bestaat niet.") }
            do {
                _ = try await services.vacancyRecords.closeManual(id: id, by: context.auditActor)
            } catch let error as VacancyRecordsError {
                switch error {
                case .notFound: throw HTTPError(.notFound, message: "Vacature \(id) is niet gevonden.")
                case .notManual: throw HTTPError(.conflict, message: "Alleen een handmatig ingevoerde vacature kan hier worden gesloten; deze volgt zijn feed.")
                case .invalid(let problems): throw HTTPError(.badRequest, message: problems.map(\.dutch).joined(separator: "; "))
                case .outsideRegions: throw HTTPError(.forbidden, message: "Deze vacature valt buiten uw regio's.")
                }
            }
            return .redirect(to: "/vacatures/\(id)", type: .normal)
        }
        pages.get("vacatures/:id") { request, context -> HTML in
            let raw = try context.parameters.require("id")
            guard let id = Int64(raw), id > 0 else {
                throw HTTPError(.badRequest, message: "Een vacaturenummer is een heel getal.")
            }
            // A manual vacancy outside the user's regions is the same 404 as an unknown number (the service audits it).
            guard let vacancy = try await services.vacancyRecords.vacancy(id: id, by: context.auditActor) else {
                throw HTTPError(.notFound, message: "Vacature \(id) is niet gevonden.")
            }
            // The employer's name only when the employer lies in the user's regions (the same rule as the API).
            let employer: Employer? = if let employerId = vacancy.employerId {
                try await services.vacancyRecords.employer(id: employerId, by: context.auditActor, purpose: "vacaturepagina")
            } else { nil }
            let results = try await services.rankings.candidates(forVacancy: id, k: 20, explain: true, by: context.auditActor)
            let terms = PlacementForm(candidate: nil, vacancy: vacancy, today: .today)
            let rows = results.map { result in
                RankingRowView(result, link: "/kandidaten/\(QueryString.escape(result.candidateId))", label: "kandidaat \(result.candidateId)",
                               terms: terms, candidateId: result.candidateId)
            }
            let view = DetailView(id: id, vacancyTitle: vacancy.title, facts: Self.facts(vacancy, employer: employer), isOpen: vacancy.status == .open,
                                  canClose: vacancy.status == .open && vacancy.source == Vacancy.manualSource,
                                  editLink: vacancy.source == Vacancy.manualSource ? "/vacatures/\(id)/bewerken" : nil, results: rows, none: results.isEmpty)
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

    /// The service's field names → this form's.
    static let fieldNames = ["title": "titel", "hours.min": "uren-min", "hours.max": "uren-max", "contractMonths": "maanden",
                             "hourlyWage": "loon", "employerId": "werkgever", "postcode": "postcode", "startDate": "start"]

    func list(_ request: Request, _ context: AppRequestContext, lookupError: String?) async throws -> HTML {
        let form = FormValues(Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first }))
        let status = VacancyStatus(rawValue: form["status"])
        let pageNumber = max(1, min(Int(form["pagina"]) ?? 1, 100_000))
        let query = VacancyQuery(text: form["tekst"].isEmpty ? nil : form["tekst"], status: status, limit: Self.pageSize, offset: (pageNumber - 1) * Self.pageSize)
        let page = try await services.vacancyRecords.searchVacancies(query, by: context.auditActor)
        let rows = page.items.map { v in
            ListRow(id: v.id, link: "/vacatures/\(v.id)", title: v.title, status: v.status == .open ? "open" : "gesloten", hours: v.hours.description,
                    place: v.postcode?.description ?? "onbekend", source: v.source == Vacancy.manualSource ? "handmatig" : v.source)
        }
        let base: [(String, String?)] = [("tekst", form["tekst"]), ("status", form["status"])]
        func link(_ number: Int) -> String { "/vacatures?" + QueryString.make(base + [("pagina", String(number))]) }
        let first = page.total == 0 ? 0 : query.offset + 1
        let last = query.offset + page.items.count
        let view = ListView(
            lookup: [RenderedField(FormField(id: "v-id", name: "id", label: "Vacaturenummer", value: "", inputMode: "numeric", hint: "bijvoorbeeld 12", error: lookupError))],
            filters: [
                RenderedField(FormField(id: "v-tekst", name: "tekst", label: "Zoekwoorden", value: form["tekst"], hint: "in de functietitel")),
                RenderedField(FormField(id: "v-status", name: "status", label: "Status", value: form["status"],
                                        options: .options([("", "alle"), ("open", "open"), ("closed", "gesloten")], selected: form["status"]))),
            ],
            rows: rows, hasRows: !rows.isEmpty,
            summary: page.total == 0 ? "Geen vacatures gevonden." : "Vacature \(first) tot en met \(last) van \(page.total).",
            previousLink: pageNumber > 1 ? link(pageNumber - 1) : nil, nextLink: last < page.total ? link(pageNumber + 1) : nil, pageNumber: pageNumber)
        return try templates.page("vacancies", title: "Vacatures", layout: request.layout(context), view)
    }

    /// The manual vacancy from the form, or nil with the problems per field.
    static func input(_ values: FormValues, errors: inout [String: String]) -> ManualVacancyInput? {
        let title = values["titel"]
        if title.isEmpty { errors["titel"] = "Vul een functietitel in." }
        let minimum = Int(values["uren-min"]).flatMap { (0...80).contains($0) ? $0 : nil }
        let maximum = Int(values["uren-max"]).flatMap { (0...80).contains($0) ? $0 : nil }
        if minimum == nil { errors["uren-min"] = "Minimum uren: een heel getal van 0 tot en met 80." }
        if maximum == nil { errors["uren-max"] = "Maximum uren: een heel getal van 0 tot en met 80." }
        var hours: WeeklyHours?
        if let minimum, let maximum {
            hours = WeeklyHours(min: minimum, max: maximum)
            if hours == nil { errors["uren-max"] = "Maximum uren moet minstens het minimum zijn." }
        }
        var employer: Int64?
        if !values["werkgever"].isEmpty {
            employer = Int64(values["werkgever"]).flatMap { $0 > 0 ? $0 : nil }
            if employer == nil { errors["werkgever"] = "Werkgevernummer: een heel getal." }
        }
        var postcode: Postcode?
        if !values["postcode"].isEmpty {
            postcode = Postcode(parsing: values["postcode"])
            if postcode == nil { errors["postcode"] = "Vul een postcode in, bijvoorbeeld 3311 KH of 3311." }
        }
        var months: Int?
        if !values["maanden"].isEmpty {
            months = Int(values["maanden"]).flatMap { (1...600).contains($0) ? $0 : nil }
            if months == nil { errors["maanden"] = "Contractduur: een heel getal van 1 tot en met 600 maanden (leeg: vast)." }
        }
        var start: CalendarDate?
        if !values["start"].isEmpty {
            start = CalendarDate(iso: values["start"])
            if start == nil { errors["start"] = "Startdatum: vul een datum in als JJJJ-MM-DD." }
        }
        var wage: Money?
        if !values["loon"].isEmpty {
            wage = Money(parsing: values["loon"]).flatMap { $0.cents > 0 && $0.cents <= 100_000 ? $0 : nil }
            if wage == nil { errors["loon"] = "Uurloon: een bedrag tussen € 0,01 en € 1.000,00, bijvoorbeeld 16,25." }
        }
        guard errors.isEmpty, let hours else { return nil }
        var input = ManualVacancyInput(title: title, employerId: employer, postcode: postcode, hours: hours, contractMonths: months, startDate: start, hourlyWage: wage)
        input.suitableForBanenafspraak = values["banenafspraak"] == "ja"
        return input
    }

    /// The manual vacancy named in the path; a feed's vacancy follows its feed and is not changed here (409).
    func manualVacancy(_ context: AppRequestContext) async throws -> Vacancy {
        let raw = try context.parameters.require("id")
        guard raw.count <= 18, let id = Int64(raw), id > 0 else { throw HTTPError(.notFound, message: "Deze vacature bestaat niet.") }
        // A manual vacancy outside the user's regions is the same 404 as an unknown number (the service audits it).
        guard let vacancy = try await services.vacancyRecords.visibleVacancy(id: id, by: context.auditActor) else {
            throw HTTPError(.notFound, message: "Vacature \(id) is niet gevonden.")
        }
        guard vacancy.source == Vacancy.manualSource else {
            throw HTTPError(.conflict, message: "Alleen een handmatig ingevoerde vacature kan hier worden gewijzigd; deze volgt zijn feed.")
        }
        return vacancy
    }

    /// The form's fields for a stored vacancy (the edit page starts from these).
    static func values(_ v: Vacancy) -> FormValues {
        var values = ["titel": v.title, "uren-min": String(v.hours.min), "uren-max": String(v.hours.max)]
        if let employer = v.employerId { values["werkgever"] = String(employer) }
        if let postcode = v.postcode { values["postcode"] = postcode.description }
        if let months = v.contractMonths { values["maanden"] = String(months) }
        if let start = v.startDate { values["start"] = start.description }
        if let wage = v.hourlyWage {
            // As typed on this form: euros, a comma, two digits (16,25); the form accepts nothing else back.
            let cents = wage.cents.magnitude % 100
            values["loon"] = "\(wage.cents / 100),\(cents < 10 ? "0" : "")\(cents)"
        }
        if v.suitableForBanenafspraak { values["banenafspraak"] = "ja" }
        return FormValues(values)
    }

    func form(_ request: Request, _ context: AppRequestContext, _ values: FormValues, errors: [String: String], problem: String?, editing: Int64? = nil) throws -> HTML {
        func f(_ name: String, _ label: String, type: String = "text", inputMode: String? = nil, hint: String? = nil, required: Bool = false) -> RenderedField {
            RenderedField(FormField(id: "v-" + name, name: name, label: label, value: values[name], type: type, inputMode: inputMode, hint: hint,
                                    error: errors[name], required: required))
        }
        let heading = editing.map { "Vacature \($0) wijzigen" } ?? "Nieuwe vacature"
        let view = FormView(heading: heading, action: editing.map { "/vacatures/\($0)/bewerken" } ?? "/vacatures", editing: editing != nil,
                            cancelLink: editing.map { "/vacatures/\($0)" }, fields: [
            f("titel", "Functietitel", required: true),
            f("werkgever", "Werkgevernummer", inputMode: "numeric", hint: "leeg: onbekend"),
            f("postcode", "Postcode van de werkplek", hint: "bijvoorbeeld 3311 KH"),
            f("uren-min", "Minimum uren per week", inputMode: "numeric", required: true),
            f("uren-max", "Maximum uren per week", inputMode: "numeric", required: true),
            f("maanden", "Contractduur in maanden", inputMode: "numeric", hint: "leeg: vast contract"),
            f("start", "Startdatum", type: "date", hint: "JJJJ-MM-DD"),
            f("loon", "Uurloon in euro", inputMode: "decimal", hint: "bijvoorbeeld 16,25"),
        ], formProblem: problem, banenafspraak: values["banenafspraak"] == "ja")
        return try templates.page("vacancy-form", title: heading, layout: request.layout(context), view)
    }
}
