import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// The one definition of busy time: index-backed range reads (cost follows the window), long rows not missed,
/// and analytics' utilisation measured against working time (docs/api.md §9, §13).
struct BusyTimeTests {
    private func plan(_ env: TestEnv, _ sql: String) throws -> String {
        let parameters: [SQLValue] = [.int(1), .int(1), .int(0), .int(10), .int(5), .int(0)]
        let count = sql.contains("?6") ? 6 : 5
        return try env.db.query("EXPLAIN QUERY PLAN " + sql, Array(parameters.prefix(count))).map {
            $0.string("detail")
        }
        .joined(separator: "\n")
    }

    @Test func busyReadsAreBoundedIndexRanges() throws {
        let env = try TestEnv()
        let appointments = try plan(env, AvailabilityStore.appointmentsSQL)
        #expect(
            appointments.contains(
                "COVERING INDEX appointments_resource_busy (tenant_id=? AND resource_id=? AND start_time>? AND start_time<?)"
            ), "\(appointments)")
        #expect(appointments.contains("appointments_resource_long (tenant_id=? AND resource_id=? AND end_time>?)"))
        let events = try plan(env, AvailabilityStore.eventsSQL)
        #expect(
            events.contains(
                "COVERING INDEX calendar_events_blocking (tenant_id=? AND resource_id=? AND start_time>? AND start_time<?)"
            ), "\(events)")
        #expect(events.contains("calendar_events_blocking_long (tenant_id=? AND resource_id=? AND end_time>?)"))
        #expect(!appointments.contains("TEMP B-TREE") && !events.contains("TEMP B-TREE"))
    }

    @Test func longAppointmentsAndEventsStillBlock() throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", plan: "enterprise")
        let resource = try env.insertResource(tenant, "Room")
        let service = try env.insertService(tenant, "Stay")
        // A five-day booking and a week-long busy event, both starting long before the asked hour.
        try env.insertAppointment(
            tenant, resource: resource, service: service, start: "2025-12-01T00:00:00Z", minutes: 5 * 1440)
        try env.db.run(
            """
            INSERT INTO calendar_events (tenant_id, source, title, start_time, end_time, resource_id, created_at, updated_at)
            VALUES (?, 'manual', 'Trip', ?, ?, ?, 0, 0)
            """,
            [
                .int(tenant.id), .int(ISOTime.parse("2025-12-10T00:00:00Z")!),
                .int(ISOTime.parse("2025-12-17T00:00:00Z")!), .int(resource),
            ])
        let store = AvailabilityStore(env.db)
        let hour = { (text: String) in ISOTime.parse(text)! }
        let a = try store.busyBlocks(
            tenantID: tenant.id, resourceID: resource, start: hour("2025-12-04T10:00:00Z"),
            end: hour("2025-12-04T11:00:00Z"),
            excludingAppointment: nil)
        #expect(a.map(\.source) == ["appointment"])
        let e = try store.busyBlocks(
            tenantID: tenant.id, resourceID: resource, start: hour("2025-12-15T10:00:00Z"),
            end: hour("2025-12-15T11:00:00Z"),
            excludingAppointment: nil)
        #expect(e.map(\.source) == ["calendar_event"])
        // Another tenant asking about the same resource id sees nothing.
        let other = try env.seedTenant("other", plan: "enterprise")
        #expect(
            try store.busyBlocks(
                tenantID: other.id, resourceID: resource, start: hour("2025-12-04T10:00:00Z"),
                end: hour("2025-12-15T11:00:00Z"),
                excludingAppointment: nil
            ).isEmpty)
    }

    @Test func utilisationIsBookedTimeOverWorkingTime() throws {
        // now = 2025-12-02T10:30Z; the window is [2025-11-02T10:30Z, now), tenant in UTC.
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", plan: "business")
        let owner = try env.seedUser("demo", role: .owner)
        let resource = try env.insertResource(tenant, "Ana")
        let service = try env.insertService(tenant, "Cut")
        let nine = (0..<5).map { WorkingRule(weekday: $0, start: 540, end: 1020) }  // Mon–Fri 09:00–17:00
        try WorkingHoursStore(env.db).replace(
            tenantID: tenant.id, resourceID: nil, hours: WeeklyHours(timezone: "UTC", rules: nine), now: env.now)
        try WorkingHoursStore(env.db).insertClosure(tenantID: tenant.id, date: "2025-11-20", reason: "", now: env.now)
        _ = try WorkingHoursStore(env.db).insertTimeOff(
            tenantID: tenant.id, resourceID: resource, start: ISOTime.parse("2025-11-24T09:00:00Z")!,
            end: ISOTime.parse("2025-11-24T11:00:00Z")!, reason: "", now: env.now)
        try env.insertAppointment(
            tenant, resource: resource, service: service, start: "2025-11-25T10:00:00Z", minutes: 120)
        // Working minutes: weekdays from Mon Nov 3 to Mon Dec 1, 8 h each, plus Tue Dec 2 09:00–10:30; minus the
        // closure (Thu Nov 20) and the two hours off.
        var minutes = 0
        for day in 3...30 {
            let weekday = (day + 4) % 7  // 2025-11-03 was a Monday (0)
            if weekday < 5 && day != 20 { minutes += 480 }
        }
        minutes += 480 + 90 - 120
        let body = env.respond(TestRequest.get("/api/analytics/dashboard/", host: host("demo"), token: owner.token))
            .json
        let util = body["resource_utilisation"]
        #expect(util?["available_minutes"]?.intValue == Int64(minutes))
        #expect(util?["booked_minutes"] == 120)
        #expect(util?["utilisation"] == .double((120.0 / Double(minutes) * 10_000).rounded() / 10_000))
    }
}
