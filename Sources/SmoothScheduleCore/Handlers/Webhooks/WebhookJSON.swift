// Webhooks and their deliveries as the API shows them (docs/api.md §15). A secret appears only in the answers that
// create one (create, rotate-secret), added by those handlers.

enum WebhookJSON {
    static func render(_ webhook: Webhook) -> JSONValue {
        .object([
            ("id", .int(Int64(webhook.id))), ("url", .string(webhook.url)),
            ("events", .array(webhook.events.map(JSONValue.string))), ("description", .string(webhook.description)),
            ("is_active", .bool(webhook.isActive)), ("disabled_reason", JSONValue(webhook.disabledReason)),
            ("disabled_at", ISOTime.json(webhook.disabledAt)), ("failing_since", ISOTime.json(webhook.failingSince)),
            ("last_success_at", ISOTime.json(webhook.lastSuccessAt)),
            ("last_failure_at", ISOTime.json(webhook.lastFailureAt)),
            ("previous_secret_expires_at", ISOTime.json(webhook.previousSecretExpiresAt)),
            ("created_at", ISOTime.json(webhook.createdAt)), ("updated_at", ISOTime.json(webhook.updatedAt)),
        ])
    }

    /// The webhook with a secret just made: the only time it is shown.
    static func render(_ webhook: Webhook, secret: String) -> JSONValue {
        guard case .object(var members) = render(webhook) else { return .null }
        members.insert(("secret", .string(secret)), at: 2)
        return .object(members)
    }

    static func render(_ delivery: WebhookDelivery) -> JSONValue {
        .object([
            ("id", .int(Int64(delivery.id))), ("webhook_id", .int(Int64(delivery.webhookID))),
            ("event", .string(delivery.eventType)), ("event_id", .int(Int64(delivery.eventID))),
            ("status", .string(delivery.status)), ("attempts", .int(Int64(delivery.attempts))),
            ("response_status", JSONValue(delivery.responseStatus.map(Int64.init))),
            ("duration_ms", JSONValue(delivery.durationMS.map(Int64.init))), ("error", JSONValue(delivery.error)),
            ("next_attempt_at", ISOTime.json(delivery.nextAttemptAt)),
            ("first_attempt_at", ISOTime.json(delivery.firstAttemptAt)),
            ("last_attempt_at", ISOTime.json(delivery.lastAttemptAt)),
            ("redelivery_of", JSONValue(delivery.redeliveryOf.map(Int64.init))),
            ("created_at", ISOTime.json(delivery.createdAt)),
        ])
    }
}
