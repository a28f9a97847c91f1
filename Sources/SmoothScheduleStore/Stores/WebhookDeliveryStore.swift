/// `webhook_events` and `webhook_deliveries`: the outbox (docs/api.md §15). Events are written by the transaction of the
/// change they describe, so a rolled-back change leaves none and a committed one cannot lose its deliveries. Every
/// statement here filters by `tenant_id`; the job runner's global claim lives in `WebhookDeliveryStore+Claim.swift`.
public struct WebhookDeliveryStore {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Matches a webhook's `events` column against one event type (`,type,` bound), or its `*`.
    private static let subscribed = "(events = '*' OR instr(',' || events || ',', ?) > 0)"

    /// Whether an active webhook of the tenant subscribes to `type` (cheap: callers skip rendering when not).
    public func hasSubscribers(tenantID: Int, type: String) throws -> Bool {
        try db.queryOne(
            "SELECT 1 FROM webhooks WHERE tenant_id = ? AND is_active = 1 AND \(Self.subscribed) LIMIT 1",
            [.int(tenantID), .text(",\(type),")]) != nil
    }

    /// Writes the event and one pending delivery per active webhook subscribed to it; answers how many deliveries
    /// (0: the event is not written either). Run it inside the change's transaction.
    @discardableResult
    public func enqueue(tenantID: Int, type: String, data: String, now: Int64) throws -> Int {
        try db.transaction {
            guard try hasSubscribers(tenantID: tenantID, type: type) else { return 0 }
            let eventID = try insertEvent(tenantID: tenantID, type: type, data: data, now: now)
            return try db.run(
                """
                INSERT INTO webhook_deliveries (tenant_id, webhook_id, event_id, next_attempt_at, created_at)
                SELECT tenant_id, id, ?, ?, ? FROM webhooks
                WHERE tenant_id = ? AND is_active = 1 AND \(Self.subscribed)
                """, [.int(eventID), .int(now), .int(now), .int(tenantID), .text(",\(type),")])
        }
    }

    /// An event for one webhook whatever it subscribes to (a ping); answers the delivery id.
    public func enqueue(tenantID: Int, webhookID: Int, type: String, data: String, now: Int64) throws -> Int {
        try db.transaction {
            let eventID = try insertEvent(tenantID: tenantID, type: type, data: data, now: now)
            return try db.insert(
                """
                INSERT INTO webhook_deliveries (tenant_id, webhook_id, event_id, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?)
                """, [.int(tenantID), .int(webhookID), .int(eventID), .int(now), .int(now)])
        }
    }

    private func insertEvent(tenantID: Int, type: String, data: String, now: Int64) throws -> Int {
        try db.insert(
            "INSERT INTO webhook_events (tenant_id, type, data, created_at) VALUES (?, ?, ?, ?)",
            [.int(tenantID), .text(type), .text(data), .int(now)])
    }

    /// A new delivery of a finished one's event (same event id, new delivery id); nil when there is no such
    /// delivery of this webhook.
    public func redeliver(tenantID: Int, webhookID: Int, deliveryID: Int, now: Int64) throws -> Int? {
        try db.queryOne(
            """
            INSERT INTO webhook_deliveries (tenant_id, webhook_id, event_id, redelivery_of, next_attempt_at, created_at)
            SELECT tenant_id, webhook_id, event_id, id, ?, ? FROM webhook_deliveries
            WHERE tenant_id = ? AND webhook_id = ? AND id = ?
            RETURNING id
            """, [.int(now), .int(now), .int(tenantID), .int(webhookID), .int(deliveryID)]
        )?.int("id")
    }

    private static let columns = """
        d.id, d.tenant_id, d.webhook_id, d.event_id, e.type, d.redelivery_of, d.status, d.attempts, d.next_attempt_at,
        d.first_attempt_at, d.last_attempt_at, d.response_status, d.duration_ms, d.error, d.created_at
        """

    public func find(tenantID: Int, webhookID: Int, id: Int) throws -> WebhookDelivery? {
        try db.queryOne(
            """
            SELECT \(Self.columns) FROM webhook_deliveries AS d
            JOIN webhook_events AS e ON e.tenant_id = d.tenant_id AND e.id = d.event_id
            WHERE d.tenant_id = ? AND d.webhook_id = ? AND d.id = ?
            """, [.int(tenantID), .int(webhookID), .int(id)]
        ).map(WebhookDelivery.init(row:))
    }

    /// One page of a webhook's deliveries, newest first, optionally of one status and event type.
    public func list(
        tenantID: Int, webhookID: Int, status: String?, eventType: String?, limit: Int, offset: Int
    ) throws -> (count: Int, deliveries: [WebhookDelivery]) {
        let condition = """
            d.tenant_id = ? AND d.webhook_id = ? AND (? IS NULL OR d.status = ?) AND (? IS NULL OR e.type = ?)
            """
        let filters: [SQLValue] = [
            .int(tenantID), .int(webhookID), .optional(status), .optional(status), .optional(eventType),
            .optional(eventType),
        ]
        let from = """
            FROM webhook_deliveries AS d JOIN webhook_events AS e ON e.tenant_id = d.tenant_id AND e.id = d.event_id
            """
        let count = try db.scalarInt("SELECT count(*) \(from) WHERE \(condition)", filters)
        let rows = try db.query(
            "SELECT \(Self.columns) \(from) WHERE \(condition) ORDER BY d.id DESC LIMIT ? OFFSET ?",
            filters + [.int(limit), .int(offset)])
        return (count, rows.map(WebhookDelivery.init(row:)))
    }

    /// Fails the webhook's deliveries that wait for an attempt (it was turned off); answers how many.
    @discardableResult
    public func failPending(tenantID: Int, webhookID: Int, reason: String, now: Int64) throws -> Int {
        try db.run(
            """
            UPDATE webhook_deliveries SET status = 'failed', error = ?, next_attempt_at = NULL
            WHERE tenant_id = ? AND webhook_id = ? AND status = 'pending'
            """, [.text(reason), .int(tenantID), .int(webhookID)])
    }
}
