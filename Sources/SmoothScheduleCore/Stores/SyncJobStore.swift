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
        ]
    }
}

/// `sync_jobs`: enqueue, atomic claim, heartbeat and outcome. Several workers may claim at once: the claim is
/// one `UPDATE … RETURNING` inside `BEGIN IMMEDIATE`, so exactly one of them gets each job.
public struct SyncJobStore {
    let db: Database

    /// A running job whose heartbeat is older than this (seconds) belongs to a dead worker and is claimed again.
    public static let staleAfter: Int64 = 60
    /// A job claimed this many times without finishing is failed instead of claimed again.
    public static let maxAttempts = 3

    public init(_ db: Database) { self.db = db }

    public func enqueue(
        tenantID: Int, userID: Int?, credentialID: Int, calendarID: String, resourceID: Int?, startDate: String,
        endDate: String, now: Int64
    ) throws -> Int {
        try db.insert(
            """
            INSERT INTO sync_jobs (tenant_id, user_id, credential_id, calendar_id, resource_id, start_date, end_date,
                                   created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .int(tenantID), .optional(userID), .int(credentialID), .text(calendarID), .optional(resourceID),
                .text(startDate), .text(endDate), .int(now),
            ])
    }

    public func find(id: Int, tenantID: Int) throws -> SyncJob? {
        try db.queryOne("SELECT * FROM sync_jobs WHERE id = ? AND tenant_id = ?", [.int(id), .int(tenantID)])
            .map(SyncJob.init(row:))
    }

    /// Claims the oldest queued job, or a running one whose worker stopped heartbeating. Nil when none.
    public func claim(workerID: String, now: Int64) throws -> SyncJob? {
        try db.transaction {
            try db.run(
                """
                UPDATE sync_jobs SET status = 'failed', finished_at = ?,
                    error = 'The sync was interrupted too many times (worker stopped); start it again.'
                WHERE status = 'running' AND heartbeat_at < ? AND attempts >= ?
                """, [.int(now), .int(now - Self.staleAfter), .int(Self.maxAttempts)])
            return try db.queryOne(
                """
                UPDATE sync_jobs SET status = 'running', claimed_by = ?, heartbeat_at = ?, attempts = attempts + 1,
                    started_at = coalesce(started_at, ?)
                WHERE id = (SELECT id FROM sync_jobs
                            WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < ?)
                            ORDER BY id LIMIT 1)
                RETURNING *
                """, [.text(workerID), .int(now), .int(now), .int(now - Self.staleAfter)]
            ).map(SyncJob.init(row:))
        }
    }

    /// Keeps the claim alive; false when another worker has taken the job over.
    @discardableResult
    public func heartbeat(id: Int, workerID: String, now: Int64) throws -> Bool {
        try db.run(
            "UPDATE sync_jobs SET heartbeat_at = ? WHERE id = ? AND claimed_by = ? AND status = 'running'",
            [.int(now), .int(id), .text(workerID)]) == 1
    }

    /// Records the outcome, unless the job was taken over by another worker meanwhile.
    public func finish(
        id: Int, workerID: String, succeeded: Bool, kind: String, counts: SyncCounts, error: String?, now: Int64
    ) throws {
        try db.run(
            """
            UPDATE sync_jobs SET status = ?, kind = ?, created = ?, updated = ?, deleted = ?, error = ?, finished_at = ?,
                heartbeat_at = ?
            WHERE id = ? AND claimed_by = ? AND status = 'running'
            """,
            [
                .text(succeeded ? "succeeded" : "failed"), .text(kind), .int(counts.created), .int(counts.updated),
                .int(counts.deleted), .optional(error), .int(now), .int(now), .int(id), .text(workerID),
            ])
    }

    /// Fails the queued jobs of a credential that is being disconnected.
    public func cancelQueued(credentialID: Int, now: Int64) throws {
        try db.run(
            """
            UPDATE sync_jobs SET status = 'failed', error = 'The calendar was disconnected.', finished_at = ?
            WHERE credential_id = ? AND status = 'queued'
            """, [.int(now), .int(credentialID)])
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
