// The schema, as ordered SQL. Instants are INTEGER seconds since the Unix epoch, UTC. Every migration is frozen
// literal text: never build one from code that can change (an enum's cases, a list), never edit one that has
// shipped; MigrationTextTests holds each one's SHA-256.

/// Every migration this binary knows, in order.
public enum Migrations {
    public static let all: [Migration] =
        core + scheduling + oauth + calendar + analytics + counts + ids + login + customerScope + jobs
        + availability + webhooks

    static let core: [Migration] = [
        Migration(
            "0001_plans",
            """
            CREATE TABLE plans (
                key TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                rank INTEGER NOT NULL,
                can_use_sms_reminders INTEGER NOT NULL DEFAULT 0,
                can_use_masked_phone_numbers INTEGER NOT NULL DEFAULT 0,
                can_use_custom_domain INTEGER NOT NULL DEFAULT 0,
                can_white_label INTEGER NOT NULL DEFAULT 0,
                can_create_plugins INTEGER NOT NULL DEFAULT 0,
                can_use_webhooks INTEGER NOT NULL DEFAULT 0,
                can_use_calendar_sync INTEGER NOT NULL DEFAULT 0,
                can_access_analytics INTEGER NOT NULL DEFAULT 0,
                can_export_data INTEGER NOT NULL DEFAULT 0,
                max_users INTEGER,
                max_resources INTEGER,
                max_services INTEGER,
                max_appointments_per_month INTEGER,
                max_email_templates INTEGER,
                max_automated_tasks INTEGER
            ) STRICT;
            INSERT INTO plans (key, name, rank, can_use_sms_reminders, can_use_masked_phone_numbers, \
            can_use_custom_domain, can_white_label, can_create_plugins, can_use_webhooks, can_use_calendar_sync, \
            can_access_analytics, can_export_data, max_users, max_resources, max_services, max_appointments_per_month, \
            max_email_templates, max_automated_tasks) VALUES
              ('free', 'Free', 0,               0,0,0,0,0,0,0,0,0,  2, 3, 5, 100, 3, 1),
              ('professional', 'Professional', 1, 1,0,1,0,0,0,1,0,1, 10, 15, 50, 1000, 20, 10),
              ('business', 'Business', 2,       1,1,1,1,0,1,1,1,1,  50, 100, 200, 10000, 100, 50),
              ('enterprise', 'Enterprise', 3,   1,1,1,1,1,1,1,1,1,  NULL, NULL, NULL, NULL, NULL, NULL);
            """),
        Migration(
            "0002_tenants",
            """
            CREATE TABLE tenants (
                id INTEGER PRIMARY KEY,
                schema_name TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                timezone TEXT NOT NULL DEFAULT 'UTC',
                plan TEXT NOT NULL REFERENCES plans(key),
                can_use_sms_reminders INTEGER,
                can_use_masked_phone_numbers INTEGER,
                can_use_custom_domain INTEGER,
                can_white_label INTEGER,
                can_create_plugins INTEGER,
                can_use_webhooks INTEGER,
                can_use_calendar_sync INTEGER,
                can_access_analytics INTEGER,
                can_export_data INTEGER,
                max_users INTEGER,
                max_resources INTEGER,
                max_services INTEGER,
                max_appointments_per_month INTEGER,
                max_email_templates INTEGER,
                max_automated_tasks INTEGER,
                created_at INTEGER NOT NULL
            ) STRICT;
            CREATE TABLE domains (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                domain TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL
            ) STRICT;
            """),
        Migration(
            "0003_users_tokens_audit",
            """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER REFERENCES tenants(id) ON DELETE CASCADE,
                email TEXT NOT NULL,
                name TEXT NOT NULL DEFAULT '',
                role TEXT NOT NULL CHECK (role IN ('owner','manager','staff','customer','superuser')),
                is_active INTEGER NOT NULL DEFAULT 1,
                password_hash TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                CHECK ((role = 'superuser') = (tenant_id IS NULL))
            ) STRICT;
            CREATE UNIQUE INDEX users_tenant_email ON users (ifnull(tenant_id, 0), email);
            CREATE TABLE api_tokens (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                token_hash BLOB NOT NULL UNIQUE,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER
            ) STRICT;
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER REFERENCES tenants(id) ON DELETE CASCADE,
                user_id INTEGER,
                action TEXT NOT NULL,
                object_type TEXT NOT NULL DEFAULT '',
                object_id TEXT NOT NULL DEFAULT '',
                outcome TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT '{}',
                created_at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX audit_log_tenant ON audit_log (tenant_id, id);
            CREATE TABLE login_attempts (
                key TEXT PRIMARY KEY,
                failures INTEGER NOT NULL,
                window_start INTEGER NOT NULL,
                blocked_until INTEGER NOT NULL DEFAULT 0
            ) STRICT;
            """),
    ]

    static let scheduling: [Migration] = [
        Migration(
            "0004_scheduling",
            """
            CREATE TABLE resources (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                type TEXT NOT NULL CHECK (type IN ('staff','room','equipment')),
                is_active INTEGER NOT NULL DEFAULT 1,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX resources_tenant ON resources (tenant_id, id);
            CREATE TABLE services (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
                price_cents INTEGER NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
                currency TEXT NOT NULL DEFAULT 'USD',
                is_active INTEGER NOT NULL DEFAULT 1,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX services_tenant ON services (tenant_id, id);
            CREATE TABLE customers (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                email TEXT NOT NULL DEFAULT '',
                phone TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT '',
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX customers_tenant ON customers (tenant_id, id);
            CREATE TABLE appointments (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                resource_id INTEGER NOT NULL REFERENCES resources(id),
                service_id INTEGER NOT NULL REFERENCES services(id),
                customer_id INTEGER REFERENCES customers(id),
                start_time INTEGER NOT NULL,
                end_time INTEGER NOT NULL CHECK (end_time > start_time),
                status TEXT NOT NULL CHECK (status IN ('PENDING','CONFIRMED','COMPLETED','CANCELLED','NO_SHOW')),
                price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
                notes TEXT NOT NULL DEFAULT '',
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX appointments_tenant_start ON appointments (tenant_id, start_time);
            CREATE INDEX appointments_resource_start ON appointments (resource_id, start_time);
            CREATE TABLE email_templates (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                subject TEXT NOT NULL DEFAULT '',
                body TEXT NOT NULL DEFAULT '',
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX email_templates_tenant ON email_templates (tenant_id, id);
            CREATE TABLE automated_tasks (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                trigger TEXT NOT NULL DEFAULT '',
                is_active INTEGER NOT NULL DEFAULT 1,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX automated_tasks_tenant ON automated_tasks (tenant_id, id);
            """)
    ]

    /// Indexes for the analytics GROUP BY queries (docs/api.md §9): status counts and completed revenue by range.
    static let analytics: [Migration] = [
        Migration(
            "0100_analytics_indexes",
            "CREATE INDEX appointments_tenant_status_start ON appointments (tenant_id, status, start_time);")
    ]
}
