/// Where changes become webhook events (docs/api.md §15): called inside the transaction of the change, so the event and
/// its deliveries commit with it or not at all. Costs one indexed lookup when nobody listens; the object is
/// rendered only when some active webhook subscribes.
public enum WebhookOutbox {
    /// Enqueues `type` for the tenant's subscribed webhooks. `data` renders the object as the API shows it (nil:
    /// nothing to send). A tenant whose plan lacks `can_use_webhooks` gets nothing.
    public static func emit(
        _ type: WebhookEventType, tenant: Tenant, db: Database, now: Int64, data: () throws -> JSONValue?
    ) throws {
        guard tenant.hasFeature(.webhooks) else { return }
        let store = WebhookDeliveryStore(db)
        guard try store.hasSubscribers(tenantID: tenant.id, type: type.rawValue), let value = try data() else { return }
        try store.enqueue(tenantID: tenant.id, type: type.rawValue, data: value.text, now: now)
    }

    /// The same, for callers that know only the tenant's id (the job runner).
    public static func emit(
        _ type: WebhookEventType, tenantID: Int, db: Database, now: Int64, data: () throws -> JSONValue?
    ) throws {
        guard let tenant = try TenantStore(db).find(id: tenantID) else { return }
        try emit(type, tenant: tenant, db: db, now: now, data: data)
    }

    /// `calendar.sync_succeeded` or `calendar.sync_failed` with the job as `GET /api/calendar/sync/<id>/` shows it.
    public static func syncFinished(jobID: Int, tenantID: Int, succeeded: Bool, db: Database, now: Int64) throws {
        try emit(succeeded ? .calendarSyncSucceeded : .calendarSyncFailed, tenantID: tenantID, db: db, now: now) {
            try SyncJobStore(db).find(id: jobID, tenantID: tenantID)?.json
        }
    }

    /// `calendar.needs_reauth` with the calendar as `GET /api/calendar/list/` shows it (a calendar connection whose
    /// refresh token the provider refused).
    public static func needsReauth(_ credential: OAuthCredential?, db: Database, now: Int64) throws {
        guard let credential, credential.purpose == .calendar else { return }
        try emit(.calendarNeedsReauth, tenantID: credential.tenantID, db: db, now: now) {
            credential.calendarJSON(now: now)
        }
    }
}
