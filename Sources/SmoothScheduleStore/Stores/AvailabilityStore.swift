// THE definition of busy time (docs/api.md §5, §7, §13), shared by the booking check and free slots, and the calendar
// sources that feed it.

/// A service's buffers, in seconds: time the resource stays taken before and after each appointment.
public struct Buffers: Equatable, Sendable {
    public var before: Int64 = 0
    public var after: Int64 = 0
    public init(before: Int64 = 0, after: Int64 = 0) {
        self.before = before
        self.after = after
    }
}

/// What takes a resource's time: its appointments that are not `CANCELLED`, each widened by its service's buffers,
/// and the busy, not cancelled calendar events that block it (imported or manual; an all-day event blocks whole
/// dates of the resource's zone). Both the booking check (`ConflictChecker`) and free slots ask this one source.
///
/// Cost follows the window, not the tenant's rows: rows up to two days long are found by start time inside the
/// window widened by two days (covering indexes `appointments_resource_busy`, `calendar_events_blocking`), longer
/// ones through partial indexes that hold only the long rows.
public struct AvailabilityStore: BusySource {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Rows longer than this go through the partial "long" indexes (the literal is in the SQL and the indexes).
    static let shortSpan: Int64 = 172_800

    /// A resource's appointments that are not `CANCELLED` overlapping `[?5, ?4)`: short ones by start from `?3`
    /// (= `?5` − 2 days), long ones through the partial index; `?6` is excluded (the row being moved).
    static let appointmentsSQL = """
        SELECT id, start_time, end_time, service_id FROM appointments INDEXED BY appointments_resource_busy
        WHERE tenant_id = ?1 AND resource_id = ?2 AND start_time >= ?3 AND start_time < ?4 AND end_time > ?5
          AND status <> 'CANCELLED' AND id <> ?6 AND end_time - start_time <= 172800
        UNION ALL
        SELECT id, start_time, end_time, service_id FROM appointments INDEXED BY appointments_resource_long
        WHERE tenant_id = ?1 AND resource_id = ?2 AND end_time - start_time > 172800 AND end_time > ?5
          AND start_time < ?4 AND status <> 'CANCELLED' AND id <> ?6
        """

    /// A resource's busy, not cancelled events overlapping `[?5, ?4)`, the same way.
    static let eventsSQL = """
        SELECT id, start_time, end_time, is_all_day FROM calendar_events INDEXED BY calendar_events_blocking
        WHERE tenant_id = ?1 AND resource_id = ?2 AND is_busy = 1 AND status <> 'cancelled'
          AND start_time >= ?3 AND start_time < ?4 AND end_time > ?5 AND end_time - start_time <= 172800
        UNION ALL
        SELECT id, start_time, end_time, is_all_day FROM calendar_events INDEXED BY calendar_events_blocking_long
        WHERE tenant_id = ?1 AND resource_id = ?2 AND is_busy = 1 AND status <> 'cancelled'
          AND end_time - start_time > 172800 AND end_time > ?5 AND start_time < ?4
        """

    /// Buffers of one service of the tenant (zero when it has none or does not exist).
    public func buffers(tenantID: Int, serviceID: Int) throws -> Buffers {
        guard
            let row = try db.queryOne(
                "SELECT buffer_before_minutes, buffer_after_minutes FROM services WHERE id = ? AND tenant_id = ?",
                [.int(serviceID), .int(tenantID)])
        else { return Buffers() }
        return Buffers(
            before: (row.int64("buffer_before_minutes") ?? 0) * 60, after: (row.int64("buffer_after_minutes") ?? 0) * 60
        )
    }

    /// The tenant's services that have buffers (partial index `services_buffers`).
    func allBuffers(tenantID: Int) throws -> [Int: Buffers] {
        var result: [Int: Buffers] = [:]
        for row in try db.query(
            """
            SELECT id, buffer_before_minutes, buffer_after_minutes FROM services
            WHERE tenant_id = ? AND (buffer_before_minutes > 0 OR buffer_after_minutes > 0)
            """, [.int(tenantID)])
        {
            result[row.int("id")] = Buffers(
                before: (row.int64("buffer_before_minutes") ?? 0) * 60,
                after: (row.int64("buffer_after_minutes") ?? 0) * 60)
        }
        return result
    }

    /// Busy blocks of `resourceID` overlapping `[start, end)`, by start: appointment blocks span the appointment
    /// and its service's buffers; `excludingAppointment` is the row being moved.
    public func busyBlocks(tenantID: Int, resourceID: Int, start: Int64, end: Int64, excludingAppointment: Int?)
        throws -> [BusyBlock]
    {
        guard end > start else { return [] }
        var blocks = try appointmentBlocks(tenantID, resourceID, start, end, excludingAppointment)
        blocks += try eventBlocks(tenantID, resourceID, start, end)
        // Rows arrive nearly in start order, so the (stable) sort has little to do.
        blocks.sort { $0.start < $1.start }
        return blocks
    }

    private func appointmentBlocks(_ tenantID: Int, _ resourceID: Int, _ start: Int64, _ end: Int64, _ excluding: Int?)
        throws -> [BusyBlock]
    {
        let buffers = try allBuffers(tenantID: tenantID)
        // An appointment just outside the window may reach into it with its buffers.
        let low = start - (buffers.values.map(\.after).max() ?? 0)
        let high = end + (buffers.values.map(\.before).max() ?? 0)
        var blocks: [BusyBlock] = []
        try db.statement(Self.appointmentsSQL).forEachIntegers(
            [
                .int(tenantID), .int(resourceID), .int(low - Self.shortSpan), .int(high), .int(low),
                .int(excluding ?? 0),
            ],
            count: 4
        ) { row in
            let padding = buffers.isEmpty ? Buffers() : buffers[Int(row[3])] ?? Buffers()
            let blockStart = row[1] - padding.before
            let blockEnd = row[2] + padding.after
            if blockStart < end && blockEnd > start {
                blocks.append(BusyBlock(start: blockStart, end: blockEnd, source: "appointment", id: Int(row[0])))
            }
        }
        return blocks
    }

    private func eventBlocks(_ tenantID: Int, _ resourceID: Int, _ start: Int64, _ end: Int64) throws -> [BusyBlock] {
        // Two days wider: an all-day event moves by up to a day when its dates are placed in the resource's zone.
        let low = start - Self.shortSpan
        let high = end + Self.shortSpan
        var timed: [BusyBlock] = []
        var allDay: [BusyBlock] = []
        try db.statement(Self.eventsSQL).forEachIntegers(
            [.int(tenantID), .int(resourceID), .int(low - Self.shortSpan), .int(high), .int(low)], count: 4
        ) { row in
            let block = BusyBlock(start: row[1], end: row[2], source: "calendar_event", id: Int(row[0]))
            if row[3] == 1 { allDay.append(block) } else { timed.append(block) }
        }
        let blocks = timed + (allDay.isEmpty ? [] : try placeAllDay(allDay, tenantID, resourceID, low, high))
        return blocks.filter { $0.start < end && $0.end > start }
    }

    /// All-day events are stored from midnight to midnight of the tenant's zone (where the sync placed their
    /// dates); they block those dates from midnight to midnight of the resource's zone instead.
    private func placeAllDay(_ events: [BusyBlock], _ tenantID: Int, _ resourceID: Int, _ low: Int64, _ high: Int64)
        throws -> [BusyBlock]
    {
        let tenantZone =
            try db.queryOne("SELECT timezone FROM tenants WHERE id = ?", [.int(tenantID)])?
            .string("timezone") ?? "UTC"
        let resourceZone =
            try WorkingHoursStore(db).find(tenantID: tenantID, resourceID: resourceID)?.hours.timezone
            ?? WorkingHoursStore(db).find(tenantID: tenantID, resourceID: nil)?.hours.timezone ?? tenantZone
        let from = min(low, events.map(\.start).min() ?? low)
        let through = max(high, events.map(\.end).max() ?? high)
        guard let stored = ZoneOffsets(identifier: tenantZone, from: from, through: through),
            let local = ZoneOffsets(identifier: resourceZone, from: from, through: through)
        else { return events }
        return events.map { event in
            // Rounded to the nearest midnight, so dates survive a later change of the tenant's zone.
            let firstDay = LocalClock.floorDiv(stored.local(event.start) + 43_200, 86_400)
            let endDay = max(firstDay + 1, LocalClock.floorDiv(stored.local(event.end) + 43_200, 86_400))
            return BusyBlock(
                start: local.start(local: firstDay * 86_400), end: local.start(local: endDay * 86_400),
                source: event.source, id: event.id)
        }
    }
}
