// Free slots (docs/api.md §13): the slot grid over open time, clear of busy time. No SQL, no HTTP.

/// Busy blocks merged into disjoint, ascending intervals, for fast "does this overlap anything busy?" questions.
/// The same overlap test as the booking check: `[start, end)` meets a block when it starts before the block ends
/// and ends after it starts.
public struct BusyIntervals: Sendable {
    let starts: [Int64]
    let ends: [Int64]

    public init(_ blocks: [BusyBlock]) {
        let merged = OpenTime.union(blocks.map { ($0.start, $0.end) })
        starts = merged.map(\.start)
        ends = merged.map(\.end)
    }

    public func overlaps(_ start: Int64, _ end: Int64) -> Bool {
        guard end > start else { return false }
        var low = 0
        var high = ends.count
        while low < high {
            let mid = (low + high) / 2
            if ends[mid] <= start { low = mid + 1 } else { high = mid }
        }
        return low < starts.count && starts[low] < end
    }
}

/// One offered slot, as instants.
public struct Slot: Equatable, Sendable {
    public let start: Int64
    public let end: Int64
}

/// What is asked: slots of `duration` seconds every `step` seconds of wall clock from the start of each working
/// interval, starting in `[from, to)` and after `now`, each padded by the service's buffers when checked against
/// busy time.
public struct SlotQuery: Sendable {
    public var duration: Int64
    public var step: Int64
    public var bufferBefore: Int64 = 0
    public var bufferAfter: Int64 = 0
    public var from: Int64
    public var to: Int64
    public var now: Int64

    public init(duration: Int64, step: Int64, from: Int64, to: Int64, now: Int64) {
        self.duration = duration
        self.step = step
        self.from = from
        self.to = to
        self.now = now
    }
}

public enum SlotFinder {
    /// A slot is offered when its start is on the grid, is a wall-clock time that exists (a repeated one is taken
    /// at its first occurrence only), lies in the window and after now, the slot lies inside open time, and the
    /// slot widened by the buffers overlaps no busy block: exactly what `BookingCheck` asks of a booking by staff.
    public static func slots(_ query: SlotQuery, open: OpenTime, zone: ZoneOffsets, busy: BusyIntervals) -> [Slot] {
        guard query.duration > 0, query.step > 0 else { return [] }
        var found: [Slot] = []
        let earliest = max(query.from, query.now + 1)
        for interval in open.working where interval.end > earliest && interval.start < query.to {
            // Skip whole grid steps that end before the window (an interval may start days before it).
            let ahead = zone.local(earliest) - 86_400 - interval.localStart
            var local = interval.localStart + (ahead > 0 ? ahead / query.step * query.step : 0)
            while local < interval.localEnd {
                defer { local += query.step }
                guard let start = zone.firstInstant(local: local) else { continue }
                if start < earliest { continue }
                if start >= query.to { break }
                let end = start + query.duration
                guard open.covers(start, end), !busy.overlaps(start - query.bufferBefore, end + query.bufferAfter)
                else { continue }
                found.append(Slot(start: start, end: end))
            }
        }
        found.sort { $0.start < $1.start }
        var unique: [Slot] = []
        for slot in found where unique.last?.start != slot.start { unique.append(slot) }
        return unique
    }
}
