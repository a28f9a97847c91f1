import Foundation

/// Local wall-clock parts of UTC instants in one time zone, fast enough for every row of an export.
///
/// Foundation is asked for the zone's UTC offset only when an instant leaves the cached span over which the
/// offset is constant (up to the next transition, at most one day ahead); everything else is integer arithmetic.
public struct LocalClock {
    public let identifier: String
    private let zone: TimeZone
    private var spanStart: Int64 = 1
    private var spanEnd: Int64 = 0
    private var offset: Int64 = 0

    public init(identifier: String) {
        self.identifier = identifier
        zone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!
    }

    /// The zone's offset from UTC, in seconds, at `instant`.
    public mutating func offset(at instant: Int64) -> Int64 {
        if instant >= spanStart && instant < spanEnd { return offset }
        let date = Date(timeIntervalSince1970: TimeInterval(instant))
        offset = Int64(zone.secondsFromGMT(for: date))
        spanStart = instant
        var end = instant + 86_400
        if let next = zone.nextDaylightSavingTimeTransition(after: date) {
            end = min(end, Int64(next.timeIntervalSince1970.rounded(.down)))
        }
        spanEnd = max(end, instant + 1)
        return offset
    }

    /// Local seconds since 1970-01-01T00:00 local (the instant shifted by the zone's offset).
    public mutating func localSeconds(_ instant: Int64) -> Int64 { instant + offset(at: instant) }

    /// `YYYY-MM-DD` of the local date.
    public mutating func date(_ instant: Int64) -> [UInt8] {
        let days = Self.floorDiv(localSeconds(instant), 86_400)
        return Self.dateBytes(days: days)
    }

    /// `HH:MM` of the local time.
    public mutating func time(_ instant: Int64) -> [UInt8] {
        let seconds = localSeconds(instant) - Self.floorDiv(localSeconds(instant), 86_400) * 86_400
        let hour = Int(seconds / 3600)
        let minute = Int(seconds % 3600 / 60)
        return [
            Self.digit(hour / 10), Self.digit(hour % 10), UInt8(ascii: ":"), Self.digit(minute / 10),
            Self.digit(minute % 10),
        ]
    }

    // MARK: - Civil calendar arithmetic (Howard Hinnant's algorithms)

    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Days since 1970-01-01 → (year, month, day).
    public static func civil(days: Int64) -> (year: Int, month: Int, day: Int) {
        let (year, month, day) = ISOTime.civilFromDays(Int(days))
        return (year, month, day)
    }

    /// `YYYY-MM-DD` for a day number.
    public static func dateBytes(days: Int64) -> [UInt8] {
        let (y, m, d) = civil(days: days)
        return [
            digit(y / 1000 % 10), digit(y / 100 % 10), digit(y / 10 % 10), digit(y % 10), UInt8(ascii: "-"),
            digit(m / 10), digit(m % 10), UInt8(ascii: "-"), digit(d / 10), digit(d % 10),
        ]
    }

    public static func dateString(days: Int64) -> String { String(decoding: dateBytes(days: days), as: UTF8.self) }

    static func digit(_ n: Int) -> UInt8 { UInt8(ascii: "0") + UInt8(n) }
}

extension LocalClock {
    /// The UTC instant at which local day `days` begins in this zone (midnight, or the first instant after a gap).
    public mutating func startOfDay(_ days: Int64) -> Int64 {
        let noon = days * 86_400 + 43_200
        let guess = noon - offset(at: noon)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return Int64(calendar.startOfDay(for: Date(timeIntervalSince1970: TimeInterval(guess))).timeIntervalSince1970)
    }
}

extension LocalClock {
    /// Spans `[start, end)` with the zone's constant UTC offset, covering `[from, through]` (for SQL bucketing).
    public func offsetSpans(from: Int64, through: Int64) -> [(start: Int64, end: Int64, offset: Int64)] {
        var spans: [(start: Int64, end: Int64, offset: Int64)] = []
        var start = from
        while start <= through {
            let date = Date(timeIntervalSince1970: TimeInterval(start))
            let offset = Int64(zone.secondsFromGMT(for: date))
            var end = through + 1
            if let next = zone.nextDaylightSavingTimeTransition(after: date) {
                end = min(end, max(Int64(next.timeIntervalSince1970.rounded(.down)), start + 1))
            }
            spans.append((start, end, offset))
            start = end
        }
        return spans
    }
}

extension LocalClock {
    /// `2025-12-02T10:30:00Z` as bytes, without Foundation formatting (hot path of CSV exports).
    public static func isoUTCBytes(_ instant: Int64) -> [UInt8] {
        let days = floorDiv(instant, 86_400)
        let seconds = Int(instant - days * 86_400)
        var out = dateBytes(days: days)
        out.reserveCapacity(20)
        let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60)
        out += [
            UInt8(ascii: "T"), digit(h / 10), digit(h % 10), UInt8(ascii: ":"), digit(m / 10), digit(m % 10),
            UInt8(ascii: ":"), digit(s / 10), digit(s % 10), UInt8(ascii: "Z"),
        ]
        return out
    }
}
