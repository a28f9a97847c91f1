// Row counts per tenant and table, kept by triggers, so an unfiltered list's `count` and the row-count
// quotas are one key lookup instead of a scan (1,000,000 appointments made `count(*)` the hot spot).

extension Migrations {
    /// The tables whose rows are counted per tenant: the ones migration 0101 put triggers on.
    static let countedTables = [
        "users", "resources", "services", "customers", "appointments", "email_templates", "automated_tasks",
    ]

    static let counts: [Migration] = [
        Migration(
            "0101_row_counts",
            """
            CREATE TABLE row_counts (
                tenant_id INTEGER NOT NULL,
                table_name TEXT NOT NULL,
                n INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, table_name)
            ) STRICT, WITHOUT ROWID;\
            CREATE TRIGGER users_count_insert AFTER INSERT ON users WHEN NEW.tenant_id IS NOT \
            NULL BEGIN
                INSERT INTO row_counts (tenant_id, table_name, n) VALUES (NEW.tenant_id, 'users', 1)
                    ON CONFLICT (tenant_id, table_name) DO UPDATE SET n = n + 1;
            END;
            CREATE TRIGGER users_count_delete AFTER DELETE ON users WHEN OLD.tenant_id IS NOT NULL BEGIN
                UPDATE row_counts SET n = n - 1 WHERE tenant_id = OLD.tenant_id AND table_name = 'users';
            END;
            CREATE TRIGGER resources_count_insert AFTER INSERT ON resources WHEN NEW.tenant_id IS NOT NULL BEGIN
                INSERT INTO row_counts (tenant_id, table_name, n) VALUES (NEW.tenant_id, 'resources', 1)
                    ON CONFLICT (tenant_id, table_name) DO UPDATE SET n = n + 1;
            END;
            CREATE TRIGGER resources_count_delete AFTER DELETE ON resources WHEN OLD.tenant_id IS NOT NULL BEGIN
                UPDATE row_counts SET n = n - 1 WHERE tenant_id = OLD.tenant_id AND table_name = 'resources';
            END;
            CREATE TRIGGER services_count_insert AFTER INSERT ON services WHEN NEW.tenant_id IS NOT NULL BEGIN
                INSERT INTO row_counts (tenant_id, table_name, n) VALUES (NEW.tenant_id, 'services', 1)
                    ON CONFLICT (tenant_id, table_name) DO UPDATE SET n = n + 1;
            END;
            CREATE TRIGGER services_count_delete AFTER DELETE ON services WHEN OLD.tenant_id IS NOT NULL BEGIN
                UPDATE row_counts SET n = n - 1 WHERE tenant_id = OLD.tenant_id AND table_name = 'services';
            END;
            CREATE TRIGGER customers_count_insert AFTER INSERT ON customers WHEN NEW.tenant_id IS NOT NULL BEGIN
                INSERT INTO row_counts (tenant_id, table_name, n) VALUES (NEW.tenant_id, 'customers', 1)
                    ON CONFLICT (tenant_id, table_name) DO UPDATE SET n = n + 1;
            END;
            CREATE TRIGGER customers_count_delete AFTER DELETE ON customers WHEN OLD.tenant_id IS NOT NULL BEGIN
                UPDATE row_counts SET n = n - 1 WHERE tenant_id = OLD.tenant_id AND table_name = 'customers';
            END;
            CREATE TRIGGER appointments_count_insert AFTER INSERT ON appointments WHEN NEW.tenant_id IS NOT NULL BEGIN
                INSERT INTO row_counts (tenant_id, table_name, n) VALUES (NEW.tenant_id, 'appointments', 1)
                    ON CONFLICT (tenant_id, table_name) DO UPDATE SET n = n + 1;
            END;
            CREATE TRIGGER appointments_count_delete AFTER DELETE ON appointments WHEN OLD.tenant_id IS NOT NULL BEGIN
                UPDATE row_counts SET n = n - 1 WHERE tenant_id = OLD.tenant_id AND table_name = 'appointments';
            END;
            CREATE TRIGGER email_templates_count_insert AFTER INSERT ON email_templates WHEN NEW.tenant_id IS NOT NULL \
            BEGIN
                INSERT INTO row_counts (tenant_id, table_name, n) VALUES (NEW.tenant_id, 'email_templates', 1)
                    ON CONFLICT (tenant_id, table_name) DO UPDATE SET n = n + 1;
            END;
            CREATE TRIGGER email_templates_count_delete AFTER DELETE ON email_templates WHEN OLD.tenant_id IS NOT NULL \
            BEGIN
                UPDATE row_counts SET n = n - 1 WHERE tenant_id = OLD.tenant_id AND table_name = 'email_templates';
            END;
            CREATE TRIGGER automated_tasks_count_insert AFTER INSERT ON automated_tasks WHEN NEW.tenant_id IS NOT NULL \
            BEGIN
                INSERT INTO row_counts (tenant_id, table_name, n) VALUES (NEW.tenant_id, 'automated_tasks', 1)
                    ON CONFLICT (tenant_id, table_name) DO UPDATE SET n = n + 1;
            END;
            CREATE TRIGGER automated_tasks_count_delete AFTER DELETE ON automated_tasks WHEN OLD.tenant_id IS NOT NULL \
            BEGIN
                UPDATE row_counts SET n = n - 1 WHERE tenant_id = OLD.tenant_id AND table_name = 'automated_tasks';
            END;INSERT INTO row_counts (tenant_id, table_name, n)
                SELECT tenant_id, 'users', count(*) FROM users WHERE tenant_id IS NOT NULL GROUP BY tenant_id;
            INSERT INTO row_counts (tenant_id, table_name, n)
                SELECT tenant_id, 'resources', count(*) FROM resources WHERE tenant_id IS NOT NULL GROUP BY tenant_id;
            INSERT INTO row_counts (tenant_id, table_name, n)
                SELECT tenant_id, 'services', count(*) FROM services WHERE tenant_id IS NOT NULL GROUP BY tenant_id;
            INSERT INTO row_counts (tenant_id, table_name, n)
                SELECT tenant_id, 'customers', count(*) FROM customers WHERE tenant_id IS NOT NULL GROUP BY tenant_id;
            INSERT INTO row_counts (tenant_id, table_name, n)
                SELECT tenant_id, 'appointments', count(*) FROM appointments WHERE tenant_id IS NOT NULL GROUP BY \
            tenant_id;
            INSERT INTO row_counts (tenant_id, table_name, n)
                SELECT tenant_id, 'email_templates', count(*) FROM email_templates WHERE tenant_id IS NOT NULL GROUP \
            BY tenant_id;
            INSERT INTO row_counts (tenant_id, table_name, n)
                SELECT tenant_id, 'automated_tasks', count(*) FROM automated_tasks WHERE tenant_id IS NOT NULL GROUP \
            BY tenant_id;
            """),
        // The conflict check reads a resource's appointments that end after the new start: with
        // (resource_id, start_time) alone it walked every earlier appointment of the resource.
        Migration(
            "0102_appointments_resource_end",
            "CREATE INDEX appointments_resource_end ON appointments (resource_id, end_time);"),
        // Per-service analytics read this index alone, already grouped by service (no table lookups, no sort).
        Migration(
            "0103_appointments_tenant_service",
            """
            CREATE INDEX appointments_tenant_service
                ON appointments (tenant_id, service_id, status, start_time, price_cents);
            """),
    ]
}
