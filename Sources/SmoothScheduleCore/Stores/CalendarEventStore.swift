// `calendar_events`: imported events (upserted by provider id) and manual busy blocks.

/// One stored event as the API shows it.
public struct CalendarEvent: Sendable {
    public let id: Int
    public let credentialID: Int?
    public let calendarID: String
    public let providerEventID: String?
    public let source: String
    public let title: String
    public let start: Int64
    public let end: Int64
    public let isAllDay: Bool
    public let isBusy: Bool
    public let status: String
    public let resourceID: Int?
    public let createdAt: Int64
    public let updatedAt: Int64

    init(row: Row) {
        id = row.int("id")
        credentialID = row.optionalInt("credential_id")
        calendarID = row.string("calendar_id")
        providerEventID = row.optionalString("provider_event_id")
        source = row.string("source")
        title = row.string("title")
        start = row.int64("start_time") ?? 0
        end = row.int64("end_time") ?? 0
        isAllDay = row.bool("is_all_day")
        isBusy = row.bool("is_busy")
        status = row.string("status")
        resourceID = row.optionalInt("resource_id")
        createdAt = row.int64("created_at") ?? 0
        updatedAt = row.int64("updated_at") ?? 0
    }

    public var json: JSONValue {
        [
            "id": .int(Int64(id)), "title": .string(title), "start_time": ISOTime.json(start),
            "end_time": ISOTime.json(end),
            "is_all_day": .bool(isAllDay), "is_busy": .bool(isBusy), "status": .string(status),
            "source": .string(source),
            "credential_id": JSONValue(credentialID), "calendar_id": .string(calendarID),
            "provider_event_id": JSONValue(providerEventID), "resource_id": JSONValue(resourceID),
            "created_at": ISOTime.json(createdAt), "updated_at": ISOTime.json(updatedAt),
        ]
    }
}

/// Where an imported event comes from: the credential and provider calendar, and the job writing it.
public struct EventOrigin: Sendable {
    public let tenantID: Int
    public let credentialID: Int
    public let calendarID: String
    public let source: String
    public let resourceID: Int?
    public let jobID: Int
}

public struct CalendarEventStore {
    let db: Database

    public init(_ db: Database) { self.db = db }

    // MARK: - Sync writes

    /// Applies one page of changes in one transaction. Upserts by (tenant, credential, calendar, provider id): a
    /// re-sync never duplicates; unchanged rows are only marked seen by `origin.jobID`. Throws `SyncFailure` once
    /// the credential is no longer the tenant's (disconnected mid-sync): nothing more is written under its id.
    public func apply(_ changes: [EventChange], origin: EventOrigin, now: Int64) throws -> SyncCounts {
        var counts = SyncCounts()
        try db.transaction {
            guard try isConnected(origin) else {
                throw SyncFailure("The calendar connection was removed while the sync ran.")
            }
            for change in changes {
                switch change {
                case .upsert(let event): try upsert(event, origin, now, &counts)
                case .remove(let providerID):
                    counts.deleted += try db.run(
                        """
                        DELETE FROM calendar_events
                        WHERE tenant_id = ? AND credential_id = ? AND calendar_id = ? AND provider_event_id = ?
                        """,
                        [.int(origin.tenantID), .int(origin.credentialID), .text(origin.calendarID), .text(providerID)])
                }
            }
        }
        return counts
    }

    /// Whether the origin's credential still exists and is the origin tenant's.
    private func isConnected(_ o: EventOrigin) throws -> Bool {
        try db.queryOne(
            "SELECT 1 FROM oauth_credentials WHERE id = ? AND tenant_id = ?", [.int(o.credentialID), .int(o.tenantID)])
            != nil
    }

    private func upsert(_ e: ProviderEvent, _ o: EventOrigin, _ now: Int64, _ counts: inout SyncCounts) throws {
        let existing = try db.queryOne(
            """
            SELECT id, title, start_time, end_time, is_all_day, is_busy, resource_id FROM calendar_events
            WHERE tenant_id = ? AND credential_id = ? AND calendar_id = ? AND provider_event_id = ?
            """, [.int(o.tenantID), .int(o.credentialID), .text(o.calendarID), .text(e.providerID)])
        guard let existing else {
            try db.run(
                """
                INSERT INTO calendar_events (tenant_id, credential_id, calendar_id, provider_event_id, source, title,
                    start_time, end_time, is_all_day, is_busy, resource_id, seen_job_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .int(o.tenantID), .int(o.credentialID), .text(o.calendarID), .text(e.providerID), .text(o.source),
                    .text(e.title), .int(e.start), .int(e.end), .bool(e.isAllDay), .bool(e.isBusy),
                    .optional(o.resourceID),
                    .int(o.jobID), .int(now), .int(now),
                ])
            counts.created += 1
            return
        }
        let id = existing.int("id")
        let same =
            existing.string("title") == e.title && existing.int64("start_time") == e.start
            && existing.int64("end_time") == e.end && existing.bool("is_all_day") == e.isAllDay
            && existing.bool("is_busy") == e.isBusy && existing.optionalInt("resource_id") == o.resourceID
        if same {
            try db.run(
                "UPDATE calendar_events SET seen_job_id = ? WHERE id = ? AND tenant_id = ?",
                [.int(o.jobID), .int(id), .int(o.tenantID)])
            return
        }
        try db.run(
            """
            UPDATE calendar_events SET title = ?, start_time = ?, end_time = ?, is_all_day = ?, is_busy = ?,
                resource_id = ?, seen_job_id = ?, updated_at = ? WHERE id = ? AND tenant_id = ?
            """,
            [
                .text(e.title), .int(e.start), .int(e.end), .bool(e.isAllDay), .bool(e.isBusy), .optional(o.resourceID),
                .int(o.jobID), .int(now), .int(id), .int(o.tenantID),
            ])
        counts.updated += 1
    }

    /// After a full sync: removes the calendar's events the provider no longer listed.
    public func removeUnseen(origin: EventOrigin) throws -> Int {
        try db.run(
            """
            DELETE FROM calendar_events
            WHERE tenant_id = ? AND credential_id = ? AND calendar_id = ? AND ifnull(seen_job_id, 0) <> ?
            """, [.int(origin.tenantID), .int(origin.credentialID), .text(origin.calendarID), .int(origin.jobID)])
    }

    /// Points every event of a calendar at the resource it blocks (nil: blocks nothing).
    public func assignResource(tenantID: Int, credentialID: Int, calendarID: String, resourceID: Int?) throws {
        try db.run(
            "UPDATE calendar_events SET resource_id = ? WHERE tenant_id = ? AND credential_id = ? AND calendar_id = ?",
            [.optional(resourceID), .int(tenantID), .int(credentialID), .text(calendarID)])
    }

    public func deleteAll(credentialID: Int, tenantID: Int) throws -> Int {
        try db.run(
            "DELETE FROM calendar_events WHERE credential_id = ? AND tenant_id = ?",
            [.int(credentialID), .int(tenantID)])
    }

    /// After a disconnect that keeps the events: they stay (and keep blocking their resource) but no longer name
    /// the credential, so no later credential or sync can match them (review F2).
    public func detach(credentialID: Int, tenantID: Int) throws {
        try db.run(
            "UPDATE calendar_events SET credential_id = NULL WHERE credential_id = ? AND tenant_id = ?",
            [.int(credentialID), .int(tenantID)])
    }

    // MARK: - Reads

    public func count(tenantID: Int, from: Int64?, to: Int64?) throws -> Int {
        try db.scalarInt(
            """
            SELECT count(*) FROM calendar_events
            WHERE tenant_id = ? AND (? IS NULL OR end_time > ?) AND (? IS NULL OR start_time < ?)
            """,
            [
                .int(tenantID), .optional(from.map(Int.init)), .optional(from.map(Int.init)),
                .optional(to.map(Int.init)), .optional(to.map(Int.init)),
            ])
    }

    /// Events overlapping [from, to) (either bound optional), by start time.
    public func list(tenantID: Int, from: Int64?, to: Int64?, limit: Int, offset: Int) throws -> [CalendarEvent] {
        try db.query(
            """
            SELECT * FROM calendar_events
            WHERE tenant_id = ? AND (? IS NULL OR end_time > ?) AND (? IS NULL OR start_time < ?)
            ORDER BY start_time, id LIMIT ? OFFSET ?
            """,
            [
                .int(tenantID), .optional(from.map(Int.init)), .optional(from.map(Int.init)),
                .optional(to.map(Int.init)), .optional(to.map(Int.init)), .int(limit), .int(offset),
            ]
        ).map(CalendarEvent.init(row:))
    }

    public func find(id: Int, tenantID: Int) throws -> CalendarEvent? {
        try db.queryOne("SELECT * FROM calendar_events WHERE id = ? AND tenant_id = ?", [.int(id), .int(tenantID)])
            .map(CalendarEvent.init(row:))
    }
}
