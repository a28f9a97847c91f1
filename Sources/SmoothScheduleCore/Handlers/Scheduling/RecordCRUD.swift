// The five verbs shared by every scheduling kind (docs/api.md §5); kinds differ only through `RecordRules`.

/// The handlers of a scheduling kind. Conforming enums (`ResourceHandlers`, …) name the kind; the verbs
/// come from this extension, so the seven kinds share one implementation.
protocol RecordHandlers: Sendable {
    static var kind: RecordKind { get }
    /// What the kind adds to the generic verbs (none unless it says so).
    static var rules: RecordRules { get }
}

extension RecordHandlers {
    static var rules: RecordRules { RecordRules() }

    /// `GET /api/<kind>/`: one page of the tenant's rows (docs/api.md §1); a customer user's own rows only (§5).
    static func list(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let page = try Page(request)
        let filters = try rules.listFilters { request.queryValue($0) }
        let (count, rows) = try RecordStore(context.db, kind).list(
            tenantID: tenant.id, scope: context.readScope, filters: filters, limit: page.size,
            offset: page.offset)
        return try page.response(request, count: count) { out in
            for (index, row) in rows.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                RecordJSON.write(kind, row, into: &out)
            }
        }
    }

    /// `GET /api/<kind>/<id>/`: another tenant's row, or another customer's for a customer user, is a 404.
    static func show(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let store = RecordStore(context.db, kind)
        guard let row = try store.find(tenantID: tenant.id, id: try context.id(), scope: context.readScope)
        else {
            throw APIError.notFound()
        }
        return .json(RecordJSON.render(kind, row))
    }

    /// `POST /api/<kind>/`: the quota is checked again in the insert's transaction (docs/api.md §3, docs/style.md §6); a monthly
    /// quota, which needs the row's month, only there (by the kind's rules).
    static func create(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        var changes = try RecordBody.read(request, kind, isCreate: true, context)
        let store = RecordStore(context.db, kind)
        let id = try context.db.transaction {
            if let quota = kind.quotaBeforeBody { try requireQuota(quota, tenant, context.db, now: context.now) }
            try RecordBody.requireReferences(changes, kind, tenantID: tenant.id, context.db)
            try rules.prepare(&changes, nil, RecordWrite(context))
            let id = try store.insert(tenantID: tenant.id, changes, now: context.now)
            try RecordEvents.created(kind, id: id, tenant: tenant, context)
            return id
        }
        guard let row = try store.find(tenantID: tenant.id, id: id, scope: .tenant) else { throw APIError.notFound() }
        return .json(RecordJSON.render(kind, row), status: .created)
    }

    /// `PATCH /api/<kind>/<id>/`: only the fields sent change. No quota (a downgrade keeps rows editable), except
    /// the monthly one for a row moved into another month or revived (the kind's rules).
    static func update(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let id = try context.id()
        var changes = try RecordBody.read(request, kind, isCreate: false, context)
        let store = RecordStore(context.db, kind)
        try context.db.transaction {
            guard let existing = try store.find(tenantID: tenant.id, id: id, scope: .tenant) else {
                throw APIError.notFound()
            }
            try RecordBody.requireReferences(changes, kind, tenantID: tenant.id, context.db)
            try rules.prepare(&changes, existing, RecordWrite(context))
            if !changes.isEmpty { try store.update(tenantID: tenant.id, id: id, changes, now: context.now) }
            try RecordEvents.updated(kind, id: id, before: existing, changes, tenant: tenant, context)
        }
        guard let row = try store.find(tenantID: tenant.id, id: id, scope: .tenant) else { throw APIError.notFound() }
        return .json(RecordJSON.render(kind, row))
    }

    /// `DELETE /api/<kind>/<id>/` → 204.
    static func delete(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let id = try context.id()
        let store = RecordStore(context.db, kind)
        try context.db.transaction {
            guard let existing = try store.find(tenantID: tenant.id, id: id, scope: .tenant) else {
                throw APIError.notFound()
            }
            try rules.beforeDelete(existing, RecordWrite(context))
            try store.delete(tenantID: tenant.id, id: id)
        }
        return .noContent
    }
}

extension TenantContext {
    /// What the signed-in user may read of scheduling data: a `customer` only their own (docs/api.md §5).
    var readScope: ReadScope { user.role == .customer ? .customer(email: user.email) : .tenant }
}

/// `/api/users/`: the tenant's team (owners write; owners and managers read).
enum UserHandlers: RecordHandlers {
    static let kind = RecordKind.users
    static let rules = UserRules.rules
}
/// `/api/resources/`: staff, rooms and equipment that appointments book.
enum ResourceHandlers: RecordHandlers { static let kind = RecordKind.resources }
/// `/api/services/`: what is booked, with duration and price.
enum ServiceHandlers: RecordHandlers { static let kind = RecordKind.services }
/// `/api/customers/`: who books.
enum CustomerHandlers: RecordHandlers { static let kind = RecordKind.customers }
/// `/api/appointments/`: bookings of a resource for a service.
enum AppointmentHandlers: RecordHandlers {
    static let kind = RecordKind.appointments
    static let rules = AppointmentRules.rules
}
/// `/api/email-templates/`.
enum EmailTemplateHandlers: RecordHandlers { static let kind = RecordKind.emailTemplates }
/// `/api/automated-tasks/`.
enum AutomatedTaskHandlers: RecordHandlers { static let kind = RecordKind.automatedTasks }
