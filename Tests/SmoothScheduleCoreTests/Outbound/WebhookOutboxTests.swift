import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

@Suite struct WebhookOutboxTests {
    @Test func appointmentEventsCarryTheObjectExactlyAsTheAPIShowsIt() throws {
        let f = try WebhookFixture()
        try f.createWebhook(events: ["appointment.created", "appointment.updated", "appointment.cancelled"])
        let created = try f.scheduling.create("appointments", try f.scheduling.validBody("appointments"))
        let id = f.scheduling.id(created)
        let updated = f.send("PATCH", "/api/appointments/\(id)/", ["notes": "Bring ID"])
        let cancelled = f.send("PATCH", "/api/appointments/\(id)/", ["status": "CANCELLED"])
        // Cancelling again is an update, not a second cancellation.
        f.send("PATCH", "/api/appointments/\(id)/", ["notes": "Cancelled by phone"])
        let events = try f.events()
        #expect(
            events.map(\.type) == [
                "appointment.created", "appointment.updated", "appointment.cancelled", "appointment.updated",
            ])
        #expect(events[0].data == created)
        #expect(events[1].data == updated.json)
        #expect(events[2].data == cancelled.json)
        #expect(events[3].data == f.send("GET", "/api/appointments/\(id)/").json)
        #expect(try f.deliveryCount() == 4)
    }

    @Test func customersAndOnlySubscribedActiveWebhooksGetDeliveries() throws {
        let f = try WebhookFixture()
        let all = try f.createWebhook(events: ["*"])
        try f.createWebhook(events: ["appointment.created"])
        let off = try f.createWebhook(events: ["customer.created"])
        f.send("PATCH", "/api/webhooks/\(f.scheduling.id(off))/", ["is_active": false])
        let customer = try f.scheduling.create("customers", try f.scheduling.validBody("customers"))
        let events = try f.events()
        #expect(events.count == 1 && events[0].type == "customer.created" && events[0].data == customer)
        let targets = try f.env.db.query("SELECT webhook_id FROM webhook_deliveries").map { $0.int("webhook_id") }
        #expect(targets == [Int(f.scheduling.id(all))])
        // Other kinds make no events at all.
        try f.scheduling.create("resources", ["name": "Room 9", "type": "room"])
        #expect(try f.events().count == 1)
    }

    @Test func aRolledBackChangeLeavesNoEventAndNoDelivery() throws {
        let f = try WebhookFixture()
        try f.createWebhook()
        let body = try f.scheduling.validBody("appointments")
        try f.scheduling.create("appointments", body)
        // The same resource and slot again: 409 inside the insert's transaction, after nothing else was kept.
        let clash = f.send("POST", "/api/appointments/", body)
        #expect(clash.status.code == 409)
        #expect(try f.events().count == 1 && f.deliveryCount() == 1)
        let bad = f.send("PATCH", "/api/appointments/999999/", ["notes": "x"])
        let count = try f.events().count
        #expect(bad.status.code == 404 && count == 1)
    }

    @Test func noWebhooksOrNoFeatureMeansNothingIsWritten() throws {
        let env = try TestEnv()
        let quiet = try WebhookFixture(env: env, schema: "quiet")
        try quiet.scheduling.create("customers", try quiet.scheduling.validBody("customers"))
        #expect(try quiet.events().isEmpty)
        let downgraded = try WebhookFixture(env: env, schema: "down")
        try downgraded.createWebhook()
        try AdminCommands(db: env.db, config: env.config, now: env.now, output: { _ in }).run(
            ["tenant", "set", "down", "can_use_webhooks=false"])
        try downgraded.scheduling.create("customers", try downgraded.scheduling.validBody("customers"))
        #expect(try downgraded.events().isEmpty)
    }

    @Test func syncOutcomesBecomeCalendarEvents() throws {
        let f = try WebhookFixture()
        try f.createWebhook(events: ["calendar.sync_succeeded", "calendar.sync_failed"])
        let tenant = try f.tenant
        let jobs = SyncJobStore(f.env.db)
        let job = try #require(
            try jobs.enqueue(
                tenantID: tenant.id, userID: nil, credentialID: 7, calendarID: "primary", resourceID: nil,
                startDate: "2025-12-01", endDate: "2025-12-31", limit: 10, now: f.env.now
            ).jobID)
        try WebhookOutbox.syncFinished(jobID: job, tenantID: tenant.id, succeeded: false, db: f.env.db, now: f.env.now)
        let events = try f.events()
        #expect(events.map(\.type) == ["calendar.sync_failed"])
        let shown = try jobs.find(id: job, tenantID: tenant.id)?.json
        #expect(events[0].data == shown)
        #expect(events[0].data["credential_id"] == 7 && events[0].data["calendar_id"] == "primary")
    }
}
