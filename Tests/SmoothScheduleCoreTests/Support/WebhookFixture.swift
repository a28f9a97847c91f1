import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// A tenant on a plan with webhooks (enterprise), its owner, and helpers that go through the API.
final class WebhookFixture {
    let scheduling: SchedulingFixture
    var env: TestEnv { scheduling.env }
    var owner: TestEnv.Member { scheduling.owner }
    /// A public address literal: checked like any URL, resolved without DNS.
    static let url = "https://93.184.216.34/hooks"

    init(env: TestEnv? = nil, schema: String = "demo", plan: String = "enterprise", extraConfig: [String: String] = [:])
        throws
    {
        scheduling = try SchedulingFixture(env: env ?? TestEnv(extraConfig: extraConfig), schema: schema, plan: plan)
    }

    func send(_ method: String, _ path: String, _ json: JSONValue? = nil, as member: TestEnv.Member? = nil) -> Response
    {
        scheduling.send(method, path, json, as: member)
    }

    /// Creates a webhook as the owner (201 expected); answers its JSON, secret included.
    @discardableResult
    func createWebhook(events: [String] = ["*"], url: String = WebhookFixture.url) throws -> JSONValue {
        let r = send("POST", "/api/webhooks/", ["url": .string(url), "events": .array(events.map(JSONValue.string))])
        try #require(r.status.code == 201, "POST /api/webhooks/ → \(r.status.code) \(r.json)")
        return r.json
    }

    var tenant: Tenant { get throws { try #require(try TenantStore(env.db).find(schemaName: scheduling.schema)) } }

    /// Every event row of the tenant, oldest first: (type, data).
    func events() throws -> [(type: String, data: JSONValue)] {
        try env.db.query("SELECT type, data FROM webhook_events WHERE tenant_id = ? ORDER BY id", [.int(tenant.id)])
            .map { ($0.string("type"), (try? JSONParser.parse(Array($0.string("data").utf8))) ?? .null) }
    }

    func deliveryCount() throws -> Int {
        try env.db.scalarInt("SELECT count(*) FROM webhook_deliveries WHERE tenant_id = ?", [.int(tenant.id)])
    }

    /// A sender on the fixture's database and fake HTTP client, with the fixture's clock.
    func sender(clock: @escaping () -> Int64) -> WebhookSender {
        let sender = WebhookSender(
            db: env.db, http: env.http, config: env.config, runnerID: "test", clock: clock, log: Log(minimum: .error))
        sender.random = { 0.5 }
        return sender
    }
}

extension JSONValue {
    /// The elements of an array (empty for anything else).
    var items: [JSONValue] {
        if case .array(let elements) = self { return elements }
        return []
    }
}
