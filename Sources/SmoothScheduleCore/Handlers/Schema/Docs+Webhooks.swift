// OpenAPI docs of the webhook endpoints (docs/api.md §15, docs/webhooks.md).

enum WebhookDocs {
    static let eventTypes = WebhookEventType.allCases.map(\.rawValue)

    /// Event types or `"*"`; duplicates are accepted (and kept once), so the document does not say `uniqueItems`.
    static let events: JSONValue = [
        "type": "array", "minItems": 1, "items": Schema.enumeration(eventTypes + [WebhookEventType.wildcard]),
        "description": "Event types to receive, or [\"*\"] for all.",
    ]

    /// Read as `BodyReader.string(maxLength: 2048, allowEmpty: false)`; whether its host resolves to public addresses
    /// only is a matter of DNS, which no schema can state (400 on `url` with the reason).
    static let url: JSONValue = {
        guard case .object(var members) = Schema.text(maxLength: WebhookAddress.maxURLLength, allowBlank: false) else {
            return Schema.string
        }
        members.append(("format", "uri"))
        members.append(
            (
                "description",
                .string(
                    "https URL whose host resolves to public addresses only (http and private addresses only with "
                        + "SMOOTHSCHEDULE_WEBHOOK_ALLOW_PRIVATE=true). No user-info or fragment.")
            ))
        return .object(members)
    }()

    static let webhookProperties: [(String, JSONValue)] = [
        ("id", Schema.integer), ("url", Schema.string), ("events", Schema.array(Schema.string)),
        ("description", Schema.string), ("is_active", Schema.boolean),
        ("disabled_reason", Schema.nullable(Schema.string)), ("disabled_at", Schema.nullable(Schema.dateTime)),
        ("failing_since", Schema.nullable(Schema.dateTime)), ("last_success_at", Schema.nullable(Schema.dateTime)),
        ("last_failure_at", Schema.nullable(Schema.dateTime)),
        ("previous_secret_expires_at", Schema.nullable(Schema.dateTime)), ("created_at", Schema.dateTime),
        ("updated_at", Schema.dateTime),
    ]
    static let webhookRequired = [
        "id", "url", "events", "description", "is_active", "disabled_reason", "created_at", "updated_at",
    ]

    static let webhook = Schema.object(webhookProperties, required: webhookRequired)
    static let webhookWithSecret = Schema.object(
        webhookProperties + [
            ("secret", ["type": "string", "pattern": "^whsec_[A-Za-z0-9_-]{43}$", "description": "Shown once."])
        ], required: webhookRequired + ["secret"])

    static func body(required: [String]) -> JSONValue {
        Schema.object(
            [
                ("url", url), ("events", events),
                ("description", Schema.text(maxLength: WebhookBody.maxDescription)),
                ("is_active", Schema.boolean),
            ], required: required, additional: false)
    }

    static let delivery = Schema.object(
        [
            ("id", Schema.integer), ("webhook_id", Schema.integer),
            ("event", Schema.enumeration(eventTypes + [WebhookEventType.ping])), ("event_id", Schema.integer),
            ("status", Schema.enumeration(WebhookDelivery.statuses)), ("attempts", Schema.integer),
            ("response_status", Schema.nullable(Schema.integer)), ("duration_ms", Schema.nullable(Schema.integer)),
            ("error", Schema.nullable(Schema.string)), ("next_attempt_at", Schema.nullable(Schema.dateTime)),
            ("first_attempt_at", Schema.nullable(Schema.dateTime)),
            ("last_attempt_at", Schema.nullable(Schema.dateTime)),
            ("redelivery_of", Schema.nullable(Schema.integer)), ("created_at", Schema.dateTime),
        ],
        required: ["id", "webhook_id", "event", "event_id", "status", "attempts", "response_status", "next_attempt_at"])

    static let rotateBody = Schema.object(
        [
            (
                "overlap_seconds",
                [
                    "type": "integer", "minimum": 0, "maximum": .int(WebhookHandlers.maxOverlap),
                    "description": "How long the old secret keeps signing too (default 86400).",
                ]
            )
        ], additional: false)

    static let deliveryFilters: [JSONValue] =
        Schema.pageParameters + [
            Schema.queryParameter(
                "status", Schema.enumeration(WebhookDelivery.statuses), "Only deliveries in this state."),
            Schema.queryParameter(
                "event", Schema.enumeration(eventTypes + [WebhookEventType.ping]), "Only deliveries of this event type."
            ),
        ]

    static let operations: [OperationDoc] = [
        OperationDoc(
            "GET", "/api/webhooks/", "The tenant's webhooks", tag: "webhooks",
            success: (200, Schema.paginated(webhook)), parameters: Schema.pageParameters),
        OperationDoc(
            "POST", "/api/webhooks/", "Subscribe a URL to events; the answer carries the signing secret, once",
            tag: "webhooks", body: body(required: ["url", "events"]), success: (201, webhookWithSecret)),
        OperationDoc(
            "GET", "/api/webhooks/<id>/", "One webhook (why it was turned off, if it was)", tag: "webhooks",
            success: (200, webhook)),
        OperationDoc(
            "PATCH", "/api/webhooks/<id>/", "Change a webhook; is_active true turns it back on", tag: "webhooks",
            body: body(required: []), success: (200, webhook)),
        OperationDoc(
            "DELETE", "/api/webhooks/<id>/", "Delete a webhook and its delivery log", tag: "webhooks",
            success: (204, nil)),
        OperationDoc(
            "POST", "/api/webhooks/<id>/rotate-secret/",
            "A new signing secret, shown once; the old one keeps signing for the overlap", tag: "webhooks",
            body: rotateBody, success: (200, webhookWithSecret)),
        OperationDoc(
            "POST", "/api/webhooks/<id>/ping/", "Queue a ping delivery to the webhook", tag: "webhooks",
            success: (202, delivery)),
        OperationDoc(
            "GET", "/api/webhooks/<id>/deliveries/", "The webhook's deliveries, newest first", tag: "webhooks",
            success: (200, Schema.paginated(delivery)), parameters: deliveryFilters),
        OperationDoc(
            "POST", "/api/webhooks/<id>/deliveries/<delivery_id>/redeliver/",
            "Send a finished delivery's event again (a new delivery id)", tag: "webhooks", success: (202, delivery),
            errors: [409]),
    ]
}
