// Webhooks (docs/api.md §15, docs/webhooks.md): subscriptions, the events they receive and the delivery outbox.

extension Migrations {
    /// `webhooks`: a tenant's subscriptions, with the signing secret sealed (AES-256-GCM, as OAuth tokens) and the
    /// previous one while a rotation's overlap lasts. `webhook_events`: what happened, with the object as the API
    /// shows it (`data`, JSON text), written in the transaction of the change. `webhook_deliveries`: the outbox,
    /// one row per event and subscribed webhook, claimed by the worker. `webhook_turns`: when each tenant was last
    /// served by a delivery claim, so claims go round-robin across tenants. Every row carries `tenant_id`, and a
    /// delivery's webhook and event must be of its own tenant (composite foreign keys).
    static let webhooks: [Migration] = [
        Migration(
            "0401_webhooks",
            """
            CREATE TABLE webhooks (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                url TEXT NOT NULL,
                events TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                is_active INTEGER NOT NULL DEFAULT 1,
                secret_sealed BLOB NOT NULL,
                secret_key_id TEXT NOT NULL,
                previous_secret_sealed BLOB,
                previous_secret_key_id TEXT,
                previous_secret_expires_at INTEGER,
                failing_since INTEGER,
                last_success_at INTEGER,
                last_failure_at INTEGER,
                disabled_reason TEXT,
                disabled_at INTEGER,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                UNIQUE (tenant_id, id)
            ) STRICT;
            """),
        Migration(
            "0402_webhook_events",
            """
            CREATE TABLE webhook_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                type TEXT NOT NULL,
                data TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                UNIQUE (tenant_id, id)
            ) STRICT;
            """),
        Migration(
            "0403_webhook_deliveries",
            """
            CREATE TABLE webhook_deliveries (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                webhook_id INTEGER NOT NULL,
                event_id INTEGER NOT NULL,
                redelivery_of INTEGER,
                status TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'succeeded', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER,
                first_attempt_at INTEGER,
                last_attempt_at INTEGER,
                response_status INTEGER,
                duration_ms INTEGER,
                error TEXT,
                claimed_by TEXT,
                lease_until INTEGER,
                created_at INTEGER NOT NULL,
                FOREIGN KEY (tenant_id, webhook_id) REFERENCES webhooks (tenant_id, id) ON DELETE CASCADE,
                FOREIGN KEY (tenant_id, event_id) REFERENCES webhook_events (tenant_id, id) ON DELETE CASCADE
            ) STRICT;
            """),
        // The delivery log of one webhook, newest first; whether anything is due; each webhook's queue in the order
        // the claim takes it (it walks the webhooks with a queue, not every waiting delivery); what is in flight.
        Migration(
            "0404_webhook_delivery_indexes",
            """
            CREATE INDEX webhook_deliveries_log ON webhook_deliveries (tenant_id, webhook_id, id);
            CREATE INDEX webhook_deliveries_event ON webhook_deliveries (tenant_id, event_id);
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
            CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (webhook_id, next_attempt_at, id)
                WHERE status = 'pending';
            CREATE INDEX webhook_deliveries_sending ON webhook_deliveries (webhook_id, lease_until)
                WHERE status = 'sending';
            """),
        Migration(
            "0405_webhook_turns",
            """
            CREATE TABLE webhook_turns (
                tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
                served INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX webhook_turns_served ON webhook_turns (served);
            """),
    ]
}
