// A webhook's delivery health: its failure streak, and deactivation when the streak lasts too long (docs/api.md §15).

extension WebhookStore {
    /// A delivery succeeded: the failure streak ends.
    public func recordSuccess(tenantID: Int, id: Int, now: Int64) throws {
        try db.run(
            "UPDATE webhooks SET failing_since = NULL, last_success_at = ? WHERE tenant_id = ? AND id = ?",
            [.int(now), .int(tenantID), .int(id)])
    }

    /// An attempt failed: the streak starts now unless it had started; answers when it started and whether the
    /// webhook is active (nil when the webhook is gone).
    public func recordFailure(tenantID: Int, id: Int, now: Int64) throws -> (failingSince: Int64, isActive: Bool)? {
        try db.queryOne(
            """
            UPDATE webhooks SET failing_since = coalesce(failing_since, ?), last_failure_at = ?
            WHERE tenant_id = ? AND id = ?
            RETURNING failing_since, is_active
            """, [.int(now), .int(now), .int(tenantID), .int(id)]
        ).map { ($0.int64("failing_since") ?? now, $0.bool("is_active")) }
    }

    /// Turns the webhook off saying why; false when it was off already (or is gone).
    public func deactivate(tenantID: Int, id: Int, reason: String, now: Int64) throws -> Bool {
        try db.run(
            """
            UPDATE webhooks SET is_active = 0, disabled_reason = ?, disabled_at = ?, updated_at = ?
            WHERE tenant_id = ? AND id = ? AND is_active = 1
            """, [.text(reason), .int(now), .int(now), .int(tenantID), .int(id)]) > 0
    }
}
