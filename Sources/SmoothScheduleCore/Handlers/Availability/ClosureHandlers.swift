/// `/api/closures/` and `/api/closures/<id>/` (docs/api.md §13): dates on which the whole business is closed. A closure
/// closes each resource for that whole local date, in the resource's working-hours zone. Any member reads; owners
/// and managers write. One closure per date.
public enum ClosureHandlers {
    /// `GET /api/closures/[?start_date&end_date]`: one page, by date.
    public static func list(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let page = try Page(request)
        var problems: [(String, String)] = []
        // Present means a date: an empty value is no date (leave the parameter out for no bound).
        func date(_ name: String) -> String? {
            guard let text = request.queryValue(name) else { return nil }
            if ISOTime.parseDate(text) == nil { problems.append((name, "Use a date in the form YYYY-MM-DD.")) }
            return text
        }
        let from = date("start_date")
        let to = date("end_date")
        if !problems.isEmpty { throw APIError.invalid(problems) }
        let store = WorkingHoursStore(context.db)
        return try context.db.readTransaction {
            let count = try store.countClosures(tenantID: tenant.id, from: from, to: to)
            let rows = try store.listClosures(
                tenantID: tenant.id, from: from, to: to, limit: page.size, offset: page.offset)
            return try page.response(request, count: count, results: rows.map(\.json))
        }
    }

    /// `POST /api/closures/` `{date, reason?}` → 201; a date that already has a closure is a 400.
    public static func create(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let fields = try ClosureBody(request, existing: nil)
        let store = WorkingHoursStore(context.db)
        let id = try context.db.transaction {
            try fields.requireFreeDate(store, tenantID: tenant.id, except: nil)
            return try store.insertClosure(
                tenantID: tenant.id, date: fields.date, reason: fields.reason, now: context.now)
        }
        return .json(try find(context, tenant, id).json, status: .created)
    }

    /// `GET /api/closures/<id>/`.
    public static func show(_ request: Request, _ context: TenantContext) throws -> Response {
        .json(try find(context, context.tenant, try context.id()).json)
    }

    /// `PATCH /api/closures/<id>/`: only the fields sent change.
    public static func update(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let existing = try find(context, tenant, try context.id())
        let fields = try ClosureBody(request, existing: existing)
        let store = WorkingHoursStore(context.db)
        try context.db.transaction {
            try fields.requireFreeDate(store, tenantID: tenant.id, except: existing.id)
            try store.updateClosure(
                tenantID: tenant.id, id: existing.id, date: fields.date, reason: fields.reason, now: context.now)
        }
        return .json(try find(context, tenant, existing.id).json)
    }

    /// `DELETE /api/closures/<id>/` → 204.
    public static func delete(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let existing = try find(context, tenant, try context.id())
        try WorkingHoursStore(context.db).deleteClosure(tenantID: tenant.id, id: existing.id)
        return .noContent
    }

    private static func find(_ context: TenantContext, _ tenant: Tenant, _ id: Int) throws -> Closure {
        guard let row = try WorkingHoursStore(context.db).findClosure(tenantID: tenant.id, id: id) else {
            throw APIError.notFound()
        }
        return row
    }
}

/// `{date, reason}` of a closure, merged over the existing row on PATCH.
struct ClosureBody {
    let date: String
    let reason: String

    init(_ request: Request, existing: Closure?) throws {
        var body = try BodyReader(request)
        body.allowOnly(["date", "reason"])
        var date = body.string("date", required: existing == nil, maxLength: 10)
        if let text = date, ISOTime.parseDate(text) == nil {
            body.fail("date", "Use a date in the form YYYY-MM-DD.")
            date = nil
        }
        let reason = body.string("reason", maxLength: 500)
        try body.finish()
        self.date = date ?? existing?.date ?? ""
        self.reason = reason ?? existing?.reason ?? ""
    }

    /// One closure per date (inside the write transaction, so two concurrent creates cannot both pass).
    func requireFreeDate(_ store: WorkingHoursStore, tenantID: Int, except: Int?) throws {
        if let other = try store.closureID(tenantID: tenantID, date: date), other != except {
            throw APIError.invalid(field: "date", "There is already a closure on \(date).")
        }
    }
}
