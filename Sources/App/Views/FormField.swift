import Domain
import Foundation
import Services

/// One labelled form control as the `field` partial renders it: label, optional hint, the field's own error
/// (announced through `aria-describedby` and `aria-invalid`), and an input or a select.
struct FormField: Sendable {
    let id: String
    let name: String
    let label: String
    var value: String
    var type: String = "text"
    var inputMode: String? = nil
    var hint: String? = nil
    var error: String? = nil
    var required: Bool = false
    var options: [SelectOption] = []
    var autocomplete: String? = nil

    var isSelect: Bool { !options.isEmpty }
    var invalid: Bool { error != nil }
    /// The ids of the hint and the error, for `aria-describedby`.
    var describedBy: String? {
        let ids = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }
}

/// Mustache reads stored properties only; this flattens the computed ones into a value it can read.
struct RenderedField: Sendable {
    let id: String
    let name: String
    let label: String
    let value: String
    let type: String
    let inputMode: String?
    let hint: String?
    let error: String?
    let required: Bool
    let options: [SelectOption]
    let isSelect: Bool
    let isTextarea: Bool
    let isInput: Bool
    let invalid: Bool
    let describedBy: String?
    let autocomplete: String?

    init(_ field: FormField) {
        id = field.id
        name = field.name
        label = field.label
        value = field.value
        type = field.type
        inputMode = field.inputMode
        hint = field.hint
        error = field.error
        required = field.required
        options = field.options
        isSelect = field.isSelect
        isTextarea = field.type == "textarea"
        isInput = !isSelect && !isTextarea
        invalid = field.invalid
        describedBy = field.describedBy
        autocomplete = field.autocomplete
    }
}

/// Reads a form (`application/x-www-form-urlencoded` body) or a query string into name → value.
struct FormValues: Sendable {
    let values: [String: String]

    init(_ values: [String: String]) { self.values = values }

    init(urlEncoded text: String) {
        var values: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first.flatMap({ String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }) else { continue }
            let value = parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" : ""
            // The first value wins; a field is never an array on these forms.
            if values[name] == nil { values[name] = value }
        }
        self.values = values
    }

    subscript(_ name: String) -> String {
        // Bounded: no field on these forms is longer than this, and a huge value must not reach a parser.
        String((values[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
    }
}

/// The placement terms and the adviser's stated facts, as typed in on the instrument page and in the quote
/// builder: parsed with bounds, each problem reported at its own field.
struct PlacementForm: Sendable {
    var vacancy: String
    var start: String
    var hours: String
    var months: String
    var wage: String
    var coaching: String
    var longerContract: String
    var noDisplacement: String
    var insurance: String
    var otherSubsidy: String
    var sectorFullTime: String
    var errors: [String: String] = [:]

    init(_ form: FormValues) {
        vacancy = form["vacature"]
        start = form["start"]
        hours = form["uren"]
        months = form["maanden"]
        wage = form["loon"]
        coaching = form["coaching"]
        longerContract = form["verlenging"]
        noDisplacement = form["geen-verdringing"]
        insurance = form["verzekering"]
        otherSubsidy = form["andere-lks"]
        sectorFullTime = form["voltijd"]
    }

    /// Defaults for a candidate × vacancy pair: the vacancy's start (or the first of next month), the hours both
    /// can do, the vacancy's contract length (12 months when open-ended) and its wage.
    init(candidate: Candidate?, vacancy: Vacancy, today: CalendarDate) {
        let firstOfNextMonth = CalendarDate(year: today.year, month: today.month, day: 1)?.adding(months: 1) ?? today
        var startDate = vacancy.startDate.map { $0 >= today ? $0 : firstOfNextMonth } ?? firstOfNextMonth
        if let available = candidate?.availableFrom, available > startDate { startDate = available }
        let hoursText: Int = if let candidate { max(1, min(vacancy.hours.max, candidate.hoursAvailable.max)) } else { vacancy.hours.max }
        self.vacancy = String(vacancy.id)
        start = startDate.description
        hours = String(max(1, min(60, hoursText)))
        months = String(max(1, min(600, vacancy.contractMonths ?? 12)))
        wage = vacancy.hourlyWage?.plain.replacingOccurrences(of: ".", with: ",") ?? ""
        coaching = ""; longerContract = ""; noDisplacement = ""; insurance = ""; otherSubsidy = ""; sectorFullTime = ""
    }

    var isEmpty: Bool { vacancy.isEmpty && start.isEmpty && hours.isEmpty && months.isEmpty }

    /// The vacancy and stated facts, or nil with `errors` filled per field.
    mutating func parse() -> (vacancyId: Int64, facts: StatedPlacementFacts)? {
        errors = [:]
        let vacancyId = Int64(vacancy).flatMap { $0 > 0 ? $0 : nil }
        if vacancyId == nil { errors["vacature"] = "Vul een vacaturenummer in (een heel getal)." }
        let startDate = CalendarDate(iso: start)
        if startDate == nil { errors["start"] = "Vul een datum in als JJJJ-MM-DD." }
        let hoursValue = Int(hours).flatMap { (1...60).contains($0) ? $0 : nil }
        if hoursValue == nil { errors["uren"] = "Uren per week: een heel getal van 1 tot en met 60." }
        let monthsValue = Int(months).flatMap { (1...600).contains($0) ? $0 : nil }
        if monthsValue == nil { errors["maanden"] = "Contractduur: een heel getal van 1 tot en met 600 maanden." }
        var wageValue: Money?
        if !wage.isEmpty {
            if let parsed = Money(parsing: wage), parsed.cents > 0, parsed.cents <= 100_000 {
                wageValue = parsed
            } else {
                errors["loon"] = "Uurloon: een bedrag tussen € 0,01 en € 1.000,00, bijvoorbeeld 16,25."
            }
        }
        var fullTime: Int?
        if !sectorFullTime.isEmpty {
            fullTime = Int(sectorFullTime).flatMap { (1...60).contains($0) ? $0 : nil }
            if fullTime == nil { errors["voltijd"] = "Voltijd in de sector: een heel getal van 1 tot en met 60 uur." }
        }
        guard errors.isEmpty, let vacancyId, let startDate, let hoursValue, let monthsValue else { return nil }
        var facts = StatedPlacementFacts(startDate: startDate, hoursPerWeek: hoursValue, contractMonths: monthsValue, hourlyWage: wageValue)
        facts.sectorFullTimeHours = fullTime
        facts.coachingFoundNecessary = Self.flag(coaching)
        facts.employerIntendsLongerContract = Self.flag(longerContract)
        facts.noDisplacement = Self.flag(noDisplacement)
        facts.insuranceArranged = Self.flag(insurance)
        facts.otherMunicipalWageSubsidy = Self.flag(otherSubsidy)
        return (vacancyId, facts)
    }

    static func flag(_ text: String) -> Bool? { text == "ja" ? true : text == "nee" ? false : nil }

    /// The same terms from stored facts (to prefill a revision or a re-run).
    init(facts: StatedPlacementFacts, vacancyId: Int64) {
        func text(_ flag: Bool?) -> String { flag.map { $0 ? "ja" : "nee" } ?? "" }
        vacancy = String(vacancyId)
        start = facts.startDate.description
        hours = String(facts.hoursPerWeek)
        months = String(facts.contractMonths)
        wage = facts.hourlyWage?.plain.replacingOccurrences(of: ".", with: ",") ?? ""
        coaching = text(facts.coachingFoundNecessary)
        longerContract = text(facts.employerIntendsLongerContract)
        noDisplacement = text(facts.noDisplacement)
        insurance = text(facts.insuranceArranged)
        otherSubsidy = text(facts.otherMunicipalWageSubsidy)
        sectorFullTime = facts.sectorFullTimeHours.map(String.init) ?? ""
    }

    /// An error from the evaluation, placed at the field it concerns.
    mutating func place(_ error: InstrumentEvaluationError) -> String? {
        switch error {
        case .vacancyNotFound: errors["vacature"] = "Vacature \(vacancy) bestaat niet."
        case .noWage: errors["loon"] = "De vacature noemt geen uurloon: vul het uurloon in."
        case .invalidTerms(let problems): return problems.joined(separator: "; ")
        case .invalidRequest(let reason): return reason
        case .candidateNotFound: return nil
        }
        return nil
    }

    /// The fields, in order, with their errors (`prefix` keeps ids unique when a page has two such forms).
    func fields(vacancyEditable: Bool = true, prefix: String = "") -> [RenderedField] {
        var list: [FormField] = []
        if vacancyEditable {
            list.append(FormField(id: prefix + "vacature", name: "vacature", label: "Vacaturenummer", value: vacancy, inputMode: "numeric",
                                  error: errors["vacature"], required: true))
        }
        list += [
            FormField(id: prefix + "start", name: "start", label: "Startdatum", value: start, type: "date", hint: "JJJJ-MM-DD", error: errors["start"], required: true),
            FormField(id: prefix + "uren", name: "uren", label: "Uren per week", value: hours, inputMode: "numeric", error: errors["uren"], required: true),
            FormField(id: prefix + "maanden", name: "maanden", label: "Contractduur in maanden", value: months, inputMode: "numeric", error: errors["maanden"], required: true),
            FormField(id: prefix + "loon", name: "loon", label: "Uurloon in euro", value: wage, inputMode: "decimal", hint: "Leeg: het uurloon van de vacature", error: errors["loon"]),
            FormField(id: prefix + "coaching", name: "coaching", label: "Jobcoaching nodig bevonden", value: coaching, options: .tristate(coaching)),
            FormField(id: prefix + "verlenging", name: "verlenging", label: "Werkgever wil langer contract", value: longerContract, options: .tristate(longerContract)),
            FormField(id: prefix + "geen-verdringing", name: "geen-verdringing", label: "Geen verdringing", value: noDisplacement, options: .tristate(noDisplacement)),
            FormField(id: prefix + "verzekering", name: "verzekering", label: "Verzekering geregeld", value: insurance, options: .tristate(insurance)),
            FormField(id: prefix + "andere-lks", name: "andere-lks", label: "Andere gemeentelijke loonkostensubsidie", value: otherSubsidy, options: .tristate(otherSubsidy)),
            FormField(id: prefix + "voltijd", name: "voltijd", label: "Voltijd in de sector (uren)", value: sectorFullTime, inputMode: "numeric",
                      hint: "Leeg: standaard uit de catalogus", error: errors["voltijd"]),
        ]
        return list.map(RenderedField.init)
    }

    /// The terms as a query string (for the instrument estimate link and the quote builder).
    var query: String {
        QueryString.make([("vacature", vacancy), ("start", start), ("uren", hours), ("maanden", months), ("loon", wage), ("coaching", coaching),
                          ("verlenging", longerContract), ("geen-verdringing", noDisplacement), ("verzekering", insurance),
                          ("andere-lks", otherSubsidy), ("voltijd", sectorFullTime)])
    }

    /// The terms as hidden inputs, to carry them into another form (e.g. "make a quote with these terms").
    var hidden: [HiddenInput] {
        [("vacature", vacancy), ("start", start), ("uren", hours), ("maanden", months), ("loon", wage), ("coaching", coaching),
         ("verlenging", longerContract), ("geen-verdringing", noDisplacement), ("verzekering", insurance), ("andere-lks", otherSubsidy),
         ("voltijd", sectorFullTime)].map { HiddenInput(name: $0.0, value: $0.1) }
    }
}

struct HiddenInput: Sendable {
    let name: String
    let value: String
}
