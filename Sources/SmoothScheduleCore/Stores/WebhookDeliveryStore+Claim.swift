// The worker's side of the outbox: a fair, atomic claim and the recorded outcome of each attempt.

/// A delivery claimed by a worker, with what sending it needs.
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

    /// Claims the next delivery, or nil. Candidates: pending ones that are due, and ones in flight whose lease
    /// ended (their worker died: sent again, so a receiver may see a delivery id twice). A webhook that already has
    /// `perWebhook` deliveries in flight waits. Of the rest, the tenant served least recently wins, then the oldest
    /// delivery (so one webhook's deliveries leave in event order). Global by design: a worker serves every tenant.
    public func claim(workerID: String, now: Int64, lease: Int64, perWebhook: Int) throws -> ClaimedDelivery? {
        try db.transaction {
            guard
                let claimed = try db.queryOne(
                    """
                    UPDATE webhook_deliveries SET status = 'sending', claimed_by = ?, lease_until = ?,
                        attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, ?), last_attempt_at = ?
                    WHERE id = (
                        SELECT d.id FROM (
                            SELECT id, tenant_id, webhook_id FROM webhook_deliveries
                            WHERE status = 'pending' AND next_attempt_at <= ?
                            UNION ALL
                            SELECT id, tenant_id, webhook_id FROM webhook_deliveries
                            WHERE status = 'sending' AND lease_until < ?) AS d
                        LEFT JOIN webhook_turns AS turn ON turn.tenant_id = d.tenant_id
                        WHERE (SELECT count(*) FROM webhook_deliveries AS busy
                               WHERE busy.webhook_id = d.webhook_id AND busy.status = 'sending'
                                 AND busy.lease_until >= ?) < ?
                        ORDER BY coalesce(turn.served, 0), d.id
                        LIMIT 1)
                    RETURNING id, tenant_id, webhook_id, event_id, attempts, first_attempt_at
                    """,
                    [
                        .text(workerID), .int(now + lease), .int(now), .int(now), .int(now), .int(now), .int(now),
                        .int(perWebhook),
                    ])
            else { return nil }
            let tenantID = claimed.int("tenant_id")
            try db.run(
                """
                INSERT INTO webhook_turns (tenant_id, served)
                VALUES (?, (SELECT coalesce(max(served), 0) + 1 FROM webhook_turns))
                ON CONFLICT (tenant_id) DO UPDATE SET served = excluded.served
                """, [.int(tenantID)])
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
    }

    /// Records an attempt's outcome, unless another worker took the delivery over meanwhile; true when it did.
    @discardableResult
    public func finish(
        id: Int, tenantID: Int, workerID: String, _ attempt: DeliveryAttempt
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
                .optional(attempt.error), .int(id), .int(tenantID), .text(workerID),
            ]) == 1
    }
}

extension WebhookDeliveryStore {
    /// Forgets finished deliveries created before `before`, and events no delivery names any more, at most `batch`
    /// of each per call (short transactions beside the API's writes); answers the deliveries removed. Global by
    /// design, like the claim: the worker keeps every tenant's log bounded.
    @discardableResult
    public func prune(before: Int64, batch: Int = 1000) throws -> Int {
        try db.transaction {
            let removed = try db.run(
                """
                DELETE FROM webhook_deliveries WHERE id IN (
                    SELECT id FROM webhook_deliveries
                    WHERE status IN ('succeeded', 'failed') AND created_at < ? LIMIT ?)
                """, [.int(before), .int(batch)])
            try db.run(
                """
                DELETE FROM webhook_events WHERE id IN (
                    SELECT e.id FROM webhook_events AS e
                    WHERE e.created_at < ? AND NOT EXISTS (
                        SELECT 1 FROM webhook_deliveries AS d WHERE d.tenant_id = e.tenant_id AND d.event_id = e.id)
                    LIMIT ?)
                """, [.int(before), .int(batch)])
            return removed
        }
    }
}
