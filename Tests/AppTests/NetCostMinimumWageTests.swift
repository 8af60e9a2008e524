import Catalog
import Domain
import Foundation
import Services
import Testing

/// The net cost of a quote follows the statutory minimum wage as it rises during the contract (WML art. 7 and 8):
/// a wage that is valid at the start but falls below the minimum at a birthday is raised to the minimum from
/// that day. Hand-computed to the cent: gross = wage × 36 × 52 ÷ 12, holiday allowance 8%, employer charges 18%
/// (werkgeverslasten.schatting), each rounded once; a row = wage cost per month × its share of calendar months.
@Suite struct NetCostMinimumWageTests {
    let policy: PolicyCatalog
    let charges = "werkgeverslasten.schatting"

    init() throws {
        policy = try PolicyCatalog.load(from: repositoryRoot.appendingPathComponent("catalog"))
    }

    private func terms(wage: String) -> PlacementTerms {
        PlacementTerms(candidateId: "c", vacancyId: 1, startDate: CalendarDate(year: 2026, month: 1, day: 1)!, hoursPerWeek: 36,
                       contractMonths: 12, hourlyWage: Money(parsing: wage)!)
    }

    @Test func turning21RaisesTheWageToTheAdultMinimumFromTheBirthday() throws {
        // Born 2005-09-15: 20 until 2026-09-14, minimum 14.71 × 80% = 11.77 = the contract wage; 21 from 2026-09-15,
        // minimum 14.71 (wml.hourly.adult from 2026-01-01).
        let floor = NetCostTable.WageFloor(municipality: "Dordrecht", dateOfBirth: CalendarDate(year: 2005, month: 9, day: 15)!)
        let table = try NetCostTable.compute(terms: terms(wage: "11.77"), decisions: [], policy: policy,
                                             employerChargesParameter: charges, wageFloor: floor)
        #expect(table.rows.map(\.from) == [CalendarDate(year: 2026, month: 1, day: 1)!, CalendarDate(year: 2026, month: 9, day: 15)!])
        // 11.77 × 36 × 52 / 12 = 1836.12; + 146.89 + 356.94 = 2339.95; × (8 + 14/30) = 19811.58
        #expect(table.rows[0].wageCostPerMonth == Money(parsing: "2339.95")!)
        #expect(table.rows[0].minimumWageApplied == nil)
        #expect(table.rows[0].wageCostAmount == Money(parsing: "19811.58")!)
        // 14.71 × 36 × 52 / 12 = 2294.76; + 183.58 + 446.10 = 2924.44; × (16/30 + 3) = 10333.02
        #expect(table.rows[1].minimumWageApplied == Money(parsing: "14.71")!)
        #expect(table.rows[1].grossWagePerMonth == Money(parsing: "2294.76")!)
        #expect(table.rows[1].wageCostPerMonth == Money(parsing: "2924.44")!)
        #expect(table.rows[1].wageCostAmount == Money(parsing: "10333.02")!)
        #expect(table.wageCostTotal == Money(parsing: "30144.60")!)
        #expect(table.netTotal == table.wageCostTotal)
        #expect(table.basis.contains { $0.contains("Vanaf 2026-09-15: wettelijk minimumloon 21 jaar € 14,71 per uur") && $0.contains("WML art. 7 en 8") })
        // The minimum from 2026-07-01 is carried forward (not in the catalog) but equal to the contract wage at 20:
        // no row and no projected line before the birthday.
        #expect(!table.basis.contains { $0.hasPrefix("Vanaf 2026-07-01") })

        // Without the floor (e.g. Wajong with loondispensatie) the contract wage runs on: 2339.95 × 12 = 28079.40.
        let plain = try NetCostTable.compute(terms: terms(wage: "11.77"), decisions: [], policy: policy, employerChargesParameter: charges)
        #expect(plain.rows.count == 1)
        #expect(plain.wageCostTotal == Money(parsing: "28079.40")!)
    }

    @Test func bblScaleIsTheFloorForAnEmployeeInABBLProgramme() throws {
        // Born 2006-09-15, BBL: 19 → 14.71 × 52.5% = 7.72 (the contract wage); 20 from 2026-09-15 → 14.71 × 61.5% = 9.05.
        let floor = NetCostTable.WageFloor(municipality: "Dordrecht", dateOfBirth: CalendarDate(year: 2006, month: 9, day: 15)!, followsBBL: true)
        let table = try NetCostTable.compute(terms: terms(wage: "7.72"), decisions: [], policy: policy,
                                             employerChargesParameter: charges, wageFloor: floor)
        #expect(table.rows.count == 2)
        // 7.72 → 1204.32 + 96.35 + 234.12 = 1534.79 × (8 + 14/30) = 12994.56
        #expect(table.rows[0].wageCostAmount == Money(parsing: "12994.56")!)
        // 9.05 → 1411.80 + 112.94 + 274.45 = 1799.19 × (16/30 + 3) = 6357.14
        #expect(table.rows[1].minimumWageApplied == Money(parsing: "9.05")!)
        #expect(table.rows[1].wageCostAmount == Money(parsing: "6357.14")!)
        #expect(table.wageCostTotal == Money(parsing: "19351.70")!)
        #expect(table.basis.contains { $0.contains("20 jaar (bbl-staffel, Besluit minimumjeugdloonregeling art. 3) € 9,05 per uur") })
    }

    @Test func aWageAboveTheMinimumGivesTheSameRowsAsBefore() throws {
        let floor = NetCostTable.WageFloor(municipality: "Dordrecht", dateOfBirth: CalendarDate(year: 2005, month: 9, day: 15)!)
        let withFloor = try NetCostTable.compute(terms: terms(wage: "16.00"), decisions: [], policy: policy,
                                                 employerChargesParameter: charges, wageFloor: floor)
        let without = try NetCostTable.compute(terms: terms(wage: "16.00"), decisions: [], policy: policy, employerChargesParameter: charges)
        #expect(withFloor == without)
    }
}
