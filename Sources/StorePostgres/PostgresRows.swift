import Domain
import Foundation
import PostgresNIO

/// Column values for one INSERT or UPDATE, with their `$n` placeholders. Dates travel as ISO text cast to
/// `date` by the server, so no time zone ever touches a civil date.
struct Values {
    var binds = PostgresBindings()
    var placeholders: [String] = []

    mutating func add<Value: PostgresDynamicTypeEncodable>(_ value: Value?, cast: String? = nil) {
        binds.append(value)
        placeholders.append("$\(binds.count)" + (cast.map { "::" + $0 } ?? ""))
    }

    mutating func add(_ date: CalendarDate?) { add(date?.description, cast: "date") }

    /// A placeholder for one more value, for a WHERE clause after the columns.
    mutating func placeholder<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }
}

/// Reading a column by name, with the record named in the error.
extension PostgresRandomAccessRow {
    func value<T: PostgresDecodable>(_ column: String, _: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }

    func date(_ column: String) throws -> CalendarDate? {
        guard let text = try value(column, String?.self) else { return nil }
        guard let date = CalendarDate(iso: text) else { throw StoreError.invalidRecord("\(column) is not a date: \(text)") }
        return date
    }

    func codes<T: RawRepresentable<String>>(_ column: String, _: T.Type) throws -> [T] {
        try value(column, [String].self).map { raw in
            guard let code = T(rawValue: raw) else { throw StoreError.invalidRecord("\(column) holds an unknown code \(raw)") }
            return code
        }
    }
}

enum CandidateRow {
    static let columns = [
        "id", "municipality", "date_of_birth", "benefit", "benefit_since", "target_group_register", "sheltered_work_indication",
        "work_limitation", "wage_value_percent", "wage_value_measured_on", "had_education_obstacle", "ladder_rung",
        "single_parent_with_child_under12", "status_holder", "hours_min", "hours_max", "travel_reach_km", "postcode", "pc4",
        "available_from", "skills", "desired_occupations", "education", "dutch_level", "driving_licences", "avoid",
    ]
    static let dateColumns: Set<String> = ["date_of_birth", "benefit_since", "wage_value_measured_on", "available_from"]
    /// The select list: dates as ISO text.
    static let select = columns.map { dateColumns.contains($0) ? "\($0)::text AS \($0)" : $0 }.joined(separator: ", ")

    static func values(_ c: Candidate, into values: inout Values) {
        values.add(c.id)
        values.add(c.municipality)
        values.add(c.dateOfBirth)
        values.add(c.benefit.rawValue)
        values.add(c.benefitSince)
        values.add(c.targetGroupRegister)
        values.add(c.shelteredWorkIndication)
        values.add(c.workLimitation)
        values.add(c.wageValue?.percent)
        values.add(c.wageValue?.measuredOn)
        values.add(c.hadEducationObstacle)
        values.add(c.ladderRung.rawValue)
        values.add(c.singleParentWithChildUnder12)
        values.add(c.statusHolder)
        values.add(c.hoursAvailable.min)
        values.add(c.hoursAvailable.max)
        values.add(c.travelReachKm)
        values.add(c.postcode.description)
        values.add(c.postcode.pc4)
        values.add(c.availableFrom)
        values.add(c.skills.map(\.rawValue))
        values.add(c.desiredOccupations.map(\.rawValue))
        values.add(c.education.rawValue)
        values.add(c.dutchLevel.code)
        values.add(c.drivingLicences.map(\.rawValue))
        values.add(c.avoid.map(\.rawValue))
    }

    static func candidate(_ row: PostgresRow) throws -> Candidate {
        let r = row.makeRandomAccess()
        let id = try r.value("id", String.self)
        guard let dateOfBirth = try r.date("date_of_birth"), let availableFrom = try r.date("available_from"),
              let postcode = Postcode(parsing: try r.value("postcode", String.self)) else {
            throw StoreError.invalidRecord("candidate \(id) has an unreadable date or postcode")
        }
        guard let benefit = BenefitType(rawValue: try r.value("benefit")), let rung = LadderRung(rawValue: try r.value("ladder_rung")),
              let education = EducationLevel(rawValue: try r.value("education")), let dutch = LanguageLevel(code: try r.value("dutch_level")),
              let hours = WeeklyHours(min: try r.value("hours_min"), max: try r.value("hours_max")) else {
            throw StoreError.invalidRecord("candidate \(id) has an unknown code")
        }
        var wageValue: WageValueMeasurement?
        if let percent = try r.value("wage_value_percent", Int?.self), let measuredOn = try r.date("wage_value_measured_on") {
            wageValue = WageValueMeasurement(percent: percent, measuredOn: measuredOn)
        }
        let municipality: String = try r.value("municipality")
        let targetGroupRegister: Bool = try r.value("target_group_register")
        let sheltered: Bool = try r.value("sheltered_work_indication")
        let workLimitation: Bool = try r.value("work_limitation")
        let obstacle: Bool = try r.value("had_education_obstacle")
        let singleParent: Bool = try r.value("single_parent_with_child_under12")
        let statusHolder: Bool = try r.value("status_holder")
        let reach: Int = try r.value("travel_reach_km")
        let skills: [String] = try r.value("skills")
        let desired: [String] = try r.value("desired_occupations")
        let licences: [DrivingLicence] = try r.codes("driving_licences", DrivingLicence.self)
        let avoid: [WorkDemand] = try r.codes("avoid", WorkDemand.self)
        let benefitSince: CalendarDate? = try r.date("benefit_since")
        return Candidate(
            id: id, municipality: municipality, dateOfBirth: dateOfBirth, benefit: benefit,
            benefitSince: benefitSince, targetGroupRegister: targetGroupRegister,
            shelteredWorkIndication: sheltered, workLimitation: workLimitation,
            wageValue: wageValue, hadEducationObstacle: obstacle, ladderRung: rung,
            singleParentWithChildUnder12: singleParent, statusHolder: statusHolder,
            hoursAvailable: hours, travelReachKm: reach, postcode: postcode, availableFrom: availableFrom,
            skills: skills.map { EscoID($0) }, desiredOccupations: desired.map { EscoID($0) },
            education: education, dutchLevel: dutch, drivingLicences: licences, avoid: avoid)
    }
}

enum VacancyRow {
    /// The columns written for a vacancy; `id` is left to the identity column on insert.
    static let writtenColumns = [
        "source", "external_id", "feed_id", "employer_id", "title", "occupation", "required_skills", "optional_skills", "postcode", "pc4",
        "hours_min", "hours_max", "contract_months", "start_date", "hourly_wage_cents", "suitable_for_banenafspraak", "demands",
        "required_licences", "minimum_education", "minimum_dutch_level", "status", "valid_through", "content_hash",
    ]
    static let select = (["id"] + writtenColumns).map { ["start_date", "valid_through"].contains($0) ? "\($0)::text AS \($0)" : $0 }
        .joined(separator: ", ")

    static func values(_ v: Vacancy, feedId: Int64?, contentHash: String?, into values: inout Values) {
        values.add(v.source)
        values.add(v.externalId)
        values.add(feedId, cast: "bigint")
        values.add(v.employerId, cast: "bigint")
        values.add(v.title)
        values.add(v.occupation?.rawValue, cast: "text")
        values.add(v.requiredSkills.map(\.rawValue))
        values.add(v.optionalSkills.map(\.rawValue))
        values.add(v.postcode?.description, cast: "text")
        values.add(v.postcode?.pc4, cast: "bigint")
        values.add(v.hours.min, cast: "bigint")
        values.add(v.hours.max, cast: "bigint")
        values.add(v.contractMonths, cast: "bigint")
        values.add(v.startDate)
        values.add(v.hourlyWage?.cents, cast: "bigint")
        values.add(v.suitableForBanenafspraak, cast: "boolean")
        values.add(v.demands.map(\.rawValue))
        values.add(v.requiredLicences.map(\.rawValue))
        values.add(v.minimumEducation?.rawValue, cast: "bigint")
        values.add(v.minimumDutchLevel?.code, cast: "text")
        values.add(v.status.rawValue)
        values.add(v.validThrough)
        values.add(contentHash, cast: "text")
    }

    static func vacancy(_ row: PostgresRow) throws -> Vacancy {
        let r = row.makeRandomAccess()
        let id = try r.value("id", Int64.self)
        guard let hours = WeeklyHours(min: try r.value("hours_min"), max: try r.value("hours_max")),
              let status = VacancyStatus(rawValue: try r.value("status")) else {
            throw StoreError.invalidRecord("vacancy \(id) has unreadable hours or status")
        }
        let source: String = try r.value("source")
        let externalId: String = try r.value("external_id")
        let employerId: Int64? = try r.value("employer_id")
        let title: String = try r.value("title")
        let occupation: String? = try r.value("occupation")
        let required: [String] = try r.value("required_skills")
        let optional: [String] = try r.value("optional_skills")
        let postcode: String? = try r.value("postcode")
        let contractMonths: Int? = try r.value("contract_months")
        let startDate: CalendarDate? = try r.date("start_date")
        let wageCents: Int64? = try r.value("hourly_wage_cents")
        let suitable: Bool = try r.value("suitable_for_banenafspraak")
        let demands: [WorkDemand] = try r.codes("demands", WorkDemand.self)
        let licences: [DrivingLicence] = try r.codes("required_licences", DrivingLicence.self)
        let minimumEducation: Int? = try r.value("minimum_education")
        let minimumDutch: String? = try r.value("minimum_dutch_level")
        let validThrough: CalendarDate? = try r.date("valid_through")
        return Vacancy(
            id: id, source: source, externalId: externalId, employerId: employerId,
            title: title, occupation: occupation.map { EscoID($0) },
            requiredSkills: required.map { EscoID($0) }, optionalSkills: optional.map { EscoID($0) },
            postcode: postcode.flatMap { Postcode(parsing: $0) }, hours: hours,
            contractMonths: contractMonths, startDate: startDate, hourlyWage: wageCents.map { Money(cents: $0) },
            suitableForBanenafspraak: suitable, demands: demands, requiredLicences: licences,
            minimumEducation: minimumEducation.flatMap { EducationLevel(rawValue: $0) },
            minimumDutchLevel: minimumDutch.flatMap { LanguageLevel(code: $0) },
            status: status, validThrough: validThrough)
    }
}

enum EmployerRow {
    static let select = "id, name, kvk_number, street, postcode, city"

    static func employer(_ row: PostgresRow) throws -> Employer {
        let r = row.makeRandomAccess()
        var address: Address?
        if let street = try r.value("street", String?.self), let postcode = try r.value("postcode", String?.self).flatMap({ Postcode(parsing: $0) }),
           let city = try r.value("city", String?.self) {
            address = Address(street: street, postcode: postcode, city: city)
        }
        return Employer(id: try r.value("id"), name: try r.value("name"),
                        kvkNumber: try r.value("kvk_number", String?.self).flatMap { KvKNumber($0) }, address: address)
    }
}
