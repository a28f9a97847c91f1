// OpenAPI docs of the calendar sync, events and audit endpoints (docs/api.md §7).

enum CalendarDocs {
    static let credential = Schema.object(
        [
            ("id", Schema.integer), ("provider", Schema.enumeration(["Google", "Microsoft"])), ("email", Schema.string),
            ("is_valid", Schema.boolean), ("is_expired", Schema.boolean),
            ("last_used_at", Schema.nullable(Schema.dateTime)),
            ("created_at", Schema.dateTime),
        ],
        required: ["id", "provider", "email", "is_valid", "is_expired", "last_used_at", "created_at"])

    static let job = Schema.object(
        [
            ("id", Schema.integer), ("status", Schema.enumeration(["queued", "running", "succeeded", "failed"])),
            ("kind", Schema.enumeration(["full", "incremental"])), ("created", Schema.integer),
            ("updated", Schema.integer),
            ("deleted", Schema.integer), ("error", Schema.nullable(Schema.string)), ("credential_id", Schema.integer),
            ("calendar_id", Schema.string),
        ],
        required: ["status", "created", "updated", "deleted", "error"])

    static let event = Schema.object(
        [
            ("id", Schema.integer), ("title", Schema.string), ("start_time", Schema.dateTime),
            ("end_time", Schema.dateTime),
            ("is_all_day", Schema.boolean), ("is_busy", Schema.boolean), ("status", Schema.string),
            ("source", Schema.enumeration(["google", "microsoft", "manual"])),
            ("credential_id", Schema.nullable(Schema.integer)),
            ("calendar_id", Schema.string), ("provider_event_id", Schema.nullable(Schema.string)),
            ("resource_id", Schema.nullable(Schema.integer)), ("created_at", Schema.dateTime),
            ("updated_at", Schema.dateTime),
        ],
        // A customer user gets busy time only (docs/api.md §5): title "Busy", no source, credential or provider ids.
        required: ["id", "title", "start_time", "end_time", "is_all_day", "is_busy"])

    /// `ManualEventBody`: on create `start_time` and `end_time` are required; a PATCH may send any subset.
    static func eventBody(isCreate: Bool) -> JSONValue {
        Schema.object(
            [
                ("title", Schema.text(maxLength: ManualEventBody.titleMaxLength)), ("start_time", Schema.dateTime),
                ("end_time", Schema.dateTime),
                ("is_busy", Schema.boolean), ("resource_id", Schema.nullable(Schema.id)),
            ], required: isCreate ? ["start_time", "end_time"] : [], additional: false)
    }

    /// A provider calendar id (default `primary`): `.` and `..` are refused (review F17).
    static let calendarID: JSONValue = {
        guard case .object(var members) = Schema.text(maxLength: 1024, allowBlank: false) else { return .null }
        members += [("not", ["enum": [".", ".."]]), ("default", "primary")]
        return .object(members)
    }()

    /// `SyncRequest.enqueue`'s checks (end on or after start, at most `SyncRequest.maxDays` days, a calendar
    /// connection and resource of this tenant are cross-field or stored-data rules a schema cannot state).
    static let syncBody = Schema.object(
        [
            ("credential_id", ["type": "integer", "minimum": 1, "maximum": .int(Int64(Int32.max))]),
            ("calendar_id", calendarID), ("start_date", Schema.date),
            ("end_date", Schema.date), ("resource_id", Schema.nullable(Schema.id)),
        ],
        required: ["credential_id", "start_date", "end_date"], additional: false)

    static let syncStarted = Schema.object(
        [("success", Schema.boolean), ("message", Schema.string), ("job_id", Schema.integer)],
        required: ["success", "message", "job_id"])

    static let status = Schema.object(
        [
            ("success", Schema.boolean), ("can_use_calendar_sync", Schema.boolean), ("total_connected", Schema.integer),
            ("feature_enabled", Schema.boolean), ("message", Schema.string),
        ],
        required: ["success", "can_use_calendar_sync", "total_connected"])

    static let providerCalendars = Schema.object(
        [
            ("success", Schema.boolean),
            (
                "calendars",
                Schema.array(
                    Schema.object(
                        [
                            ("id", Schema.string), ("name", Schema.string), ("primary", Schema.boolean),
                            ("time_zone", Schema.nullable(Schema.string)),
                        ]))
            ),
        ], required: ["success", "calendars"])

    static let audit = Schema.object(
        [
            ("id", Schema.integer), ("created_at", Schema.dateTime), ("user_id", Schema.nullable(Schema.integer)),
            ("action", Schema.string), ("object_type", Schema.string), ("object_id", Schema.string),
            ("outcome", Schema.string),
            ("detail", ["type": "object"]),
        ])

    /// An ISO 8601 instant with an offset, or a date (local midnight in the tenant's zone).
    static let instantOrDate: JSONValue = ["anyOf": [Schema.dateTime, Schema.date]]

    static let eventFilters: [JSONValue] =
        Schema.pageParameters + [
            Schema.queryParameter(
                "start", instantOrDate, "Only events ending after this instant (or date, tenant zone)."),
            Schema.queryParameter(
                "end", instantOrDate, "Only events starting before this instant (or date, tenant zone)."),
        ]

    static let operations: [OperationDoc] = [
        OperationDoc(
            "GET", "/api/calendar/list/", "The tenant's calendar connections", tag: "calendar",
            success: (200, Schema.object([("success", Schema.boolean), ("calendars", Schema.array(credential))]))),
        OperationDoc(
            "POST", "/api/calendar/sync/", "Queue a sync of one provider calendar (runs in the worker)",
            tag: "calendar",
            body: syncBody, success: (202, syncStarted), errors: [429]),
        OperationDoc(
            "GET", "/api/calendar/sync/<job_id>/", "A sync job's status and counts", tag: "calendar",
            success: (200, job)),
        OperationDoc(
            "DELETE", "/api/calendar/<id>/",
            "Disconnect (revoke, delete tokens); ?delete_events=true removes its events",
            tag: "calendar",
            success: (
                200,
                Schema.object([
                    ("success", Schema.boolean), ("message", Schema.string),
                    ("events_deleted", Schema.integer),
                ])
            ),
            parameters: [Schema.queryParameter("delete_events", Schema.boolean)]),
        OperationDoc(
            "GET", "/api/calendar/status/", "Whether calendar sync is on for this plan (never 403)", tag: "calendar",
            success: (200, status)),
        OperationDoc(
            "GET", "/api/calendar/<id>/calendars/", "The connection's calendars at the provider", tag: "calendar",
            success: (200, providerCalendars), errors: [502]),
        OperationDoc(
            "GET", "/api/events/", "Imported events and busy blocks (a customer user: busy time only)", tag: "events",
            success: (200, Schema.paginated(event)), parameters: eventFilters),
        OperationDoc(
            "POST", "/api/events/", "Create a manual busy block", tag: "events", body: eventBody(isCreate: true),
            success: (201, event)),
        OperationDoc(
            "GET", "/api/events/<id>/", "One event (a customer user: busy time only)", tag: "events",
            success: (200, event)),
        OperationDoc(
            "PATCH", "/api/events/<id>/", "Change a manual busy block", tag: "events", body: eventBody(isCreate: false),
            success: (200, event), errors: [409]),
        OperationDoc(
            "DELETE", "/api/events/<id>/", "Delete a manual busy block", tag: "events", success: (204, nil),
            errors: [409]),
        OperationDoc(
            "POST", "/api/events/sync_from_calendar/", "Queue a calendar sync (as /api/calendar/sync/)",
            tag: "events", body: syncBody, success: (202, syncStarted), errors: [429]),
        OperationDoc(
            "GET", "/api/audit-log/", "The tenant's audit records, newest first", tag: "audit",
            success: (200, Schema.paginated(audit)), parameters: Schema.pageParameters),
    ]
}
