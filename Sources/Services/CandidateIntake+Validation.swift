import Domain
import Foundation

/// One thing wrong with one field of a candidate, in English and Dutch. `field` uses the JSON names of the
/// API (`hoursAvailable.max`, `wageValue.percent`), which forms and the CSV report map to their own labels.
public struct CandidateFieldProblem: Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var english: String
    public var dutch: String

    public init(field: String, english: String, dutch: String) {
        self.field = field
        self.english = english
        self.dutch = dutch
    }

    public var description: String { "\(field): \(english)" }
}

/// The checks a candidate passes before it is stored, whatever the way in (API, form, CSV). JSON decoding
/// already refused wrong types and unknown codes; these are the ranges and combinations. Bounds here are sanity
/// limits on input, not policy: the policy figures live in `catalog/`.
public enum CandidateValidation {
    /// Longest accepted id. Ids are pseudonymous case numbers of the municipal system.
    public static let maximumIdLength = 64
    /// Most skills or desired occupations one candidate may list.
    public static let maximumListCount = 200

    /// Every problem of the record (empty when it may be stored). `today` is the Dutch civil date, for the
    /// checks that a date of birth or a measurement is not in the future.
    public static func problems(_ candidate: Candidate, today: CalendarDate, knownMunicipality: (String) -> Bool) -> [CandidateFieldProblem] {
        var problems: [CandidateFieldProblem] = []
        func add(_ field: String, _ english: String, _ dutch: String) {
            problems.append(CandidateFieldProblem(field: field, english: english, dutch: dutch))
        }
        let id = candidate.id
        if id.isEmpty {
            add("id", "id is missing", "kandidaatnummer ontbreekt")
        } else if id.utf8.count > maximumIdLength {
            add("id", "id is longer than \(maximumIdLength) characters", "kandidaatnummer is langer dan \(maximumIdLength) tekens")
        } else if !id.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }) {
            add("id", "id may hold only letters, digits, '-', '_' and '.'", "kandidaatnummer mag alleen letters, cijfers, '-', '_' en '.' bevatten")
        } else if id.utf8.count == 9, id.utf8.allSatisfy({ (48...57).contains($0) }) {
            // Matchpunt is pseudonymous: nine digits look like a BSN, which must never be stored.
            add("id", "id looks like a BSN (nine digits); use the pseudonymous case number", "kandidaatnummer lijkt op een BSN (negen cijfers); gebruik het pseudonieme dossiernummer")
        }
        let municipality = candidate.municipality.trimmingCharacters(in: .whitespaces)
        if municipality.isEmpty {
            add("municipality", "municipality is missing", "woongemeente ontbreekt")
        } else if municipality.count > 100 || !knownMunicipality(candidate.municipality) {
            add("municipality", "unknown municipality", "onbekende woongemeente")
        }
        let earliest = today.adding(years: -120)
        if candidate.dateOfBirth >= today || candidate.dateOfBirth < earliest {
            add("dateOfBirth", "date of birth must lie in the past 120 years", "geboortedatum moet in de afgelopen 120 jaar liggen")
        }
        if let since = candidate.benefitSince, since < candidate.dateOfBirth || since > today.adding(years: 1) {
            add("benefitSince", "benefit start must lie between the date of birth and a year from today",
                "uitkering sinds moet tussen geboortedatum en een jaar na vandaag liggen")
        }
        if candidate.targetGroupRegister && candidate.shelteredWorkIndication {
            add("shelteredWorkIndication", "the target-group register and a sheltered-work indication exclude each other",
                "doelgroepregister en indicatie beschut werk sluiten elkaar uit")
        }
        if let wage = candidate.wageValue {
            if !(0...100).contains(wage.percent) {
                add("wageValue.percent", "wage value must be from 0 to 100 percent", "loonwaarde moet van 0 tot 100% zijn")
            }
            if wage.measuredOn > today || wage.measuredOn < candidate.dateOfBirth {
                add("wageValue.measuredOn", "the wage-value measurement cannot lie in the future or before birth",
                    "de loonwaardemeting kan niet in de toekomst of voor de geboortedatum liggen")
            }
        }
        // JSON decoding bypasses WeeklyHours' own checks, so they are repeated here.
        let hours = candidate.hoursAvailable
        if !(0...80).contains(hours.min) {
            add("hoursAvailable.min", "minimum hours must be from 0 to 80", "minimum uren moet van 0 tot 80 zijn")
        } else if !(hours.min...80).contains(hours.max) {
            add("hoursAvailable.max", "maximum hours must be from the minimum to 80", "maximum uren moet van het minimum tot 80 zijn")
        }
        if !(0...300).contains(candidate.travelReachKm) {
            add("travelReachKm", "travel reach must be from 0 to 300 km", "reisafstand moet van 0 tot 300 km zijn")
        }
        if candidate.availableFrom < today.adding(years: -50) || candidate.availableFrom > today.adding(years: 5) {
            add("availableFrom", "available-from must lie within 5 years from today", "beschikbaar vanaf moet binnen 5 jaar na vandaag liggen")
        }
        for (field, list, dutch) in [("skills", candidate.skills, "vaardigheden"), ("desiredOccupations", candidate.desiredOccupations, "gewenste beroepen")] {
            if list.count > maximumListCount {
                add(field, "at most \(maximumListCount) entries", "\(dutch): hoogstens \(maximumListCount)")
            } else if list.contains(where: { !isESCOIdentifier($0.rawValue) }) {
                add(field, "each entry must be an ESCO concept id (a UUID)", "\(dutch): elke waarde moet een ESCO-id (UUID) zijn")
            }
        }
        return problems
    }

    /// 36 characters, hex digits with hyphens at 8, 13, 18 and 23: the UUID form ESCO uses.
    static func isESCOIdentifier(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (i, byte) in bytes.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (48...57).contains(byte) || (97...102).contains(byte) || (65...70).contains(byte) else { return false }
            }
        }
        return true
    }
}
