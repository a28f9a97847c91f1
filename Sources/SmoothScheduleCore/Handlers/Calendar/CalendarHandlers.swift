// The calendar sync endpoints (docs/api.md §7). All but `status` sit behind `can_use_calendar_sync` in the route table.

/// `/api/calendar/…`: connected calendars, sync jobs, disconnect, status.
public enum CalendarHandlers {
    /// `GET /api/calendar/list/`: the tenant's OAuth credentials whose purpose is calendar.
    public static func list(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let credentials = try OAuthCredentialStore(context.db, cipher: context.deps.cipher)
            .list(tenantID: tenant.id, purpose: .calendar)
        let calendars = credentials.map { $0.calendarJSON(now: context.now) }
        return .json(["success": true, "calendars": .array(calendars)])
    }

    /// `POST /api/calendar/sync/` `{credential_id, calendar_id, start_date, end_date, resource_id?}`: queues a sync
    /// for the worker. 202 `{"success": true, "message": "Calendar sync started for <email>", "job_id": N}`.
    public static func sync(_ request: Request, _ context: TenantContext) throws -> Response {
        let (job, email) = try SyncRequest.enqueue(request, context)
        return .json(
            ["success": true, "message": .string("Calendar sync started for \(email)"), "job_id": .int(Int64(job))],
            status: .accepted)
    }

    /// `GET /api/calendar/sync/<job_id>/`: `{"status", "created", "updated", "deleted", "error"}`.
    public static func job(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        guard let job = try SyncJobStore(context.db).find(id: try context.id("job_id"), tenantID: tenant.id) else {
            throw APIError.notFound()
        }
        return .json(job.json)
    }

    /// `DELETE /api/calendar/<id>/[?delete_events=true]`: revokes at the provider (best effort), deletes the
    /// credential and its tokens, forgets its sync state and cancels its queued jobs; with `delete_events=true`
    /// also its imported events. Kept events are detached from the credential (they keep blocking their resource,
    /// but no later credential or sync can match them: review F2). One transaction with the credential's delete.
    public static func disconnect(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let id = try context.id()
        var problems: [(String, String)] = []
        let deleteEvents = request.queryBool("delete_events", problems: &problems) ?? false
        if !problems.isEmpty { throw APIError.invalid(problems) }
        let store = OAuthCredentialStore(context.db, cipher: context.deps.cipher)
        guard let credential = try store.find(id: id, tenantID: tenant.id), credential.purpose == .calendar else {
            throw APIError.notFound()
        }
        let removed = try OAuthService(context.deps, log: context.log).disconnect(
            credentialID: id, tenantID: tenant.id, userID: context.user.id
        ) { _ in
            try SyncJobStore(context.db).cancelQueued(credentialID: id, tenantID: tenant.id, now: context.now)
            try CalendarSyncStore(context.db).deleteAll(credentialID: id, tenantID: tenant.id)
            let events = CalendarEventStore(context.db)
            let removed = deleteEvents ? try events.deleteAll(credentialID: id, tenantID: tenant.id) : 0
            try events.detach(credentialID: id, tenantID: tenant.id)
            try context.audit(
                "calendar.disconnect", objectType: "oauth_credential", objectID: String(id),
                detail: [
                    "email": .string(credential.email), "delete_events": .bool(deleteEvents),
                    "events_deleted": .int(Int64(removed)),
                ])
            return removed
        }
        return .json(
            [
                "success": true, "message": .string("Disconnected \(credential.email)"),
                "events_deleted": .int(Int64(removed)),
            ])
    }

    /// `GET /api/calendar/status/`: any signed-in member; never a 403 for the plan (docs/api.md §7).
    public static func status(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        guard tenant.hasFeature(.calendarSync) else {
            return .json(
                [
                    "success": true, "can_use_calendar_sync": false,
                    "message": "Calendar Sync feature is not available for your plan", "total_connected": 0,
                ])
        }
        let connected = try context.deps.cache.count("calendar_credentials:\(tenant.id)") {
            try OAuthCredentialStore(context.db, cipher: context.deps.cipher).count(
                tenantID: tenant.id, purpose: .calendar)
        }
        return .json(
            [
                "success": true, "can_use_calendar_sync": true, "total_connected": .int(Int64(connected)),
                "feature_enabled": true,
            ])
    }

    /// `GET /api/calendar/<id>/calendars/`: the account's calendars at the provider, to choose a `calendar_id`.
    public static func calendars(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let store = OAuthCredentialStore(context.db, cipher: context.deps.cipher)
        guard let credential = try store.find(id: try context.id(), tenantID: tenant.id),
            credential.purpose == .calendar
        else { throw APIError.notFound() }
        let calendars = try ProviderCalendars.list(credential, context)
        return .json(["success": true, "calendars": .array(calendars)])
    }
}
