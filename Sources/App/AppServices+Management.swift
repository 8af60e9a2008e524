import Foundation
import Repositories
import Services

extension AppServices {
    /// The management overview over the same repositories as everything else. Its reads live in a protocol
    /// of their own (`ManagementReportRepository`) that a store may or may not implement yet; without it the
    /// overview page says it is not available instead of failing to start.
    var managementReport: ManagementReport? {
        guard let reports = repositories as? any ManagementReportRepository else { return nil }
        let reference = self.reference
        return ManagementReport(reports: reports, candidates: repositories, regions: Self.candidateRegions(reference),
                                regionName: { reference.region(ofMunicipality: $0)?.name }, cache: (changes: repositories, overviews: overviewCache))
    }
}
