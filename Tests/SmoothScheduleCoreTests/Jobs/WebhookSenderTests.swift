import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

@Suite struct WebhookSenderTests {
    /// A fixture with one webhook subscribed to everything and one customer created: one delivery waiting.
    func pending(_ config: [String: String] = [:]) throws -> (WebhookFixture, secret: String, webhook: Int) {
        let f = try WebhookFixture(extraConfig: config)
        let created = try f.createWebhook()
        try f.scheduling.create("customers", try f.scheduling.validBody("customers"))
        return (f, try #require(created["secret"]?.stringValue), Int(f.scheduling.id(created)))
    }

    func delivery(_ f: WebhookFixture) throws -> Row {
        try #require(try f.env.db.queryOne("SELECT * FROM webhook_deliveries ORDER BY id DESC LIMIT 1"))
    }

    @Test func aDeliveryIsSignedAndCarriesTheEnvelope() throws {
        let (f, secret, _) = try pending()
        f.env.http.responses = [OutboundResponse(status: 204)]
        #expect(try f.sender(clock: { f.env.now }).runOnce())
        let sent = try #require(f.env.http.sent.first)
        #expect(sent.method == "POST" && sent.url == WebhookFixture.url && sent.timeout == 10)
        #expect(sent.resolve == ["93.184.216.34:443:93.184.216.34"] && sent.publicAddressesOnly)
        let row = try delivery(f)
        #expect(sent.header("X-SmoothSchedule-Delivery") == String(row.int("id")))
        #expect(sent.header("X-SmoothSchedule-Event") == "customer.created")
        let signature = try #require(sent.header("X-SmoothSchedule-Signature"))
        #expect(WebhookSignature.verify(header: signature, secret: secret, body: sent.body, now: f.env.now))
        let body = try JSONParser.parse(sent.body)
        #expect(body.objectMembers?.map(\.0) == ["id", "type", "created_at", "tenant", "data"])
        #expect(body["type"] == "customer.created" && body["tenant"] == "demo")
        #expect(body["data"] == (try f.events()[0].data))
        #expect(row.string("status") == "succeeded" && row.int("attempts") == 1 && row.int("response_status") == 204)
        #expect(try f.sender(clock: { f.env.now }).runOnce() == false)
    }

    @Test func fiveHundredsAreRetriedOnScheduleAndThenSucceed() throws {
        let (f, _, webhook) = try pending(["SMOOTHSCHEDULE_WEBHOOK_RETRY_SECONDS": "60,600"])
        var now = f.env.now
        let sender = f.sender(clock: { now })
        f.env.http.responses = [OutboundResponse(status: 503), OutboundResponse(status: 200)]
        #expect(try sender.runOnce())
        var row = try delivery(f)
        #expect(row.string("status") == "pending" && row.int64("next_attempt_at") == now + 60)
        #expect(row.string("error") == "HTTP 503")
        let tenant = try f.tenant
        #expect(try WebhookStore(f.env.db).find(tenantID: tenant.id, id: webhook)?.failingSince == now)
        #expect(try sender.runOnce() == false)  // not due yet
        now += 60
        #expect(try sender.runOnce())
        row = try delivery(f)
        #expect(row.string("status") == "succeeded" && row.int("attempts") == 2)
        #expect(try WebhookStore(f.env.db).find(tenantID: tenant.id, id: webhook)?.failingSince == nil)
    }

    @Test func retryAfterIsHonouredAndTheScheduleEnds() throws {
        let (f, _, _) = try pending(["SMOOTHSCHEDULE_WEBHOOK_RETRY_SECONDS": "5"])
        var now = f.env.now
        let sender = f.sender(clock: { now })
        f.env.http.responses = [
            OutboundResponse(status: 429, headers: [("retry-after", "120")]), OutboundResponse(status: 500),
        ]
        #expect(try sender.runOnce())
        #expect(try delivery(f).int64("next_attempt_at") == now + 120)
        now += 120
        #expect(try sender.runOnce())
        let row = try delivery(f)
        #expect(row.string("status") == "failed" && row.int("attempts") == 2 && row.int64("next_attempt_at") == nil)
    }

    @Test(arguments: [400, 410, 301, 404])
    func otherAnswersFailAtOnce(_ status: Int) throws {
        let (f, _, _) = try pending()
        f.env.http.responses = [OutboundResponse(status: status)]
        #expect(try f.sender(clock: { f.env.now }).runOnce())
        let row = try delivery(f)
        #expect(row.string("status") == "failed" && row.int("attempts") == 1 && row.int("response_status") == status)
    }

    @Test func connectionErrorsAreRetried() throws {
        let (f, _, _) = try pending()
        f.env.http.responses = []  // the fake throws a connect error
        #expect(try f.sender(clock: { f.env.now }).runOnce())
        let row = try delivery(f)
        #expect(row.string("status") == "pending" && row.optionalString("error") == "no fake response queued")
    }

    @Test func aURLThatNowResolvesPrivatelyIsRefusedWithoutAnyRequest() throws {
        let (f, _, webhook) = try pending()
        try f.env.db.run("UPDATE webhooks SET url = 'https://10.0.0.7/hook' WHERE id = ?", [.int(webhook)])
        #expect(try f.sender(clock: { f.env.now }).runOnce())
        #expect(f.env.http.sent.isEmpty)
        let row = try delivery(f)
        #expect(row.string("status") == "failed" && row.string("error").contains("10.0.0.7"))
    }

    @Test func aWebhookFailingForTheWholeWindowIsTurnedOffAuditedAndSaysWhy() throws {
        let (f, _, webhook) = try pending([
            "SMOOTHSCHEDULE_WEBHOOK_RETRY_SECONDS": "100,100,100,100",
            "SMOOTHSCHEDULE_WEBHOOK_DISABLE_AFTER_SECONDS": "250",
        ])
        var now = f.env.now
        let sender = f.sender(clock: { now })
        try f.scheduling.create("customers", ["name": "Second", "email": "second@example.com"])
        f.env.http.responses = Array(repeating: OutboundResponse(status: 500), count: 10)
        for _ in 0..<4 {
            while try sender.runOnce() {}
            now += 100
        }
        let tenant = try f.tenant
        let shown = f.send("GET", "/api/webhooks/\(webhook)/")
        #expect(shown.json["is_active"] == false)
        let reason = try #require(shown.json["disabled_reason"]?.stringValue)
        #expect(reason.contains("Deliveries failed for 5 minutes") && reason.contains("HTTP 500"))
        let statuses = try f.env.db.query("SELECT status FROM webhook_deliveries").map { $0.string("status") }
        #expect(statuses == ["failed", "failed"])
        let audit = try AuditStore(f.env.db).list(tenantID: tenant.id, limit: 10, offset: 0)
        #expect(audit.contains { $0.action == "webhook.deactivated" && $0.objectID == String(webhook) })
        // New events no longer reach it.
        try f.scheduling.create("customers", ["name": "Third", "email": "third@example.com"])
        #expect(try f.deliveryCount() == 2)
    }
}

extension OutboundRequest: HeaderList {}
