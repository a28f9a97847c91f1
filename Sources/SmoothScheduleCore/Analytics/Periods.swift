// Reporting periods in the tenant's time zone, as UTC instants SQL can range-bucket (docs/api.md §9).

/// How a series is bucketed: local days, Monday-based local weeks, or local calendar months.
public enum GroupBy: String, CaseIterable, Sendable {
    case day, week, month
}

/// One bucket: `label` is the local date its calendar period begins on; `[start, end)` is clipped to the range.
public struct Period: Equatable, Sendable {
    public let label: String
    public let start: Int64
    public let end: Int64
}

/// An inclusive range of local dates plus its bucketing, validated (`start_date`, `end_date`, `group_by`).
public struct ReportRange: Sendable {
    /// The longest range a report covers, in days (about ten years).
    public static let maxDays: Int64 = 3660
    /// The default range: the 30 local days ending today.
    public static let defaultDays: Int64 = 30

    public let startDay: Int64
    public let endDay: Int64
    public let groupBy: GroupBy

    /// Parses the query; absent dates default to the last 30 days (today included) in `timezone`.
    public static func parse(_ request: Request, timezone: String, now: Int64) throws -> ReportRange {
        var problems: [(String, String)] = []
        let dates = DateRange.parse(request, problems: &problems)
        let groupText = request.queryValue("group_by") ?? "day"
        let groupBy = GroupBy(rawValue: groupText)  // exactly the document's enum
        if groupBy == nil { problems.append(("group_by", "Use day, week or month.")) }
        var clock = LocalClock(identifier: timezone)
        let today = LocalClock.floorDiv(clock.localSeconds(now), 86_400)
        let end = dates.end ?? max(today, dates.start ?? today)
        let start = dates.start ?? end - (defaultDays - 1)
        if problems.isEmpty && end - start + 1 > maxDays {
            problems.append(("end_date", "A report covers at most \(maxDays) days."))
        }
        guard problems.isEmpty, let groupBy else { throw APIError.invalid(problems) }
        return ReportRange(startDay: start, endDay: end, groupBy: groupBy)
    }

    /// The periods covering the range, in order; each boundary is a local midnight converted to UTC.
    public func periods(_ clock: inout LocalClock) -> [Period] {
        var result: [Period] = []
        var day = startDay
        while day <= endDay {
            let aligned = Self.periodStart(containing: day, groupBy)
            let next = min(Self.nextPeriodStart(after: aligned, groupBy), endDay + 1)
            result.append(
                Period(
                    label: LocalClock.dateString(days: aligned), start: clock.startOfDay(day),
                    end: clock.startOfDay(next)))
            day = next
        }
        return result
    }

    /// The first day of the period holding `day`: itself, its Monday, or the 1st of its month.
    static func periodStart(containing day: Int64, _ groupBy: GroupBy) -> Int64 {
        switch groupBy {
        case .day: return day
        case .week: return day - (day + 3) % 7  // 1970-01-01 was a Thursday (Monday = 0).
        case .month:
            let (y, m, _) = LocalClock.civil(days: day)
            return Int64(ISOTime.daysFromCivil(year: y, month: m, day: 1) ?? 0)
        }
    }

    static func nextPeriodStart(after start: Int64, _ groupBy: GroupBy) -> Int64 {
        switch groupBy {
        case .day: return start + 1
        case .week: return start + 7
        case .month:
            let (y, m, _) = LocalClock.civil(days: start)
            return Int64(ISOTime.daysFromCivil(year: m == 12 ? y + 1 : y, month: m == 12 ? 1 : m + 1, day: 1) ?? 0)
        }
    }
}
