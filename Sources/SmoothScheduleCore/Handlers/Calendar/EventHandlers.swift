/// `/api/events/`: imported calendar events and manual busy blocks (docs/api.md §7). Reads need only a signed-in
/// member (a customer user sees busy time only, docs/api.md §5); writes and `sync_from_calendar` need `can_use_calendar_sync` (route table).
public enum EventHandlers {
    /// `GET /api/events/[?start&end&page&page_size]`: events overlapping [start, end), by start time.
    /// `start`/`end` are ISO 8601 instants or dates (midnight in the tenant's zone).
    public static func list(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let page = try Page(request)
        var problems: [(String, String)] = []
        func bound(_ name: String) -> Int64? {
            guard let text = request.queryValue(name) else { return nil }
            if let instant = ISOTime.parse(text)
                ?? (ISOTime.parseDate(text) == nil ? nil : TimeZones.midnight(text, timezone: tenant.timezone))
            {
                return instant
            }
            problems.append((name, "Must be an ISO 8601 date-time with an offset or a YYYY-MM-DD date."))
            return nil
        }
        let from = bound("start")
        let to = bound("end")
        if !problems.isEmpty { throw APIError.invalid(problems) }
        if seesBusyTimeOnly(context) { return try listBusyTime(request, context, from: from, to: to) }
        let store = CalendarEventStore(context.db)
        return try context.db.readTransaction {
            let count = try store.count(tenantID: tenant.id, from: from, to: to)
            let events = try store.list(tenantID: tenant.id, from: from, to: to, limit: page.size, offset: page.offset)
            return try page.response(request, count: count, results: events.map(\.json))
        }
    }

    /// `GET /api/events/<id>/` (a customer user: busy time only).
    public static func show(_ request: Request, _ context: TenantContext) throws -> Response {
        if seesBusyTimeOnly(context) { return try showBusyTime(context) }
        return .json(try find(context).json)
    }

    /// `POST /api/events/` `{title, start_time, end_time, is_busy?, resource_id?}`: a manual busy block. 201.
    public static func create(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let fields = try ManualEventBody(request, context, existing: nil)
        let id = try CalendarEventStore(context.db).createManual(
            tenantID: tenant.id, title: fields.title, start: fields.start, end: fields.end, isBusy: fields.isBusy,
            resourceID: fields.resourceID, now: context.now)
        try context.audit("event.create", objectType: "calendar_event", objectID: String(id))
        return .json(try find(context, id: id).json, status: .created)
    }

    /// `PATCH /api/events/<id>/`: manual blocks only; imported events change at their provider (409).
    public static func update(_ request: Request, _ context: TenantContext) throws -> Response {
        let event = try requireManual(try find(context))
        let fields = try ManualEventBody(request, context, existing: event)
        try CalendarEventStore(context.db).updateManual(
            id: event.id, tenantID: context.tenant.id, title: fields.title, start: fields.start,
            end: fields.end, isBusy: fields.isBusy,
            resourceID: fields.resourceID, now: context.now)
        try context.audit("event.update", objectType: "calendar_event", objectID: String(event.id))
        return .json(try find(context, id: event.id).json)
    }

    /// `DELETE /api/events/<id>/`: manual blocks only (409 for imported events). 204.
    public static func delete(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let event = try requireManual(try find(context))
        _ = try CalendarEventStore(context.db).delete(id: event.id, tenantID: tenant.id)
        try context.audit("event.delete", objectType: "calendar_event", objectID: String(event.id))
        return .noContent
    }

    /// `POST /api/events/sync_from_calendar/`: the same body and answer as `POST /api/calendar/sync/`.
    public static func syncFromCalendar(_ request: Request, _ context: TenantContext) throws -> Response {
        try CalendarHandlers.sync(request, context)
    }

    private static func find(_ context: TenantContext, id: Int? = nil) throws -> CalendarEvent {
        let tenant = context.tenant
        guard let event = try CalendarEventStore(context.db).find(id: try id ?? context.id(), tenantID: tenant.id)
        else {
            throw APIError.notFound()
        }
        return event
    }

    private static func requireManual(_ event: CalendarEvent) throws -> CalendarEvent {
        guard event.source == "manual" else {
            throw APIError.conflict(
                "This event was imported from \(event.source == "google" ? "Google" : "Microsoft"); change it there and sync again."
            )
        }
        return event
    }
}

/// The body of a manual busy block; on PATCH, absent fields keep `existing`'s values.
struct ManualEventBody {
    /// The longest `title`, in code points (also the OpenAPI document's `maxLength`, Docs+Calendar.swift).
    static let titleMaxLength = 255

    let title: String
    let start: Int64
    let end: Int64
    let isBusy: Bool
    let resourceID: Int?

    init(_ request: Request, _ context: TenantContext, existing: CalendarEvent?) throws {
        let tenant = context.tenant
        let isCreate = existing == nil
        var body = try BodyReader(request)
        body.allowOnly(["title", "start_time", "end_time", "is_busy", "resource_id"])
        title = body.string("title", maxLength: Self.titleMaxLength) ?? existing?.title ?? ""
        let start = body.instant("start_time", required: isCreate) ?? existing?.start
        let end = body.instant("end_time", required: isCreate) ?? existing?.end
        isBusy = body.bool("is_busy") ?? existing?.isBusy ?? true
        let resource = body.optionalID("resource_id")
        resourceID = resource ?? existing?.resourceID
        if let start, let end, end <= start { body.fail("end_time", "Must be after start_time.") }
        if case .some(.some(let id)) = resource,
            try !RecordStore(context.db, .resources).exists(tenantID: tenant.id, id: id)
        {
            body.fail("resource_id", "No resource with this id.")
        }
        try body.finish()
        self.start = start ?? 0
        self.end = end ?? 0
    }
}
