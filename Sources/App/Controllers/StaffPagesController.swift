import Catalog
import Domain
import Foundation
import Hummingbird
import Matching
import Services

/// The staff pages (Dutch, server-rendered, no JavaScript): a candidate with their best vacancies, a vacancy
/// with its best candidates, each score explained, and the instrument decisions for a placement.
/// Every page that shows a candidate is audited like the API.
struct StaffPagesController {
    let services: AppServices
    let templates: Templates

    func addRoutes(to router: Router<AppRequestContext>) {
        let pages = router.group().add(middleware: LoginRequiredMiddleware())
        pages.get("kandidaten") { request, _ -> Response in
            let id = request.uri.queryParameters.get("id")?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !id.isEmpty, let escaped = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) else {
                return .redirect(to: "/", type: .found)
            }
            return .redirect(to: "/kandidaten/\(escaped)", type: .found)
        }
        pages.get("vacatures") { request, _ -> Response in
            guard let id = request.uri.queryParameters.get("id").flatMap({ Int64($0.trimmingCharacters(in: .whitespaces)) }) else {
                return .redirect(to: "/", type: .found)
            }
            return .redirect(to: "/vacatures/\(id)", type: .found)
        }
        pages.get("kandidaten/:id") { _, context -> HTML in
            let id = try context.parameters.require("id")
            guard let candidate = try await services.candidateRecords.candidate(id: id, by: context.auditActor) else {
                throw HTTPError(.notFound, message: "kandidaat \(id) niet gevonden")
            }
            let results = try await services.rankings.vacancies(forCandidate: id, k: 20, explain: true, by: context.auditActor)
            // One read for every title on the page.
            let titles = Dictionary(try await services.repositories.vacancies(ids: results.map(\.vacancyId)).map { ($0.id, $0.title) },
                                    uniquingKeysWith: { first, _ in first })
            return try templates.render("candidate", [
                "title": "Kandidaat \(id)",
                "candidate": facts(candidate),
                "results": results.map { result -> [String: Any] in
                    row(result, link: "/vacatures/\(result.vacancyId)", label: titles[result.vacancyId] ?? "vacature \(result.vacancyId)")
                },
                "none": results.isEmpty,
            ])
        }
        pages.get("vacatures/:id") { _, context -> HTML in
            let id = try context.parameters.require("id", as: Int64.self)
            guard let vacancy = try await services.repositories.vacancy(id: id) else { throw HTTPError(.notFound, message: "vacature \(id) niet gevonden") }
            let employer: Employer? = if let employerId = vacancy.employerId { try await services.repositories.employer(id: employerId) } else { nil }
            let results = try await services.rankings.candidates(forVacancy: id, k: 20, explain: true, by: context.auditActor)
            return try templates.render("vacancy", [
                "title": vacancy.title,
                "vacancy": [
                    "id": vacancy.id, "title": vacancy.title, "employer": employer?.name ?? "onbekend", "hours": vacancy.hours.description,
                    "wage": vacancy.hourlyWage?.description ?? "onbekend", "months": vacancy.contractMonths.map { "\($0) maanden" } ?? "vast",
                    "start": vacancy.startDate?.description ?? "in overleg", "postcode": vacancy.postcode?.description ?? "onbekend",
                    "banenafspraak": vacancy.suitableForBanenafspraak ? "ja" : "nee", "status": vacancy.status == .open ? "open" : "gesloten",
                    "source": vacancy.source,
                ] as [String: Any],
                "results": results.map { row($0, link: "/kandidaten/\($0.candidateId)", label: "kandidaat \($0.candidateId)") },
                "none": results.isEmpty,
            ])
        }
        pages.get("kandidaten/:id/instrumenten") { request, context -> HTML in
            let id = try context.parameters.require("id")
            guard try await services.candidateRecords.visibleCandidate(id: id, by: context.auditActor) != nil else {
                throw HTTPError(.notFound, message: "kandidaat \(id) niet gevonden")
            }
            let query = request.uri.queryParameters
            var values: [String: Any] = [
                "title": "Instrumenten voor \(id)", "candidateId": id,
                "vacancy": query.get("vacature") ?? "", "start": query.get("start") ?? "", "hours": query.get("uren") ?? "",
                "months": query.get("maanden") ?? "", "wage": query.get("loon") ?? "",
            ]
            if let vacancyText = query.get("vacature"), !vacancyText.isEmpty {
                guard let vacancyId = Int64(vacancyText) else {
                    throw HTTPError(.badRequest, message: "vacature '\(vacancyText)' bestaat niet")
                }
                guard let start = query.get("start").flatMap({ CalendarDate(iso: $0) }) else {
                    throw HTTPError(.badRequest, message: "startdatum ontbreekt of is geen datum (JJJJ-MM-DD)")
                }
                guard let hours = query.get("uren").flatMap(Int.init), let months = query.get("maanden").flatMap(Int.init) else {
                    throw HTTPError(.badRequest, message: "uren en maanden moeten hele getallen zijn")
                }
                let wageText = query.get("loon") ?? ""
                var wage: Money?
                if !wageText.isEmpty {
                    guard let parsed = Money(parsing: wageText) else { throw HTTPError(.badRequest, message: "uurloon ontbreekt of is geen bedrag") }
                    wage = parsed
                }
                let facts = StatedPlacementFacts(startDate: start, hoursPerWeek: hours, contractMonths: months, hourlyWage: wage)
                do {
                    let result = try await services.instruments.evaluate(candidateId: id, vacancyId: vacancyId, facts: facts, by: context.auditActor)
                    values["decisions"] = result.decisions.dutchText(withTrace: true)
                } catch let error as InstrumentEvaluationError {
                    switch error {
                    case .candidateNotFound: throw HTTPError(.notFound, message: "kandidaat \(id) niet gevonden")
                    case .vacancyNotFound: throw HTTPError(.badRequest, message: "vacature '\(vacancyText)' bestaat niet")
                    case .noWage: throw HTTPError(.badRequest, message: "uurloon ontbreekt of is geen bedrag")
                    case .invalidTerms(let problems): throw HTTPError(.badRequest, message: problems.joined(separator: "; "))
                    case .invalidRequest(let reason): throw HTTPError(.unprocessableContent, message: reason)
                    }
                }
            }
            return try templates.render("instruments", values)
        }
    }

    private func facts(_ c: Candidate) -> [String: Any] {
        [
            "id": c.id, "municipality": c.municipality, "benefit": c.benefit.dutchName, "rung": c.ladderRung.rawValue,
            "hours": c.hoursAvailable.description, "reach": "\(c.travelReachKm) km", "postcode": c.postcode.description,
            "register": c.targetGroupRegister ? "ja" : "nee", "sheltered": c.shelteredWorkIndication ? "ja" : "nee",
            "wageValue": c.wageValue.map { "\($0.percent)% (gemeten \($0.measuredOn))" } ?? "niet gemeten",
            "education": c.education.dutchName, "dutch": c.dutchLevel.code, "availableFrom": c.availableFrom.description,
            "avoid": c.avoid.isEmpty ? "niets" : c.avoid.map(\.dutchName).joined(separator: ", "),
        ]
    }

    private func row(_ result: MatchResult, link: String, label: String) -> [String: Any] {
        [
            "rank": result.rank, "score": String(format: "%.1f%%", result.score * 100).replacingOccurrences(of: ".", with: ","),
            "link": link, "label": label,
            "distance": result.explanation?.distanceKm.map { String(format: "%.1f km", $0).replacingOccurrences(of: ".", with: ",") }
                ?? (result.explanation?.locationKnown == false ? "locatie onbekend" : ""),
            "explanation": result.explanation?.dutchText ?? "",
        ]
    }
}

/// Pages for staff only: without a session, go to the login page.
struct LoginRequiredMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        guard context.identity != nil else { return .redirect(to: "/login", type: .found) }
        return try await next(request, context)
    }
}
