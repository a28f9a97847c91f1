import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// `GET /api/resources/<id>/availability/` and the booking check that shares its definitions (docs/api.md §13).
/// now = 2025-12-02T10:30Z (Tuesday); 2025-12-08 is a Monday.
struct AvailabilityAPITests {
    let f: SchedulingFixture
    let resource: Int64
    let service: Int64

    init() throws {
        f = try SchedulingFixture()
        resource = f.id(try f.create("resources", ["name": "Ana", "type": "staff"]))
        service = f.id(try f.create("services", ["name": "Cut", "duration_minutes": 60]))
        // Monday to Friday 09:00–13:00 and 14:00–17:00, UTC.
        let rules: [JSONValue] = (0..<5).flatMap { day -> [JSONValue] in
            [
                ["weekday": .int(Int64(day)), "start": "09:00", "end": "13:00"],
                ["weekday": .int(Int64(day)), "start": "14:00", "end": "17:00"],
            ]
        }
        try #require(
            f.send("PUT", "/api/working-hours/", ["timezone": "UTC", "rules": .array(rules)]).status.code == 200)
    }

    func availability(
        _ start: String, _ end: String? = nil, service: Int64? = nil, resource: Int64? = nil,
        extra: [(String, String)] = [], as member: TestEnv.Member? = nil
    ) -> Response {
        f.send(
            "GET", "/api/resources/\(resource ?? self.resource)/availability/", as: member,
            query: [("start_date", start), ("end_date", end ?? start), ("service_id", String(service ?? self.service))]
                + extra)
    }

    func starts(_ r: Response) -> [String] {
        guard case .array(let slots)? = r.json["slots"] else { return [] }
        return slots.compactMap { $0["start"]?.stringValue.map { String($0.dropFirst(11).prefix(5)) } }
    }

    func book(_ start: String, as member: TestEnv.Member? = nil, service: Int64? = nil) -> Response {
        f.send(
            "POST", "/api/appointments/",
            [
                "resource_id": .int(resource), "service_id": .int(service ?? self.service),
                "start_time": .string(start),
            ], as: member)
    }

    @Test func answersTheContractShape() throws {
        let r = availability("2025-12-08")
        #expect(r.status.code == 200)
        #expect(r.json["resource_id"]?.intValue == resource && r.json["service_id"]?.intValue == service)
        #expect(r.json["timezone"] == "UTC" && r.json["step_minutes"] == 60 && r.json["sources"] == [])
        #expect(starts(r) == ["09:00", "10:00", "11:00", "12:00", "14:00", "15:00", "16:00"])
        let first = r.json["slots"]?.arrayFirst
        #expect(first?["start"] == "2025-12-08T09:00:00Z" && first?["end"] == "2025-12-08T10:00:00Z")
        #expect(first?["local_start"] == "2025-12-08T09:00:00+00:00")
        // A weekend has no working hours; a 30-minute step doubles the grid.
        #expect(starts(availability("2025-12-06", "2025-12-07")).isEmpty)
        #expect(starts(availability("2025-12-08", extra: [("step_minutes", "30")])).count == 12)
    }

    @Test(
        arguments: [
            ([("end_date", "2025-12-08"), ("service_id", "1")], "start_date"),
            ([("start_date", "2025-12-08"), ("end_date", "2025-12-07"), ("service_id", "1")], "end_date"),
            ([("start_date", "2025-12-01"), ("end_date", "2026-02-01"), ("service_id", "1")], "end_date"),
            ([("start_date", "2025-12-08"), ("end_date", "2025-12-08")], "service_id"),
            ([("start_date", "2025-12-08"), ("end_date", "2025-12-08"), ("service_id", "x")], "service_id"),
            ([("start_date", "2025-12-08"), ("end_date", "2025-12-08"), ("service_id", "424242")], "service_id"),
            ([("start_date", "08/12/2025"), ("end_date", "2025-12-08"), ("service_id", "1")], "start_date"),
            (
                [("start_date", "2025-12-08"), ("end_date", "2025-12-08"), ("service_id", "1"), ("step_minutes", "2")],
                "step_minutes"
            ),
            (
                [
                    ("start_date", "2025-12-08"), ("end_date", "2025-12-08"), ("service_id", "1"),
                    ("timezone", "Nowhere"),
                ], "timezone"
            ),
        ] as [([(String, String)], String)])
    func badQueriesAre400WithFields(query: [(String, String)], field: String) {
        let r = f.send("GET", "/api/resources/\(resource)/availability/", query: query)
        #expect(r.status.code == 400 && r.code == "invalid" && r.json["fields"]?[field] != nil, "\(r.json)")
    }

    @Test func sixtyTwoDaysIsTheLimit() {
        #expect(availability("2025-12-03", "2026-02-02").status.code == 200)
        #expect(availability("2025-12-03", "2026-02-03").status.code == 400)
    }

    @Test func slotsStartAfterNow() {
        // Tuesday 2025-12-02, now 10:30: 11:00 is the first slot.
        #expect(starts(availability("2025-12-02")) == ["11:00", "12:00", "14:00", "15:00", "16:00"])
        #expect(starts(availability("2025-11-24", "2025-11-28")).isEmpty)
    }

    @Test func appointmentsWithBuffersTimeOffAndClosuresTakeSlots() throws {
        let padded = f.id(
            try f.create(
                "services",
                ["name": "Colour", "duration_minutes": 60, "buffer_before_minutes": 0, "buffer_after_minutes": 30]))
        try #require(book("2025-12-08T09:00:00Z", service: padded).status.code == 201)
        try #require(book("2025-12-08T15:00:00Z").status.code == 201)
        try f.create(
            "resources/\(resource)/time-off",
            ["start_time": "2025-12-08T12:00:00Z", "end_time": "2025-12-08T14:30:00Z"])
        // 10:00 is inside the Colour's after-buffer; 12:00 and 14:00 are time off; 15:00 is booked.
        #expect(starts(availability("2025-12-08")) == ["11:00", "16:00"])
        try f.create("closures", ["date": "2025-12-09"])
        #expect(starts(availability("2025-12-09")).isEmpty)
        // Cancelled appointments do not block.
        try #require(book("2025-12-10T09:00:00Z").status.code == 201)
        let list = f.send("GET", "/api/appointments/", query: [("start", "2025-12-10T00:00:00Z")]).json["results"]
        let id = list?.arrayFirst?["id"]?.intValue ?? 0
        #expect(f.send("PATCH", "/api/appointments/\(id)/", ["status": "CANCELLED"]).status.code == 200)
        #expect(starts(availability("2025-12-10")).first == "09:00")
    }

    @Test func busyEventsBlockButFreeAndCancelledOnesDoNot() throws {
        func event(_ start: String, _ end: String, busy: Bool) throws {
            try f.create(
                "events",
                [
                    "title": "Dentist", "start_time": .string(start), "end_time": .string(end), "is_busy": .bool(busy),
                    "resource_id": .int(resource),
                ])
        }
        try event("2025-12-08T09:30:00Z", "2025-12-08T10:15:00Z", busy: true)
        try event("2025-12-08T11:00:00Z", "2025-12-08T12:00:00Z", busy: false)
        // An imported event the provider cancelled (status kept as the provider said).
        try f.env.db.run(
            """
            INSERT INTO calendar_events (tenant_id, source, calendar_id, provider_event_id, title, start_time, end_time,
                status, resource_id, created_at, updated_at)
            VALUES (?, 'google', 'primary', 'x1', 'Off', ?, ?, 'cancelled', ?, 0, 0)
            """,
            [
                .int(f.owner.tenant!.id), .int(ISOTime.parse("2025-12-08T14:00:00Z")!),
                .int(ISOTime.parse("2025-12-08T15:00:00Z")!), .int(resource),
            ])
        #expect(starts(availability("2025-12-08")) == ["11:00", "12:00", "14:00", "15:00", "16:00"])
        // The booking check agrees: 10:00 is taken by the busy event.
        #expect(book("2025-12-08T10:00:00Z").status.code == 409)
        #expect(book("2025-12-08T11:00:00Z").status.code == 201)
    }

    @Test func allDayEventsBlockTheWholeLocalDateOfTheResourcesZone() throws {
        // The tenant is UTC, where the sync placed the event's date; the resource works in New York, around the clock.
        try #require(
            f.send(
                "PUT", "/api/resources/\(resource)/working-hours/",
                [
                    "timezone": "America/New_York",
                    "rules": .array((0..<7).map { ["weekday": .int($0), "start": "00:00", "end": "24:00"] }),
                ]
            ).status.code == 200)
        try f.env.db.run(
            """
            INSERT INTO calendar_events (tenant_id, source, calendar_id, provider_event_id, title, start_time, end_time,
                is_all_day, resource_id, created_at, updated_at)
            VALUES (?, 'google', 'primary', 'holiday', 'Holiday', ?, ?, 1, ?, 0, 0)
            """,
            [
                .int(f.owner.tenant!.id), .int(ISOTime.parse("2025-12-10T00:00:00Z")!),
                .int(ISOTime.parse("2025-12-11T00:00:00Z")!), .int(resource),
            ])
        let r = availability("2025-12-09", "2025-12-11")
        guard case .array(let slots)? = r.json["slots"] else { Issue.record("\(r.json)"); return }
        let local = slots.compactMap { $0["local_start"]?.stringValue }
        #expect(!local.contains { $0.hasPrefix("2025-12-10") })
        // The evening of Dec 9 in New York (00:00–05:00Z on Dec 10) is free: not a UTC day.
        #expect(local.contains("2025-12-09T23:00:00-05:00") && local.contains("2025-12-11T00:00:00-05:00"))
        #expect(local.count == 48)
        #expect(book("2025-12-10T17:00:00Z").status.code == 409)
        #expect(book("2025-12-10T03:00:00Z").status.code == 201)
    }

    @Test func staffBookOnlyInsideWorkingHoursOwnersAndManagersAnywhere() throws {
        let staff = try f.member(.staff)
        let manager = try f.member(.manager)
        let early = book("2025-12-08T08:00:00Z", as: staff)
        #expect(early.status.code == 409 && early.code == "outside_working_hours")
        #expect(book("2025-12-08T12:30:00Z", as: staff).code == "outside_working_hours")  // runs into lunch
        #expect(book("2025-12-06T10:00:00Z", as: staff).code == "outside_working_hours")  // Saturday
        #expect(book("2025-12-08T08:00:00Z", as: manager).status.code == 201)
        #expect(book("2025-12-08T17:00:00Z").status.code == 201)
        let inside = book("2025-12-08T09:00:00Z", as: staff)
        #expect(inside.status.code == 201)
        let id = f.id(inside.json)
        let moved = f.send("PATCH", "/api/appointments/\(id)/", ["start_time": "2025-12-08T18:00:00Z"], as: staff)
        #expect(moved.code == "outside_working_hours")
        // Editing an out-of-hours booking without moving it is fine for staff.
        let owners = f.id(
            f.send("GET", "/api/appointments/", query: [("start", "2025-12-08T16:30:00Z")]).json["results"]?.arrayFirst
                ?? .null)
        #expect(f.send("PATCH", "/api/appointments/\(owners)/", ["notes": "VIP"], as: staff).status.code == 200)
        // Time off and closures bind staff too.
        try f.create(
            "resources/\(resource)/time-off",
            ["start_time": "2025-12-09T00:00:00Z", "end_time": "2025-12-10T00:00:00Z"])
        try f.create("closures", ["date": "2025-12-11"])
        #expect(book("2025-12-09T10:00:00Z", as: staff).code == "outside_working_hours")
        #expect(book("2025-12-11T10:00:00Z", as: staff).code == "outside_working_hours")
        #expect(book("2025-12-12T10:00:00Z", as: staff).status.code == 201)
    }

    @Test func buffersOfBothAppointmentsKeepThemApart() throws {
        let colour = f.id(
            try f.create("services", ["name": "Colour", "duration_minutes": 60, "buffer_after_minutes": 15]))
        let prep = f.id(
            try f.create("services", ["name": "Prep", "duration_minutes": 30, "buffer_before_minutes": 15]))
        try #require(book("2025-12-08T10:00:00Z", service: colour).status.code == 201)
        // The Colour's cleanup runs to 11:15.
        let next = book("2025-12-08T11:00:00Z")
        #expect(next.status.code == 409 && next.code == "conflict")
        // Prep needs 15 minutes before it: 11:15 is too early (its set-up would overlap the cleanup), 11:30 is fine.
        #expect(book("2025-12-08T11:15:00Z", service: prep).status.code == 409)
        #expect(book("2025-12-08T11:30:00Z", service: prep).status.code == 201)
        // Free slots for Prep agree: set-up may lie outside working hours or touch another block, never overlap one.
        #expect(
            starts(availability("2025-12-08", service: prep))
                == ["09:00", "09:30", "12:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"])
    }

    @Test func aResourceInAnotherZoneThanTheTenant() throws {
        // March 2025: New York is on summer time from March 9, Berlin only from March 30.
        let env = try TestEnv(now: 1_735_689_600)
        let g = try SchedulingFixture(env: env, schema: "ny")
        try env.db.run("UPDATE tenants SET timezone = 'America/New_York' WHERE schema_name = 'ny'")
        let berlin = g.id(try g.create("resources", ["name": "Berlin desk", "type": "room"]))
        let cut = g.id(try g.create("services", ["name": "Call", "duration_minutes": 60]))
        let weekdays: [JSONValue] = (0..<5).map { ["weekday": .int(Int64($0)), "start": "09:00", "end": "17:00"] }
        try #require(
            g.send(
                "PUT", "/api/resources/\(berlin)/working-hours/",
                ["timezone": "Europe/Berlin", "rules": .array(weekdays)]
            )
            .status.code == 200)
        func query(_ extra: [(String, String)]) -> JSONValue {
            g.send(
                "GET", "/api/resources/\(berlin)/availability/",
                query: [("start_date", "2025-03-10"), ("end_date", "2025-03-10"), ("service_id", String(cut))] + extra
            ).json
        }
        let own = query([])
        #expect(own["timezone"] == "Europe/Berlin")
        #expect(own["slots"]?.arrayFirst?["start"] == "2025-03-10T08:00:00Z")
        #expect(own["slots"]?.arrayFirst?["local_start"] == "2025-03-10T09:00:00+01:00")
        let shown = query([("timezone", "America/New_York")])
        #expect(shown["timezone"] == "America/New_York")
        #expect(shown["slots"]?.arrayFirst?["local_start"] == "2025-03-10T04:00:00-04:00")
        #expect(shown["slots"]?.arrayCount == 8)
        // March 31: Berlin on summer time too, 09:00 is 07:00Z.
        let later = g.send(
            "GET", "/api/resources/\(berlin)/availability/",
            query: [("start_date", "2025-03-31"), ("end_date", "2025-03-31"), ("service_id", String(cut))]
        ).json
        #expect(later["slots"]?.arrayFirst?["start"] == "2025-03-31T07:00:00Z")
    }

    @Test func sourcesSayHowFreshCalendarBusyTimeIsAndCustomersSeeNoIds() throws {
        let tenant = f.owner.tenant!.id
        let now = f.env.now
        for (id, email, valid) in [(1, "a@example.com", 1), (2, "b@example.com", 0)] {
            try f.env.db.run(
                """
                INSERT INTO oauth_credentials (id, tenant_id, provider, purpose, email, access_token_enc, key_id,
                    access_expires_at, is_valid, created_at, updated_at)
                VALUES (?, ?, 'google', 'calendar', ?, x'00', 'k', 0, ?, 0, 0)
                """, [.int(id), .int(tenant), .text(email), .int(valid)])
        }
        for (credential, calendar, synced) in [
            (1, "fresh", now - 60), (1, "stale", now - 3 * 3600), (2, "gone", now - 60),
        ] {
            try f.env.db.run(
                """
                INSERT INTO calendar_syncs (tenant_id, credential_id, calendar_id, provider, resource_id,
                    last_synced_at, created_at, updated_at) VALUES (?, ?, ?, 'google', ?, ?, 0, 0)
                """, [.int(tenant), .int(credential), .text(calendar), .int(resource), .int(synced)])
        }
        let r = availability("2025-12-08")
        #expect(
            r.json["sources"]
                == [
                    [
                        "credential_id": 1, "calendar_id": "fresh", "last_synced_at": .string(ISOTime.format(now - 60)),
                        "health": "healthy",
                    ],
                    [
                        "credential_id": 1, "calendar_id": "stale",
                        "last_synced_at": .string(ISOTime.format(now - 3 * 3600)), "health": "polling",
                    ],
                    [
                        "credential_id": 2, "calendar_id": "gone", "last_synced_at": .string(ISOTime.format(now - 60)),
                        "health": "needs_reauth",
                    ],
                ])
        let customer = availability("2025-12-08", as: try f.member(.customer))
        #expect(
            customer.status.code == 200
                && customer.json["sources"]?.arrayFirst == [
                    "last_synced_at": .string(ISOTime.format(now - 60)), "health": "healthy",
                ])
    }

    @Test(
        arguments: [
            (true, 100, false, CalendarSource.Health.healthy), (true, 16 * 60, false, .polling),
            (true, 25 * 3600, false, .degraded), (true, 100, true, .degraded), (false, 100, false, .needsReauth),
            (nil, 100, false, .needsReauth),
        ] as [(Bool?, Int64, Bool, CalendarSource.Health)])
    func health(valid: Bool?, age: Int64, failed: Bool, expected: CalendarSource.Health) {
        #expect(
            CalendarSource.health(credentialValid: valid, lastSyncedAt: 1000 - age, lastJobFailed: failed, now: 1000)
                == expected)
    }
}

extension JSONValue {
    var arrayFirst: JSONValue? {
        if case .array(let items) = self { return items.first }
        return nil
    }

    var arrayCount: Int? {
        if case .array(let items) = self { return items.count }
        return nil
    }
}
