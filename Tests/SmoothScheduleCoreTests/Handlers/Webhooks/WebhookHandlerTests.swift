import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

@Suite struct WebhookHandlerTests {
    @Test func createShowsTheSecretOnceAndReadsNeverDo() throws {
        let f = try WebhookFixture()
        let created = try f.createWebhook(events: ["appointment.created", "customer.created"])
        let secret = try #require(created["secret"]?.stringValue)
        #expect(secret.hasPrefix("whsec_") && secret.count == 49)
        #expect(created["events"] == ["appointment.created", "customer.created"])
        #expect(created["is_active"] == true && created["url"]?.stringValue == WebhookFixture.url)
        let id = created["id"]?.intValue ?? 0
        let shown = f.send("GET", "/api/webhooks/\(id)/")
        #expect(shown.status.code == 200 && shown.json["secret"] == nil && shown.json["id"]?.intValue == id)
        let list = f.send("GET", "/api/webhooks/")
        #expect(list.json["count"] == 1 && list.json["results"]?.items.first?["secret"] == nil)
        // Stored sealed, never in clear.
        let row = try #require(
            try f.env.db.queryOne("SELECT secret_sealed FROM webhooks WHERE id = ?", [.int(Int(id))]))
        #expect(!String(decoding: row.blob("secret_sealed") ?? [], as: UTF8.self).contains(secret))
    }

    @Test func badInputIs400WithFields() throws {
        let f = try WebhookFixture()
        let cases: [(JSONValue, String)] = [
            (["url": "http://93.184.216.34/", "events": ["*"]], "url"),
            (["url": "https://127.0.0.1/", "events": ["*"]], "url"),
            (["url": "https://10.1.2.3/", "events": ["*"]], "url"),
            (["url": "https://169.254.169.254/", "events": ["*"]], "url"),
            (["url": "not a url", "events": ["*"]], "url"),
            (["url": .string(WebhookFixture.url), "events": ["appointment.deleted"]], "events"),
            (["url": .string(WebhookFixture.url), "events": []], "events"),
            (["url": .string(WebhookFixture.url), "events": "*"], "events"),
            (["url": .string(WebhookFixture.url)], "events"),
            (["events": ["*"]], "url"),
            (["url": .string(WebhookFixture.url), "events": ["*"], "secret": "whsec_mine"], "secret"),
            (["url": .string(WebhookFixture.url), "events": ["*"], "tenant_id": 2], "tenant_id"),
        ]
        for (body, field) in cases {
            let r = f.send("POST", "/api/webhooks/", body)
            #expect(r.status.code == 400 && r.code == "invalid", "\(body) → \(r.status.code) \(r.json)")
            #expect(r.json["fields"]?[field] != nil, "\(body) → \(r.json)")
        }
        #expect(try f.env.db.scalarInt("SELECT count(*) FROM webhooks") == 0)
    }

    @Test func theOperatorsCapIs403QuotaExceeded() throws {
        let f = try WebhookFixture(extraConfig: ["SMOOTHSCHEDULE_WEBHOOK_MAX_PER_TENANT": "2"])
        try f.createWebhook()
        try f.createWebhook()
        let r = f.send("POST", "/api/webhooks/", ["url": .string(WebhookFixture.url), "events": ["*"]])
        #expect(r.status.code == 403 && r.code == "quota_exceeded")
        #expect(r.json["quota"] == "max_webhooks" && r.json["limit"] == 2 && r.json["used"] == 2)
    }

    @Test func aPlanWithoutWebhooksIs403AndOtherTenantsWebhooksAre404() throws {
        let env = try TestEnv()
        let mine = try WebhookFixture(env: env, schema: "mine")
        let id = try mine.createWebhook()["id"]?.intValue ?? 0
        let free = try WebhookFixture(env: env, schema: "free", plan: "free")
        let denied = free.send("GET", "/api/webhooks/")
        #expect(denied.status.code == 403 && denied.code == "feature_not_available")
        #expect(denied.json["feature"] == "can_use_webhooks" && denied.json["upgrade_required"] == true)
        let other = try WebhookFixture(env: env, schema: "other")
        for (method, path) in [
            ("GET", "/api/webhooks/\(id)/"), ("PATCH", "/api/webhooks/\(id)/"), ("DELETE", "/api/webhooks/\(id)/"),
            ("POST", "/api/webhooks/\(id)/ping/"), ("POST", "/api/webhooks/\(id)/rotate-secret/"),
            ("GET", "/api/webhooks/\(id)/deliveries/"),
        ] {
            let r = other.send(method, path, method == "GET" || method == "DELETE" ? nil : [:])
            #expect(r.status.code == 404 && r.code == "not_found", "\(method) \(path) → \(r.status.code)")
        }
        #expect(other.send("GET", "/api/webhooks/").json["count"] == 0)
        let staff = try mine.scheduling.member(.staff)
        #expect(mine.send("GET", "/api/webhooks/", as: staff).code == "permission_denied")
    }

    @Test func patchChangesFieldsAndTurningOnClearsTheReason() throws {
        let f = try WebhookFixture()
        let id = Int(f.scheduling.id(try f.createWebhook()))
        let tenant = try f.tenant
        _ = try WebhookStore(f.env.db).deactivate(tenantID: tenant.id, id: id, reason: "failing", now: f.env.now)
        #expect(f.send("GET", "/api/webhooks/\(id)/").json["disabled_reason"] == "failing")
        let r = f.send("PATCH", "/api/webhooks/\(id)/", ["is_active": true, "events": ["customer.created"]])
        #expect(r.status.code == 200 && r.json["is_active"] == true && r.json["disabled_reason"] == .null)
        #expect(r.json["events"] == ["customer.created"])
        #expect(f.send("PATCH", "/api/webhooks/\(id)/", ["url": "https://192.168.0.10/"]).status.code == 400)
        #expect(f.send("DELETE", "/api/webhooks/\(id)/").status.code == 204)
        #expect(f.send("GET", "/api/webhooks/\(id)/").status.code == 404)
    }

    @Test func rotationKeepsTheOldSecretSigningForTheOverlap() throws {
        let f = try WebhookFixture()
        let created = try f.createWebhook()
        let id = Int(f.scheduling.id(created))
        let old = try #require(created["secret"]?.stringValue)
        let rotated = f.send("POST", "/api/webhooks/\(id)/rotate-secret/", ["overlap_seconds": 3600])
        let new = try #require(rotated.json["secret"]?.stringValue)
        #expect(rotated.status.code == 200 && new != old)
        #expect(rotated.json["previous_secret_expires_at"]?.stringValue == ISOTime.format(f.env.now + 3600))
        let tenant = try f.tenant
        let signing = { (now: Int64) in
            try WebhookSecrets.signing(
                tenantID: tenant.id, webhookID: id, store: WebhookStore(f.env.db), cipher: f.env.deps.cipher, now: now)
        }
        #expect(try signing(f.env.now) == [new, old])
        #expect(try signing(f.env.now + 3601) == [new])
        let immediate = f.send("POST", "/api/webhooks/\(id)/rotate-secret/", ["overlap_seconds": 0])
        #expect(try signing(f.env.now) == [try #require(immediate.json["secret"]?.stringValue)])
        #expect(f.send("POST", "/api/webhooks/\(id)/rotate-secret/", ["overlap_seconds": -1]).status.code == 400)
    }

    @Test func pingQueuesADeliveryAndRedeliverMakesANewOneOfTheSameEvent() throws {
        let f = try WebhookFixture()
        let id = Int(f.scheduling.id(try f.createWebhook(events: ["customer.created"])))
        let ping = f.send("POST", "/api/webhooks/\(id)/ping/")
        #expect(ping.status.code == 202 && ping.json["event"] == "ping" && ping.json["status"] == "pending")
        let deliveryID = ping.json["id"]?.intValue ?? 0
        let early = f.send("POST", "/api/webhooks/\(id)/deliveries/\(deliveryID)/redeliver/")
        #expect(early.status.code == 409)
        try f.env.db.run("UPDATE webhook_deliveries SET status = 'failed' WHERE id = ?", [.int(Int(deliveryID))])
        let again = f.send("POST", "/api/webhooks/\(id)/deliveries/\(deliveryID)/redeliver/")
        #expect(again.status.code == 202 && again.json["redelivery_of"]?.intValue == deliveryID)
        #expect(again.json["event_id"] == ping.json["event_id"] && again.json["id"] != ping.json["id"])
        let log = f.send("GET", "/api/webhooks/\(id)/deliveries/")
        #expect(log.json["count"] == 2 && log.json["results"]?.items.first?["id"] == again.json["id"])
        let filtered = f.scheduling.send("GET", "/api/webhooks/\(id)/deliveries/", query: [("status", "failed")])
        #expect(filtered.json["count"] == 1)
        let bad = f.scheduling.send("GET", "/api/webhooks/\(id)/deliveries/", query: [("status", "lost")])
        #expect(bad.status.code == 400 && bad.json["fields"]?["status"] != nil)
    }
}
