import Domain
import Services

/// The quote's net cost table as the staff see it before issuing: per period the wage cost, each monthly
/// instrument, and what the hire costs per month; the totals; yearly and one-off amounts apart.
struct NetCostView: Sendable {
    struct Cell: Sendable {
        let label: String
        let value: String
    }

    struct Row: Sendable {
        let period: String
        let share: String
        let wageCost: String
        let instruments: [Cell]
        let net: String
        let netAmount: String
    }

    struct LumpSum: Sendable {
        let name: String
        let period: String
        let amount: String
        let kind: String
    }

    let columns: [String]
    let rows: [Row]
    let totalWageCost: String
    let totalInstruments: [String]
    let totalNet: String
    let lumpSums: [LumpSum]
    let hasLumpSums: Bool
    let lumpSumTotal: String
    let incomplete: Bool
    let basis: [String]

    init(_ table: NetCostTable) {
        columns = table.columns.map(\.name)
        rows = table.rows.map { row in
            Row(period: "\(PageFormat.date(row.from)) – \(PageFormat.date(row.to))", share: row.share, wageCost: row.wageCostPerMonth.description,
                instruments: zip(table.columns, zip(row.instrumentPerMonth, row.pending)).map { column, value in
                    Cell(label: column.name + " per maand", value: value.1 ? "volgt" : (value.0.map { "− " + $0.description } ?? "—"))
                },
                net: row.netPerMonth.description, netAmount: row.netAmount.description)
        }
        totalWageCost = table.wageCostTotal.description
        totalInstruments = table.instrumentTotals.map { "− " + $0.description }
        totalNet = table.netTotal.description
        lumpSums = table.lumpSums.map { sum in
            LumpSum(name: sum.name, period: PageFormat.date(sum.from) + (sum.to.map { " – " + PageFormat.date($0) } ?? ""),
                    amount: sum.amount.description, kind: sum.kind)
        }
        hasLumpSums = !lumpSums.isEmpty
        lumpSumTotal = table.lumpSumTotal.description
        incomplete = table.incomplete
        basis = table.basis
    }
}
