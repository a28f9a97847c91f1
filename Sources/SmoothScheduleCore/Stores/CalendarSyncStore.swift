/// The state of one synced provider calendar (`calendar_syncs`).
public struct CalendarSyncState: Sendable {
    public let resourceID: Int?
    public let windowStart: Int64?
    public let windowEnd: Int64?
    /// Google `nextSyncToken` or Graph `@odata.deltaLink` of the last completed sync.
    public let syncToken: String?
}

/// `calendar_syncs`: the cursor of the last completed sync and the resource a calendar blocks.
public struct CalendarSyncStore {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public func find(tenantID: Int, credentialID: Int, calendarID: String) throws -> CalendarSyncState? {
        try db.queryOne(
            "SELECT * FROM calendar_syncs WHERE tenant_id = ? AND credential_id = ? AND calendar_id = ?",
            [.int(tenantID), .int(credentialID), .text(calendarID)]
        ).map {
            CalendarSyncState(
                resourceID: $0.optionalInt("resource_id"), windowStart: $0.int64("window_start"),
                windowEnd: $0.int64("window_end"), syncToken: $0.optionalString("sync_token"))
        }
    }

    /// Records a completed sync: its cursor, window and resource. Only while the credential is still the
    /// tenant's: a job that finishes after a disconnect leaves no state behind (review F2).
    public func save(
        tenantID: Int, credentialID: Int, calendarID: String, provider: String, resourceID: Int?,
        window: (Int64, Int64),
        syncToken: String?, now: Int64
    ) throws {
        try db.run(
            """
            INSERT INTO calendar_syncs (tenant_id, credential_id, calendar_id, provider, resource_id, window_start,
                window_end, sync_token, last_synced_at, created_at, updated_at)
            SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
            WHERE EXISTS (SELECT 1 FROM oauth_credentials WHERE id = ? AND tenant_id = ?)
            ON CONFLICT (credential_id, calendar_id) DO UPDATE SET resource_id = excluded.resource_id,
                window_start = excluded.window_start, window_end = excluded.window_end,
                sync_token = excluded.sync_token, last_synced_at = excluded.last_synced_at,
                updated_at = excluded.updated_at
            WHERE calendar_syncs.tenant_id = excluded.tenant_id
            """,
            [
                .int(tenantID), .int(credentialID), .text(calendarID), .text(provider), .optional(resourceID),
                .int(window.0), .int(window.1), .optional(syncToken), .int(now), .int(now), .int(now),
                .int(credentialID), .int(tenantID),
            ])
    }

    /// Forgets a cursor the provider no longer accepts (410).
    public func dropToken(tenantID: Int, credentialID: Int, calendarID: String) throws {
        try db.run(
            "UPDATE calendar_syncs SET sync_token = NULL WHERE tenant_id = ? AND credential_id = ? AND calendar_id = ?",
            [.int(tenantID), .int(credentialID), .text(calendarID)])
    }

    public func deleteAll(credentialID: Int, tenantID: Int) throws {
        try db.run(
            "DELETE FROM calendar_syncs WHERE credential_id = ? AND tenant_id = ?",
            [.int(credentialID), .int(tenantID)])
    }
}
