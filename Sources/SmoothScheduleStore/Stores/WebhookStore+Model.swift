// The webhook vocabulary (docs/api.md §15): event types, a subscription, one delivery.

/// What a webhook can subscribe to; `ping` is sent on request only and is not subscribable.
public enum WebhookEventType: String, CaseIterable, Sendable {
    case appointmentCreated = "appointment.created"
    case appointmentUpdated = "appointment.updated"
    case appointmentCancelled = "appointment.cancelled"
    case customerCreated = "customer.created"
    case calendarSyncSucceeded = "calendar.sync_succeeded"
    case calendarSyncFailed = "calendar.sync_failed"
    case calendarNeedsReauth = "calendar.needs_reauth"

    /// Every event, as a subscription (`["*"]`).
    public static let wildcard = "*"
    public static let ping = "ping"
}

/// One row of `webhooks`, without its secrets.
public struct Webhook: Sendable {
    public let id: Int
    public let tenantID: Int
    public let url: String
    /// Event types, or `["*"]`.
    public let events: [String]
    public let description: String
    public let isActive: Bool
    public let previousSecretExpiresAt: Int64?
    public let failingSince: Int64?
    public let lastSuccessAt: Int64?
    public let lastFailureAt: Int64?
    public let disabledReason: String?
    public let disabledAt: Int64?
    public let createdAt: Int64
    public let updatedAt: Int64

    init(row: Row) {
        id = row.int("id")
        tenantID = row.int("tenant_id")
        url = row.string("url")
        events = row.string("events").split(separator: ",").map(String.init)
        description = row.string("description")
        isActive = row.bool("is_active")
        previousSecretExpiresAt = row.int64("previous_secret_expires_at")
        failingSince = row.int64("failing_since")
        lastSuccessAt = row.int64("last_success_at")
        lastFailureAt = row.int64("last_failure_at")
        disabledReason = row.optionalString("disabled_reason")
        disabledAt = row.int64("disabled_at")
        createdAt = row.int64("created_at") ?? 0
        updatedAt = row.int64("updated_at") ?? 0
    }
}

/// A sealed secret as stored: ciphertext and the id of the key that sealed it.
public struct SealedSecret: Sendable {
    public let sealed: [UInt8]
    public let keyID: String

    public init(sealed: [UInt8], keyID: String) {
        self.sealed = sealed
        self.keyID = keyID
    }
}

/// One row of `webhook_deliveries` with its event's type.
public struct WebhookDelivery: Sendable {
    public let id: Int
    public let tenantID: Int
    public let webhookID: Int
    public let eventID: Int
    public let eventType: String
    public let redeliveryOf: Int?
    public let status: String
    public let attempts: Int
    public let nextAttemptAt: Int64?
    public let firstAttemptAt: Int64?
    public let lastAttemptAt: Int64?
    public let responseStatus: Int?
    public let durationMS: Int?
    public let error: String?
    public let createdAt: Int64

    init(row: Row) {
        id = row.int("id")
        tenantID = row.int("tenant_id")
        webhookID = row.int("webhook_id")
        eventID = row.int("event_id")
        eventType = row.string("type")
        redeliveryOf = row.optionalInt("redelivery_of")
        status = row.string("status")
        attempts = row.int("attempts")
        nextAttemptAt = row.int64("next_attempt_at")
        firstAttemptAt = row.int64("first_attempt_at")
        lastAttemptAt = row.int64("last_attempt_at")
        responseStatus = row.optionalInt("response_status")
        durationMS = row.optionalInt("duration_ms")
        error = row.optionalString("error")
        createdAt = row.int64("created_at") ?? 0
    }

    /// Delivery states as the log shows them.
    public static let statuses = ["pending", "sending", "succeeded", "failed"]
}
