// Recording an attempt: the delivery's new state, the webhook's health, and deactivation after a long failure streak.

extension WebhookSender {
    /// Commits the attempt's outcome with the webhook's health, unless another job runner took the delivery over. A
    /// failure that extends a streak past `SMOOTHSCHEDULE_WEBHOOK_DISABLE_AFTER_SECONDS` (3 days) turns the webhook
    /// off, says why on the webhook, fails its waiting deliveries and writes an audit record.
    func record(_ claimed: ClaimedDelivery, _ attempt: DeliveryAttempt) throws {
        let now = clock()
        let webhooks = WebhookStore(db)
        let deliveries = WebhookDeliveryStore(db)
        let (tenantID, webhookID) = (claimed.tenantID, claimed.webhookID)
        var deactivated = false
        let held = try db.transaction {
            guard try deliveries.finish(id: claimed.id, tenantID: tenantID, runnerID: runnerID, attempt) else {
                return false
            }
            if attempt.next == .succeeded {
                try webhooks.recordSuccess(tenantID: tenantID, id: webhookID, now: now)
                return true
            }
            guard let streak = try webhooks.recordFailure(tenantID: tenantID, id: webhookID, now: now), streak.isActive,
                now - streak.failingSince >= Int64(settings.disableAfter)
            else { return true }
            let reason =
                "Deliveries failed for \(WebhookRetryPolicy.duration(now - streak.failingSince)) without a success "
                + "(since \(ISOTime.format(streak.failingSince))); the last error: \(attempt.error ?? "unknown"). "
                + "Fix the receiver, then turn the webhook back on."
            guard try webhooks.deactivate(tenantID: tenantID, id: webhookID, reason: reason, now: now) else {
                return true
            }
            let failed = try deliveries.failPending(
                tenantID: tenantID, webhookID: webhookID, reason: "The webhook was turned off after failing.", now: now)
            try AuditStore(db).record(
                tenantID: tenantID, userID: nil, action: "webhook.deactivated", objectType: "webhook",
                objectID: String(webhookID), outcome: "failure",
                detail: [
                    "failing_since": ISOTime.json(streak.failingSince), "last_error": JSONValue(attempt.error),
                    "deliveries_failed": .int(Int64(failed)),
                ], now: now)
            deactivated = true
            return true
        }
        log.info(
            "webhook delivery",
            [
                "delivery": String(claimed.id), "tenant": String(tenantID), "webhook": String(webhookID),
                "event": claimed.eventType, "attempt": String(claimed.attempts), "outcome": Self.describe(attempt.next),
                "status": attempt.responseStatus.map(String.init) ?? "-", "ms": String(attempt.durationMS),
                "recorded": held ? "yes" : "taken over", "deactivated": deactivated ? "yes" : "no",
            ])
    }

    static func describe(_ next: DeliveryAttempt.Next) -> String {
        switch next {
        case .succeeded: return "succeeded"
        case .failed: return "failed"
        case .retry: return "retry"
        }
    }
}
