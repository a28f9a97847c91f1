/// Appointment queries beyond plain CRUD: service defaults and the busy time of a resource.
public struct AppointmentStore {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// A service's duration (minutes) and price, for an appointment's defaults.
    public func serviceDefaults(tenantID: Int, serviceID: Int) throws -> (durationMinutes: Int, priceCents: Int64)? {
        try db.queryOne(
            "SELECT duration_minutes, price_cents FROM services WHERE id = ? AND tenant_id = ?",
            [.int(serviceID), .int(tenantID)]
        ).map { ($0.int("duration_minutes"), $0.int64("price_cents") ?? 0) }
    }

    /// Appointments of `resourceID` that are not CANCELLED and overlap [start, end) (docs/api.md §5). It walks the
    /// resource's appointments ending after `start` (index `appointments_resource_end`): few for the usual
    /// booking of an upcoming slot.
    public func activeOverlapping(
        tenantID: Int, resourceID: Int, start: Int64, end: Int64, excluding: Int?
    ) throws -> [BusyBlock] {
        try db.query(
            """
            SELECT id, start_time, end_time FROM appointments INDEXED BY appointments_resource_end
            WHERE tenant_id = ? AND resource_id = ? AND status <> 'CANCELLED'
              AND start_time < ? AND end_time > ? AND id <> ?
            ORDER BY start_time
            """, [.int(tenantID), .int(resourceID), .int(end), .int(start), .int(excluding ?? 0)]
        ).map {
            BusyBlock(
                start: $0.int64("start_time") ?? 0, end: $0.int64("end_time") ?? 0, source: "appointment",
                id: $0.int("id"))
        }
    }
}

/// Appointments that are not CANCELLED block their resource.
extension AppointmentStore: BusySource {
    public func busyBlocks(
        tenantID: Int, resourceID: Int, start: Int64, end: Int64, excludingAppointment: Int?
    ) throws -> [BusyBlock] {
        try activeOverlapping(
            tenantID: tenantID, resourceID: resourceID, start: start, end: end, excluding: excludingAppointment)
    }
}
