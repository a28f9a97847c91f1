import Foundation
import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// The DST matrix of docs/api.md §13: rules are wall-clock times, a local time that does not exist is never offered, a
/// repeated one is offered once. Each zone on its 2025 change dates (and Kolkata, which has none, on the same dates).
struct DaylightSavingTests {
    /// A zone, a change date, the wall-clock times of 00:00–06:00 that are skipped and repeated that night, and the
    /// UTC offsets (minutes) before and after.
    struct Change: CustomTestStringConvertible, Sendable {
        let zone: String
        let date: String
        let skipped: [String]
        let repeated: [String]
        let before: Int64
        let after: Int64
        var testDescription: String { "\(zone) \(date)" }
    }

    static let changes: [Change] = [
        Change(
            zone: "America/New_York", date: "2025-03-09", skipped: ["02:00", "02:30"], repeated: [], before: -300,
            after: -240),
        Change(
            zone: "America/New_York", date: "2025-11-02", skipped: [], repeated: ["01:00", "01:30"], before: -240,
            after: -300),
        Change(
            zone: "Europe/Berlin", date: "2025-03-30", skipped: ["02:00", "02:30"], repeated: [], before: 60, after: 120
        ),
        Change(
            zone: "Europe/Berlin", date: "2025-10-26", skipped: [], repeated: ["02:00", "02:30"], before: 120, after: 60
        ),
        Change(
            zone: "Australia/Sydney", date: "2025-04-06", skipped: [], repeated: ["02:00", "02:30"], before: 660,
            after: 600),
        Change(
            zone: "Australia/Sydney", date: "2025-10-05", skipped: ["02:00", "02:30"], repeated: [], before: 600,
            after: 660),
        // Lord Howe shifts by 30 minutes: 02:00 → 01:30 in April, 02:00 → 02:30 in October.
        Change(
            zone: "Australia/Lord_Howe", date: "2025-04-06", skipped: [], repeated: ["01:30"], before: 660, after: 630),
        Change(
            zone: "Australia/Lord_Howe", date: "2025-10-05", skipped: ["02:00"], repeated: [], before: 630, after: 660),
        // Kolkata: no DST, a half-hour offset, nothing skipped or repeated.
        Change(zone: "Asia/Kolkata", date: "2025-03-30", skipped: [], repeated: [], before: 330, after: 330),
        Change(zone: "Asia/Kolkata", date: "2025-10-26", skipped: [], repeated: [], before: 330, after: 330),
    ]

    /// Slots of one local date in `zone` for a rule applying every day.
    static func slots(
        _ zone: String, _ date: String, start: String, end: String, step: Int64 = 1800, minutes: Int64 = 30
    )
        throws -> [Slot]
    {
        let day = Int64(try #require(ISOTime.parseDate(date)))
        let offsets = try #require(
            ZoneOffsets(identifier: zone, from: day * 86_400 - 86_400 * 9, through: day * 86_400 + 86_400 * 9))
        let s = try #require(ClockTime.parse(start, allowEndOfDay: false))
        let e = try #require(ClockTime.parse(end, allowEndOfDay: true))
        let hours = WeeklyHours(timezone: zone, rules: (0..<7).map { WorkingRule(weekday: $0, start: s, end: e) })
        let from = offsets.start(local: day * 86_400)
        let to = offsets.start(local: (day + 1) * 86_400)
        let open = OpenTime(hours: hours, zone: offsets, closures: [], timeOff: [], from: from, to: to)
        let query = SlotQuery(duration: minutes * 60, step: step, from: from, to: to, now: 0)
        return SlotFinder.slots(query, open: open, zone: offsets, busy: BusyIntervals([]))
    }

    static func wallClock(_ zone: String, _ slots: [Slot]) throws -> [String] {
        let offsets = try #require(
            ZoneOffsets(identifier: zone, from: slots.first?.start ?? 0, through: slots.last?.start ?? 0))
        return slots.map { String(offsets.isoLocal($0.start).dropFirst(11).prefix(5)) }
    }

    @Test(arguments: changes)
    func nineToFiveStaysNineToFiveOnBothSidesOfTheChange(change: Change) throws {
        let day = try #require(ISOTime.parseDate(change.date))
        for (offsetDays, offset) in [(-1, change.before), (0, change.after), (1, change.after)] {
            let date = LocalClock.dateString(days: Int64(day + offsetDays))
            let slots = try Self.slots(change.zone, date, start: "09:00", end: "17:00", step: 3600, minutes: 60)
            #expect(try Self.wallClock(change.zone, slots) == (9..<17).map { ClockTime.format($0 * 60) }, "\(date)")
            // 09:00 local is 09:00 minus that day's offset, as an instant.
            let nine = (Int64(day + offsetDays) * 86_400 + 9 * 3600) - offset * 60
            #expect(slots.first?.start == nine, "\(date)")
            #expect(slots.allSatisfy { $0.end - $0.start == 3600 })
        }
    }

    @Test(arguments: changes)
    func skippedTimesAreNeverOfferedAndRepeatedOnesOnce(change: Change) throws {
        let slots = try Self.slots(change.zone, change.date, start: "00:00", end: "06:00")
        let clock = try Self.wallClock(change.zone, slots)
        let grid = stride(from: 0, to: 360, by: 30).map { ClockTime.format($0) }
        #expect(clock == grid.filter { !change.skipped.contains($0) })
        #expect(Set(clock).count == clock.count)
        // Slots never overlap each other, and start in order.
        #expect(zip(slots, slots.dropFirst()).allSatisfy { $0.end <= $1.start })
        // A repeated time is taken at its first occurrence: the earlier offset.
        let offsets = try #require(ZoneOffsets(identifier: change.zone, from: slots[0].start, through: slots[0].start))
        for (slot, text) in zip(slots, clock) where change.repeated.contains(text) {
            #expect(offsets.offset(at: slot.start) == change.before * 60, "\(text)")
        }
    }

    @Test(arguments: changes.filter { !$0.skipped.isEmpty })
    func anIntervalStartingInTheGapStartsWhenTheClocksJump(change: Change) throws {
        let first = try #require(change.skipped.first)
        let slots = try Self.slots(change.zone, change.date, start: first, end: "05:00")
        let clock = try Self.wallClock(change.zone, slots)
        #expect(!clock.contains(where: change.skipped.contains))
        #expect(clock.last == "04:30")
        // The interval opens at the jump: the first slot starts at the first wall-clock time after the gap.
        let day = Int64(try #require(ISOTime.parseDate(change.date)))
        let zone = try #require(ZoneOffsets(identifier: change.zone, from: day * 86_400, through: day * 86_400))
        let gapStart = day * 86_400 + Int64(try #require(ClockTime.parse(first, allowEndOfDay: false))) * 60
        #expect(zone.instants(local: gapStart).isEmpty)
        #expect(zone.start(local: gapStart) == zone.end(local: gapStart))
        #expect(zone.offset(at: zone.start(local: gapStart)) == change.after * 60)
    }

    @Test(arguments: ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Kolkata"])
    func offsetsAgreeWithTheTzDatabaseEveryHourOf2025(zone: String) throws {
        let from: Int64 = 1_735_689_600  // 2025-01-01T00:00:00Z
        let offsets = try #require(ZoneOffsets(identifier: zone, from: from, through: from + 365 * 86_400))
        let tz = try #require(TimeZone(identifier: zone))
        for hour in stride(from: from, to: from + 365 * 86_400, by: 1800) {
            #expect(
                offsets.offset(at: hour) == Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hour)))))
        }
    }

    @Test func repeatedTimesHaveTwoInstantsAndIntervalsEndAtTheLaterOne() throws {
        // New York, 2025-11-02 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
        let zone = try #require(
            ZoneOffsets(identifier: "America/New_York", from: 1_762_000_000, through: 1_762_100_000))
        let local: Int64 = 1_762_047_000  // 2025-11-02T01:30 as local seconds
        #expect(zone.instants(local: local) == [1_762_061_400, 1_762_065_000])
        #expect(zone.start(local: local) == 1_762_061_400)
        #expect(zone.end(local: local) == 1_762_065_000)
        #expect(zone.isoLocal(1_762_061_400) == "2025-11-02T01:30:00-04:00")
        #expect(zone.isoLocal(1_762_065_000) == "2025-11-02T01:30:00-05:00")
    }
}
