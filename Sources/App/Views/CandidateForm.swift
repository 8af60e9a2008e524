import Domain
import Foundation
import Reference
import Services

/// The candidate form (create and edit): every field of the record, parsed with bounds, each problem shown at
/// its own field — both the form's own parse errors and the intake service's validation (`CandidateIntake`),
/// whose JSON field names are mapped to the form's fields here.
struct CandidateForm: Sendable {
    var values: [String: String]
    var errors: [String: String] = [:]

    static let flags: [(name: String, label: String, medical: Bool)] = [
        ("register", "In het doelgroepregister", false),
        ("beschut", "Indicatie beschut werk", false),
        ("arbeidsbeperking", "Arbeidsbeperking", true),
        ("onderwijsbelemmering", "Onderwijsbelemmering gehad", true),
        ("alleenstaande-ouder", "Alleenstaande ouder met kind onder 12", false),
        ("statushouder", "Statushouder", false),
    ]

    /// The intake service's field names (the API's JSON names) → this form's field names.
    static let fieldNames: [String: String] = [
        "id": "id", "municipality": "gemeente", "dateOfBirth": "geboortedatum", "benefitSince": "uitkering-sinds",
        "shelteredWorkIndication": "beschut", "wageValue.percent": "loonwaarde", "wageValue.measuredOn": "loonwaarde-datum",
        "hoursAvailable.min": "uren-min", "hoursAvailable.max": "uren-max", "travelReachKm": "reisafstand", "availableFrom": "beschikbaar",
        "postcode": "postcode", "skills": "vaardigheden", "desiredOccupations": "beroepen", "benefit": "uitkering",
    ]

    init(_ form: FormValues) {
        values = form.values.mapValues { String($0.trimmingCharacters(in: .whitespacesAndNewlines).prefix(5_000)) }
    }

    /// The form filled from a stored record (for editing).
    init(_ c: Candidate, reference: ReferenceData) {
        var v: [String: String] = [
            "id": c.id, "gemeente": c.municipality, "geboortedatum": c.dateOfBirth.description, "uitkering": c.benefit.rawValue,
            "uitkering-sinds": c.benefitSince?.description ?? "", "trede": String(c.ladderRung.rawValue),
            "uren-min": String(c.hoursAvailable.min), "uren-max": String(c.hoursAvailable.max), "reisafstand": String(c.travelReachKm),
            "postcode": c.postcode.description, "beschikbaar": c.availableFrom.description, "opleiding": String(c.education.rawValue),
            "nederlands": String(c.dutchLevel.rawValue), "loonwaarde": c.wageValue.map { String($0.percent) } ?? "",
            "loonwaarde-datum": c.wageValue?.measuredOn.description ?? "",
            "vaardigheden": c.skills.map(\.rawValue).joined(separator: "\n"),
            "beroepen": c.desiredOccupations.map { reference.occupation($0)?.labelNL ?? $0.rawValue }.joined(separator: "\n"),
        ]
        let flags = [c.targetGroupRegister, c.shelteredWorkIndication, c.workLimitation, c.hadEducationObstacle, c.singleParentWithChildUnder12, c.statusHolder]
        for (flag, on) in zip(Self.flags, flags) where on { v[flag.name] = "ja" }
        for licence in c.drivingLicences { v["rijbewijs-\(licence.rawValue)"] = "ja" }
        for demand in c.avoid { v["vermijden-\(demand.rawValue)"] = "ja" }
        values = v
    }

    init() { values = ["nederlands": String(LanguageLevel.b1.rawValue), "opleiding": String(EducationLevel.mbo2.rawValue), "trede": "3",
                       "uitkering": BenefitType.participatiewet.rawValue, "reisafstand": "15"] }

    subscript(_ name: String) -> String { values[name] ?? "" }

    /// The candidate, or nil with `errors` filled per field. `fixedId` is the id of the record being edited.
    mutating func parse(reference: ReferenceData, fixedId: String?) -> Candidate? {
        errors = [:]
        func date(_ name: String, required: Bool, _ label: String) -> CalendarDate? {
            if self[name].isEmpty {
                if required { errors[name] = "\(label) ontbreekt (JJJJ-MM-DD)." }
                return nil
            }
            guard let parsed = CalendarDate(iso: self[name]) else { errors[name] = "\(label): vul een datum in als JJJJ-MM-DD."; return nil }
            return parsed
        }
        func number(_ name: String, _ range: ClosedRange<Int>, _ label: String, required: Bool = true) -> Int? {
            if self[name].isEmpty {
                if required { errors[name] = "\(label) ontbreekt." }
                return nil
            }
            guard let value = Int(self[name]), range.contains(value) else {
                errors[name] = "\(label): een heel getal van \(range.lowerBound) tot en met \(range.upperBound)."
                return nil
            }
            return value
        }
        // Left empty on a new candidate, the number is assigned by Matchpunt (CandidateIntake.create).
        let id = fixedId ?? self["id"].trimmingCharacters(in: .whitespaces)
        if self["gemeente"].isEmpty { errors["gemeente"] = "Vul de woongemeente in." }
        let birth = date("geboortedatum", required: true, "Geboortedatum")
        let benefit = BenefitType(rawValue: self["uitkering"])
        if benefit == nil { errors["uitkering"] = "Kies een uitkering." }
        let since = date("uitkering-sinds", required: false, "Uitkering sinds")
        let rung = Int(self["trede"]).flatMap(LadderRung.init(rawValue:))
        if rung == nil { errors["trede"] = "Kies een trede van 1 tot en met 6." }
        let minimum = number("uren-min", 0...80, "Minimum uren")
        let maximum = number("uren-max", 0...80, "Maximum uren")
        var hours: WeeklyHours?
        if let minimum, let maximum {
            hours = WeeklyHours(min: minimum, max: maximum)
            if hours == nil { errors["uren-max"] = "Maximum uren moet minstens het minimum zijn." }
        }
        let reach = number("reisafstand", 0...500, "Reisafstand in km")
        let postcode = Postcode(parsing: self["postcode"])
        if postcode == nil { errors["postcode"] = "Vul een postcode in, bijvoorbeeld 7641 AB of 7641." }
        let available = date("beschikbaar", required: true, "Beschikbaar vanaf")
        let education = Int(self["opleiding"]).flatMap(EducationLevel.init(rawValue:))
        if education == nil { errors["opleiding"] = "Kies een opleidingsniveau." }
        let dutch = Int(self["nederlands"]).flatMap(LanguageLevel.init(rawValue:))
        if dutch == nil { errors["nederlands"] = "Kies een taalniveau." }
        var wageValue: WageValueMeasurement?
        if !self["loonwaarde"].isEmpty || !self["loonwaarde-datum"].isEmpty {
            let percent = number("loonwaarde", 0...100, "Loonwaarde in procent")
            let measured = date("loonwaarde-datum", required: true, "Datum van de loonwaardemeting")
            if let percent, let measured { wageValue = WageValueMeasurement(percent: percent, measuredOn: measured) }
        }
        let skills = lines("vaardigheden").map { EscoID($0) }
        if skills.count > CandidateValidation.maximumListCount { errors["vaardigheden"] = "Ten hoogste \(CandidateValidation.maximumListCount) vaardigheden." }
        var occupations: [EscoID] = []
        for line in lines("beroepen") {
            if let occupation = Self.occupation(line, reference: reference) { occupations.append(occupation.id) } else {
                errors["beroepen"] = "Onbekend beroep: \(line.prefix(80)). Gebruik de Nederlandse ESCO-naam of de ESCO-code."
            }
        }
        guard errors.isEmpty, let birth, let benefit, let rung, let hours, let reach, let postcode, let available, let education, let dutch else {
            return nil
        }
        let values = self.values
        let flag = { (name: String) in values[name] == "ja" }
        return Candidate(
            id: id, municipality: self["gemeente"], dateOfBirth: birth, benefit: benefit, benefitSince: since,
            targetGroupRegister: flag("register"), shelteredWorkIndication: flag("beschut"), workLimitation: flag("arbeidsbeperking"),
            wageValue: wageValue, hadEducationObstacle: flag("onderwijsbelemmering"), ladderRung: rung,
            singleParentWithChildUnder12: flag("alleenstaande-ouder"), statusHolder: flag("statushouder"), hoursAvailable: hours,
            travelReachKm: reach, postcode: postcode, availableFrom: available, skills: skills, desiredOccupations: occupations,
            education: education, dutchLevel: dutch,
            drivingLicences: DrivingLicence.allCases.filter { flag("rijbewijs-\($0.rawValue)") },
            avoid: WorkDemand.allCases.filter { flag("vermijden-\($0.rawValue)") })
    }

    func lines(_ name: String) -> [String] {
        self[name].split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "," || $0 == ";" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func occupation(_ text: String, reference: ReferenceData) -> Occupation? {
        if let byId = reference.occupation(EscoID(text)) { return byId }
        let wanted = text.lowercased()
        return reference.occupations.first { $0.labelNL.lowercased() == wanted }
    }

    /// The intake service's problems, each at its form field (an unknown field name goes to the form's top).
    mutating func place(_ problems: [CandidateFieldProblem]) -> String? {
        var unplaced: [String] = []
        for problem in problems {
            if let name = Self.fieldNames[problem.field] {
                let sentence = problem.dutch.prefix(1).uppercased() + problem.dutch.dropFirst() + "."
                errors[name] = errors[name].map { $0 + " " + sentence } ?? sentence
            } else {
                unplaced.append(problem.dutch)
            }
        }
        return unplaced.isEmpty ? nil : unplaced.joined(separator: "; ")
    }

    struct Checkbox: Sendable {
        let id: String
        let name: String
        let label: String
        let checked: Bool
        let medical: Bool
    }

    struct Group: Sendable {
        let legend: String
        let hint: String?
        let boxes: [Checkbox]
    }

    /// The fields for the template: text inputs and selects, then the checkbox groups.
    func fields(editing: Bool) -> (main: [RenderedField], medical: [RenderedField], lists: [RenderedField], groups: [Group]) {
        func f(_ name: String, _ label: String, type: String = "text", inputMode: String? = nil, hint: String? = nil, required: Bool = false,
               options: [SelectOption] = []) -> RenderedField {
            RenderedField(FormField(id: "c-" + name, name: name, label: label, value: self[name], type: type, inputMode: inputMode, hint: hint,
                                    error: errors[name], required: required, options: options))
        }
        var main: [RenderedField] = []
        if !editing { main.append(f("id", "Kandidaatnummer", hint: "het pseudonieme dossiernummer, nooit een BSN; leeg laten om er een te laten toekennen")) }
        main += [
            f("gemeente", "Woongemeente", required: true),
            f("postcode", "Postcode", hint: "bijvoorbeeld 7641 AB", required: true),
            f("geboortedatum", "Geboortedatum", type: "date", hint: "JJJJ-MM-DD", required: true),
            f("uitkering", "Uitkering", options: .options(BenefitType.allCases.map { ($0.rawValue, $0.dutchName) }, selected: self["uitkering"])),
            f("uitkering-sinds", "Uitkering sinds", type: "date", hint: "JJJJ-MM-DD"),
            f("trede", "Trede participatieladder", options: .options(LadderRung.allCases.map { (String($0.rawValue), "trede \($0.rawValue)") }, selected: self["trede"])),
            f("uren-min", "Minimum uren per week", inputMode: "numeric", required: true),
            f("uren-max", "Maximum uren per week", inputMode: "numeric", required: true),
            f("reisafstand", "Reisafstand in km", inputMode: "numeric", required: true),
            f("beschikbaar", "Beschikbaar vanaf", type: "date", hint: "JJJJ-MM-DD", required: true),
            f("opleiding", "Opleiding", options: .options(EducationLevel.allCases.map { (String($0.rawValue), $0.dutchName) }, selected: self["opleiding"])),
            f("nederlands", "Nederlands (taalniveau)", options: .options(LanguageLevel.allCases.map { (String($0.rawValue), $0.code) }, selected: self["nederlands"])),
        ]
        let medical = [
            f("loonwaarde", "Loonwaarde in procent", inputMode: "numeric", hint: "medisch afgeleid; leeg als niet gemeten"),
            f("loonwaarde-datum", "Datum loonwaardemeting", type: "date", hint: "JJJJ-MM-DD"),
        ]
        let lists = [
            RenderedField(FormField(id: "c-beroepen", name: "beroepen", label: "Gewenste beroepen", value: self["beroepen"], type: "textarea",
                                    hint: "één per regel: de Nederlandse ESCO-naam of de ESCO-code", error: errors["beroepen"])),
            RenderedField(FormField(id: "c-vaardigheden", name: "vaardigheden", label: "Vaardigheden (ESCO-codes)", value: self["vaardigheden"], type: "textarea",
                                    hint: "één per regel", error: errors["vaardigheden"])),
        ]
        let groups = [
            Group(legend: "Kenmerken", hint: "Gemarkeerd met ‘medisch’: medisch of daarvan afgeleid, nooit voor werkgevers.",
                  boxes: Self.flags.map { Checkbox(id: "c-" + $0.name, name: $0.name, label: $0.label, checked: self[$0.name] == "ja", medical: $0.medical) }),
            Group(legend: "Rijbewijzen", hint: nil, boxes: DrivingLicence.allCases.map {
                Checkbox(id: "c-rijbewijs-\($0.rawValue)", name: "rijbewijs-\($0.rawValue)", label: $0.rawValue, checked: self["rijbewijs-\($0.rawValue)"] == "ja", medical: false)
            }),
            Group(legend: "Vermijden (werkbelasting)", hint: nil, boxes: WorkDemand.allCases.map {
                Checkbox(id: "c-vermijden-\($0.rawValue)", name: "vermijden-\($0.rawValue)", label: $0.dutchName,
                         checked: self["vermijden-\($0.rawValue)"] == "ja", medical: false)
            }),
        ]
        return (main, medical, lists, groups)
    }
}
