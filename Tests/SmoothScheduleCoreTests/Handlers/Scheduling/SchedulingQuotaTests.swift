import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// `HasQuota` on creates (docs/api.md §3): boundaries, overrides, `unlimited`, and downgrades that hide nothing.
struct SchedulingQuotaTests {
    static let quotas: [(String, String)] = [
        ("users", "max_users"), ("resources", "max_resources"), ("services", "max_services"),
        ("appointments", "max_appointments_per_month"), ("email-templates", "max_email_templates"),
        ("automated-tasks", "max_automated_tasks"),
    ]

    @Test(arguments: quotas)
    func limitMinusOneSucceedsThenLimitIsRefused(kind: String, quota: String) throws {
        let f = try SchedulingFixture()
        let bodies = try (0..<4).map { _ in try f.validBody(kind) }  // appointments' resources and services come first
        let used =
            f.env.respond(TestRequest.get("/api/tenant/", host: f.host, token: f.owner.token))
            .json["quotas"]?[quota]?["used"]?.intValue ?? 0
        let limit = used + 2
        try AdminCommands(db: f.env.db, config: f.env.config, now: f.env.now, output: { _ in })
            .run(["tenant", "set", f.schema, "\(quota)=\(limit)"])
        #expect(f.send("POST", "/api/\(kind)/", bodies[0]).status.code == 201)
        #expect(f.send("POST", "/api/\(kind)/", bodies[1]).status.code == 201)
        let refused = f.send("POST", "/api/\(kind)/", bodies[2])
        #expect(refused.status.code == 403 && refused.code == "quota_exceeded")
        #expect(refused.json["quota"]?.stringValue == quota)
        #expect(refused.json["limit"]?.intValue == limit && refused.json["used"]?.intValue == limit)

        try setting(f, "\(quota)=\(limit + 1)")
        #expect(f.send("POST", "/api/\(kind)/", bodies[2]).status.code == 201)
        #expect(f.send("POST", "/api/\(kind)/", bodies[3]).status.code == 403)
        try setting(f, "\(quota)=unlimited")
        #expect(f.send("POST", "/api/\(kind)/", try f.validBody(kind)).status.code == 201)
    }

    @Test func quotaIsRecheckedInsideTheTransaction() throws {
        let f = try SchedulingFixture(overrides: ["max_resources=1"])
        let tenant = try #require(try TenantStore(f.env.db).find(schemaName: "demo"))
        let context = try TenantContext(
            Context(tenant: tenant, user: f.owner.user, deps: f.env.deps, requestID: "t", now: f.env.now))
        let body = TestRequest.post("/api/resources/", host: f.host, json: ["name": "A", "type": "room"])
        // Calling the handler directly skips the chain's pre-check; the transaction's check still refuses.
        _ = try ResourceHandlers.create(body, context)
        #expect(throws: APIError.self) { try ResourceHandlers.create(body, context) }
        #expect(try QuotaUsage(f.env.db).used(.maxResources, tenant: tenant, now: f.env.now) == 1)
    }

    @Test func downgradeKeepsRowsReadableAndEditable() throws {
        let f = try SchedulingFixture(plan: "enterprise")
        let rows = try (1...4).map { try f.create("resources", ["name": .string("R\($0)"), "type": "room"]) }
        try setting(f, "plan=free", "max_resources=default")
        let list = f.send("GET", "/api/resources/")
        #expect(list.status.code == 200 && list.json["count"] == 4)
        #expect(f.send("PATCH", "/api/resources/\(f.id(rows[3]))/", ["name": "Still here"]).status.code == 200)
        let refused = f.send("POST", "/api/resources/", ["name": "R5", "type": "room"])
        #expect(refused.status.code == 403 && refused.json["limit"] == 3 && refused.json["used"] == 4)
    }

    @Test func cancelledAndOtherMonthsAppointmentsDoNotCount() throws {
        let f = try SchedulingFixture(overrides: ["max_appointments_per_month=1"])
        var body = try f.validBody("appointments")
        body = patched(body, ("status", "CANCELLED"))
        #expect(f.send("POST", "/api/appointments/", body).status.code == 201)
        let nextMonth = patched(try f.validBody("appointments"), ("start_time", "2026-01-15T10:00:00Z"))
        #expect(f.send("POST", "/api/appointments/", nextMonth).status.code == 201)
        #expect(f.send("POST", "/api/appointments/", try f.validBody("appointments")).status.code == 201)
        #expect(f.send("POST", "/api/appointments/", try f.validBody("appointments")).code == "quota_exceeded")
    }

    /// Review F10: the month an appointment lands in is the tenant's month. In New York, 2026-01-01T03:00Z is
    /// still 31 December, so it fills December (the current month at `fixedNow`); 06:00Z is January.
    @Test func monthlyQuotaCountsTheMonthTheAppointmentLandsInInTheTenantsZone() throws {
        let f = try SchedulingFixture(overrides: ["max_appointments_per_month=1", "timezone=America/New_York"])
        let lastEvening = patched(try f.validBody("appointments"), ("start_time", "2026-01-01T03:00:00Z"))
        #expect(f.send("POST", "/api/appointments/", lastEvening).status.code == 201)
        let december = patched(try f.validBody("appointments"), ("start_time", "2025-12-20T15:00:00Z"))
        let refused = f.send("POST", "/api/appointments/", december)
        #expect(refused.status.code == 403 && refused.code == "quota_exceeded")
        #expect(refused.json["limit"] == 1 && refused.json["used"] == 1)
        let january = try f.create(
            "appointments", patched(try f.validBody("appointments"), ("start_time", "2026-01-01T06:00:00Z")))
        let tenant = f.env.respond(TestRequest.get("/api/tenant/", host: f.host, token: f.owner.token)).json
        #expect(tenant["quotas"]?["max_appointments_per_month"] == ["limit": 1, "used": 1])
        // Moving January's back by four hours lands it in full December; moving it within January is fine.
        let path = "/api/appointments/\(f.id(january))/"
        #expect(f.send("PATCH", path, ["start_time": "2026-01-01T02:00:00Z"]).code == "quota_exceeded")
        #expect(f.send("PATCH", path, ["start_time": "2026-01-31T23:00:00Z"]).status.code == 200)
    }

    /// The monthly check runs in the write's transaction: calling the handler directly (no chain) still refuses.
    @Test func monthlyQuotaIsCheckedInsideTheTransaction() throws {
        let f = try SchedulingFixture(overrides: ["max_appointments_per_month=1"])
        let tenant = try #require(try TenantStore(f.env.db).find(schemaName: "demo"))
        let context = try TenantContext(
            Context(tenant: tenant, user: f.owner.user, deps: f.env.deps, requestID: "t", now: f.env.now))
        let first = patched(try f.validBody("appointments"), ("start_time", "2026-03-01T10:00:00Z"))
        let second = patched(try f.validBody("appointments"), ("start_time", "2026-03-31T10:00:00Z"))
        _ = try AppointmentHandlers.create(TestRequest.post("/api/appointments/", host: f.host, json: first), context)
        #expect(throws: APIError.self) {
            try AppointmentHandlers.create(TestRequest.post("/api/appointments/", host: f.host, json: second), context)
        }
        #expect(try QuotaUsage(f.env.db).appointments(inMonthContaining: 1_772_400_000, tenant: tenant) == 1)
    }

    private func setting(_ f: SchedulingFixture, _ values: String...) throws {
        try AdminCommands(db: f.env.db, config: f.env.config, now: f.env.now, output: { _ in })
            .run(["tenant", "set", f.schema] + values)
    }
}

/// `body` with `key` set to `value`.
func patched(_ body: JSONValue, _ change: (String, JSONValue)) -> JSONValue {
    guard case .object(var members) = body else { return body }
    members.removeAll { $0.0 == change.0 }
    members.append(change)
    return .object(members)
}
