// The calendars whose busy time blocks a resource, and how fresh that busy time is (docs/api.md §13 `sources`).

/// One synced calendar that blocks a resource.
public struct CalendarSource: Sendable {
    public let credentialID: Int
    public let calendarID: String
    public let lastSyncedAt: Int64?
    public let health: Health

    /// How far a client can trust the busy time of this calendar (docs/scheduling.md, "Availability").
    public enum Health: String, Sendable {
        /// Synced successfully within `freshFor`.
        case healthy
        /// Last synced successfully within `staleAfter`: busy time may lag by up to that long.
        case polling
        /// The last sync failed, or no successful sync within `staleAfter`.
        case degraded
        /// The credential is gone or refused by the provider: nothing new arrives until it is connected again.
        case needsReauth = "needs_reauth"
    }

    public static let freshFor: Int64 = 15 * 60
    public static let staleAfter: Int64 = 24 * 3600

    /// The health of a calendar from its credential, last sync and last finished job.
    public static func health(credentialValid: Bool?, lastSyncedAt: Int64?, lastJobFailed: Bool, now: Int64) -> Health {
        guard credentialValid == true else { return .needsReauth }
        guard !lastJobFailed, let synced = lastSyncedAt, now - synced <= staleAfter else { return .degraded }
        return now - synced <= freshFor ? .healthy : .polling
    }
}

extension AvailabilityStore {
    /// The synced calendars that block `resourceID` (docs/api.md §7), with their last sync and health.
    public func sources(tenantID: Int, resourceID: Int, now: Int64) throws -> [CalendarSource] {
        try db.query(
            """
            SELECT s.credential_id, s.calendar_id, s.last_synced_at, c.is_valid,
                   (SELECT j.status FROM sync_jobs j
                    WHERE j.tenant_id = s.tenant_id AND j.credential_id = s.credential_id
                      AND j.calendar_id = s.calendar_id AND j.status IN ('succeeded', 'failed')
                    ORDER BY j.id DESC LIMIT 1) AS last_job
            FROM calendar_syncs s
            LEFT JOIN oauth_credentials c ON c.id = s.credential_id AND c.tenant_id = s.tenant_id
            WHERE s.tenant_id = ? AND s.resource_id = ?
            ORDER BY s.credential_id, s.calendar_id
            """, [.int(tenantID), .int(resourceID)]
        ).map { row in
            let valid = row.int64("is_valid").map { $0 != 0 }
            let synced = row.int64("last_synced_at")
            return CalendarSource(
                credentialID: row.int("credential_id"), calendarID: row.string("calendar_id"), lastSyncedAt: synced,
                health: CalendarSource.health(
                    credentialValid: valid, lastSyncedAt: synced, lastJobFailed: row.string("last_job") == "failed",
                    now: now))
        }
    }
}
