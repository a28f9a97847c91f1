/// One row of `sync_jobs`.
public struct SyncJob: Sendable {
    public let id: Int
    public let tenantID: Int
    public let userID: Int?
    public let credentialID: Int
    public let calendarID: String
    public let resourceID: Int?
    public let startDate: String
    public let endDate: String
    public let kind: String
    public let status: String
    public let created: Int
    public let updated: Int
    public let deleted: Int
    public let error: String?
    public let attempts: Int

    init(row: Row) {
        id = row.int("id")
        tenantID = row.int("tenant_id")
        userID = row.optionalInt("user_id")
        credentialID = row.int("credential_id")
        calendarID = row.string("calendar_id")
        resourceID = row.optionalInt("resource_id")
        startDate = row.string("start_date")
        endDate = row.string("end_date")
        kind = row.string("kind")
        status = row.string("status")
        created = row.int("created")
        updated = row.int("updated")
        deleted = row.int("deleted")
        error = row.optionalString("error")
        attempts = row.int("attempts")
    }

    /// `GET /api/calendar/sync/<job_id>/` (API.md §7).
    public var json: JSONValue {
        [
            "id": .int(Int64(id)), "status": .string(status), "kind": .string(kind), "created": .int(Int64(created)),
            "updated": .int(Int64(updated)), "deleted": .int(Int64(deleted)), "error": JSONValue(error),
            "credential_id": .int(Int64(credentialID)), "calendar_id": .string(calendarID),
        ]
    }
}

/// `sync_jobs`: enqueue, atomic claim, heartbeat and outcome. Several workers may claim at once: the claim is
/// one `UPDATE … RETURNING` inside `BEGIN IMMEDIATE`, so exactly one of them gets each job. Claims are fair
/// across tenants: the tenant served least recently goes first, and a tenant already running
/// `runningPerTenant` jobs waits (review F7).
public struct SyncJobStore {
    let db: Database

    /// A job claimed this many times without finishing is failed instead of claimed again.
    public static let maxAttempts = 3

    public init(_ db: Database) { self.db = db }

    /// What `enqueue` did.
    public enum Enqueued: Equatable, Sendable {
        /// A new job with this id.
        case queued(Int)
        /// The calendar already had a queued job: it now carries this request's window (and resource, when given).
        case joined(Int)
        /// The tenant already has `limit` queued jobs; nothing was written.
        case full(limit: Int)

        public var jobID: Int? {
            switch self {
            case .queued(let id), .joined(let id): return id
            case .full: return nil
            }
        }
    }

    /// Queues a sync, or joins the calendar's queued job: one queued job per (credential, calendar), so a request
    /// loop cannot pile up work. A new job needs the tenant to have fewer than `limit` queued.
    public func enqueue(
        tenantID: Int, userID: Int?, credentialID: Int, calendarID: String, resourceID: Int?, startDate: String,
        endDate: String, limit: Int, now: Int64
    ) throws -> Enqueued {
        try db.transaction {
            if let row = try db.queryOne(
                """
                UPDATE sync_jobs SET start_date = ?, end_date = ?, resource_id = coalesce(?, resource_id)
                WHERE tenant_id = ? AND credential_id = ? AND calendar_id = ? AND status = 'queued'
                RETURNING id
                """,
                [
                    .text(startDate), .text(endDate), .optional(resourceID), .int(tenantID), .int(credentialID),
                    .text(calendarID),
                ])
            {
                return .joined(row.int("id"))
            }
            let queued =
                try db.queryOne(
                    "SELECT count(*) AS n FROM sync_jobs WHERE tenant_id = ? AND status = 'queued'", [.int(tenantID)]
                )?.int("n") ?? 0
            guard queued < limit else { return .full(limit: limit) }
            return .queued(
                try db.insert(
                    """
                    INSERT INTO sync_jobs (tenant_id, user_id, credential_id, calendar_id, resource_id, start_date,
                                           end_date, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        .int(tenantID), .optional(userID), .int(credentialID), .text(calendarID),
                        .optional(resourceID), .text(startDate), .text(endDate), .int(now),
                    ]))
        }
    }

    public func find(id: Int, tenantID: Int) throws -> SyncJob? {
        try db.queryOne("SELECT * FROM sync_jobs WHERE id = ? AND tenant_id = ?", [.int(id), .int(tenantID)])
            .map(SyncJob.init(row:))
    }

    /// Claims the next job, or nil when none may run. Candidates are queued jobs and running ones whose
    /// heartbeat is older than `lease` seconds (their worker died). Of the tenants that have one and run fewer
    /// than `runningPerTenant` live jobs, the one served least recently wins (never served first; ties by the
    /// oldest job); within the tenant, its oldest candidate. Global by design: a worker serves every tenant.
    public func claim(workerID: String, now: Int64, lease: Int64, runningPerTenant: Int) throws -> SyncJob? {
        let stale = now - lease
        return try db.transaction {
            try db.run(
                """
                UPDATE sync_jobs SET status = 'failed', finished_at = ?,
                    error = 'The sync was interrupted too many times (worker stopped); start it again.'
                WHERE status = 'running' AND heartbeat_at < ? AND attempts >= ?
                """, [.int(now), .int(stale), .int(Self.maxAttempts)])
            guard
                let job = try db.queryOne(
                    """
                    UPDATE sync_jobs SET status = 'running', claimed_by = ?, heartbeat_at = ?, attempts = attempts + 1,
                        started_at = coalesce(started_at, ?)
                    WHERE id = (
                        SELECT ready.first FROM (
                            SELECT tenant_id, min(id) AS first FROM sync_jobs
                            WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < ?)
                            GROUP BY tenant_id) AS ready
                        LEFT JOIN sync_job_turns AS turn ON turn.tenant_id = ready.tenant_id
                        WHERE (SELECT count(*) FROM sync_jobs AS live
                               WHERE live.tenant_id = ready.tenant_id AND live.status = 'running'
                                 AND live.heartbeat_at >= ?) < ?
                        ORDER BY coalesce(turn.served, 0), ready.first
                        LIMIT 1)
                    RETURNING *
                    """,
                    [
                        .text(workerID), .int(now), .int(now), .int(stale), .int(stale), .int(runningPerTenant),
                    ]
                ).map(SyncJob.init(row:))
            else { return nil }
            try db.run(
                """
                INSERT INTO sync_job_turns (tenant_id, served)
                VALUES (?, (SELECT coalesce(max(served), 0) + 1 FROM sync_job_turns))
                ON CONFLICT (tenant_id) DO UPDATE SET served = excluded.served
                """, [.int(job.tenantID)])
            return job
        }
    }

    /// Keeps the claim alive; false when another worker has taken the job over.
    @discardableResult
    public func heartbeat(id: Int, tenantID: Int, workerID: String, now: Int64) throws -> Bool {
        try db.run(
            """
            UPDATE sync_jobs SET heartbeat_at = ?
            WHERE id = ? AND tenant_id = ? AND claimed_by = ? AND status = 'running'
            """,
            [.int(now), .int(id), .int(tenantID), .text(workerID)]) == 1
    }

    /// Records the outcome, unless the job was taken over by another worker meanwhile; true when it did.
    @discardableResult
    public func finish(
        id: Int, tenantID: Int, workerID: String, succeeded: Bool, kind: String, counts: SyncCounts, error: String?,
        now: Int64
    ) throws -> Bool {
        try db.run(
            """
            UPDATE sync_jobs SET status = ?, kind = ?, created = ?, updated = ?, deleted = ?, error = ?, finished_at = ?,
                heartbeat_at = ?
            WHERE id = ? AND tenant_id = ? AND claimed_by = ? AND status = 'running'
            """,
            [
                .text(succeeded ? "succeeded" : "failed"), .text(kind), .int(counts.created), .int(counts.updated),
                .int(counts.deleted), .optional(error), .int(now), .int(now), .int(id), .int(tenantID),
                .text(workerID),
            ]) == 1
    }

    /// Fails the queued jobs of a credential that is being disconnected.
    public func cancelQueued(credentialID: Int, tenantID: Int, now: Int64) throws {
        try db.run(
            """
            UPDATE sync_jobs SET status = 'failed', error = 'The calendar was disconnected.', finished_at = ?
            WHERE tenant_id = ? AND credential_id = ? AND status = 'queued'
            """, [.int(now), .int(tenantID), .int(credentialID)])
    }
}

/// What a sync did to the stored events.
public struct SyncCounts: Sendable, Equatable {
    public var created = 0
    public var updated = 0
    public var deleted = 0
    public init(created: Int = 0, updated: Int = 0, deleted: Int = 0) {
        self.created = created
        self.updated = updated
        self.deleted = deleted
    }
}
