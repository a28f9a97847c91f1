/// `/api/resources/<id>/time-off/` and `…/time-off/<time_off_id>/` (docs/api.md §13): a resource's absences, as
/// instants. The team reads (a reason may be private: customers get 403); owners and managers write.
public enum TimeOffHandlers {
    /// `GET …/time-off/`: one page, by start.
    public static func list(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let page = try Page(request)
        let resource = try WorkingHoursHandlers.requireResource(context, tenant)
        let store = WorkingHoursStore(context.db)
        return try context.db.readTransaction {
            let count = try store.countTimeOff(tenantID: tenant.id, resourceID: resource)
            let rows = try store.listTimeOff(
                tenantID: tenant.id, resourceID: resource, limit: page.size, offset: page.offset)
            return try page.response(request, count: count, results: rows.map(\.json))
        }
    }

    /// `POST …/time-off/` `{start_time, end_time, reason?}` → 201.
    public static func create(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let resource = try WorkingHoursHandlers.requireResource(context, tenant)
        let fields = try TimeOffBody(request, existing: nil)
        let store = WorkingHoursStore(context.db)
        let id = try context.db.transaction {
            try store.insertTimeOff(
                tenantID: tenant.id, resourceID: resource, start: fields.start, end: fields.end, reason: fields.reason,
                now: context.now)
        }
        return .json(try find(context, tenant, resource, id).json, status: .created)
    }

    /// `GET …/time-off/<time_off_id>/`.
    public static func show(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let resource = try WorkingHoursHandlers.requireResource(context, tenant)
        return .json(try find(context, tenant, resource, try context.id("time_off_id")).json)
    }

    /// `PATCH …/time-off/<time_off_id>/`: only the fields sent change; the end stays after the start.
    public static func update(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let resource = try WorkingHoursHandlers.requireResource(context, tenant)
        let existing = try find(context, tenant, resource, try context.id("time_off_id"))
        let fields = try TimeOffBody(request, existing: existing)
        try WorkingHoursStore(context.db).updateTimeOff(
            tenantID: tenant.id, id: existing.id, start: fields.start, end: fields.end, reason: fields.reason,
            now: context.now)
        return .json(try find(context, tenant, resource, existing.id).json)
    }

    /// `DELETE …/time-off/<time_off_id>/` → 204.
    public static func delete(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let resource = try WorkingHoursHandlers.requireResource(context, tenant)
        let existing = try find(context, tenant, resource, try context.id("time_off_id"))
        try WorkingHoursStore(context.db).deleteTimeOff(tenantID: tenant.id, id: existing.id)
        return .noContent
    }

    private static func find(_ context: TenantContext, _ tenant: Tenant, _ resource: Int, _ id: Int) throws -> TimeOff {
        guard let row = try WorkingHoursStore(context.db).findTimeOff(tenantID: tenant.id, resourceID: resource, id: id)
        else { throw APIError.notFound() }
        return row
    }
}

/// `{start_time, end_time, reason}` of a time off, merged over the existing row on PATCH.
struct TimeOffBody {
    let start: Int64
    let end: Int64
    let reason: String

    init(_ request: Request, existing: TimeOff?) throws {
        var body = try BodyReader(request)
        body.allowOnly(["start_time", "end_time", "reason"])
        let start = body.instant("start_time", required: existing == nil)
        let end = body.instant("end_time", required: existing == nil)
        let reason = body.string("reason", maxLength: 500)
        try body.finish()
        self.start = start ?? existing?.start ?? 0
        self.end = end ?? existing?.end ?? 0
        self.reason = reason ?? existing?.reason ?? ""
        guard self.end > self.start else { throw APIError.invalid(field: "end_time", "Must be after start_time.") }
    }
}
