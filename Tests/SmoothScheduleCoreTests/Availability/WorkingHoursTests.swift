import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Weekly rules, their validation and open time (docs/api.md §13), without SQL or HTTP.
struct WorkingHoursTests {
    func rule(_ weekday: Int, _ start: String, _ end: String) -> WorkingRule {
        WorkingRule(
            weekday: weekday, start: ClockTime.parse(start, allowEndOfDay: false) ?? -1,
            end: ClockTime.parse(end, allowEndOfDay: true) ?? -1)
    }

    @Test(
        arguments: [
            ("09:00", false, 540), ("00:00", false, 0), ("23:59", false, 1439), ("24:00", true, 1440),
            ("24:00", false, nil), ("24:01", true, nil), ("9:00", false, nil), ("09:60", false, nil),
            ("09-00", false, nil),
            ("", false, nil), ("0900", false, nil), ("+9:00", false, nil),
        ] as [(String, Bool, Int?)])
    func clockTimes(text: String, allowEnd: Bool, minutes: Int?) {
        #expect(ClockTime.parse(text, allowEndOfDay: allowEnd) == minutes)
    }

    @Test func overlapsAreFoundAcrossMidnightAndPastSunday() {
        let rules = [
            rule(0, "09:00", "12:00"), rule(0, "11:00", "13:00"),  // plain overlap
            rule(2, "22:00", "02:00"), rule(3, "01:00", "03:00"),  // past midnight into Thursday
            rule(6, "23:00", "01:30"), rule(0, "01:00", "02:00"),  // Sunday night into Monday
            rule(4, "09:00", "12:00"), rule(4, "12:00", "13:00"),  // touching: fine
        ]
        let pairs = WeeklyHours.overlaps(rules).map { [$0.0, $0.1] }
        #expect(pairs == [[0, 1], [2, 3], [4, 5]])
    }

    @Test func touchingRulesJoinIntoOneStretch() {
        let hours = WeeklyHours(
            timezone: "UTC",
            rules: [
                rule(4, "22:00", "24:00"), rule(5, "00:00", "02:00"),  // Friday night = one stretch
                rule(0, "09:00", "13:00"), rule(0, "14:00", "18:00"),  // a lunch break stays a gap
                rule(6, "20:00", "00:00"), rule(0, "00:00", "01:00"),  // Sunday evening runs into Monday
            ])
        #expect(
            hours.spans == [
                WeeklySpan(start: 540, length: 240), WeeklySpan(start: 840, length: 240),
                WeeklySpan(start: 4 * 1440 + 1320, length: 240), WeeklySpan(start: 6 * 1440 + 1200, length: 300),
            ])
        #expect(WeeklyHours.aroundTheClock("UTC").spans == [WeeklySpan(start: 0, length: WeeklyHours.week)])
    }

    /// Open time on Monday 2025-12-01 (UTC) with a lunch break, time off and a crossing-midnight evening.
    @Test func openTimeSubtractsTimeOffAndClosures() {
        let monday: Int64 = 1_764_547_200  // 2025-12-01T00:00:00Z
        let zone = ZoneOffsets(identifier: "UTC", segments: [(0, 0)])
        let hours = WeeklyHours(
            timezone: "UTC", rules: [rule(0, "09:00", "13:00"), rule(0, "14:00", "18:00"), rule(1, "22:00", "02:00")])
        let timeOff = [(start: monday + 10 * 3600, end: monday + 11 * 3600)]
        let open = OpenTime(
            hours: hours, zone: zone, closures: [], timeOff: timeOff, from: monday, to: monday + 3 * 86_400)
        let h: (Int64) -> Int64 = { monday + $0 * 3600 }
        #expect(
            open.open.map { [$0.start, $0.end] } == [[h(9), h(10)], [h(11), h(13)], [h(14), h(18)], [h(46), h(50)]])
        #expect(open.covers(h(9), h(10)) && !open.covers(h(9), h(11)) && !open.covers(h(12), h(14)))
        #expect(open.covers(h(47), h(49)))  // Tuesday 23:00 to Wednesday 01:00: one stretch past midnight
        // A closure on Wednesday takes the part after midnight.
        let closed = OpenTime(
            hours: hours, zone: zone, closures: [monday / 86_400 + 2], timeOff: [], from: monday,
            to: monday + 3 * 86_400)
        #expect(closed.open.last.map { [$0.start, $0.end] } == [h(46), h(48)])
        #expect(open.seconds(from: monday, to: monday + 86_400) == 7 * 3600)
    }

    @Test func slotsAvoidBusyTimeWithBuffersAndStartAfterNow() {
        let monday: Int64 = 1_764_547_200
        let zone = ZoneOffsets(identifier: "UTC", segments: [(0, 0)])
        let hours = WeeklyHours(timezone: "UTC", rules: [rule(0, "09:00", "12:00")])
        let open = OpenTime(hours: hours, zone: zone, closures: [], timeOff: [], from: monday, to: monday + 86_400)
        let busy = BusyIntervals([
            BusyBlock(start: monday + 10 * 3600, end: monday + 10 * 3600 + 1800, source: "appointment", id: 1)
        ])
        var query = SlotQuery(duration: 1800, step: 1800, from: monday, to: monday + 86_400, now: monday + 9 * 3600)
        let plain = SlotFinder.slots(query, open: open, zone: zone, busy: busy).map { ($0.start - monday) / 60 }
        // 09:00 is now (not after it); 10:00 is busy; the rest are free.
        #expect(plain == [570, 630, 660, 690])
        query.bufferAfter = 900
        query.bufferBefore = 900
        let padded = SlotFinder.slots(query, open: open, zone: zone, busy: busy).map { ($0.start - monday) / 60 }
        #expect(padded == [660, 690])
    }
}
