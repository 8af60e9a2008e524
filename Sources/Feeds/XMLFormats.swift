import Domain
import Foundation

/// Indeed-style XML: `<source><job><referencenumber>…</referencenumber><title>…</title>…</job></source>`.
/// Besides Indeed's own elements it reads the extensions Dutch job boards add: `hours`/`workhours`,
/// `startdate`, `kvk`, `esco`/`occupation`, `skills`, `banenafspraak`, `contractmonths`/`duration`, `demands`.
enum IndeedFormat {
    static func fields(_ job: XMLNode) -> DraftFields {
        var f = DraftFields()
        func v(_ names: String...) -> String? {
            for name in names { if let value = job.child(name)?.value { return value } }
            return nil
        }
        // Talent.com and other Indeed-style feeds: the same elements, sometimes only a `url` as the key and
        // `location`/`region` for the place.
        f.externalId = v("referencenumber", "id", "jobid") ?? job.attributes["id"] ?? v("url", "link")
        f.title = v("title")
        f.employerName = v("company", "employer", "companyname")
        f.employerKvK = v("kvk", "kvknumber")
        f.city = v("city", "location", "region", "place")
        f.postalCode = v("postalcode", "zip", "postcode")
        f.description = v("description")
        f.salaryText = v("salary")
        f.employmentTypes = v("jobtype").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        f.validThrough = v("expirationdate", "validthrough")
        f.startDate = v("startdate")
        f.hoursText = v("hours", "workhours", "hoursperweek")
        f.contractMonths = v("contractmonths")
        f.duration = v("duration", "contractduration")
        if let code = v("esco", "occupation", "escooccupation", "isco") { f.occupationCodes = [code] }
        if let skills = v("skills") { f.skillCodes = skills.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(String.init) }
        f.banenafspraak = v("banenafspraak", "suitableforbanenafspraak")
        if let demands = v("demands", "physicalrequirement") { f.demandTexts = demands.split(separator: ",").map(String.init) }
        return f
    }
}

/// HR Open / HR-XML `PositionOpening` (HR-XML 3.x as used by EURES and SETU; HR-XML 2.x element names as a fallback).
enum HROpenFormat {
    static func fields(_ opening: XMLNode) -> DraftFields {
        var f = DraftFields()
        f.salaryMachineFormat = true // HR-XML amounts are xsd:decimal
        let profile = opening.child("PositionProfile") ?? opening
        f.externalId = opening.child("DocumentID")?.value
            ?? profile.first("PositionID")?.value
            ?? opening.first("PositionRecordInfo")?.first("IdValue")?.value
        f.title = profile.firstValue("PositionTitle")
        let organization = profile.first("PositionOrganization")
        f.employerName = organization?.firstValue("OrganizationName", "Name")
            ?? profile.first("Company")?.firstValue("Name")
            ?? opening.first("PostingRequester")?.firstValue("PartyName", "OrganizationName")
        f.employerKvK = organization?.firstValue("OrganizationLegalID", "LegalID", "OrganizationID")
        let location = profile.first("PositionLocation") ?? profile.first("PhysicalLocation")
        f.postalCode = location?.firstValue("PostalCode")
        f.city = location?.firstValue("CityName", "Municipality")
        f.hoursText = profile.firstValue("HoursPerWeek", "AverageHoursPerWeek", "WorkingHours", "WorkHours", "TotalHours")
        if let min = profile.first("MinimumHoursPerWeek")?.value ?? profile.first("MinimumHours")?.value { f.hoursMin = min }
        if let max = profile.first("MaximumHoursPerWeek")?.value ?? profile.first("MaximumHours")?.value { f.hoursMax = max }
        f.employmentTypes = profile.all("PositionScheduleTypeCode").compactMap(\.value)
            + profile.all("PositionOfferingTypeCode").compactMap(\.value)
        if let period = profile.first("PositionPeriod") {
            f.startDate = dateText(period.child("StartDate"))
            if let start = f.startDate, let end = dateText(period.child("EndDate")),
               case .success(let s?) = Normalise.date(start), case .success(let e?) = Normalise.date(end) {
                let months = (e.year - s.year) * 12 + (e.month - s.month) + (e.day >= s.day ? 1 : 0)
                if months > 0 { f.contractMonths = String(months) }
            }
        }
        f.duration = profile.firstValue("PositionDuration", "Duration", "DurationMeasure")
        f.validThrough = profile.firstValue("ApplicationCloseDate", "PostEndDate") ?? opening.attributes["validTo"]
        if let package = profile.first("RemunerationPackage") {
            let minimum = package.first("MinimumAmount") ?? package.first("RemunerationAmount") ?? package.first("Amount")
            let maximum = package.first("MaximumAmount")
            f.salaryMin = minimum?.value
            f.salaryMax = maximum?.value
            f.currency = minimum?.attributes["currencyID"] ?? maximum?.attributes["currencyID"]
            f.salaryUnit = minimum?.attributes["unitCode"] ?? minimum?.attributes["intervalCode"]
                ?? package.firstValue("RemunerationIntervalCode", "IntervalCode", "BasisCode", "RemunerationTypeCode")
        }
        for code in profile.all("JobCategoryCode") + profile.all("OccupationCode") {
            if let value = code.value {
                if let uri = code.attributes["listURI"], uri.lowercased().contains("isco") || code.attributes["listName"]?.uppercased().hasPrefix("ISCO") == true,
                   value.count == 4 {
                    f.occupationCodes.append(value)
                } else {
                    f.occupationCodes.append(value)
                }
            }
        }
        f.skillCodes = profile.allText().filter { $0.contains("/esco/skill/") }
        f.description = profile.first("PositionFormattedDescription")?.firstValue("Content")
            ?? profile.first("FormattedPositionDescription")?.firstValue("Value")
            ?? profile.firstValue("PositionDescription", "Description")
        f.banenafspraak = opening.firstValue("Banenafspraak", "SuitableForBanenafspraak")
        f.demandTexts = (profile.all("PhysicalRequirement") + profile.all("SensoryRequirement") + profile.all("WorkingCondition")).compactMap(\.value)
        return f
    }

    static func dateText(_ node: XMLNode?) -> String? {
        guard let node else { return nil }
        return node.firstValue("FormattedDateTime", "Date", "DateText") ?? node.value
    }
}

/// Jooble XML: `<jobs><job id="…"><link>…</link><name>title</name><region>place</region><salary>…</salary>
/// <description>…</description><company>…</company><pubdate>…</pubdate><expire>…</expire><jobtype>…</jobtype></job></jobs>`.
/// The key is the `id` attribute, else the link.
enum JoobleFormat {
    static func fields(_ job: XMLNode) -> DraftFields {
        var f = IndeedFormat.fields(job) // salary, hours and the Dutch extensions read the same way
        func v(_ names: String...) -> String? {
            for name in names { if let value = job.child(name)?.value { return value } }
            return nil
        }
        f.externalId = job.attributes["id"].flatMap(FastText.trimmed) ?? v("id", "referencenumber") ?? v("link", "url")
        f.title = v("name", "title")
        f.city = v("region", "city", "location")
        f.validThrough = v("expire", "expirationdate", "validthrough")
        return f
    }
}

/// RSS 2.0 vacancy feeds: `<rss><channel><item><title/><link/><guid/><pubDate/><description/>…</item></channel></rss>`,
/// with the extra elements job boards add (`company`, `city`, `location`, `postalcode`, `salary`, `hours`, `jobtype`,
/// `expirationdate`), namespace prefixes ignored (`job:company`). The key is the guid, else the link.
enum RSSFormat {
    static func fields(_ item: XMLNode) -> DraftFields {
        var f = IndeedFormat.fields(item)
        func v(_ names: String...) -> String? {
            for name in names { if let value = item.child(name)?.value { return value } }
            return nil
        }
        f.externalId = v("guid", "referencenumber", "jobid") ?? v("link")
        f.title = v("title")
        f.employerName = v("company", "employer", "companyname", "hiringorganization")
        f.city = v("city", "location", "region", "place", "plaats", "standplaats")
        return f
    }
}
