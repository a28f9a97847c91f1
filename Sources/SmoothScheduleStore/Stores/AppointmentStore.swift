/// Appointment queries beyond plain CRUD: service defaults (busy time is `AvailabilityStore`'s).
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
}
