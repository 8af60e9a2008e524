import Domain
import Foundation

extension CalendarDate {
    /// Today's civil date in the Netherlands, the date Dutch policy dates refer to. The clock is read here,
    /// at the edge; the pure targets take dates as arguments.
    public static var today: CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
