// Booking stays the authority (docs/api.md §13): the checks a write of an appointment passes in its transaction.

/// What a booking must clear, inside the write transaction of the insert or update it guards (so two concurrent
/// bookings of one slot cannot both pass): busy time, from the one definition free slots use, with the service's
/// buffers around the appointment; and for staff, open time (working hours minus time off and closures). Owners
/// and managers may book outside working hours on purpose.
enum BookingCheck {
    /// Throws 409 `conflict` (busy) or 409 `outside_working_hours` (staff, when `checkHours`).
    static func require(
        tenant: Tenant, role: Role?, resourceID: Int, serviceID: Int, start: Int64, end: Int64, excluding: Int?,
        checkHours: Bool, _ db: Database
    ) throws {
        let buffers = try AvailabilityStore(db).buffers(tenantID: tenant.id, serviceID: serviceID)
        try ConflictChecker(db).requireFree(
            tenantID: tenant.id, resourceID: resourceID, start: start - buffers.before, end: end + buffers.after,
            excludingAppointment: excluding)
        guard checkHours, role == .staff else { return }
        let open = try OpenHours.load(db, tenant: tenant, resourceID: resourceID, from: start, to: end)
        guard open.time.covers(start, end) else { throw APIError.outsideWorkingHours() }
    }
}

/// One resource's open time around a window, with the schedule and zone it came from.
struct OpenHours {
    let time: OpenTime
    let hours: WeeklyHours
    let source: HoursSource
    let zone: ZoneOffsets

    /// Reads the resource's effective hours, the closures and its time off around `[from, to)`.
    static func load(_ db: Database, tenant: Tenant, resourceID: Int, from: Int64, to: Int64) throws -> OpenHours {
        let store = WorkingHoursStore(db)
        let (hours, source) = try store.effective(tenant, resourceID: resourceID)
        return try build(
            store, tenant: tenant, resourceID: resourceID, hours: hours, source: source, from: from, to: to)
    }

    /// The same from hours already read (analytics reads every resource's at once).
    static func build(
        _ store: WorkingHoursStore, tenant: Tenant, resourceID: Int, hours: WeeklyHours, source: HoursSource,
        from: Int64, to: Int64
    ) throws -> OpenHours {
        // Working intervals reach up to a week before the window (a stretch may last a week) and a day after it.
        let week: Int64 = 8 * 86_400
        let zone =
            ZoneOffsets(identifier: hours.timezone, from: from - week, through: to + week)
            ?? ZoneOffsets(identifier: "UTC", segments: [(0, 0)])
        let closures = try store.closureDays(
            tenantID: tenant.id, from: zone.day(of: from) - 9, through: zone.day(of: to) + 9)
        let timeOff = try store.timeOff(tenantID: tenant.id, resourceID: resourceID, from: from - week, to: to + week)
            .map { (start: $0.start, end: $0.end) }
        let time = OpenTime(hours: hours, zone: zone, closures: closures, timeOff: timeOff, from: from, to: to)
        return OpenHours(time: time, hours: hours, source: source, zone: zone)
    }
}

extension OpenHours {
    /// Seconds of open time in `[from, to)` per resource (analytics' utilisation): every schedule, closure and
    /// time off of the tenant read once.
    static func workingSeconds(_ db: Database, tenant: Tenant, resourceIDs: [Int], from: Int64, to: Int64) throws
        -> [Int: Int64]
    {
        let store = WorkingHoursStore(db)
        let (own, fallback) = try store.all(tenant)
        let week: Int64 = 8 * 86_400
        let closures = try store.closureDays(
            tenantID: tenant.id, from: LocalClock.floorDiv(from - week, 86_400),
            through: LocalClock.floorDiv(to + week, 86_400))
        var timeOff: [Int: [(start: Int64, end: Int64)]] = [:]
        for row in try store.timeOff(tenantID: tenant.id, resourceID: nil, from: from - week, to: to + week) {
            timeOff[row.resourceID, default: []].append((row.start, row.end))
        }
        var zones: [String: ZoneOffsets] = [:]
        var result: [Int: Int64] = [:]
        for id in resourceIDs {
            let hours = own[id] ?? fallback
            let zone =
                zones[hours.timezone] ?? ZoneOffsets(identifier: hours.timezone, from: from - week, through: to + week)
                ?? ZoneOffsets(identifier: "UTC", segments: [(0, 0)])
            zones[hours.timezone] = zone
            let open = OpenTime(
                hours: hours, zone: zone, closures: closures, timeOff: timeOff[id] ?? [], from: from, to: to)
            result[id] = open.seconds(from: from, to: to)
        }
        return result
    }
}

extension APIError {
    /// 409 `outside_working_hours`: staff may book only inside the resource's working hours (docs/api.md §13).
    static func outsideWorkingHours() -> APIError {
        APIError(
            .conflict, code: "outside_working_hours",
            "This time is outside the resource's working hours (or falls on time off or a closure). "
                + "Only an owner or manager can book it.")
    }
}
