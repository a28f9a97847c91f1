import Foundation

// Wall clock ↔ instant in one IANA zone (docs/api.md §13: working hours are wall-clock rules, DST included).

/// The UTC offsets of one zone over a span of instants, and the conversions availability needs between local
/// wall-clock seconds ("local seconds": the instant shifted by the offset in force) and instants. Foundation's tz
/// database is asked once per transition when the value is built; every conversion after that is arithmetic over
/// a handful of constant-offset segments.
///
/// A local time can exist once, twice (the repeated hour when clocks go back) or not at all (the hour skipped
/// when they go forward). `instants(local:)` answers all of them; `start(local:)` and `end(local:)` are where an
/// interval of local time begins and ends: the first instant whose wall clock reads at least the time, and the
/// last instant before the wall clock passes it (so a repeated hour is inside, a skipped one collapses to the
/// moment of the jump).
public struct ZoneOffsets: Sendable {
    public let identifier: String
    /// Segment `i` has offset `offsets[i]` from `starts[i]` (inclusive) to `starts[i + 1]` (exclusive).
    let starts: [Int64]
    let offsets: [Int64]

    /// Far enough back to be "always" without overflowing when an offset is added.
    static let beginning: Int64 = Int64.min / 4

    /// The zone's offsets covering `[from, through]` (plus two days each side); nil for an unknown zone.
    public init?(identifier: String, from: Int64, through: Int64) {
        guard let zone = TimeZones.zone(identifier) else { return nil }
        let low = from - 2 * 86_400
        let high = through + 2 * 86_400
        var segments: [(start: Int64, offset: Int64)] = [
            (Self.beginning, Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(low)))))
        ]
        var cursor = low
        // Bounded: a zone changes its offset at most a few times a year.
        for _ in 0..<4_096 {
            guard
                let next = zone.nextDaylightSavingTimeTransition(
                    after: Date(timeIntervalSince1970: TimeInterval(cursor)))
            else { break }
            let instant = Int64(next.timeIntervalSince1970.rounded())
            guard instant > cursor, instant <= high else { break }
            let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
            if offset != segments[segments.count - 1].offset { segments.append((instant, offset)) }
            cursor = instant
        }
        self.init(identifier: identifier, segments: segments)
    }

    /// Explicit segments, ascending by start (the first one's start is treated as the beginning of time).
    public init(identifier: String, segments: [(start: Int64, offset: Int64)]) {
        self.identifier = identifier
        starts = [Self.beginning] + segments.dropFirst().map(\.start)
        offsets = segments.map(\.offset)
    }

    private func segmentEnd(_ i: Int) -> Int64 { i + 1 < starts.count ? starts[i + 1] : Int64.max / 4 }

    /// The index of the segment holding `instant`.
    func segment(at instant: Int64) -> Int {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= instant { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Seconds east of UTC at `instant`.
    public func offset(at instant: Int64) -> Int64 { offsets[segment(at: instant)] }

    /// Local seconds (wall clock as if it were UTC) of `instant`.
    public func local(_ instant: Int64) -> Int64 { instant + offset(at: instant) }

    /// The local date of `instant`, as days since 1970-01-01.
    public func day(of instant: Int64) -> Int64 { LocalClock.floorDiv(local(instant), 86_400) }

    /// Every instant whose wall clock reads `local`: none (skipped), one, or two (repeated), ascending.
    public func instants(local: Int64) -> [Int64] {
        var found: [Int64] = []
        let last = segment(at: local + 2 * 86_400)
        for i in segment(at: local - 2 * 86_400)...last {
            let instant = local - offsets[i]
            if instant >= starts[i] && instant < segmentEnd(i) { found.append(instant) }
        }
        return found
    }

    /// The first instant whose wall clock reads `local`, nil when the time is skipped (no array, for hot loops).
    public func firstInstant(local: Int64) -> Int64? {
        let last = segment(at: local + 2 * 86_400)
        for i in segment(at: local - 2 * 86_400)...last {
            let instant = local - offsets[i]
            if instant >= starts[i] && instant < segmentEnd(i) { return instant }
        }
        return nil
    }

    /// The first instant whose wall clock reads `local` or later: its first occurrence, or the moment the clocks
    /// jump past it when it is skipped.
    public func start(local: Int64) -> Int64 {
        let last = segment(at: local + 2 * 86_400)
        for i in segment(at: local - 2 * 86_400)...last {
            if local <= starts[i] + offsets[i] { return starts[i] }
            if local - offsets[i] < segmentEnd(i) { return local - offsets[i] }
        }
        return local - offsets[last]
    }

    /// The instant after which the wall clock never again reads `local` or earlier: its last occurrence, or the
    /// moment the clocks jump past it when it is skipped. An interval ending at `local` ends here.
    public func end(local: Int64) -> Int64 {
        let first = segment(at: local - 2 * 86_400)
        for i in stride(from: segment(at: local + 2 * 86_400), through: first, by: -1) {
            if local >= segmentEnd(i) + offsets[i] { return segmentEnd(i) }
            if local >= starts[i] + offsets[i] { return local - offsets[i] }
        }
        return local - offsets[first]
    }

    /// `2025-03-30T09:00:00+02:00`: the wall clock at `instant` with its offset.
    public func isoLocal(_ instant: Int64) -> String {
        let offset = offset(at: instant)
        var text = ISOTime.format(instant + offset)
        text.removeLast()
        let minutes = abs(offset) / 60
        let hh = minutes / 60
        let mm = minutes % 60
        return text + (offset < 0 ? "-" : "+") + (hh < 10 ? "0" : "") + String(hh) + ":" + (mm < 10 ? "0" : "")
            + String(mm)
    }
}

extension TimeZones {
    /// An IANA zone name Foundation knows ("Europe/Berlin", "UTC"); ICU's custom `GMT+5`-style ids are refused.
    public static func isIANA(_ identifier: String) -> Bool {
        guard identifier.utf8.count <= 64, zone(identifier) != nil else { return false }
        return !(identifier.hasPrefix("GMT") && identifier.count > 3)
    }

    static func zone(_ identifier: String) -> TimeZone? {
        guard !identifier.isEmpty else { return nil }
        return TimeZone(identifier: identifier)
    }
}
