import Foundation

/// Counts what each quota limits (docs/api.md §3).
public struct QuotaUsage {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public func used(_ quota: Quota, tenant: Tenant, now: Int64) throws -> Int {
        switch quota {
        case .maxUsers: return try count("users", tenant.id)
        case .maxResources: return try count("resources", tenant.id)
        case .maxServices: return try count("services", tenant.id)
        case .maxEmailTemplates: return try count("email_templates", tenant.id)
        case .maxAutomatedTasks: return try count("automated_tasks", tenant.id)
        case .maxAppointmentsPerMonth: return try appointments(inMonthContaining: now, tenant: tenant)
        }
    }

    /// Appointments not `CANCELLED` that start in the calendar month holding `instant`, in the tenant's time
    /// zone (docs/api.md §3). "used" is this for the current month; a write checks the month its row lands in.
    public func appointments(inMonthContaining instant: Int64, tenant: Tenant) throws -> Int {
        let month = TimeZones.monthBounds(containing: instant, timezone: tenant.timezone)
        return try db.scalarInt(
            """
            SELECT count(*) FROM appointments
            WHERE tenant_id = ? AND start_time >= ? AND start_time < ? AND status <> 'CANCELLED'
            """, [.int(tenant.id), .int(month.start), .int(month.end)])
    }

    /// `table` comes from the closed set above, never from a request.
    private func count(_ table: String, _ tenantID: Int) throws -> Int {
        try db.rowCount(table, tenantID: tenantID)
    }
}
