import Domain
import Foundation

/// What a format parser read from one record, before normalisation. Every format fills this, and
/// ``finish(raw:options:)`` applies the same rules to all of them.
struct DraftFields {
    var externalId: String?
    var title: String?
    var employerName: String?
    var employerKvK: String?
    var postalCode: String?
    var city: String?
    var hoursMin: String?
    var hoursMax: String?
    /// "32-40 uur", "36 hours per week"
    var hoursText: String?
    var employmentTypes: [String] = []
    var contractMonths: String?
    var duration: String?
    var startDate: String?
    var validThrough: String?
    /// Amounts as literal text: a JSON number literal ("2500.50") or a Dutch/English amount ("€ 2.500,50").
    var salaryMin: String?
    var salaryMax: String?
    var salaryUnit: String?
    /// True when amounts are machine decimals ('.' as decimal mark: JSON numbers, xsd:decimal); false for
    /// amounts written for people ("€ 2.500,50", "2.400" meaning two thousand four hundred).
    var salaryMachineFormat = false
    /// A free salary text ("€ 14,50 - € 16,00 per uur") when no structured amount is given.
    var salaryText: String?
    var currency: String?
    var occupationCodes: [String] = []
    var skillCodes: [String] = []
    var banenafspraak: String?
    var demandTexts: [String] = []
    var description: String?

    static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// An amount as Money. `machine`: a decimal number with '.' as the decimal mark and optional exponent
    /// ("2500.5", "14.715", "1.5e1"), exact through `Decimal`; otherwise a Dutch or English amount for people
    /// ("€ 2.500,50", "2.400", "14,71", "€ 2.500,-"). More than two decimals round half away from zero.
    static func money(_ text: String, machine: Bool) -> Money? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if machine {
            var sawDigit = false
            for (i, byte) in t.utf8.enumerated() {
                switch byte {
                case 48...57: sawDigit = true
                case 46, 101, 69: break // . e E
                case 43, 45: guard i == 0 || t.utf8[t.utf8.index(t.utf8.startIndex, offsetBy: i - 1)] | 0x20 == 101 else { return nil }
                default: return nil
                }
            }
            guard sawDigit, let decimal = Decimal(string: t, locale: Locale(identifier: "en_US_POSIX")),
                  decimal.magnitude < 10_000_000_000 else { return nil }
            return Money.rounding(decimal)
        }
        if let parsed = Money(parsing: t) { return parsed }
        if t.hasSuffix(",-") || t.hasSuffix(".-") { return Money(parsing: t.dropLast(2)) }
        return nil
    }

    /// Reads "€ 14,50 - € 16,00 per uur" into (min, max, unit).
    static func salaryFromText(_ text: String) -> (Money, Money?, String?)? {
        let lower = text.lowercased()
        let unit = Normalise.SalaryUnit(lower).map(\.rawValue)
        var amounts: [Money] = []
        let pieces = lower.replacingOccurrences(of: " tot ", with: "|").replacingOccurrences(of: " to ", with: "|")
            .replacingOccurrences(of: "–", with: "|").replacingOccurrences(of: " - ", with: "|")
            .split(separator: "|")
        for piece in pieces {
            let kept = piece.filter { $0.isNumber || $0 == "," || $0 == "." }
            let trimmed = kept.trimmingCharacters(in: CharacterSet(charactersIn: ".,"))
            if !trimmed.isEmpty, let money = Money(parsing: trimmed) { amounts.append(money) }
        }
        guard let first = amounts.first else { return nil }
        return (first, amounts.count > 1 ? amounts[1] : nil, unit)
    }

    /// Normalises and validates; the reasons are in Dutch, for staff.
    func finish(raw: String, options: FeedParseOptions) -> FeedRecord {
        let id = Self.clean(externalId)
        func quarantine(_ reason: String) -> FeedRecord {
            .quarantined(QuarantinedRecord(externalId: id, reason: reason, raw: raw))
        }
        guard let id else { return quarantine("geen extern id (identifier/referencenumber ontbreekt)") }
        guard let title = Self.clean(title) else { return quarantine("geen titel") }
        guard title.count <= 500 else { return quarantine("titel langer dan 500 tekens") }

        var draft = VacancyDraft(externalId: id, title: title, raw: options.keepRawText ? raw : "")
        draft.employerName = Self.clean(employerName)
        draft.employerKvK = Self.clean(employerKvK).flatMap { KvKNumber($0) }
        draft.city = Self.clean(city)
        if let postal = Self.clean(postalCode) { draft.postcode = Postcode(parsing: postal) }

        // Hours
        let minHours = Self.clean(hoursMin).flatMap { Normalise.numbers(in: $0).first }
        let maxHours = Self.clean(hoursMax).flatMap { Normalise.numbers(in: $0).first }
        if minHours != nil || maxHours != nil {
            let low = minHours ?? maxHours!, high = maxHours ?? minHours!
            draft.hours = WeeklyHours(min: Int(Swift.min(low, high).rounded(.down)), max: Int(Swift.max(low, high).rounded(.up)))
        }
        if draft.hours == nil, let text = Self.clean(hoursText) { draft.hours = Normalise.weeklyHours(from: text, options: options) }
        let types = employmentTypes.compactMap(Self.clean).map { $0.uppercased() }
        draft.employmentTypes = types
        if draft.hours == nil {
            for type in types { if let h = Normalise.hoursFromEmploymentType(type, options: options) { draft.hours = h; break } }
        }

        // Contract
        if let months = Self.clean(contractMonths) {
            guard let n = Normalise.numbers(in: months).first, n >= 0, n <= 600 else {
                return quarantine("contractduur '\(months)' is geen aantal maanden")
            }
            draft.contractMonths = n == 0 ? nil : Int(n.rounded())
            draft.permanent = n == 0
        } else if let duration = Self.clean(duration) {
            if Normalise.isPermanent(duration) { draft.permanent = true } else { draft.contractMonths = Normalise.contractMonths(fromDuration: duration) }
        }
        if types.contains(where: { Normalise.isPermanent($0) }) { draft.permanent = true }

        // Dates
        switch Normalise.date(startDate) {
        case .success(let date): draft.startDate = date
        case .failure(let problem): return quarantine("startdatum '\(problem.text)' is geen datum")
        }
        switch Normalise.date(validThrough) {
        case .success(let date): draft.validThrough = date
        case .failure(let problem): return quarantine("einddatum (validThrough) '\(problem.text)' is geen datum")
        }

        // Wage
        let currencyOK = Self.clean(currency).map { $0.uppercased() == "EUR" || $0 == "€" } ?? true
        if currencyOK {
            var low: Money? = nil, high: Money? = nil, unitText = Self.clean(salaryUnit)
            if let text = Self.clean(salaryMin) {
                guard let amount = Self.money(text, machine: salaryMachineFormat) else { return quarantine("salaris '\(text)' is geen bedrag") }
                low = amount
            }
            if let text = Self.clean(salaryMax) {
                guard let amount = Self.money(text, machine: salaryMachineFormat) else { return quarantine("salaris '\(text)' is geen bedrag") }
                high = amount
            }
            if low == nil, high == nil, let text = Self.clean(salaryText), let parsed = Self.salaryFromText(text) {
                low = parsed.0
                high = parsed.1
                unitText = unitText ?? parsed.2
            }
            if low == nil { low = high; if low != nil { high = nil } }
            if let amount = low {
                let unit = unitText.flatMap { Normalise.SalaryUnit($0) } ?? .hour
                let hoursPerWeek = draft.hours?.max ?? options.referenceHoursPerWeek
                draft.hourlyWage = Normalise.hourlyWage(amount, unit: unit, hoursPerWeek: hoursPerWeek)
                if let high, high != amount { draft.hourlyWageMax = Normalise.hourlyWage(high, unit: unit, hoursPerWeek: hoursPerWeek) }
                if let wage = draft.hourlyWage, wage.cents <= 0 || wage.cents > 100_000 {
                    return quarantine("uurloon \(wage) is niet aannemelijk (salaris \(amount) per \(unit.rawValue))")
                }
            }
        }

        // Occupation and skills
        for code in occupationCodes {
            switch Normalise.occupationCode(code) {
            case .esco(let esco): if draft.occupation == nil { draft.occupation = esco; draft.occupationSource = "feed" }
            case .isco(let isco): if draft.iscoCode == nil { draft.iscoCode = isco }
            case nil: break
            }
        }
        if draft.occupation == nil, let mapper = options.occupationMapper, let esco = mapper.occupation(forTitle: title) {
            draft.occupation = esco
            draft.occupationSource = "title-mapper"
        }
        var skills: [EscoID] = []
        for code in skillCodes where code.contains("/esco/skill/") || (code.count == 36 && code.filter({ $0 == "-" }).count == 4) {
            let id = EscoID(code.trimmingCharacters(in: .whitespaces))
            if !skills.contains(id) { skills.append(id) }
        }
        draft.skills = skills

        draft.descriptionExcerpt = Normalise.excerpt(description, limit: options.descriptionExcerptLength)
        if let explicit = Self.clean(banenafspraak) {
            draft.suitableForBanenafspraak = Normalise.flag(explicit)
        } else {
            draft.suitableForBanenafspraak = Normalise.mentionsBanenafspraak(description) || Normalise.mentionsBanenafspraak(title)
        }
        draft.demands = Normalise.demands(in: demandTexts)
        return .draft(draft)
    }
}
