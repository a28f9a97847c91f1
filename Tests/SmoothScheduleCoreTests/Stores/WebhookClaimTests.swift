import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

@Suite struct WebhookClaimTests {
    /// Two tenants on one database, each with webhooks; `busy` has many deliveries waiting, `quiet` one.
    func twoTenants(busyWebhooks: Int = 1) throws -> (env: TestEnv, busy: WebhookFixture, quiet: WebhookFixture) {
        let env = try TestEnv()
        let busy = try WebhookFixture(env: env, schema: "busy")
        for _ in 0..<busyWebhooks { try busy.createWebhook(events: ["customer.created"]) }
        for n in 0..<5 {
            try busy.scheduling.create("customers", ["name": .string("C\(n)"), "email": .string("c\(n)@example.com")])
        }
        let quiet = try WebhookFixture(env: env, schema: "quiet")
        try quiet.createWebhook(events: ["customer.created"])
        try quiet.scheduling.create("customers", ["name": "Q", "email": "q@example.com"])
        return (env, busy, quiet)
    }

    func claim(_ env: TestEnv, _ worker: String, now: Int64? = nil, perWebhook: Int = 1) throws -> ClaimedDelivery? {
        try WebhookDeliveryStore(env.db).claim(
            runnerID: worker, now: now ?? env.now, lease: 60, perWebhook: perWebhook)
    }

    @Test func oneWebhookHasOneDeliveryInFlightAndOtherTenantsGoOnMeanwhile() throws {
        let (env, busy, quiet) = try twoTenants()
        let first = try #require(try claim(env, "w1"))
        #expect(first.tenantSchema == "busy")
        // busy's webhook is in flight: the next claim is quiet's, and then nothing until busy's finishes.
        let second = try #require(try claim(env, "w2"))
        #expect(second.tenantSchema == "quiet")
        #expect(try claim(env, "w3") == nil)
        let done = DeliveryAttempt(next: .succeeded, responseStatus: 200, durationMS: 1, error: nil)
        #expect(try WebhookDeliveryStore(env.db).finish(id: first.id, tenantID: first.tenantID, runnerID: "w1", done))
        let third = try #require(try claim(env, "w3"))
        #expect(third.tenantSchema == "busy" && third.id > first.id)
        #expect(try busy.deliveryCount() == 5 && quiet.deliveryCount() == 1)
    }

    @Test func claimsGoRoundRobinAcrossTenants() throws {
        let (env, _, _) = try twoTenants(busyWebhooks: 3)
        var order: [String] = []
        while let claimed = try claim(env, "w", perWebhook: 10) { order.append(claimed.tenantSchema) }
        #expect(order.count == 16)
        #expect(Array(order.prefix(2)).sorted() == ["busy", "quiet"])
        #expect(order.dropFirst(2).allSatisfy { $0 == "busy" })
    }

    @Test func aDeliveryWhoseWorkerDiedIsClaimedAgainAfterItsLease() throws {
        let (env, _, _) = try twoTenants()
        let lost = try #require(try claim(env, "dead"))
        _ = try claim(env, "other")  // quiet's
        #expect(try claim(env, "later", now: env.now + 30) == nil)
        let again = try #require(try claim(env, "later", now: env.now + 61))
        #expect(again.id == lost.id && again.attempts == 2)
        let done = DeliveryAttempt(next: .succeeded, responseStatus: 200, durationMS: 1, error: nil)
        #expect(
            try WebhookDeliveryStore(env.db).finish(id: lost.id, tenantID: lost.tenantID, runnerID: "dead", done)
                == false)
        #expect(try WebhookDeliveryStore(env.db).finish(id: lost.id, tenantID: lost.tenantID, runnerID: "later", done))
    }
}

@Suite struct WebhookPruneTests {
    @Test func finishedDeliveriesPastTheRetentionGoAndPendingOnesStay() throws {
        let f = try WebhookFixture()
        try f.createWebhook(events: ["customer.created"])
        for n in 0..<3 {
            try f.scheduling.create("customers", ["name": .string("P\(n)"), "email": .string("p\(n)@example.com")])
        }
        try f.env.db.run(
            "UPDATE webhook_deliveries SET status = 'succeeded' WHERE id IN (SELECT min(id) FROM webhook_deliveries)")
        try f.env.db.run(
            "UPDATE webhook_deliveries SET status = 'failed' WHERE id = (SELECT max(id) FROM webhook_deliveries)")
        let store = WebhookDeliveryStore(f.env.db)
        #expect(try store.prune(before: f.env.now) == 0)  // not old enough
        #expect(try store.prune(before: f.env.now + 1, batch: 1) == 1)
        #expect(try store.prune(before: f.env.now + 1) == 1)
        #expect(try f.deliveryCount() == 1)
        let left = try f.env.db.query("SELECT status FROM webhook_deliveries").map { $0.string("status") }
        #expect(left == ["pending"])
        #expect(try f.events().count == 1)
    }
}
