// `max_appointments_per_month` counted for the month an appointment lands in (docs/api.md §3, review F10).

extension AppointmentRules {
    /// Inside the write transaction: an appointment that starts to count in a month (created, moved there from
    /// another month, or no longer `CANCELLED`) needs room in that month, in the tenant's time zone. One that
    /// already counts there (an edit, a move within its month) or that is `CANCELLED` is never refused, so rows
    /// over a lowered limit stay editable. Throws `quota_exceeded`, the same answer as the chain's.
    static func requireRoomInMonth(start: Int64, status: String, existing: Row?, _ write: RecordWrite) throws {
        let tenant = write.tenant
        guard status != "CANCELLED", let limit = tenant.limit(.maxAppointmentsPerMonth) else { return }
        if let existing, existing.string("status") != "CANCELLED", let before = existing.int64("start_time") {
            let month = TimeZones.monthBounds(containing: start, timezone: tenant.timezone)
            if month.start <= before && before < month.end { return }
        }
        let used = try QuotaUsage(write.db).appointments(inMonthContaining: start, tenant: tenant)
        if used >= limit { throw APIError.quotaExceeded(.maxAppointmentsPerMonth, limit: limit, used: used) }
    }
}
