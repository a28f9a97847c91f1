/// `GET /api/resources/<id>/availability/?start_date&end_date&service_id[&step_minutes][&timezone]` (docs/api.md §13):
/// the free slots of a service's duration, and how fresh the calendars behind the busy time are. Any member.
public enum AvailabilityHandlers {
    public static let maxDays = 62

    public static func slots(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let resourceID = try WorkingHoursHandlers.requireResource(context, tenant)
        let query = try AvailabilityQuery(request)
        let report = try context.db.readTransaction {
            try SlotReport(context.db, tenant: tenant, resourceID: resourceID, query: query, now: context.now)
        }
        // A customer user learns how fresh busy time is, not which calendars feed it (docs/api.md §5).
        return .json(report.json(redacted: context.user.role == .customer))
    }
}

/// The free slots of one resource for one service over the asked dates, read in one snapshot.
struct SlotReport {
    let resourceID: Int
    let serviceID: Int
    let query: AvailabilityQuery
    let shown: ZoneOffsets
    let duration: Int64
    let step: Int64
    let buffers: Buffers
    let slots: [Slot]
    let sources: [CalendarSource]

    init(_ db: Database, tenant: Tenant, resourceID: Int, query: AvailabilityQuery, now: Int64) throws {
        guard let service = try AppointmentStore(db).serviceDefaults(tenantID: tenant.id, serviceID: query.serviceID)
        else {
            throw APIError.invalid(field: "service_id", "Invalid pk \"\(query.serviceID)\" - object does not exist.")
        }
        self.resourceID = resourceID
        self.query = query
        serviceID = query.serviceID
        buffers = try AvailabilityStore(db).buffers(tenantID: tenant.id, serviceID: query.serviceID)
        duration = Int64(service.durationMinutes) * 60
        step = query.stepMinutes.map { Int64($0) * 60 } ?? max(300, min(duration, 3600))
        // The dates are local dates of the asked zone, by default the resource's.
        let zone = try query.timezone ?? WorkingHoursStore(db).effective(tenant, resourceID: resourceID).hours.timezone
        guard
            let shown = ZoneOffsets(
                identifier: zone, from: query.startDay * 86_400, through: (query.endDay + 1) * 86_400)
        else { throw APIError.invalid(field: "timezone", "Unknown time zone.") }
        self.shown = shown
        let from = shown.start(local: query.startDay * 86_400)
        let to = shown.start(local: (query.endDay + 1) * 86_400)
        let open = try OpenHours.load(db, tenant: tenant, resourceID: resourceID, from: from, to: to)
        let blocks = try ConflictChecker(db).busyBlocks(
            tenantID: tenant.id, resourceID: resourceID, start: from - buffers.before,
            end: to + duration + buffers.after)
        var slotQuery = SlotQuery(duration: duration, step: step, from: from, to: to, now: now)
        slotQuery.bufferBefore = buffers.before
        slotQuery.bufferAfter = buffers.after
        slots = SlotFinder.slots(slotQuery, open: open.time, zone: open.zone, busy: BusyIntervals(blocks))
        sources = try AvailabilityStore(db).sources(tenantID: tenant.id, resourceID: resourceID, now: now)
    }

    func json(redacted: Bool) -> JSONValue {
        .object([
            ("resource_id", .int(Int64(resourceID))), ("service_id", .int(Int64(serviceID))),
            ("timezone", .string(shown.identifier)),
            ("start_date", .string(LocalClock.dateString(days: query.startDay))),
            ("end_date", .string(LocalClock.dateString(days: query.endDay))), ("duration_minutes", .int(duration / 60)),
            ("step_minutes", .int(step / 60)), ("buffer_before_minutes", .int(buffers.before / 60)),
            ("buffer_after_minutes", .int(buffers.after / 60)),
            (
                "slots",
                .array(
                    slots.map {
                        [
                            "start": .string(ISOTime.format($0.start)), "end": .string(ISOTime.format($0.end)),
                            "local_start": .string(shown.isoLocal($0.start)),
                        ]
                    })
            ),
            ("sources", .array(sources.map { $0.json(redacted: redacted) })),
        ])
    }
}

/// The query of an availability request, every problem reported in `fields`.
struct AvailabilityQuery {
    let startDay: Int64
    let endDay: Int64
    let serviceID: Int
    let stepMinutes: Int?
    let timezone: String?

    init(_ request: Request) throws {
        var problems: [(String, String)] = []
        func day(_ name: String) -> Int64? {
            guard let text = request.queryValue(name), !text.isEmpty else {
                problems.append((name, "This field is required."))
                return nil
            }
            guard let day = ISOTime.parseDate(text) else {
                problems.append((name, "Use a date in the form YYYY-MM-DD."))
                return nil
            }
            return Int64(day)
        }
        let start = day("start_date")
        let end = day("end_date")
        if let start, let end {
            if end < start {
                problems.append(("end_date", "Must be on or after start_date."))
            } else if end - start + 1 > Int64(AvailabilityHandlers.maxDays) {
                problems.append(("end_date", "At most \(AvailabilityHandlers.maxDays) days per request."))
            }
        }
        var service = 0
        if let text = request.queryValue("service_id"), let id = Int(text), id > 0 {
            service = id
        } else {
            problems.append(
                (
                    "service_id",
                    request.queryValue("service_id") == nil ? "This field is required." : "A valid id is required."
                ))
        }
        var step: Int?
        if let text = request.queryValue("step_minutes") {
            if let n = Int(text), (5...1440).contains(n) {
                step = n
            } else {
                problems.append(("step_minutes", "Must be a whole number of minutes from 5 to 1440."))
            }
        }
        if let name = request.queryValue("timezone"), !TimeZones.isIANA(name) {
            problems.append(
                ("timezone", "Unknown time zone \"\(name.prefix(64))\": use an IANA name such as Europe/Berlin."))
        }
        if !problems.isEmpty { throw APIError.invalid(problems) }
        startDay = start ?? 0
        endDay = end ?? 0
        serviceID = service
        stepMinutes = step
        timezone = request.queryValue("timezone")
    }
}
