// Calendar sync (docs/api.md §7): background jobs, per-calendar sync state, imported events and busy blocks.

extension Migrations {
    /// `sync_jobs`: the queue the `worker` claims from (status, counts, heartbeat for crash recovery).
    /// `calendar_syncs`: one row per credential and provider calendar: the Google sync token or Graph delta link
    /// of the last completed sync, the window, and the resource the calendar blocks. The token/delta link is an
    /// opaque cursor that is useless without the credential's access token, so it is stored as plain text.
    /// `calendar_events`: imported events (unique per credential, calendar and provider id, so re-syncs upsert)
    /// and manual busy blocks (`source = 'manual'`). No foreign key to `oauth_credentials`: a disconnect may keep
    /// the imported events (docs/api.md §7 `delete_events`).
    static let calendar: [Migration] = [
        Migration(
            "0007_calendar_sync",
            """
            CREATE TABLE sync_jobs (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                user_id INTEGER,
                credential_id INTEGER NOT NULL,
                calendar_id TEXT NOT NULL,
                resource_id INTEGER,
                start_date TEXT NOT NULL,
                end_date TEXT NOT NULL,
                kind TEXT NOT NULL DEFAULT 'full' CHECK (kind IN ('full','incremental')),
                status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','succeeded','failed')),
                created INTEGER NOT NULL DEFAULT 0,
                updated INTEGER NOT NULL DEFAULT 0,
                deleted INTEGER NOT NULL DEFAULT 0,
                error TEXT,
                attempts INTEGER NOT NULL DEFAULT 0,
                claimed_by TEXT,
                heartbeat_at INTEGER,
                created_at INTEGER NOT NULL,
                started_at INTEGER,
                finished_at INTEGER
            ) STRICT;
            CREATE INDEX sync_jobs_status ON sync_jobs (status, id);
            CREATE INDEX sync_jobs_tenant ON sync_jobs (tenant_id, id);
            CREATE TABLE calendar_syncs (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                credential_id INTEGER NOT NULL,
                calendar_id TEXT NOT NULL,
                provider TEXT NOT NULL CHECK (provider IN ('google','microsoft')),
                resource_id INTEGER,
                window_start INTEGER,
                window_end INTEGER,
                sync_token TEXT,
                last_synced_at INTEGER,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                UNIQUE (credential_id, calendar_id)
            ) STRICT;
            CREATE TABLE calendar_events (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                credential_id INTEGER,
                calendar_id TEXT NOT NULL DEFAULT '',
                provider_event_id TEXT,
                source TEXT NOT NULL CHECK (source IN ('google','microsoft','manual')),
                title TEXT NOT NULL DEFAULT '',
                start_time INTEGER NOT NULL,
                end_time INTEGER NOT NULL CHECK (end_time > start_time),
                is_all_day INTEGER NOT NULL DEFAULT 0,
                is_busy INTEGER NOT NULL DEFAULT 1,
                status TEXT NOT NULL DEFAULT 'confirmed',
                resource_id INTEGER,
                seen_job_id INTEGER,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                UNIQUE (credential_id, calendar_id, provider_event_id)
            ) STRICT;
            CREATE INDEX calendar_events_busy ON calendar_events (tenant_id, resource_id, start_time);
            CREATE INDEX calendar_events_tenant_start ON calendar_events (tenant_id, start_time);
            """)
    ]
}
