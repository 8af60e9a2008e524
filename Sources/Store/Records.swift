import Domain
import Foundation
import GRDB

/// Row ↔ ``Candidate``. Written by hand rather than Codable: the region's 20k candidates load at start.
struct CandidateRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "candidate"
    var candidate: Candidate

    init(_ candidate: Candidate) { self.candidate = candidate }

    /// Active candidates only: a deactivated one stays stored but is out of matching, searches and the index.
    static var active: QueryInterfaceRequest<CandidateRecord> { filter(Column("active") == true) }

    init(row: Row) throws {
        guard let dateOfBirth: CalendarDate = row["dateOfBirth"], let availableFrom: CalendarDate = row["availableFrom"],
              let postcode: Postcode = row["postcode"] else {
            throw StoreError.invalidRecord("candidate \(row["id"] as String? ?? "?") has an unreadable date or postcode")
        }
        guard let benefit = BenefitType(rawValue: row["benefit"]), let rung = LadderRung(rawValue: row["ladderRung"]),
              let education = EducationLevel(rawValue: row["education"]), let dutch = LanguageLevel(code: row["dutchLevel"]),
              let hours = WeeklyHours(min: row["hoursMin"], max: row["hoursMax"]) else {
            throw StoreError.invalidRecord("candidate \(row["id"] as String? ?? "?") has an unknown code")
        }
        var wageValue: WageValueMeasurement?
        if let percent: Int = row["wageValuePercent"], let measuredOn: CalendarDate = row["wageValueMeasuredOn"] {
            wageValue = WageValueMeasurement(percent: percent, measuredOn: measuredOn)
        }
        candidate = Candidate(
            id: row["id"], municipality: row["municipality"], dateOfBirth: dateOfBirth, benefit: benefit,
            benefitSince: row["benefitSince"], targetGroupRegister: row["targetGroupRegister"],
            shelteredWorkIndication: row["shelteredWorkIndication"], workLimitation: row["workLimitation"],
            wageValue: wageValue, hadEducationObstacle: row["hadEducationObstacle"], ladderRung: rung,
            singleParentWithChildUnder12: row["singleParentWithChildUnder12"], statusHolder: row["statusHolder"],
            hoursAvailable: hours, travelReachKm: row["travelReachKm"], postcode: postcode, availableFrom: availableFrom,
            skills: try JSONColumn.decode([EscoID].self, from: row["skills"], column: "candidate.skills"),
            desiredOccupations: try JSONColumn.decode([EscoID].self, from: row["desiredOccupations"], column: "candidate.desiredOccupations"),
            education: education, dutchLevel: dutch,
            drivingLicences: try JSONColumn.decode([DrivingLicence].self, from: row["drivingLicences"], column: "candidate.drivingLicences"),
            avoid: try JSONColumn.decode([WorkDemand].self, from: row["avoid"], column: "candidate.avoid"))
    }

    func encode(to container: inout PersistenceContainer) {
        let c = candidate
        container["id"] = c.id
        container["municipality"] = c.municipality
        container["dateOfBirth"] = c.dateOfBirth
        container["benefit"] = c.benefit.rawValue
        container["benefitSince"] = c.benefitSince
        container["targetGroupRegister"] = c.targetGroupRegister
        container["shelteredWorkIndication"] = c.shelteredWorkIndication
        container["workLimitation"] = c.workLimitation
        container["wageValuePercent"] = c.wageValue?.percent
        container["wageValueMeasuredOn"] = c.wageValue?.measuredOn
        container["hadEducationObstacle"] = c.hadEducationObstacle
        container["ladderRung"] = c.ladderRung.rawValue
        container["singleParentWithChildUnder12"] = c.singleParentWithChildUnder12
        container["statusHolder"] = c.statusHolder
        container["hoursMin"] = c.hoursAvailable.min
        container["hoursMax"] = c.hoursAvailable.max
        container["travelReachKm"] = c.travelReachKm
        container["postcode"] = c.postcode
        container["pc4"] = c.postcode.pc4
        container["availableFrom"] = c.availableFrom
        container["skills"] = JSONColumn.list(c.skills)
        container["desiredOccupations"] = JSONColumn.list(c.desiredOccupations)
        container["education"] = c.education.rawValue
        container["dutchLevel"] = c.dutchLevel.code
        container["drivingLicences"] = JSONColumn.list(c.drivingLicences)
        container["avoid"] = JSONColumn.list(c.avoid)
    }
}

struct VacancyRecord: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "vacancy"
    var vacancy: Vacancy
    var feedId: Int64?
    var contentHash: String?

    init(_ vacancy: Vacancy, feedId: Int64? = nil, contentHash: String? = nil) {
        self.vacancy = vacancy
        self.feedId = feedId
        self.contentHash = contentHash
    }

    init(row: Row) throws {
        guard let hours = WeeklyHours(min: row["hoursMin"], max: row["hoursMax"]),
              let status = VacancyStatus(rawValue: row["status"]) else {
            throw StoreError.invalidRecord("vacancy \(row["id"] as Int64? ?? 0) has unreadable hours or status")
        }
        let wageCents: Int64? = row["hourlyWageCents"]
        let minimumEducation: Int? = row["minimumEducation"]
        let minimumDutch: String? = row["minimumDutchLevel"]
        vacancy = Vacancy(
            id: row["id"], source: row["source"], externalId: row["externalId"], employerId: row["employerId"],
            title: row["title"], occupation: row["occupation"],
            requiredSkills: try JSONColumn.decode([EscoID].self, from: row["requiredSkills"], column: "vacancy.requiredSkills"),
            optionalSkills: try JSONColumn.decode([EscoID].self, from: row["optionalSkills"], column: "vacancy.optionalSkills"),
            postcode: row["postcode"], hours: hours, contractMonths: row["contractMonths"], startDate: row["startDate"],
            hourlyWage: wageCents.map(Money.init(cents:)), suitableForBanenafspraak: row["suitableForBanenafspraak"],
            demands: try JSONColumn.decode([WorkDemand].self, from: row["demands"], column: "vacancy.demands"),
            requiredLicences: try JSONColumn.decode([DrivingLicence].self, from: row["requiredLicences"], column: "vacancy.requiredLicences"),
            minimumEducation: minimumEducation.flatMap(EducationLevel.init(rawValue:)),
            minimumDutchLevel: minimumDutch.flatMap(LanguageLevel.init(code:)),
            status: status, validThrough: row["validThrough"])
        feedId = row["feedId"]
        contentHash = row["contentHash"]
    }

    /// The columns written for a vacancy, in the order of ``values``; `id` is left to SQLite on insert.
    static let writtenColumns = [
        "source", "externalId", "feedId", "employerId", "title", "occupation", "requiredSkills", "optionalSkills", "postcode", "pc4",
        "hoursMin", "hoursMax", "contractMonths", "startDate", "hourlyWageCents", "suitableForBanenafspraak", "demands",
        "requiredLicences", "minimumEducation", "minimumDutchLevel", "status", "validThrough", "contentHash",
    ]

    var values: [(any DatabaseValueConvertible)?] {
        let v = vacancy
        return [
            v.source, v.externalId, feedId, v.employerId, v.title, v.occupation, JSONColumn.list(v.requiredSkills),
            JSONColumn.list(v.optionalSkills), v.postcode, v.postcode?.pc4, v.hours.min, v.hours.max, v.contractMonths, v.startDate,
            v.hourlyWage?.cents, v.suitableForBanenafspraak, JSONColumn.list(v.demands), JSONColumn.list(v.requiredLicences),
            v.minimumEducation?.rawValue, v.minimumDutchLevel?.code, v.status.rawValue, v.validThrough, contentHash,
        ]
    }

    func encode(to container: inout PersistenceContainer) {
        if vacancy.id > 0 { container["id"] = vacancy.id }
        for (column, value) in zip(Self.writtenColumns, values) { container[column] = value }
    }

    /// The statements of ``insertPrepared(_:)`` and ``updatePrepared(_:)``, built once (building them per row was
    /// 2 % of a 100k-record import).
    static let insertSQL = "INSERT INTO vacancy (\(writtenColumns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: writtenColumns.count).joined(separator: ", ")))"
    static let updateSQL = "UPDATE vacancy SET \(writtenColumns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?"

    /// Inserts through one cached prepared statement: a feed import writes up to 100k rows in one transaction,
    /// and the generic record insert builds a container and looks up its statement for every row.
    mutating func insertPrepared(_ db: Database) throws {
        let statement = try db.cachedStatement(sql: Self.insertSQL)
        try bindWrittenColumns(to: statement, extra: nil)
        try statement.execute()
        vacancy.id = db.lastInsertedRowID
    }

    /// Updates every written column of the row with this vacancy's id, through one cached statement.
    func updatePrepared(_ db: Database) throws {
        let statement = try db.cachedStatement(sql: Self.updateSQL)
        try bindWrittenColumns(to: statement, extra: vacancy.id)
        try statement.execute()
    }

    /// Binds the ``writtenColumns`` (in the order of ``values``) and `extra` after them, each value bound as its
    /// own type: building ``values`` and `StatementArguments` boxed 23 values per row and was the largest cost of
    /// the store phase of a 100k-record import. ``values`` stays the one list for the generic record paths; a
    /// test checks that both write the same row.
    private func bindWrittenColumns(to statement: Statement, extra: Int64?) throws {
        // Declares the statement's arguments set (and clears earlier bindings), so that `execute()` runs it with the
        // bindings made below instead of asking for arguments.
        statement.setUncheckedArguments(StatementArguments())
        let handle = statement.sqliteStatement
        var index: CInt = 0
        func bind<T: StatementBinding>(_ value: T) throws {
            index += 1
            let code = value.bind(to: handle, at: index)
            guard code == ResultCode.SQLITE_OK.rawValue else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "binding vacancy column \(index) failed", sql: statement.sql)
            }
        }
        let v = vacancy
        try bind(v.source); try bind(v.externalId); try bind(feedId); try bind(v.employerId); try bind(v.title)
        try bind(v.occupation); try bind(JSONColumn.list(v.requiredSkills)); try bind(JSONColumn.list(v.optionalSkills))
        try bind(v.postcode); try bind(v.postcode?.pc4); try bind(v.hours.min); try bind(v.hours.max); try bind(v.contractMonths)
        try bind(v.startDate); try bind(v.hourlyWage?.cents); try bind(v.suitableForBanenafspraak); try bind(JSONColumn.list(v.demands))
        try bind(JSONColumn.list(v.requiredLicences)); try bind(v.minimumEducation?.rawValue); try bind(v.minimumDutchLevel?.code)
        try bind(v.status.rawValue); try bind(v.validThrough); try bind(contentHash)
        if let extra { try bind(extra) }
        assert(index == CInt(Self.writtenColumns.count + (extra == nil ? 0 : 1)), "every written column is bound")
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        vacancy.id = inserted.rowID
    }
}

struct EmployerRecord: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "employer"
    var employer: Employer

    init(_ employer: Employer) { self.employer = employer }

    init(row: Row) throws {
        var address: Address?
        if let street: String = row["street"], let postcode: Postcode = row["postcode"], let city: String = row["city"] {
            address = Address(street: street, postcode: postcode, city: city)
        }
        let kvk: String? = row["kvkNumber"]
        employer = Employer(id: row["id"], name: row["name"], kvkNumber: kvk.flatMap { KvKNumber($0) }, address: address)
    }

    func encode(to container: inout PersistenceContainer) {
        if employer.id > 0 { container["id"] = employer.id }
        container["name"] = employer.name
        container["kvkNumber"] = employer.kvkNumber?.rawValue
        container["street"] = employer.address?.street
        container["postcode"] = employer.address?.postcode
        container["city"] = employer.address?.city
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        employer.id = inserted.rowID
    }
}
