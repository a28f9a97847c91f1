// Fair sync job claims, one queued job per calendar, per-tenant caps (review F7).

extension Migrations {
    /// `sync_jobs_one_queued`: at most one queued job per tenant, credential and calendar (a second request
    /// joins it); duplicates already queued are failed first, the newest of each kept (its window wins, as it
    /// would have, running last). `sync_job_turns`: when each tenant was last served by a claim, as a sequence
    /// number, so claims go round-robin across tenants. `sync_jobs_running` counts a tenant's live jobs without
    /// reading its finished ones; `oauth_states_pending` counts a tenant's pending states.
    static let jobs: [Migration] = [
        Migration(
            "0241_fair_sync_jobs",
            """
            UPDATE sync_jobs SET status = 'failed', finished_at = CAST(strftime('%s', 'now') AS INTEGER),
                error = 'Superseded by a later sync request of the same calendar.'
            WHERE status = 'queued' AND id NOT IN (SELECT max(id) FROM sync_jobs WHERE status = 'queued'
                                                   GROUP BY tenant_id, credential_id, calendar_id);
            CREATE UNIQUE INDEX sync_jobs_one_queued ON sync_jobs (tenant_id, credential_id, calendar_id)
                WHERE status = 'queued';
            CREATE INDEX sync_jobs_running ON sync_jobs (tenant_id, heartbeat_at) WHERE status = 'running';
            CREATE TABLE sync_job_turns (
                tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
                served INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX sync_job_turns_served ON sync_job_turns (served);
            CREATE INDEX oauth_states_pending ON oauth_states (tenant_id, expires_at) WHERE used_at IS NULL;
            """)
    ]
}
