// Appointment defaults, time checks and double-booking (docs/api.md §5).

/// What appointments add to the generic CRUD: service defaults, `end_time` after `start_time`, the monthly quota,
/// no overlaps (with the service's buffers), and working hours for staff (docs/api.md §13).
enum AppointmentRules {
    static let rules = RecordRules(prepare: prepare, listFilters: listFilters)

    /// Inside the write transaction: fill defaults, then check the merged row, its month's quota and its resource's
    /// busy time.
    static func prepare(_ changes: inout Changes, _ existing: Row?, _ write: RecordWrite) throws {
        let tenant = write.tenant
        let serviceID = changes["service_id"].flatMap(\.int64) ?? existing?.int64("service_id")
        var start = changes["start_time"].flatMap(\.int64) ?? existing?.int64("start_time") ?? 0
        if existing == nil {
            if changes["status"] == nil { changes["status"] = .text("PENDING") }
            if let serviceID,
                let service = try AppointmentStore(write.db).serviceDefaults(
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
        start = changes["start_time"].flatMap(\.int64) ?? existing?.int64("start_time") ?? 0
        let end = changes["end_time"].flatMap(\.int64) ?? existing?.int64("end_time") ?? 0
        guard end > start else { throw APIError.invalid(field: "end_time", "Must be after start_time.") }
        let status = changes["status"].flatMap(textValue) ?? existing?.string("status") ?? "PENDING"
        try requireRoomInMonth(start: start, status: status, existing: existing, write)
        // CANCELLED appointments neither block nor are blocked.
        guard status != "CANCELLED" else { return }
        let resourceID = changes["resource_id"].flatMap(\.int64) ?? existing?.int64("resource_id") ?? 0
        // Working hours bind staff when an appointment is placed: created, moved, or taken out of CANCELLED.
        let placed =
            existing == nil || changes["start_time"] != nil || changes["end_time"] != nil
            || changes["resource_id"] != nil || existing?.string("status") == "CANCELLED"
        try BookingCheck.require(
            tenant: tenant, role: write.user.role, resourceID: Int(resourceID), serviceID: Int(serviceID ?? 0),
            start: start, end: end, excluding: existing?.optionalInt("id"), checkHours: placed, write.db)
    }

    /// `?start=&end=` (appointments overlapping the window), `?status=`, `?resource_id=`.
    static func listFilters(_ query: (String) -> String?) throws -> [Filter] {
        var filters: [Filter] = []
        var problems: [(String, String)] = []
        if let text = query("start") {
            if let t = ISOTime.parse(text) {
                filters.append(Filter("end_time", .greater, .int(t)))
            } else {
                problems.append(("start", "Must be an ISO 8601 date-time with an offset."))
            }
        }
        if let text = query("end") {
            if let t = ISOTime.parse(text) {
                filters.append(Filter("start_time", .less, .int(t)))
            } else {
                problems.append(("end", "Must be an ISO 8601 date-time with an offset."))
            }
        }
        if let status = query("status") {
            if RecordKind.appointmentStatuses.contains(status) {
                filters.append(Filter("status", .equal, .text(status)))
            } else {
                problems.append(("status", "Must be one of \(RecordKind.appointmentStatuses.joined(separator: ", "))."))
            }
        }
        if let text = query("resource_id") {
            if let id = Int(text), id > 0 {
                filters.append(Filter("resource_id", .equal, .int(id)))
            } else {
                problems.append(("resource_id", "A valid id is required."))
            }
        }
        if !problems.isEmpty { throw APIError.invalid(problems) }
        return filters
    }

    private static func textValue(_ value: SQLValue) -> String? {
        if case .text(let s) = value { return s }
        return nil
    }
}
