// The webhook endpoints (docs/api.md §15): `/api/webhooks/` CRUD behind `can_use_webhooks`, owners and managers.

/// `/api/webhooks/…`: subscriptions, their secrets, pings and delivery logs.
public enum WebhookHandlers {
    /// `GET /api/webhooks/`: one page of the tenant's webhooks, oldest first (no secrets).
    public static func list(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let page = try Page(request)
        let store = WebhookStore(context.db)
        let count = try store.count(tenantID: tenant.id)
        let webhooks = try store.list(tenantID: tenant.id, limit: page.size, offset: page.offset)
        return try page.response(request, count: count, results: webhooks.map(WebhookJSON.render))
    }

    /// `POST /api/webhooks/` `{url, events, description?, is_active?}` → 201 with `secret`, shown this once. At most
    /// `SMOOTHSCHEDULE_WEBHOOK_MAX_PER_TENANT` webhooks (default 20): one more is 403 `quota_exceeded`.
    public static func create(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let fields = try WebhookBody.read(request, isCreate: true, context)
        let secret = WebhookSignature.newSecret()
        let limit = context.config.webhooks.maxPerTenant
        let store = WebhookStore(context.db)
        let id = try context.db.transaction {
            let used = try store.count(tenantID: tenant.id)
            guard used < limit else { throw quotaExceeded(limit: limit, used: used) }
            let id = try store.insert(tenantID: tenant.id, fields, now: context.now)
            let sealed = try WebhookSecrets.seal(
                secret, tenantID: tenant.id, webhookID: id, field: .current, cipher: context.deps.cipher)
            try store.setSecrets(
                tenantID: tenant.id, id: id, current: sealed, previous: nil, previousExpiresAt: nil, now: context.now)
            try context.audit("webhook.create", objectType: "webhook", objectID: String(id), detail: detail(fields))
            return id
        }
        let webhook = try require(store.find(tenantID: tenant.id, id: id))
        return .json(WebhookJSON.render(webhook, secret: secret), status: .created)
    }

    /// `GET /api/webhooks/<id>/`: with `disabled_reason` when it was turned off.
    public static func show(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        return .json(
            WebhookJSON.render(try require(WebhookStore(context.db).find(tenantID: tenant.id, id: context.id()))))
    }

    /// `PATCH /api/webhooks/<id>/`: only the fields sent change; `is_active: true` clears `disabled_reason` and the
    /// failure streak.
    public static func update(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let id = try context.id()
        let store = WebhookStore(context.db)
        _ = try require(store.find(tenantID: tenant.id, id: id))
        let fields = try WebhookBody.read(request, isCreate: false, context)
        try context.db.transaction {
            _ = try require(store.find(tenantID: tenant.id, id: id))
            try store.update(tenantID: tenant.id, id: id, fields, now: context.now)
            if fields.isActive == false {
                try WebhookDeliveryStore(context.db).failPending(
                    tenantID: tenant.id, webhookID: id, reason: "The webhook was turned off.", now: context.now)
            }
            try context.audit("webhook.update", objectType: "webhook", objectID: String(id), detail: detail(fields))
        }
        return .json(WebhookJSON.render(try require(store.find(tenantID: tenant.id, id: id))))
    }

    /// `DELETE /api/webhooks/<id>/` → 204; its deliveries go with it.
    public static func delete(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let id = try context.id()
        try context.db.transaction {
            guard try WebhookStore(context.db).delete(tenantID: tenant.id, id: id) else { throw APIError.notFound() }
            try context.audit("webhook.delete", objectType: "webhook", objectID: String(id))
        }
        return .noContent
    }

    // MARK: - Helpers

    static func require<T>(_ value: T?) throws -> T {
        guard let value else { throw APIError.notFound() }
        return value
    }

    /// The operator's cap, in the envelope of a quota (docs/api.md §2.6).
    static func quotaExceeded(limit: Int, used: Int) -> APIError {
        APIError(
            .forbidden, code: "quota_exceeded",
            "You have reached the limit of \(limit) webhooks. Delete one you no longer use, or ask the operator to "
                + "raise the limit.",
            extra: [("quota", "max_webhooks"), ("limit", .int(Int64(limit))), ("used", .int(Int64(used)))])
    }

    /// What the audit log keeps of a change: the host and events, never the whole URL (its query may hold a token).
    private static func detail(_ fields: WebhookStore.Fields) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let url = fields.url { members.append(("host", JSONValue(CurlURL(url)?.host))) }
        if let events = fields.events { members.append(("events", .array(events.map(JSONValue.string)))) }
        if let isActive = fields.isActive { members.append(("is_active", .bool(isActive))) }
        return .object(members)
    }
}
