import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// docs/api.md §13: "a slot that is offered can be booked and one that cannot be booked is never offered", checked over
/// random schedules (seeded, so a failure replays) on a real SQLite database through the whole pipeline: random
/// weekly rules in a random zone (DST dates included), time off, closures, buffered services, appointments (some
/// cancelled, some outside hours), busy and free events, an all-day event. With a 5-minute grid, every bookable
/// 5-minute instant of the window is offered too, except the second occurrence of a repeated wall-clock time.
struct AvailabilityPropertyTests {
    static let zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]
    /// Ordinary days, and each zone's daylight-saving change days in 2026.
    static let days = ["2025-12-03", "2025-12-08", "2026-01-15"]
    static let changeDays = [
        "Europe/Berlin": ["2026-03-29", "2026-10-25"], "America/New_York": ["2026-03-08", "2026-11-01"],
        "Australia/Lord_Howe": ["2026-04-05", "2026-10-04"],
    ]

    struct World {
        let f: SchedulingFixture
        let staff: TestEnv.Member
        let resource: Int64
        let services: [Int64]
        let zone: String
        let day: Int64
    }

    @Test(arguments: 1...24)
    func offeredSlotsAreExactlyTheBookableOnes(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed) &* 0x5DEE_CE66D)
        let world = try Self.build(&random)
        let f = world.f
        let zone = try #require(
            ZoneOffsets(identifier: world.zone, from: world.day * 86_400, through: world.day * 86_400))
        let from = zone.start(local: world.day * 86_400)
        let to = zone.start(local: (world.day + 1) * 86_400)
        for (index, service) in world.services.enumerated() {
            let step = index == 0 ? "5" : nil
            var query = [
                ("start_date", LocalClock.dateString(days: world.day)),
                ("end_date", LocalClock.dateString(days: world.day)),
                ("service_id", String(service)),
            ]
            if let step { query.append(("step_minutes", step)) }
            let r = f.send("GET", "/api/resources/\(world.resource)/availability/", as: world.staff, query: query)
            try #require(r.status.code == 200, "seed \(seed): \(r.json)")
            guard case .array(let slots)? = r.json["slots"] else { Issue.record("no slots"); return }
            let offered = Set(slots.compactMap { $0["start"]?.stringValue.flatMap(ISOTime.parse) })
            // Every offered slot can be booked by staff.
            for start in offered.sorted() {
                let booked = book(world, service, start)
                #expect(
                    booked == 201, "seed \(seed) \(world.zone) offered \(ISOTime.format(start)) but booking → \(booked)"
                )
            }
            guard step != nil else { continue }
            // On a 5-minute grid, nothing else can be booked by staff.
            for start in stride(from: from, to: to, by: 300) where !offered.contains(start) && start > f.env.now {
                let occurrences = zone.instants(local: zone.local(start))
                if occurrences.count == 2 && occurrences.last == start { continue }
                let booked = book(world, service, start)
                #expect(booked != 201, "seed \(seed) \(world.zone) not offered \(ISOTime.format(start)) but booked")
            }
        }
    }

    /// Books as staff; a booking that succeeds is deleted again, so the world stays as built. Answers the status.
    func book(_ world: World, _ service: Int64, _ start: Int64) -> Int {
        let r = world.f.send(
            "POST", "/api/appointments/",
            [
                "resource_id": .int(world.resource), "service_id": .int(service),
                "start_time": .string(ISOTime.format(start)),
            ],
            as: world.staff)
        if r.status.code == 201 { _ = world.f.send("DELETE", "/api/appointments/\(world.f.id(r.json))/") }
        return r.status.code
    }

    static func build(_ random: inout SplitMix64) throws -> World {
        let f = try SchedulingFixture()
        let zone = random.pick(zones)
        let change = changeDays[zone] ?? []
        let date = !change.isEmpty && random.next() % 3 != 0 ? random.pick(change) : random.pick(days)
        let day = Int64(try #require(ISOTime.parseDate(date)))
        let resource = f.id(try f.create("resources", ["name": "R", "type": "staff"]))
        try #require(
            f.send(
                "PUT", "/api/resources/\(resource)/working-hours/",
                ["timezone": .string(zone), "rules": rules(&random)]
            )
            .status.code == 200)
        var services: [Int64] = []
        for _ in 0..<2 {
            services.append(
                f.id(
                    try f.create(
                        "services",
                        [
                            "name": "S", "duration_minutes": .int(random.pick([15, 30, 45, 60, 90])),
                            "buffer_before_minutes": .int(random.pick([0, 0, 5, 15])),
                            "buffer_after_minutes": .int(random.pick([0, 10, 15])),
                        ])))
        }
        let base = day * 86_400 - 14 * 3600
        func instant(_ spread: UInt64) -> String { ISOTime.format(base + Int64(random.next() % spread) / 300 * 300) }
        for _ in 0..<Int(random.next() % 10) {
            let status = random.next() % 4 == 0 ? "CANCELLED" : "CONFIRMED"
            _ = f.send(
                "POST", "/api/appointments/",
                [
                    "resource_id": .int(resource), "service_id": .int(random.pick(services)),
                    "start_time": .string(instant(52 * 3600)), "status": .string(status),
                ])
        }
        for _ in 0..<Int(random.next() % 4) {
            let start = instant(52 * 3600)
            let end = ISOTime.format(ISOTime.parse(start)! + Int64(1 + random.next() % 36) * 300)
            _ = f.send(
                "POST", "/api/events/",
                [
                    "title": "E", "start_time": .string(start), "end_time": .string(end),
                    "is_busy": .bool(random.next() % 3 != 0), "resource_id": .int(resource),
                ])
        }
        if random.next() % 3 == 0 {
            let start = instant(52 * 3600)
            let end = ISOTime.format(ISOTime.parse(start)! + Int64(1 + random.next() % 24) * 600)
            try f.create("resources/\(resource)/time-off", ["start_time": .string(start), "end_time": .string(end)])
        }
        if random.next() % 5 == 0 { try f.create("closures", ["date": .string(LocalClock.dateString(days: day))]) }
        if random.next() % 4 == 0 {
            // An all-day event of the next or previous date, as the sync stores it (tenant midnights, UTC here).
            let date = (day + (random.next() % 2 == 0 ? 1 : -1)) * 86_400
            try f.env.db.run(
                """
                INSERT INTO calendar_events (tenant_id, source, calendar_id, provider_event_id, title, start_time,
                    end_time, is_all_day, resource_id, created_at, updated_at)
                VALUES (?, 'google', 'primary', 'all-day', 'Away', ?, ?, 1, ?, 0, 0)
                """, [.int(f.owner.tenant!.id), .int(date), .int(date + 86_400), .int(resource)])
        }
        return World(f: f, staff: try f.member(.staff), resource: resource, services: services, zone: zone, day: day)
    }

    /// Up to two intervals a day on 5-minute boundaries, sometimes running past midnight; overlaps dropped.
    static func rules(_ random: inout SplitMix64) -> JSONValue {
        var rules: [WorkingRule] = []
        for weekday in 0..<7 where random.next() % 5 != 0 {
            var cursor = Int(random.next() % 96) * 5
            for _ in 0..<(1 + Int(random.next() % 2)) where cursor < 1435 {
                let start = cursor + Int(random.next() % 24) * 5
                guard start < 1440 else { break }
                var end = min(1440, start + 30 + Int(random.next() % 72) * 5)
                if random.next() % 6 == 0 { end = Int(random.next() % 36) * 5 }  // past midnight
                let rule = WorkingRule(weekday: weekday, start: start, end: end == start ? 1440 : end)
                if WeeklyHours.overlaps(rules + [rule]).isEmpty { rules.append(rule) }
                cursor = rule.end > rule.start ? rule.end + 5 : 1440
            }
        }
        return .array(rules.map(\.json))
    }
}
