// Appointment defaults, time checks and double-booking (API.md §5).

/// What appointments add to the generic CRUD: service defaults, `end_time` after `start_time`, the monthly quota,
/// no overlaps (with the service's buffers), and working hours for staff (API.md §13).
enum AppointmentRules {
    static let rules = RecordRules(prepare: prepare, listFilters: listFilters)

    /// Inside the write transaction: fill defaults, then check the merged row, its month's quota and its resource's
    /// busy time.
    static func prepare(_ changes: inout Changes, _ existing: Row?, _ context: Context) throws {
        let tenant = try context.requireTenant()
        let serviceID = changes["service_id"].flatMap(intValue) ?? existing?.int64("service_id")
        var start = changes["start_time"].flatMap(intValue) ?? existing?.int64("start_time") ?? 0
        if existing == nil {
            if changes["status"] == nil { changes["status"] = .text("PENDING") }
            if let serviceID,
                let service = try AppointmentStore(context.db).serviceDefaults(
                    tenantID: tenant.id, serviceID: Int(serviceID))
            {
                if changes["end_time"] == nil {
                    changes["end_time"] = .int(start + Int64(service.durationMinutes) * 60)
                }
                if changes["price_cents"] == nil { changes["price_cents"] = .int(service.priceCents) }
            }
        } else if let existing, changes["start_time"] != nil, changes["end_time"] == nil {
            // Moving an appointment keeps its length.
            let length = (existing.int64("end_time") ?? 0) - (existing.int64("start_time") ?? 0)
            changes["end_time"] = .int(start + length)
        }
        start = changes["start_time"].flatMap(intValue) ?? existing?.int64("start_time") ?? 0
        let end = changes["end_time"].flatMap(intValue) ?? existing?.int64("end_time") ?? 0
        guard end > start else { throw APIError.invalid(field: "end_time", "Must be after start_time.") }
        let status = changes["status"].flatMap(textValue) ?? existing?.string("status") ?? "PENDING"
        try requireRoomInMonth(start: start, status: status, existing: existing, context)
        // CANCELLED appointments neither block nor are blocked.
        guard status != "CANCELLED" else { return }
        let resourceID = changes["resource_id"].flatMap(intValue) ?? existing?.int64("resource_id") ?? 0
        // Working hours bind staff when an appointment is placed: created, moved, or taken out of CANCELLED.
        let placed =
            existing == nil || changes["start_time"] != nil || changes["end_time"] != nil
            || changes["resource_id"] != nil || existing?.string("status") == "CANCELLED"
        try BookingCheck.require(
            tenant: tenant, role: context.user?.role, resourceID: Int(resourceID), serviceID: Int(serviceID ?? 0),
            start: start, end: end, excluding: existing?.optionalInt("id"), checkHours: placed, context.db)
    }

    /// `?start=&end=` (appointments overlapping the window), `?status=`, `?resource_id=`.
    static func listFilters(_ request: Request) throws -> [Filter] {
        var filters: [Filter] = []
        var problems: [(String, String)] = []
        if let text = request.queryValue("start") {
            if let t = ISOTime.parse(text) {
                filters.append(Filter(sql: "end_time > ?", value: .int(t)))
            } else {
                problems.append(("start", "Must be an ISO 8601 date-time with an offset."))
            }
        }
        if let text = request.queryValue("end") {
            if let t = ISOTime.parse(text) {
                filters.append(Filter(sql: "start_time < ?", value: .int(t)))
            } else {
                problems.append(("end", "Must be an ISO 8601 date-time with an offset."))
            }
        }
        if let status = request.queryValue("status") {
            if RecordKind.appointmentStatuses.contains(status) {
                filters.append(Filter(sql: "status = ?", value: .text(status)))
            } else {
                problems.append(("status", "Must be one of \(RecordKind.appointmentStatuses.joined(separator: ", "))."))
            }
        }
        if let text = request.queryValue("resource_id") {
            if let id = Int(text), id > 0 {
                filters.append(Filter(sql: "resource_id = ?", value: .int(id)))
            } else {
                problems.append(("resource_id", "A valid id is required."))
            }
        }
        if !problems.isEmpty { throw APIError.invalid(problems) }
        return filters
    }

    private static func intValue(_ value: SQLValue) -> Int64? {
        if case .int(let v) = value { return v }
        return nil
    }

    private static func textValue(_ value: SQLValue) -> String? {
        if case .text(let s) = value { return s }
        return nil
    }
}
