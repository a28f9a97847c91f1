// Manual busy blocks (what blocks a resource is `AvailabilityStore`'s one definition of busy time).

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
