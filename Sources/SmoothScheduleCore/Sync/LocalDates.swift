import Foundation

/// Dates of all-day events: midnight in the tenant's time zone (docs/api.md §7).
enum LocalDates {
    /// `YYYY-MM-DD` at 00:00 in `timezone`, as epoch seconds.
    static func midnight(_ date: String, timezone: String) -> Int64? {
        let b = Array(date.utf8.prefix(10))
        guard b.count == 10, ISOTime.parseDate(String(decoding: b, as: UTF8.self)) != nil,
            let y = Int(String(decoding: b[0..<4], as: UTF8.self)),
            let m = Int(String(decoding: b[5..<7], as: UTF8.self)),
            let d = Int(String(decoding: b[8..<10], as: UTF8.self))
        else { return nil }
        let calendar = TimeZones.calendar(timezone)
        guard
            let instant = calendar.date(from: DateComponents(year: y, month: m, day: d, hour: 0, minute: 0, second: 0))
        else { return nil }
        return Int64(instant.timeIntervalSince1970)
    }
}
