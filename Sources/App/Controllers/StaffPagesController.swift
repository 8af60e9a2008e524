import Catalog
import Domain
import Foundation
import Hummingbird
import Matching
import Store

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
            guard let candidate = try services.store.candidate(id: id) else { throw HTTPError(.notFound, message: "kandidaat \(id) niet gevonden") }
            let results = services.matches.snapshot.topVacancies(forCandidate: id, k: 20, explain: true)
            try audit(context, "view", candidate: id)
            return try templates.render("candidate", [
                "title": "Kandidaat \(id)",
                "candidate": facts(candidate),
                "results": try results.map { result -> [String: Any] in
                    let vacancy = try services.store.vacancy(id: result.vacancyId)
                    return row(result, link: "/vacatures/\(result.vacancyId)", label: vacancy?.title ?? "vacature \(result.vacancyId)")
                },
                "none": results.isEmpty,
            ])
        }
        pages.get("vacatures/:id") { _, context -> HTML in
            let id = try context.parameters.require("id", as: Int64.self)
            guard let vacancy = try services.store.vacancy(id: id) else { throw HTTPError(.notFound, message: "vacature \(id) niet gevonden") }
            let employer = try vacancy.employerId.flatMap { try services.store.employer(id: $0) }
            let results = services.matches.snapshot.topCandidates(forVacancy: id, k: 20, explain: true)
            let now = Date()
            try services.store.record(results.map {
                AuditEvent(at: now, actor: context.identity?.username ?? "?", action: "listed", subjectType: "candidate",
                           subjectId: $0.candidateId, detail: "ranking voor vacature \(id)")
            })
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
            guard let candidate = try services.store.candidate(id: id) else { throw HTTPError(.notFound, message: "kandidaat \(id) niet gevonden") }
            let query = request.uri.queryParameters
            var values: [String: Any] = [
                "title": "Instrumenten voor \(id)", "candidateId": id,
                "vacancy": query.get("vacature") ?? "", "start": query.get("start") ?? "", "hours": query.get("uren") ?? "",
                "months": query.get("maanden") ?? "", "wage": query.get("loon") ?? "",
            ]
            if let vacancyText = query.get("vacature"), !vacancyText.isEmpty {
                guard let vacancyId = Int64(vacancyText), let vacancy = try services.store.vacancy(id: vacancyId) else {
                    throw HTTPError(.badRequest, message: "vacature '\(vacancyText)' bestaat niet")
                }
                guard let start = query.get("start").flatMap({ CalendarDate(iso: $0) }) else {
                    throw HTTPError(.badRequest, message: "startdatum ontbreekt of is geen datum (JJJJ-MM-DD)")
                }
                guard let hours = query.get("uren").flatMap(Int.init), let months = query.get("maanden").flatMap(Int.init) else {
                    throw HTTPError(.badRequest, message: "uren en maanden moeten hele getallen zijn")
                }
                let wageText = query.get("loon") ?? ""
                guard let wage = wageText.isEmpty ? vacancy.hourlyWage : Money(parsing: wageText) else {
                    throw HTTPError(.badRequest, message: "uurloon ontbreekt of is geen bedrag")
                }
                let terms = PlacementTerms(candidateId: id, vacancyId: vacancyId, startDate: start, hoursPerWeek: hours, contractMonths: months, hourlyWage: wage)
                guard terms.validationProblems.isEmpty else {
                    throw HTTPError(.badRequest, message: terms.validationProblems.joined(separator: "; "))
                }
                do {
                    let decisions = try services.policy.evaluate(InstrumentRequest(candidate: candidate, terms: terms))
                    values["decisions"] = decisions.dutchText(withTrace: true)
                } catch let error as InvalidInstrumentRequest {
                    throw HTTPError(.unprocessableContent, message: error.description)
                }
                try audit(context, "instruments", candidate: id, detail: "vacancy \(vacancyId)")
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

    private func audit(_ context: AppRequestContext, _ action: String, candidate id: String, detail: String? = nil) throws {
        try services.store.record(AuditEvent(at: Date(), actor: context.identity?.username ?? "?", action: action,
                                              subjectType: "candidate", subjectId: id, detail: detail))
    }
}

/// Pages for staff only: without a session, go to the login page.
struct LoginRequiredMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        guard context.identity != nil else { return .redirect(to: "/login", type: .found) }
        return try await next(request, context)
    }
}
