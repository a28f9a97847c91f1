// When a resource works, as instants: weekly hours expanded over dates, minus closures and time off (docs/api.md §13).

/// One stretch of working time on a date: its wall-clock start (the anchor of the slot grid) and its instants.
public struct WorkingInterval: Equatable, Sendable {
    /// Local seconds of the wall-clock start and end (the end may fall on a later date).
    public let localStart: Int64
    public let localEnd: Int64
    public let start: Int64
    public let end: Int64
}

/// The open time of one resource around a window: the working intervals (from the weekly rules, wall clock kept
/// across daylight-saving changes) and, as disjoint instants, the part of them that is not closed (a closure date,
/// or time off). Staff may book only inside `open`; slots are offered only inside it (one definition for both).
public struct OpenTime: Sendable {
    public let working: [WorkingInterval]
    /// Disjoint, ascending `[start, end)` instants.
    public let open: [(start: Int64, end: Int64)]

    /// Working intervals that meet `[from, to)`, minus `closures` (local dates in the schedule's zone, as days
    /// since 1970-01-01) and `timeOff` (instants). `zone` must cover the window (plus a week before it).
    public init(
        hours: WeeklyHours, zone: ZoneOffsets, closures: [Int64], timeOff: [(start: Int64, end: Int64)], from: Int64,
        to: Int64
    ) {
        let spans = hours.spans
        var working: [WorkingInterval] = []
        let firstDay = zone.day(of: from) - 8
        let lastDay = zone.day(of: max(from, to)) + 1
        if !spans.isEmpty && firstDay <= lastDay {
            for day in firstDay...lastDay {
                let weekday = Int(((day % 7) + 7 + 3) % 7)  // 1970-01-01 was a Thursday (Monday = 0)
                for span in spans where span.start / 1440 == weekday {
                    let localStart = day * 86_400 + Int64(span.start % 1440) * 60
                    let localEnd = localStart + Int64(span.length) * 60
                    let start = zone.start(local: localStart)
                    let end = zone.end(local: localEnd)
                    guard end > start, end > from, start < max(to, from + 1) else { continue }
                    working.append(WorkingInterval(localStart: localStart, localEnd: localEnd, start: start, end: end))
                }
            }
        }
        working.sort { $0.start < $1.start }
        self.working = working
        var closed = timeOff.filter { $0.end > $0.start }
        for day in closures {
            closed.append((zone.start(local: day * 86_400), zone.start(local: (day + 1) * 86_400)))
        }
        open = Self.subtract(Self.union(working.map { ($0.start, $0.end) }), Self.union(closed))
    }

    /// Whether `[start, end)` lies inside one stretch of open time.
    public func covers(_ start: Int64, _ end: Int64) -> Bool {
        guard end > start else { return false }
        var low = 0
        var high = open.count
        while low < high {
            let mid = (low + high) / 2
            if open[mid].end <= start { low = mid + 1 } else { high = mid }
        }
        return low < open.count && open[low].start <= start && end <= open[low].end
    }

    /// Seconds of open time inside `[from, to)`.
    public func seconds(from: Int64, to: Int64) -> Int64 {
        open.reduce(0) { $0 + max(0, min($1.end, to) - max($1.start, from)) }
    }

    /// Sorted, merged (overlapping or touching) intervals.
    static func union(_ intervals: [(start: Int64, end: Int64)]) -> [(start: Int64, end: Int64)] {
        var merged: [(start: Int64, end: Int64)] = []
        let inOrder = zip(intervals, intervals.dropFirst()).allSatisfy { $0.start <= $1.start }
        for interval in inOrder ? intervals : intervals.sorted(by: { $0.start < $1.start })
        where interval.end > interval.start {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1].end = max(last.end, interval.end)
            } else {
                merged.append(interval)
            }
        }
        return merged
    }

    /// `base` minus `holes`, both merged and sorted.
    static func subtract(_ base: [(start: Int64, end: Int64)], _ holes: [(start: Int64, end: Int64)])
        -> [(start: Int64, end: Int64)]
    {
        var result: [(start: Int64, end: Int64)] = []
        var h = 0
        for interval in base {
            var cursor = interval.start
            while h < holes.count && holes[h].end <= cursor { h += 1 }
            var k = h
            while k < holes.count && holes[k].start < interval.end {
                if holes[k].start > cursor { result.append((cursor, holes[k].start)) }
                cursor = max(cursor, holes[k].end)
                k += 1
            }
            if cursor < interval.end { result.append((cursor, interval.end)) }
        }
        return result
    }
}
