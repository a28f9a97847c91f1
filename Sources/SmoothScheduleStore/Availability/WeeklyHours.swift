// Weekly working hours as wall-clock rules in an IANA zone (docs/api.md §13).

/// One weekly rule: on `weekday` (0 = Monday) from `start` to `end`, in minutes after local midnight. An `end` at
/// or before the `start` runs past midnight into the next day; 1440 is `24:00`.
public struct WorkingRule: Equatable, Sendable {
    public let weekday: Int
    public let start: Int
    public let end: Int

    public init(weekday: Int, start: Int, end: Int) {
        self.weekday = weekday
        self.start = start
        self.end = end
    }

    /// Minutes from Monday 00:00 to the rule's start.
    var weekStart: Int { weekday * 1440 + start }
    /// How long the rule lasts, in minutes (less than a day when it crosses midnight).
    var length: Int { end > start ? end - start : 1440 - start + end }

    public var description: String {
        "\(WeeklyHours.dayNames[weekday]) \(ClockTime.format(start))–\(ClockTime.format(end))"
    }
}

/// `HH:MM` wall-clock times in minutes after midnight.
public enum ClockTime {
    /// `00:00`–`23:59`, and `24:00` when `allowEndOfDay`. Exactly two digits each side.
    public static func parse(_ text: String, allowEndOfDay: Bool) -> Int? {
        let b = Array(text.utf8)
        guard b.count == 5, b[2] == UInt8(ascii: ":"), b.indices.allSatisfy({ $0 == 2 || (48...57).contains(b[$0]) })
        else { return nil }
        let hour = Int(b[0] - 48) * 10 + Int(b[1] - 48)
        let minute = Int(b[3] - 48) * 10 + Int(b[4] - 48)
        if hour == 24 && minute == 0 && allowEndOfDay { return 1440 }
        guard hour < 24, minute < 60 else { return nil }
        return hour * 60 + minute
    }

    public static func format(_ minutes: Int) -> String {
        let h = minutes / 60
        let m = minutes % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }
}

/// A stretch of the week, after touching rules are joined: it starts `start` minutes after Monday 00:00 and lasts
/// `length` minutes (it may run past Sunday into the next week).
public struct WeeklySpan: Equatable, Sendable {
    public let start: Int
    public let length: Int
}

/// A schedule: weekly rules in a zone. Rules may not overlap; rules that touch (`12:00` end, `12:00` start, or
/// `24:00` then `00:00` the next day) form one continuous stretch of working time.
public struct WeeklyHours: Equatable, Sendable {
    public let timezone: String
    public let rules: [WorkingRule]

    public static let week = 7 * 1440
    public static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    /// Open around the clock: what a tenant that never set working hours has.
    public static func aroundTheClock(_ timezone: String) -> WeeklyHours {
        WeeklyHours(timezone: timezone, rules: (0..<7).map { WorkingRule(weekday: $0, start: 0, end: 1440) })
    }

    public init(timezone: String, rules: [WorkingRule]) {
        self.timezone = timezone
        self.rules = rules.sorted { ($0.weekStart, $0.end) < ($1.weekStart, $1.end) }
    }

    /// Pairs of indexes (into `rules` as given) that overlap anywhere in the week, wrapping past Sunday.
    public static func overlaps(_ rules: [WorkingRule]) -> [(Int, Int)] {
        var found: [(Int, Int)] = []
        for i in rules.indices {
            for j in rules.indices where j > i {
                let (a, b) = (rules[i], rules[j])
                let aEnd = a.weekStart + a.length
                for shift in [-week, 0, week] {
                    let bStart = b.weekStart + shift
                    if a.weekStart < bStart + b.length && bStart < aEnd {
                        found.append((i, j))
                        break
                    }
                }
            }
        }
        return found
    }

    /// The week's working time as joined stretches, by start. A schedule open all week is one stretch of a week
    /// from its earliest start.
    public var spans: [WeeklySpan] {
        var spans: [(start: Int, end: Int)] = []
        for rule in rules {
            if let last = spans.last, rule.weekStart <= last.end {
                spans[spans.count - 1].end = max(last.end, rule.weekStart + rule.length)
            } else {
                spans.append((rule.weekStart, rule.weekStart + rule.length))
            }
        }
        // A stretch running past Sunday midnight into the first one joins it.
        if spans.count > 1, let last = spans.last, last.end >= spans[0].start + Self.week {
            spans[spans.count - 1].end = max(last.end, spans[0].end + Self.week)
            spans.removeFirst()
        }
        return spans.map { WeeklySpan(start: $0.start, length: min($0.end - $0.start, Self.week)) }
    }

    /// Minutes of working time in a week (wall clock).
    public var weeklyMinutes: Int { spans.map(\.length).reduce(0, +) }
}
