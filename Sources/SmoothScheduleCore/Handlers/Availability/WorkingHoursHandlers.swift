/// `/api/working-hours/` and `/api/resources/<id>/working-hours/` (docs/api.md §13): weekly wall-clock rules in an IANA
/// zone. Any member reads (opening hours are what a booking page shows); owners and managers write (route table).
public enum WorkingHoursHandlers {
    /// `GET /api/working-hours/`: the tenant's default week. Never set: open around the clock in the tenant's time
    /// zone, `is_default: true`.
    public static func showTenant(_ request: Request, _ context: TenantContext) throws -> Response {
        .json(try tenantJSON(context.tenant, context.db))
    }

    /// `PUT /api/working-hours/` `{"timezone"?, "rules": [...] | null}`: replaces the default week (`null`: back to
    /// open around the clock). The zone defaults to the tenant's.
    public static func updateTenant(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let body = try WorkingHoursBody(request, defaultZone: tenant.timezone)
        let store = WorkingHoursStore(context.db)
        try context.db.transaction {
            if let hours = body.hours {
                try store.replace(tenantID: tenant.id, resourceID: nil, hours: hours, now: context.now)
            } else {
                try store.remove(tenantID: tenant.id, resourceID: nil)
            }
        }
        return .json(try tenantJSON(tenant, context.db))
    }

    /// `GET /api/resources/<id>/working-hours/`: the resource's own rules (`null`: it follows the tenant) and the
    /// hours that apply to it (`effective`).
    public static func showResource(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let id = try requireResource(context, tenant)
        return .json(try resourceJSON(tenant, id, context.db))
    }

    /// `PUT /api/resources/<id>/working-hours/` `{"timezone"?, "rules": [...] | null}`: the resource's own week
    /// (the zone defaults to the tenant's working-hours zone), or `null` to follow the tenant again.
    public static func updateResource(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let id = try requireResource(context, tenant)
        let store = WorkingHoursStore(context.db)
        let body = try WorkingHoursBody(request, defaultZone: try store.tenantHours(tenant).hours.timezone)
        try context.db.transaction {
            guard try RecordStore.exists(context.db, table: "resources", tenantID: tenant.id, id: id) else {
                throw APIError.notFound()
            }
            if let hours = body.hours {
                try store.replace(tenantID: tenant.id, resourceID: id, hours: hours, now: context.now)
            } else {
                try store.remove(tenantID: tenant.id, resourceID: id)
            }
        }
        return .json(try resourceJSON(tenant, id, context.db))
    }

    /// The path's resource id, if it names a resource of the tenant (else 404, docs/api.md §2.8).
    static func requireResource(_ context: TenantContext, _ tenant: Tenant) throws -> Int {
        let id = try context.id()
        guard try RecordStore.exists(context.db, table: "resources", tenantID: tenant.id, id: id) else {
            throw APIError.notFound()
        }
        return id
    }

    static func tenantJSON(_ tenant: Tenant, _ db: Database) throws -> JSONValue {
        let stored = try WorkingHoursStore(db).find(tenantID: tenant.id, resourceID: nil)
        let hours = stored?.hours ?? .aroundTheClock(tenant.timezone)
        return .object(
            hours.json + [("is_default", .bool(stored == nil)), ("updated_at", ISOTime.json(stored?.updatedAt))])
    }

    static func resourceJSON(_ tenant: Tenant, _ id: Int, _ db: Database) throws -> JSONValue {
        let store = WorkingHoursStore(db)
        let own = try store.find(tenantID: tenant.id, resourceID: id)
        let (hours, source) = try store.effective(tenant, resourceID: id)
        return [
            "resource_id": .int(Int64(id)), "timezone": JSONValue(own?.hours.timezone),
            "rules": own.map { .array($0.hours.rules.map(\.json)) } ?? .null,
            "follows_tenant": .bool(own == nil), "updated_at": ISOTime.json(own?.updatedAt),
            "effective": .object(hours.json + [("source", .string(source.rawValue))]),
        ]
    }
}
