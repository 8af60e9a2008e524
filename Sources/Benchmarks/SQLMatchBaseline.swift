import Store
import Domain
import Foundation
import GRDB

/// The weights and thresholds of a matching profile, as plain numbers for SQL.
public struct SQLMatchWeights: Sendable {
    public var occupation, skills, distance, hours, education, dutchLanguage, inclusiveVacancy: Double
    public var sameOccupation, sameUnitGroup, sameMinorGroup, sameSubMajorGroup: Double
    public var optionalSkillWeight: Double
    public var fullDistanceKm: Double
    public var fullHours: Double
    public var educationPenalty: Double
    public var dutchPenalty: Double
    public var registerSuitable, registerRegular, otherSuitable, otherRegular: Double

    public init(occupation: Double, skills: Double, distance: Double, hours: Double, education: Double, dutchLanguage: Double,
                inclusiveVacancy: Double, sameOccupation: Double, sameUnitGroup: Double, sameMinorGroup: Double,
                sameSubMajorGroup: Double, optionalSkillWeight: Double, fullDistanceKm: Double, fullHours: Double,
                educationPenalty: Double, dutchPenalty: Double, registerSuitable: Double, registerRegular: Double,
                otherSuitable: Double, otherRegular: Double) {
        (self.occupation, self.skills, self.distance, self.hours, self.education, self.dutchLanguage, self.inclusiveVacancy) =
            (occupation, skills, distance, hours, education, dutchLanguage, inclusiveVacancy)
        (self.sameOccupation, self.sameUnitGroup, self.sameMinorGroup, self.sameSubMajorGroup) =
            (sameOccupation, sameUnitGroup, sameMinorGroup, sameSubMajorGroup)
        self.optionalSkillWeight = optionalSkillWeight
        self.fullDistanceKm = fullDistanceKm
        self.fullHours = fullHours
        self.educationPenalty = educationPenalty
        self.dutchPenalty = dutchPenalty
        (self.registerSuitable, self.registerRegular, self.otherSuitable, self.otherRegular) =
            (registerSuitable, registerRegular, otherSuitable, otherRegular)
    }
}

/// The candidate → top-k vacancies query written in SQL over the same tables, as the baseline the in-memory
/// index is measured against (`matchpunt bench match`). Same hard filters, same factors, same weights.
/// Opens its own connection, because the PC4 centroids and ISCO groups it joins live in temporary tables.
public final class SQLMatchBaseline {
    private let queue: DatabaseQueue

    public init(store: MatchpuntStore, centroids: [(pc4: Int, latitude: Double, longitude: Double)], occupationIsco: [(EscoID, Int)]) throws {
        var configuration = Configuration()
        configuration.readonly = false
        queue = try DatabaseQueue(path: store.path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TEMP TABLE pc4Centroid (pc4 INTEGER PRIMARY KEY, latitude REAL NOT NULL, longitude REAL NOT NULL)")
            try db.execute(sql: "CREATE TEMP TABLE occupationIsco (id TEXT PRIMARY KEY, isco INTEGER NOT NULL)")
            try db.inTransaction {
                for c in centroids {
                    try db.execute(sql: "INSERT INTO pc4Centroid VALUES (?, ?, ?)", arguments: [c.pc4, c.latitude, c.longitude])
                }
                for (id, isco) in occupationIsco {
                    try db.execute(sql: "INSERT INTO occupationIsco VALUES (?, ?)", arguments: [id.rawValue, isco])
                }
                return .commit
            }
        }
    }

    /// Top `k` open vacancies for the candidate: (vacancy id, score), best first, ties by id.
    public func topVacancies(for candidate: Candidate, weights w: SQLMatchWeights, k: Int) throws -> [(Int64, Double)] {
        let sql = """
            WITH cand AS (
                SELECT latitude AS lat, longitude AS lon FROM pc4Centroid WHERE pc4 = :pc4
            ), desired AS (
                SELECT o.id, o.isco FROM json_each(:desired) d JOIN occupationIsco o ON o.id = d.value
            ), candidateSkill AS (
                SELECT value FROM json_each(:skills)
            ), passing AS (
                SELECT v.id, v.occupation, oi.isco, v.hoursMin, v.hoursMax, v.requiredSkills, v.optionalSkills,
                       v.suitableForBanenafspraak, v.minimumEducation, v.minimumDutchLevel,
                       2 * 6371.0 * asin(min(1, sqrt(
                           pow(sin(radians(p.latitude - cand.lat) / 2), 2) +
                           cos(radians(cand.lat)) * cos(radians(p.latitude)) * pow(sin(radians(p.longitude - cand.lon) / 2), 2)))) AS km
                FROM vacancy v
                JOIN pc4Centroid p ON p.pc4 = v.pc4
                CROSS JOIN cand
                LEFT JOIN occupationIsco oi ON oi.id = v.occupation
                WHERE v.status = 'open'
                  AND v.hoursMax >= :hoursMin AND v.hoursMin <= :hoursMax
                  AND (v.startDate IS NULL OR v.startDate >= :availableFrom)
                  AND NOT EXISTS (SELECT 1 FROM json_each(v.requiredLicences) l WHERE l.value NOT IN (SELECT value FROM json_each(:licences)))
                  AND NOT EXISTS (SELECT 1 FROM json_each(v.demands) d WHERE d.value IN (SELECT value FROM json_each(:avoid)))
            ), factors AS (
                SELECT id,
                    CASE
                        WHEN occupation IN (SELECT id FROM desired) THEN :sameOccupation
                        WHEN isco IN (SELECT isco FROM desired) THEN :sameUnit
                        WHEN isco / 10 IN (SELECT isco / 10 FROM desired) THEN :sameMinor
                        WHEN isco / 100 IN (SELECT isco / 100 FROM desired) THEN :sameSubMajor
                        ELSE 0 END AS occupationValue,
                    CASE WHEN json_array_length(requiredSkills) + :optionalWeight * json_array_length(optionalSkills) = 0 THEN 0 ELSE
                        min(1, ((SELECT count(*) FROM json_each(requiredSkills) WHERE value IN candidateSkill)
                              + :optionalWeight * (SELECT count(*) FROM json_each(optionalSkills) WHERE value IN candidateSkill))
                            / (json_array_length(requiredSkills) + :optionalWeight * json_array_length(optionalSkills))) END AS skillsValue,
                    CASE WHEN km <= :fullKm OR :reach <= :fullKm THEN 1.0
                         ELSE max(0, min(1, 1 - (km - :fullKm) / (:reach - :fullKm))) END AS distanceValue,
                    min(1, min(hoursMax, :hoursMax) / :fullHours) AS hoursValue,
                    CASE WHEN minimumEducation IS NULL OR minimumEducation <= :education THEN 1.0
                         ELSE max(0, 1 - :educationPenalty * (minimumEducation - :education)) END AS educationValue,
                    CASE WHEN minimumDutchLevel IS NULL THEN 1.0 ELSE
                         max(0, min(1, 1 - :dutchPenalty * ((CASE minimumDutchLevel WHEN 'A1' THEN 1 WHEN 'A2' THEN 2 WHEN 'B1' THEN 3
                             WHEN 'B2' THEN 4 WHEN 'C1' THEN 5 WHEN 'C2' THEN 6 ELSE 0 END) - :dutch))) END AS dutchValue,
                    CASE WHEN :inRegister THEN (CASE WHEN suitableForBanenafspraak THEN :registerSuitable ELSE :registerRegular END)
                         ELSE (CASE WHEN suitableForBanenafspraak THEN :otherSuitable ELSE :otherRegular END) END AS inclusiveValue
                FROM passing WHERE km <= :reach
            )
            SELECT id, :w0 * occupationValue + :w1 * skillsValue + :w2 * distanceValue + :w3 * hoursValue
                     + :w4 * educationValue + :w5 * dutchValue + :w6 * inclusiveValue AS score
            FROM factors ORDER BY score DESC, id LIMIT :k
            """
        let arguments: StatementArguments = [
            "pc4": candidate.postcode.pc4, "desired": JSONColumn.list(candidate.desiredOccupations),
            "skills": JSONColumn.list(candidate.skills), "hoursMin": candidate.hoursAvailable.min, "hoursMax": candidate.hoursAvailable.max,
            "availableFrom": candidate.availableFrom, "licences": JSONColumn.list(candidate.drivingLicences),
            "avoid": JSONColumn.list(candidate.avoid), "sameOccupation": w.sameOccupation, "sameUnit": w.sameUnitGroup,
            "sameMinor": w.sameMinorGroup, "sameSubMajor": w.sameSubMajorGroup, "optionalWeight": w.optionalSkillWeight,
            "fullKm": w.fullDistanceKm, "reach": Double(candidate.travelReachKm), "fullHours": w.fullHours,
            "education": candidate.education.rawValue, "educationPenalty": w.educationPenalty,
            "dutch": candidate.dutchLevel.rawValue, "dutchPenalty": w.dutchPenalty, "inRegister": candidate.targetGroupRegister,
            "registerSuitable": w.registerSuitable, "registerRegular": w.registerRegular, "otherSuitable": w.otherSuitable,
            "otherRegular": w.otherRegular, "w0": w.occupation, "w1": w.skills, "w2": w.distance, "w3": w.hours,
            "w4": w.education, "w5": w.dutchLanguage, "w6": w.inclusiveVacancy, "k": k,
        ]
        return try queue.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { ($0["id"], $0["score"]) }
        }
    }
}
