import Domain
import Foundation

/// What a format parser read from one record, before normalisation. Every format fills this, and
/// ``finish(raw:options:)`` applies the same rules to all of them.
struct DraftFields: Sendable {
    var externalId: String?
    /// nil when `externalId` is the feed's own identifier; otherwise where the key came from ("url", "@id", "hash").
    var externalIdSource: String?
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

    static func clean(_ text: String?) -> String? { FastText.trimmed(text) }

    /// An amount as Money. `machine`: a decimal number with '.' as the decimal mark and optional exponent
    /// ("2500.5", "14.715", "1.5e1"), exact through `Decimal`; otherwise a Dutch or English amount for people
    /// ("€ 2.500,50", "2.400", "15,25", "€ 2.500,-"). More than two decimals round half away from zero.
    static func money(_ text: String, machine: Bool) -> Money? {
        guard let t = FastText.trimmed(text) else { return nil }
        if machine { return machineMoney(t) }
        if let parsed = Money(parsing: t) { return parsed }
        if t.hasSuffix(",-") || t.hasSuffix(".-") { return Money(parsing: t.dropLast(2)) }
        return nil
    }

    /// `-?digits(.digits)?([eE][+-]?digits)?` → cents, exactly, rounding half away from zero; nil when out of range.
    static func machineMoney(_ text: String) -> Money? {
        var negative = false
        var digits: [UInt8] = []   // all significant digits, integer and fraction
        var fractionLength = 0
        var exponent = 0, exponentSign = 1
        var state = 0 // 0 integer, 1 fraction, 2 exponent sign, 3 exponent digits
        var sawDigit = false, sawExponentDigit = false
        for (i, b) in text.utf8.enumerated() {
            switch (state, b) {
            case (0, 0x2D) where i == 0: negative = true
            case (0, 0x30...0x39): digits.append(b - 0x30); sawDigit = true
            case (0, 0x2E): state = 1
            case (1, 0x30...0x39): digits.append(b - 0x30); fractionLength += 1; sawDigit = true
            case (0, 0x65), (0, 0x45), (1, 0x65), (1, 0x45): state = 2
            case (2, 0x2B): state = 3
            case (2, 0x2D): exponentSign = -1; state = 3
            case (2, 0x30...0x39), (3, 0x30...0x39):
                state = 3; sawExponentDigit = true
                exponent = exponent * 10 + Int(b - 0x30)
                if exponent > 30 { return nil }
            default: return nil
            }
        }
        guard sawDigit, state < 2 || sawExponentDigit else { return nil }
        // value = digits × 10^(exponent − fractionLength); cents = value × 100
        let shift = exponentSign * exponent - fractionLength + 2
        while digits.count > 1, digits.first == 0 { digits.removeFirst() }
        var cents: Int64 = 0
        if shift >= 0 {
            guard digits.count + shift <= 17 else { return nil }
            for d in digits { cents = cents * 10 + Int64(d) }
            for _ in 0..<shift { cents *= 10 }
        } else {
            let keep = digits.count + shift // digits before the cut
            if keep <= 0 {
                // everything is below a cent: rounds to 0 or 1 cent
                cents = (keep == 0 && (digits.first ?? 0) >= 5) ? 1 : 0
            } else {
                guard keep <= 17 else { return nil }
                for d in digits[0..<keep] { cents = cents * 10 + Int64(d) }
                if digits[keep] >= 5 { cents += 1 } // half away from zero
            }
        }
        guard cents < 1_000_000_000_000 else { return nil }
        return Money(cents: negative ? -cents : cents)
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

    /// Asks the occupation mapper about this record's title as ``finish(raw:options:)`` would, for its cache only:
    /// the mapper's answer depends on the title alone, so asking early (on another thread) changes no answer.
    /// Only records without occupation codes of their own, which are the ones the mapper is asked about, and only
    /// through a caching mapper (an uncached one would simply work twice).
    func warmTitleMapping(options: FeedParseOptions) {
        guard occupationCodes.isEmpty, let mapper = options.occupationMapper as? CachedOccupationForTitle, let title = Self.clean(title), title.count <= 500 else { return }
        _ = mapper.occupation(forTitle: title)
    }

    /// Normalises and validates; the reasons are in Dutch, for staff.
    /// `raw` is asked for only when the record is quarantined or ``FeedParseOptions/keepRawText`` is set.
    func finish(raw: () -> String, options: FeedParseOptions) -> FeedRecord {
        let id = Self.clean(externalId)
        func quarantine(_ reason: String) -> FeedRecord {
            .quarantined(QuarantinedRecord(externalId: id, reason: reason, raw: raw()))
        }
        guard let id else { return quarantine("geen extern id (identifier/referencenumber ontbreekt)") }
        guard let title = Self.clean(title) else { return quarantine("geen titel") }
        guard title.count <= 500 else { return quarantine("titel langer dan 500 tekens") }

        var draft = VacancyDraft(externalId: id, title: title, raw: options.keepRawText ? raw() : "")
        draft.externalIdSource = externalIdSource
        draft.employerName = Self.clean(employerName)
        draft.employerKvKDigits = Self.clean(employerKvK).flatMap(Normalise.kvkDigits)
        draft.city = Self.clean(city)
        if let postal = Self.clean(postalCode) { draft.postcode = Normalise.postcode(postal) }
        if draft.postcode == nil, let place = draft.city, let resolver = options.placeResolver,
           let found = resolver.postcode(forPlace: place), let pc4 = Postcode(pc4: found.pc4, letters: nil) {
            draft.postcode = pc4
            draft.postcodeConfidence = found.confidence
        }

        // Hours
        let minHours = Self.clean(hoursMin).flatMap { Normalise.numbers(in: $0).first }
        let maxHours = Self.clean(hoursMax).flatMap { Normalise.numbers(in: $0).first }
        if minHours != nil || maxHours != nil {
            let low = minHours ?? maxHours!, high = maxHours ?? minHours!
            guard let lowHours = Normalise.boundedInt(Swift.min(low, high), 0...Normalise.maxWeeklyHours, rounding: .down),
                  let highHours = Normalise.boundedInt(Swift.max(low, high), 0...Normalise.maxWeeklyHours, rounding: .up) else {
                return quarantine("uren per week '\(Self.clean(hoursMin) ?? "")'–'\(Self.clean(hoursMax) ?? "")' liggen niet tussen 0 en \(Normalise.maxWeeklyHours)")
            }
            draft.hours = WeeklyHours(min: lowHours, max: highHours)
        }
        if draft.hours == nil, let text = Self.clean(hoursText) { draft.hours = Normalise.weeklyHours(from: text, options: options) }
        let types = employmentTypes.compactMap(Self.clean).map { $0.uppercased() }
        draft.employmentTypes = types
        if draft.hours == nil {
            for type in types { if let h = Normalise.hoursFromEmploymentType(type, options: options) { draft.hours = h; break } }
        }

        // Contract
        if let months = Self.clean(contractMonths) {
            guard let n = Normalise.numbers(in: months).first, let whole = Normalise.boundedInt(n, 0...Normalise.maxContractMonths) else {
                return quarantine("contractduur '\(months)' is geen aantal maanden")
            }
            draft.contractMonths = n == 0 ? nil : whole
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
        let currencyOK = Self.clean(currency).map { LowerText($0).equals("eur") || $0 == "€" } ?? true
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
            case .esco(let esco): if draft.occupationId == nil { draft.occupationId = esco; draft.occupationSource = "feed" }
            case .isco(let isco): if draft.iscoCode == nil { draft.iscoCode = isco }
            case nil: break
            }
        }
        if draft.occupationId == nil, let mapper = options.occupationMapper, let esco = mapper.occupation(forTitle: title) {
            draft.occupation = esco
            draft.occupationSource = "title-mapper"
        }
        var skills: [String] = []
        for code in skillCodes {
            guard let trimmed = FastText.trimmed(code) else { continue }
            let id: String
            if LowerText(trimmed).has("/esco/skill/") { id = Normalise.lastPathComponent(trimmed) }
            else if Normalise.isUUID(trimmed) { id = trimmed }
            else { continue }
            if !skills.contains(id) { skills.append(id) }
        }
        draft.skillIds = skills

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
