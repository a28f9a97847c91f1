// The job runner's side of the outbox: a fair, atomic claim and the recorded outcome of each attempt.

/// A delivery claimed by a job runner, with what sending it needs.
public struct ClaimedDelivery: Sendable {
    public let id: Int
    public let tenantID: Int
    public let webhookID: Int
    public let eventID: Int
    /// Attempts so far, this one included.
    public let attempts: Int
    public let firstAttemptAt: Int64
    public let eventType: String
    /// The event's object, JSON text as the API shows it.
    public let data: String
    public let eventCreatedAt: Int64
    public let tenantSchema: String
    public let url: String
}

/// What one attempt came to.
public struct DeliveryAttempt: Sendable {
    public enum Next: Sendable, Equatable {
        case succeeded
        case failed
        case retry(at: Int64)
    }
    public var next: Next
    public var responseStatus: Int?
    public var durationMS: Int
    public var error: String?

    public init(next: Next, responseStatus: Int?, durationMS: Int, error: String?) {
        self.next = next
        self.responseStatus = responseStatus
        self.durationMS = durationMS
        self.error = error
    }
}

extension WebhookDeliveryStore {
    /// Whether anything may be claimed at `now`: a read that keeps idle polls off the write lock.
    public func hasDue(now: Int64) throws -> Bool {
        try db.queryOne(
            """
            SELECT 1 WHERE EXISTS (SELECT 1 FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?)
                OR EXISTS (SELECT 1 FROM webhook_deliveries WHERE status = 'sending' AND lease_until < ?)
            """, [.int(now), .int(now)]) != nil
    }

    /// Claims the next delivery, or nil. A delivery whose lease ended (its job runner died) waits again first, to be
    /// sent again with its id (a receiver may see a delivery id twice). Then each webhook with a queue offers its
    /// head (earliest `next_attempt_at`, then oldest: events leave in order); a head not yet due, or of a webhook
    /// with `perWebhook` deliveries in flight, is passed over. Of the rest, the tenant served least recently wins.
    /// The walk costs a few index seeks per webhook with a queue, whatever the backlog. Global by design: a job runner
    /// serves every tenant.
    public func claim(runnerID: String, now: Int64, lease: Int64, perWebhook: Int) throws -> ClaimedDelivery? {
        try db.transaction {
            try db.run(
                """
                UPDATE webhook_deliveries SET status = 'pending', claimed_by = NULL, lease_until = NULL
                WHERE status = 'sending' AND lease_until < ?
                """, [.int(now)])
            guard let next = try db.queryOne(Self.nextSQL, [.int(now), .int(perWebhook)])?.int("id"),
                let claimed = try db.queryOne(
                    """
                    UPDATE webhook_deliveries SET status = 'sending', claimed_by = ?, lease_until = ?,
                        attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, ?), last_attempt_at = ?
                    WHERE id = ? AND status = 'pending'
                    RETURNING id, tenant_id, webhook_id, event_id, attempts, first_attempt_at
                    """, [.text(runnerID), .int(now + lease), .int(now), .int(now), .int(next)])
            else { return nil }
            let tenantID = claimed.int("tenant_id")
            try db.run(
                """
                INSERT INTO webhook_turns (tenant_id, served)
                VALUES (?, (SELECT coalesce(max(served), 0) + 1 FROM webhook_turns))
                ON CONFLICT (tenant_id) DO UPDATE SET served = excluded.served
                """, [.int(tenantID)])
            return try details(claimed, tenantID: tenantID, now: now)
        }
    }

    /// The next delivery to claim (see `claim`): a loose index scan over `webhook_deliveries_queue` for the webhooks
    /// with a queue, then each queue's head.
    private static let nextSQL = """
        WITH RECURSIVE queued(webhook_id) AS (
            SELECT (SELECT min(webhook_id) FROM webhook_deliveries WHERE status = 'pending')
            UNION ALL
            SELECT (SELECT min(webhook_id) FROM webhook_deliveries
                    WHERE status = 'pending' AND webhook_id > queued.webhook_id)
            FROM queued WHERE queued.webhook_id IS NOT NULL
        ),
        heads(head) AS (
            SELECT (SELECT d.id FROM webhook_deliveries AS d WHERE d.webhook_id = q.webhook_id AND d.status = 'pending'
                    ORDER BY d.next_attempt_at, d.id LIMIT 1)
            FROM queued AS q WHERE q.webhook_id IS NOT NULL
        )
        SELECT d.id FROM heads JOIN webhook_deliveries AS d ON d.id = heads.head
        LEFT JOIN webhook_turns AS turn ON turn.tenant_id = d.tenant_id
        WHERE d.next_attempt_at <= ?
          AND (SELECT count(*) FROM webhook_deliveries AS busy
               WHERE busy.webhook_id = d.webhook_id AND busy.status = 'sending') < ?
        ORDER BY coalesce(turn.served, 0), d.next_attempt_at, d.id
        LIMIT 1
        """

    private func details(_ claimed: Row, tenantID: Int, now: Int64) throws -> ClaimedDelivery? {
        guard
            let detail = try db.queryOne(
                """
                SELECT e.type, e.data, e.created_at, w.url, t.schema_name
                FROM webhook_events AS e
                JOIN webhooks AS w ON w.tenant_id = e.tenant_id AND w.id = ?
                JOIN tenants AS t ON t.id = e.tenant_id
                WHERE e.tenant_id = ? AND e.id = ?
                """, [.int(claimed.int("webhook_id")), .int(tenantID), .int(claimed.int("event_id"))])
        else { return nil }
        return ClaimedDelivery(
            id: claimed.int("id"), tenantID: tenantID, webhookID: claimed.int("webhook_id"),
            eventID: claimed.int("event_id"), attempts: claimed.int("attempts"),
            firstAttemptAt: claimed.int64("first_attempt_at") ?? now, eventType: detail.string("type"),
            data: detail.string("data"), eventCreatedAt: detail.int64("created_at") ?? now,
            tenantSchema: detail.string("schema_name"), url: detail.string("url"))
    }

    /// Records an attempt's outcome, unless another job runner took the delivery over meanwhile; true when it did.
    @discardableResult
    public func finish(
        id: Int, tenantID: Int, runnerID: String, _ attempt: DeliveryAttempt
    ) throws -> Bool {
        let (status, nextAt): (String, SQLValue) =
            switch attempt.next {
            case .succeeded: ("succeeded", .null)
            case .failed: ("failed", .null)
            case .retry(let at): ("pending", .int(at))
            }
        return try db.run(
            """
            UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, response_status = ?, duration_ms = ?,
                error = ?, claimed_by = NULL, lease_until = NULL
            WHERE id = ? AND tenant_id = ? AND claimed_by = ? AND status = 'sending'
            """,
            [
                .text(status), nextAt, .optional(attempt.responseStatus), .int(attempt.durationMS),
                .optional(attempt.error), .int(id), .int(tenantID), .text(runnerID),
            ]) == 1
    }
}
