// What a `customer` user sees of calendar events: busy time only (docs/api.md §5, §7).

extension EventHandlers {
    /// Whether the signed-in user sees events as busy time only.
    static func seesBusyTimeOnly(_ context: TenantContext) -> Bool { context.user.role == .customer }

    /// `GET /api/events/` for a customer user: busy events only, each redacted.
    static func listBusyTime(_ request: Request, _ context: TenantContext, from: Int64?, to: Int64?) throws -> Response
    {
        let tenant = context.tenant
        let page = try Page(request)
        let store = CalendarEventStore(context.db)
        return try context.db.readTransaction {
            let count = try store.countBusy(tenantID: tenant.id, from: from, to: to)
            let events = try store.listBusy(
                tenantID: tenant.id, from: from, to: to, limit: page.size, offset: page.offset)
            return try page.response(request, count: count, results: events.map(\.busyTimeJSON))
        }
    }

    /// `GET /api/events/<id>/` for a customer user: a busy event, redacted; anything else is a 404.
    static func showBusyTime(_ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        guard let event = try CalendarEventStore(context.db).findBusy(id: try context.id(), tenantID: tenant.id) else {
            throw APIError.notFound()
        }
        return .json(event.busyTimeJSON)
    }
}

extension CalendarEvent {
    /// The event as busy time: when, and which resource it blocks. No title (always "Busy"), no provider,
    /// credential, calendar or provider event ids.
    var busyTimeJSON: JSONValue {
        [
            "id": .int(Int64(id)), "title": "Busy", "start_time": ISOTime.json(start), "end_time": ISOTime.json(end),
            "is_all_day": .bool(isAllDay), "is_busy": .bool(isBusy), "status": .string(status),
            "resource_id": JSONValue(resourceID),
        ]
    }
}
