/// Validation and enqueueing shared by `POST /api/calendar/sync/` and `POST /api/events/sync_from_calendar/`.
enum SyncRequest {
    /// The longest window one sync may cover, in days.
    static let maxDays = 731

    /// Validates the body (400 `invalid` with `fields`), queues a job, audits it; answers the job id and email.
    static func enqueue(_ request: Request, _ context: Context) throws -> (job: Int, email: String) {
        let tenant = try context.requireTenant()
        var body = try BodyReader(request)
        body.allowOnly(["credential_id", "calendar_id", "start_date", "end_date", "resource_id"])
        let credentialID = body.int("credential_id", required: true, range: 1...Int64(Int32.max))
        let calendarID = body.string("calendar_id", maxLength: 1024, allowEmpty: false) ?? "primary"
        if !CalendarIDs.isUsable(calendarID) {
            body.fail("calendar_id", "Must be a calendar id of the account (\".\" and \"..\" are not).")
        }
        let startText = body.string("start_date", required: true, maxLength: 10)
        let endText = body.string("end_date", required: true, maxLength: 10)
        let resourceID = body.optionalID("resource_id") ?? nil
        let startDay = startText.flatMap(ISOTime.parseDate)
        let endDay = endText.flatMap(ISOTime.parseDate)
        if startText != nil && startDay == nil { body.fail("start_date", "Must be a date in YYYY-MM-DD format.") }
        if endText != nil && endDay == nil { body.fail("end_date", "Must be a date in YYYY-MM-DD format.") }
        if let startDay, let endDay {
            if endDay < startDay { body.fail("end_date", "Must be on or after start_date.") }
            if endDay - startDay >= maxDays { body.fail("end_date", "A sync may cover at most \(maxDays) days.") }
        }
        let store = OAuthCredentialStore(context.db, cipher: context.deps.cipher)
        var email = ""
        if let credentialID {
            if let credential = try store.find(id: credentialID, tenantID: tenant.id), credential.purpose == .calendar {
                if credential.isValid {
                    email = credential.email
                } else {
                    body.fail("credential_id", "This calendar connection is no longer valid: reconnect it.")
                }
            } else {
                body.fail("credential_id", "No calendar connection with this id.")
            }
        }
        if let resourceID,
            try context.db.queryOne(
                "SELECT id FROM resources WHERE id = ? AND tenant_id = ?", [.int(resourceID), .int(tenant.id)]) == nil
        {
            body.fail("resource_id", "No resource with this id.")
        }
        try body.finish()
        guard let credentialID, let startText, let endText else {
            throw APIError.invalid(field: "credential_id", "Invalid.")
        }
        // One queued job per calendar: a repeat joins it (same answer, its id); a new one needs room in the
        // tenant's queue, else 429 `throttled` (review F7).
        let job = try context.db.transaction {
            let enqueued = try SyncJobStore(context.db).enqueue(
                tenantID: tenant.id, userID: context.user?.id, credentialID: credentialID, calendarID: calendarID,
                resourceID: resourceID, startDate: startText, endDate: endText,
                limit: context.config.jobs.queuedPerTenant, now: context.now)
            guard let job = enqueued.jobID else { throw queueFull(context.config.jobs.queuedPerTenant) }
            try context.audit(
                "calendar.sync_requested", objectType: "sync_job", objectID: String(job),
                detail: [
                    "credential_id": .int(Int64(credentialID)), "calendar_id": .string(calendarID),
                    "start_date": .string(startText), "end_date": .string(endText),
                    "resource_id": JSONValue(resourceID), "joined_queued_job": .bool(enqueued == .joined(job)),
                ])
            return job
        }
        return (job, email)
    }

    /// 429 `throttled`: the tenant's queue is full.
    static func queueFull(_ limit: Int) -> APIError {
        APIError(
            .tooManyRequests, code: "throttled",
            "This business already has \(limit) calendar syncs waiting to run. Wait for some of them to finish, "
                + "then try again.",
            extra: [("limit", .int(Int64(limit)))])
    }
}
