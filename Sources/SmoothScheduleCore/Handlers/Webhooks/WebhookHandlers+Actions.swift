// Secret rotation, ping, the delivery log and redelivery (docs/api.md §15).

extension WebhookHandlers {
    /// The longest overlap a rotation may ask for: a week.
    static let maxOverlap: Int64 = 7 * 86_400

    /// `POST /api/webhooks/<id>/rotate-secret/` `{overlap_seconds?}` → the webhook with its new `secret`, shown once.
    /// The old secret keeps signing beside the new one (two `v1` values) for `overlap_seconds` (default
    /// `SMOOTHSCHEDULE_WEBHOOK_SECRET_OVERLAP_SECONDS`, 24 hours; 0 ends it at once).
    public static func rotateSecret(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let id = try context.id()
        var body = try BodyReader(request)
        body.allowOnly(["overlap_seconds"])
        let overlap = Int64(
            body.int("overlap_seconds", range: 0...maxOverlap) ?? context.config.webhooks.secretOverlap)
        try body.finish()
        let store = WebhookStore(context.db)
        let cipher = context.deps.cipher
        let secret = WebhookSignature.newSecret()
        try context.db.transaction {
            guard let sealed = try store.secrets(tenantID: tenant.id, id: id, now: context.now) else {
                throw APIError.notFound()
            }
            let old = try WebhookSecrets.open(
                sealed.current, tenantID: tenant.id, webhookID: id, field: .current, cipher: cipher)
            let previous =
                overlap > 0
                ? try WebhookSecrets.seal(old, tenantID: tenant.id, webhookID: id, field: .previous, cipher: cipher)
                : nil
            try store.setSecrets(
                tenantID: tenant.id, id: id,
                current: try WebhookSecrets.seal(
                    secret, tenantID: tenant.id, webhookID: id, field: .current, cipher: cipher),
                previous: previous, previousExpiresAt: overlap > 0 ? context.now + overlap : nil, now: context.now)
            try context.audit(
                "webhook.rotate_secret", objectType: "webhook", objectID: String(id),
                detail: ["overlap_seconds": .int(overlap)])
        }
        return .json(WebhookJSON.render(try require(store.find(tenantID: tenant.id, id: id)), secret: secret))
    }

    /// `POST /api/webhooks/<id>/ping/` → 202 with the queued delivery: a `ping` event whose `data` is the webhook,
    /// sent whether or not it is active or subscribes to anything.
    public static func ping(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let id = try context.id()
        let deliveries = WebhookDeliveryStore(context.db)
        let deliveryID = try context.db.transaction {
            let webhook = try require(WebhookStore(context.db).find(tenantID: tenant.id, id: id))
            return try deliveries.enqueue(
                tenantID: tenant.id, webhookID: id, type: WebhookEventType.ping, data: WebhookJSON.render(webhook).text,
                now: context.now)
        }
        let delivery = try require(deliveries.find(tenantID: tenant.id, webhookID: id, id: deliveryID))
        return .json(WebhookJSON.render(delivery), status: .accepted)
    }

    /// `GET /api/webhooks/<id>/deliveries/[?status=&event=]`: the delivery log, newest first, paged.
    public static func deliveries(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let id = try context.id()
        let page = try Page(request)
        var problems: [(String, String)] = []
        let status = request.queryValue("status")
        if let status, !WebhookDelivery.statuses.contains(status) {
            problems.append(("status", "Must be one of \(WebhookDelivery.statuses.joined(separator: ", "))."))
        }
        let event = request.queryValue("event")
        let events = WebhookEventType.allCases.map(\.rawValue) + [WebhookEventType.ping]
        if let event, !events.contains(event) {
            problems.append(("event", "Must be one of \(events.joined(separator: ", "))."))
        }
        if !problems.isEmpty { throw APIError.invalid(problems) }
        _ = try require(WebhookStore(context.db).find(tenantID: tenant.id, id: id))
        let (count, rows) = try WebhookDeliveryStore(context.db).list(
            tenantID: tenant.id, webhookID: id, status: status, eventType: event, limit: page.size, offset: page.offset)
        return try page.response(request, count: count, results: rows.map(WebhookJSON.render))
    }

    /// `POST /api/webhooks/<id>/deliveries/<delivery_id>/redeliver/` → 202 with a new delivery of the same event
    /// (same payload `id`, new `X-SmoothSchedule-Delivery`). A delivery still waiting to be sent is a 409.
    public static func redeliver(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let id = try context.id()
        let deliveryID = try context.id("delivery_id")
        let store = WebhookDeliveryStore(context.db)
        let newID = try context.db.transaction {
            let original = try require(store.find(tenantID: tenant.id, webhookID: id, id: deliveryID))
            guard original.status == "succeeded" || original.status == "failed" else {
                throw APIError.conflict("This delivery has not finished yet: it is \(original.status).")
            }
            let newID = try require(
                store.redeliver(tenantID: tenant.id, webhookID: id, deliveryID: deliveryID, now: context.now))
            try context.audit(
                "webhook.redeliver", objectType: "webhook", objectID: String(id),
                detail: ["delivery_id": .int(Int64(deliveryID)), "new_delivery_id": .int(Int64(newID))])
            return newID
        }
        return .json(
            WebhookJSON.render(try require(store.find(tenantID: tenant.id, webhookID: id, id: newID))),
            status: .accepted)
    }
}
