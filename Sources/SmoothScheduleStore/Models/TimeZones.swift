import Foundation

/// Time-zone rules on epoch seconds through Foundation's tz database: the one home of zone arithmetic besides
/// `LocalClock` (the cached per-row offsets of exports and analytics). ISO text is `ISOTime`.
public enum TimeZones {
    public static func isValid(_ identifier: String) -> Bool { TimeZone(identifier: identifier) != nil }

    public static func calendar(_ identifier: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!
        calendar.firstWeekday = 2
        return calendar
    }

    /// The calendar month (in `timezone`) holding `instant`, as [start, end) epoch seconds.
    public static func monthBounds(containing instant: Int64, timezone: String) -> (start: Int64, end: Int64) {
        let calendar = calendar(timezone)
        let date = Date(timeIntervalSince1970: TimeInterval(instant))
        guard let interval = calendar.dateInterval(of: .month, for: date) else { return (instant, instant + 1) }
        return (Int64(interval.start.timeIntervalSince1970), Int64(interval.end.timeIntervalSince1970))
    }

    /// `YYYY-MM-DD` at 00:00 in `timezone`, as epoch seconds (dates of all-day events: docs/api.md §7).
    public static func midnight(_ date: String, timezone: String) -> Int64? {
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
