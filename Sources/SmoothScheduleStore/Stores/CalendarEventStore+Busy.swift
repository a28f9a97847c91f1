// Busy time only: the calendar events a `customer` user may see (docs/api.md §5, §7).

extension CalendarEventStore {
    /// The busy, not cancelled events: what blocks time (as in `busyBlocks`), nothing marked free.
    private static let busy = "is_busy = 1 AND status <> 'cancelled'"

    public func countBusy(tenantID: Int, from: Int64?, to: Int64?) throws -> Int {
        try db.scalarInt(
            """
            SELECT count(*) FROM calendar_events
            WHERE tenant_id = ? AND \(Self.busy) AND (? IS NULL OR end_time > ?) AND (? IS NULL OR start_time < ?)
            """,
            [
                .int(tenantID), .optional(from.map(Int.init)), .optional(from.map(Int.init)),
                .optional(to.map(Int.init)), .optional(to.map(Int.init)),
            ])
    }

    /// Busy events overlapping [from, to) (either bound optional), by start time.
    public func listBusy(tenantID: Int, from: Int64?, to: Int64?, limit: Int, offset: Int) throws -> [CalendarEvent] {
        try db.query(
            """
            SELECT * FROM calendar_events
            WHERE tenant_id = ? AND \(Self.busy) AND (? IS NULL OR end_time > ?) AND (? IS NULL OR start_time < ?)
            ORDER BY start_time, id LIMIT ? OFFSET ?
            """,
            [
                .int(tenantID), .optional(from.map(Int.init)), .optional(from.map(Int.init)),
                .optional(to.map(Int.init)), .optional(to.map(Int.init)), .int(limit), .int(offset),
            ]
        ).map(CalendarEvent.init(row:))
    }

    public func findBusy(id: Int, tenantID: Int) throws -> CalendarEvent? {
        try db.queryOne(
            "SELECT * FROM calendar_events WHERE id = ? AND tenant_id = ? AND \(Self.busy)", [.int(id), .int(tenantID)]
        ).map(CalendarEvent.init(row:))
    }
}
