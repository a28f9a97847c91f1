// `working_hours` and `working_hour_rules`: the tenant's default week and resources' own (docs/api.md §13).

/// A stored schedule: whose it is, its zone and rules, and when it last changed.
public struct StoredHours: Sendable {
    public let resourceID: Int?
    public let hours: WeeklyHours
    public let updatedAt: Int64
}

/// Where a resource's effective hours come from.
public enum HoursSource: String, Sendable {
    /// The resource's own rules.
    case resource
    /// The tenant's default week.
    case tenant
    /// Nothing set anywhere: open around the clock in the tenant's time zone.
    case unset
}

/// Working-hours schedules. Every statement carries the tenant.
public struct WorkingHoursStore {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The tenant's default (`resourceID` nil) or a resource's own schedule, if set.
    public func find(tenantID: Int, resourceID: Int?) throws -> StoredHours? {
        guard
            let row = try db.queryOne(
                """
                SELECT id, timezone, updated_at FROM working_hours
                WHERE tenant_id = ? AND ifnull(resource_id, 0) = ?
                """, [.int(tenantID), .int(resourceID ?? 0)])
        else { return nil }
        return StoredHours(
            resourceID: resourceID,
            hours: WeeklyHours(timezone: row.string("timezone"), rules: try rules(tenantID, row.int("id"))),
            updatedAt: row.int64("updated_at") ?? 0)
    }

    private func rules(_ tenantID: Int, _ hoursID: Int) throws -> [WorkingRule] {
        try db.query(
            """
            SELECT weekday, start_minute, end_minute FROM working_hour_rules
            WHERE working_hours_id = ? AND tenant_id = ? ORDER BY weekday, start_minute
            """, [.int(hoursID), .int(tenantID)]
        ).map { WorkingRule(weekday: $0.int("weekday"), start: $0.int("start_minute"), end: $0.int("end_minute")) }
    }

    /// The tenant's default week: as set, or open around the clock in the tenant's zone.
    public func tenantHours(_ tenant: Tenant) throws -> (hours: WeeklyHours, source: HoursSource) {
        if let stored = try find(tenantID: tenant.id, resourceID: nil) { return (stored.hours, .tenant) }
        return (.aroundTheClock(tenant.timezone), .unset)
    }

    /// The hours that apply to a resource: its own, else the tenant's, else open around the clock.
    public func effective(_ tenant: Tenant, resourceID: Int) throws -> (hours: WeeklyHours, source: HoursSource) {
        if let own = try find(tenantID: tenant.id, resourceID: resourceID) { return (own.hours, .resource) }
        return try tenantHours(tenant)
    }

    /// The effective hours of every resource of the tenant that has its own, and the tenant's default.
    public func all(_ tenant: Tenant) throws -> (own: [Int: WeeklyHours], fallback: WeeklyHours) {
        var own: [Int: WeeklyHours] = [:]
        for row in try db.query(
            "SELECT resource_id FROM working_hours WHERE tenant_id = ? AND resource_id IS NOT NULL", [.int(tenant.id)])
        {
            let id = row.int("resource_id")
            if let stored = try find(tenantID: tenant.id, resourceID: id) { own[id] = stored.hours }
        }
        return (own, try tenantHours(tenant).hours)
    }

    /// Replaces the schedule's zone and rules (the caller holds the write transaction).
    public func replace(tenantID: Int, resourceID: Int?, hours: WeeklyHours, now: Int64) throws {
        try remove(tenantID: tenantID, resourceID: resourceID)
        let id = try db.insert(
            """
            INSERT INTO working_hours (tenant_id, resource_id, timezone, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?)
            """, [.int(tenantID), .optional(resourceID), .text(hours.timezone), .int(now), .int(now)])
        for rule in hours.rules {
            try db.run(
                """
                INSERT INTO working_hour_rules (tenant_id, working_hours_id, weekday, start_minute, end_minute)
                VALUES (?, ?, ?, ?, ?)
                """, [.int(tenantID), .int(id), .int(rule.weekday), .int(rule.start), .int(rule.end)])
        }
    }

    /// Forgets a schedule (a resource then follows the tenant; the tenant is open around the clock).
    public func remove(tenantID: Int, resourceID: Int?) throws {
        try db.run(
            "DELETE FROM working_hours WHERE tenant_id = ? AND ifnull(resource_id, 0) = ?",
            [.int(tenantID), .int(resourceID ?? 0)])
    }
}
