// Keeping the delivery log bounded (docs/webhooks.md, SMOOTHSCHEDULE_WEBHOOK_RETENTION_DAYS).

extension WebhookDeliveryStore {
    /// Forgets finished deliveries created before `before`, and events no delivery names any more, at most `batch`
    /// of each per call (short transactions beside the API's writes); answers the deliveries removed. Global by
    /// design, like the claim: the job runner keeps every tenant's log bounded.
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
