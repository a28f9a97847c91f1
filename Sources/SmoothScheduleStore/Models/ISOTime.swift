import Foundation

/// ISO 8601 instants and dates as text, and civil-date arithmetic; storage is epoch seconds, UTC (docs/style.md §8).
/// Zone rules are `TimeZones` (and `LocalClock` for per-row work).
public enum ISOTime {
    /// `2025-12-02T10:30:00Z`. Formatted by hand: this runs for every instant of every response and export.
    public static func format(_ seconds: Int64) -> String {
        let days = Int(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
        let secondOfDay = Int(seconds - Int64(days) * 86400)
        let (year, month, day) = civilFromDays(days)
        var out = [UInt8](repeating: UInt8(ascii: "0"), count: 20)
        put(year, width: 4, at: 0, in: &out)
        out[4] = UInt8(ascii: "-")
        put(month, width: 2, at: 5, in: &out)
        out[7] = UInt8(ascii: "-")
        put(day, width: 2, at: 8, in: &out)
        out[10] = UInt8(ascii: "T")
        put(secondOfDay / 3600, width: 2, at: 11, in: &out)
        out[13] = UInt8(ascii: ":")
        put(secondOfDay / 60 % 60, width: 2, at: 14, in: &out)
        out[16] = UInt8(ascii: ":")
        put(secondOfDay % 60, width: 2, at: 17, in: &out)
        out[19] = UInt8(ascii: "Z")
        return String(decoding: out, as: UTF8.self)
    }

    private static func put(_ value: Int, width: Int, at offset: Int, in out: inout [UInt8]) {
        var v = max(0, value)
        for i in stride(from: offset + width - 1, through: offset, by: -1) {
            out[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
        }
    }

    /// Howard Hinnant's civil_from_days: days since 1970-01-01 → (year, month, day).
    public static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`; a missing offset is rejected (docs/api.md §1).
    public static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 17, let year = number(b, 0, 4), b[4] == 45, let month = number(b, 5, 2), b[7] == 45,
            let day = number(b, 8, 2), b[10] == 84 || b[10] == 116 || b[10] == 32, let hour = number(b, 11, 2),
            b[13] == 58,
            let minute = number(b, 14, 2)
        else { return nil }
        var i = 16
        var second = 0
        if i < b.count, b[i] == 58 {
            guard let s = number(b, i + 1, 2) else { return nil }
            second = s
            i += 3
            if i < b.count, b[i] == 46 {
                i += 1
                let start = i
                while i < b.count, (48...57).contains(b[i]) { i += 1 }
                guard i > start, i - start <= 9 else { return nil }
            }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            guard let oh = number(b, i + 1, 2), i + 3 < b.count, b[i + 3] == 58, let om = number(b, i + 4, 2), oh < 24,
                om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == 45 ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count, let days = daysFromCivil(year: year, month: month, day: day), hour < 24, minute < 60,
            second < 60
        else { return nil }
        return Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
    }

    /// `YYYY-MM-DD` → days since 1970-01-01, validating the calendar date.
    public static func parseDate(_ text: String) -> Int? {
        let b = Array(text.utf8)
        guard b.count == 10, let y = number(b, 0, 4), b[4] == 45, let m = number(b, 5, 2), b[7] == 45,
            let d = number(b, 8, 2)
        else { return nil }
        return daysFromCivil(year: y, month: m, day: d)
    }

    private static func number(_ b: [UInt8], _ at: Int, _ count: Int) -> Int? {
        guard at + count <= b.count else { return nil }
        var n = 0
        for k in at..<(at + count) {
            guard (48...57).contains(b[k]) else { return nil }
            n = n * 10 + Int(b[k] - 48)
        }
        return n
    }

    /// Howard Hinnant's days_from_civil; nil for impossible dates (Feb 30).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
