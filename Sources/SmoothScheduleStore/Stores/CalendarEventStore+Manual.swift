// Manual busy blocks and the busy time calendar sync adds to the conflict check.

extension CalendarEventStore {
    public func createManual(
        tenantID: Int, title: String, start: Int64, end: Int64, isBusy: Bool, resourceID: Int?, now: Int64
    ) throws -> Int {
        try db.insert(
            """
            INSERT INTO calendar_events (tenant_id, source, title, start_time, end_time, is_busy, resource_id,
                created_at, updated_at)
            VALUES (?, 'manual', ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .int(tenantID), .text(title), .int(start), .int(end), .bool(isBusy), .optional(resourceID), .int(now),
                .int(now),
            ])
    }

    public func updateManual(
        id: Int, tenantID: Int, title: String, start: Int64, end: Int64, isBusy: Bool, resourceID: Int?, now: Int64
    ) throws {
        try db.run(
            """
            UPDATE calendar_events SET title = ?, start_time = ?, end_time = ?, is_busy = ?, resource_id = ?,
                updated_at = ? WHERE id = ? AND tenant_id = ?
            """,
            [
                .text(title), .int(start), .int(end), .bool(isBusy), .optional(resourceID), .int(now), .int(id),
                .int(tenantID),
            ])
    }

    public func delete(id: Int, tenantID: Int) throws -> Bool {
        try db.run("DELETE FROM calendar_events WHERE id = ? AND tenant_id = ?", [.int(id), .int(tenantID)]) == 1
    }
}

/// Imported busy time blocks the resource its calendar is synced for (docs/api.md §5, §7): busy, not cancelled.
extension CalendarEventStore: BusySource {
    public func busyBlocks(
        tenantID: Int, resourceID: Int, start: Int64, end: Int64, excludingAppointment: Int?
    ) throws -> [BusyBlock] {
        try db.query(
            """
            SELECT id, start_time, end_time FROM calendar_events
            WHERE tenant_id = ? AND resource_id = ? AND is_busy = 1 AND status <> 'cancelled'
              AND start_time < ? AND end_time > ?
            ORDER BY start_time LIMIT 20
            """, [.int(tenantID), .int(resourceID), .int(end), .int(start)]
        ).map {
            BusyBlock(
                start: $0.int64("start_time") ?? 0, end: $0.int64("end_time") ?? 0, source: "calendar_event",
                id: $0.int("id"))
        }
    }
}
