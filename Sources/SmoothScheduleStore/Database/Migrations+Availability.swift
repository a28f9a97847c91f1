// Working hours, time off, closures, service buffers and the indexes behind free slots (docs/api.md §13).

extension Migrations {
    /// `working_hours`: one schedule per tenant (`resource_id` NULL: the tenant's default) or per resource, with
    /// its IANA zone; `working_hour_rules` its weekly wall-clock intervals (`end_minute` at or before
    /// `start_minute`: past midnight; 1440 is 24:00). `time_off`: a resource's absences as instants. `closures`:
    /// tenant-wide dates. Everything goes with its tenant, and with its resource.
    ///
    /// The busy-time indexes make free slots and the booking check cost what the asked window holds: short
    /// rows (≤ 2 days) are found by start within the window widened by 2 days, long ones through a partial index
    /// of the long ones only (docs/scheduling.md, "Availability").
    static let availability: [Migration] = [
        Migration(
            "0301_working_hours",
            """
            CREATE TABLE working_hours (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                resource_id INTEGER REFERENCES resources(id) ON DELETE CASCADE,
                timezone TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT;
            CREATE UNIQUE INDEX working_hours_owner ON working_hours (tenant_id, ifnull(resource_id, 0));
            CREATE TABLE working_hour_rules (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                working_hours_id INTEGER NOT NULL REFERENCES working_hours(id) ON DELETE CASCADE,
                weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
                start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
                end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1440)
            ) STRICT;
            CREATE INDEX working_hour_rules_hours ON working_hour_rules (working_hours_id, weekday, start_minute);
            """),
        Migration(
            "0302_time_off_closures",
            """
            CREATE TABLE time_off (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
                start_time INTEGER NOT NULL,
                end_time INTEGER NOT NULL CHECK (end_time > start_time),
                reason TEXT NOT NULL DEFAULT '',
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX time_off_resource ON time_off (tenant_id, resource_id, end_time);
            CREATE TABLE closures (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                date TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT '',
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                UNIQUE (tenant_id, date)
            ) STRICT;
            """),
        Migration(
            "0303_service_buffers",
            """
            ALTER TABLE services ADD COLUMN buffer_before_minutes INTEGER NOT NULL DEFAULT 0
                CHECK (buffer_before_minutes BETWEEN 0 AND 1440);
            ALTER TABLE services ADD COLUMN buffer_after_minutes INTEGER NOT NULL DEFAULT 0
                CHECK (buffer_after_minutes BETWEEN 0 AND 1440);
            CREATE INDEX services_buffers ON services (tenant_id, id)
                WHERE buffer_before_minutes > 0 OR buffer_after_minutes > 0;
            """),
        Migration(
            "0304_busy_time_indexes",
            """
            CREATE INDEX appointments_resource_busy
                ON appointments (tenant_id, resource_id, start_time, end_time, status, service_id);
            CREATE INDEX appointments_resource_long ON appointments (tenant_id, resource_id, end_time)
                WHERE end_time - start_time > 172800;
            CREATE INDEX calendar_events_blocking
                ON calendar_events (tenant_id, resource_id, start_time, end_time, is_all_day, is_busy, status)
                WHERE is_busy = 1 AND status <> 'cancelled';
            CREATE INDEX calendar_events_blocking_long ON calendar_events (tenant_id, resource_id, end_time)
                WHERE is_busy = 1 AND status <> 'cancelled' AND end_time - start_time > 172800;
            """),
        Migration(
            "0305_calendar_sources",
            """
            CREATE INDEX calendar_syncs_resource ON calendar_syncs (tenant_id, resource_id);
            CREATE INDEX sync_jobs_calendar ON sync_jobs (tenant_id, credential_id, calendar_id, id);
            """),
    ]
}
