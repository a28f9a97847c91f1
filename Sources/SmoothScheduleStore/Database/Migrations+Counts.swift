// Row counts per tenant and table, kept by triggers, so an unfiltered list's `count` and the row-count
// quotas are one key lookup instead of a scan (1,000,000 appointments made `count(*)` the hot spot).

extension Migrations {
    /// The tables whose rows are counted per tenant.
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
            ) STRICT, WITHOUT ROWID;
            """
                + countedTables.map(countTriggers).joined(separator: "\n")
                + countedTables.map { table in
                    """
                    INSERT INTO row_counts (tenant_id, table_name, n)
                        SELECT tenant_id, '\(table)', count(*) FROM \(table) WHERE tenant_id IS NOT NULL GROUP BY tenant_id;
                    """
                }.joined(separator: "\n")),
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

    private static func countTriggers(_ table: String) -> String {
        """
        CREATE TRIGGER \(table)_count_insert AFTER INSERT ON \(table) WHEN NEW.tenant_id IS NOT NULL BEGIN
            INSERT INTO row_counts (tenant_id, table_name, n) VALUES (NEW.tenant_id, '\(table)', 1)
                ON CONFLICT (tenant_id, table_name) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER \(table)_count_delete AFTER DELETE ON \(table) WHEN OLD.tenant_id IS NOT NULL BEGIN
            UPDATE row_counts SET n = n - 1 WHERE tenant_id = OLD.tenant_id AND table_name = '\(table)';
        END;
        """
    }
}

extension Database {
    /// The tenant's row count of `table` (one of `Migrations.countedTables`), kept by triggers.
    func rowCount(_ table: String, tenantID: Int) throws -> Int {
        try scalarInt(
            "SELECT n FROM row_counts WHERE tenant_id = ? AND table_name = ?", [.int(tenantID), .text(table)])
    }
}
