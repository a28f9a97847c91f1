// OpenAPI docs of working hours, time off, closures and free slots (docs/api.md §13).

enum AvailabilityDocs {
    static let time: JSONValue = ["type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"]
    static let endTime: JSONValue = [
        "type": "string", "pattern": "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$",
        "description": "An end at or before the start runs past midnight; 24:00 is the end of the day.",
    ]
    static let zone: JSONValue = [
        "type": "string", "minLength": 1, "maxLength": 64, "pattern": .string(TextRules.noNULPattern),
        "description": "An IANA time zone name (Europe/Berlin); an unknown one is a 400 on this field.",
    ]

    static let rule = Schema.object(
        [
            ("weekday", ["type": "integer", "minimum": 0, "maximum": 6, "description": "0 = Monday"]), ("start", time),
            ("end", endTime),
        ],
        required: ["weekday", "start", "end"], additional: false)

    static let rules: JSONValue = [
        "type": "array", "items": rule, "maxItems": .int(Int64(WorkingHoursBody.maxRules)),
        "description": "Weekly wall-clock intervals; no two may overlap (400 `invalid` naming both).",
    ]

    static let hoursBody = Schema.object(
        [("timezone", Schema.nullable(zone)), ("rules", Schema.nullable(rules))], required: ["rules"], additional: false
    )

    static let week = Schema.object(
        [("timezone", zone), ("rules", Schema.array(rule))], required: ["timezone", "rules"])

    static let tenantHours = Schema.object(
        [
            ("timezone", zone), ("rules", Schema.array(rule)), ("is_default", Schema.boolean),
            ("updated_at", Schema.nullable(Schema.dateTime)),
        ], required: ["timezone", "rules", "is_default", "updated_at"])

    static let resourceHours = Schema.object(
        [
            ("resource_id", Schema.integer), ("timezone", Schema.nullable(zone)),
            ("rules", Schema.nullable(Schema.array(rule))), ("follows_tenant", Schema.boolean),
            ("updated_at", Schema.nullable(Schema.dateTime)),
            (
                "effective",
                Schema.object(
                    [
                        ("timezone", zone), ("rules", Schema.array(rule)),
                        ("source", Schema.enumeration(["resource", "tenant", "unset"])),
                    ],
                    required: ["timezone", "rules", "source"])
            ),
        ], required: ["resource_id", "timezone", "rules", "follows_tenant", "effective"])

    static let reason = Schema.text(maxLength: 500)

    static let timeOff = Schema.object(
        [
            ("id", Schema.integer), ("resource_id", Schema.integer), ("start_time", Schema.dateTime),
            ("end_time", Schema.dateTime), ("reason", Schema.string), ("created_at", Schema.dateTime),
            ("updated_at", Schema.dateTime),
        ], required: ["id", "resource_id", "start_time", "end_time", "reason", "created_at", "updated_at"])

    static func timeOffBody(create: Bool) -> JSONValue {
        Schema.object(
            [("start_time", Schema.dateTime), ("end_time", Schema.dateTime), ("reason", reason)],
            required: create ? ["start_time", "end_time"] : [], additional: false)
    }

    static let closure = Schema.object(
        [
            ("id", Schema.integer), ("date", Schema.date), ("reason", Schema.string), ("created_at", Schema.dateTime),
            ("updated_at", Schema.dateTime),
        ], required: ["id", "date", "reason", "created_at", "updated_at"])

    static func closureBody(create: Bool) -> JSONValue {
        Schema.object([("date", Schema.date), ("reason", reason)], required: create ? ["date"] : [], additional: false)
    }

    static let slots = Schema.object(
        [
            ("resource_id", Schema.integer), ("service_id", Schema.integer), ("timezone", zone),
            ("start_date", Schema.date), ("end_date", Schema.date), ("duration_minutes", Schema.integer),
            ("step_minutes", Schema.integer), ("buffer_before_minutes", Schema.integer),
            ("buffer_after_minutes", Schema.integer),
            (
                "slots",
                Schema.array(
                    Schema.object(
                        [("start", Schema.dateTime), ("end", Schema.dateTime), ("local_start", Schema.dateTime)],
                        required: ["start", "end", "local_start"]))
            ),
            (
                "sources",
                Schema.array(
                    Schema.object(
                        [
                            ("credential_id", Schema.integer), ("calendar_id", Schema.string),
                            ("last_synced_at", Schema.nullable(Schema.dateTime)),
                            ("health", Schema.enumeration(["healthy", "polling", "degraded", "needs_reauth"])),
                        ],
                        // A customer user gets freshness only: no credential or calendar ids.
                        required: ["last_synced_at", "health"]))
            ),
        ], required: ["resource_id", "service_id", "timezone", "slots", "sources"])

    static func required(_ name: String, _ schema: JSONValue, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "query", "required": true, "schema": schema, "description": .string(description)]
    }

    static let slotParameters: [JSONValue] = [
        required("start_date", Schema.date, "First local date (in `timezone`)."),
        required(
            "end_date", Schema.date, "Last local date, at most \(AvailabilityHandlers.maxDays) days from start_date."),
        required("service_id", Schema.id, "The service whose duration and buffers apply."),
        Schema.queryParameter(
            "step_minutes", ["type": "integer", "minimum": 5, "maximum": 1440],
            "Grid step from the start of each working interval (default: the duration, at most 60, at least 5)."),
        Schema.queryParameter("timezone", zone, "Zone of the dates and of local_start (default: the resource's)."),
    ]

    static let closureFilters: [JSONValue] =
        Schema.pageParameters + [
            Schema.queryParameter("start_date", Schema.date, "Only closures on or after this date."),
            Schema.queryParameter("end_date", Schema.date, "Only closures on or before this date."),
        ]

    static let operations: [OperationDoc] = [
        OperationDoc(
            "GET", "/api/working-hours/", "The tenant's default working week", tag: "availability",
            success: (200, tenantHours)),
        OperationDoc(
            "PUT", "/api/working-hours/", "Replace the default week (rules null: open around the clock)",
            tag: "availability", body: hoursBody, success: (200, tenantHours)),
        OperationDoc(
            "GET", "/api/resources/<id>/working-hours/", "A resource's own week and the hours that apply to it",
            tag: "availability", success: (200, resourceHours)),
        OperationDoc(
            "PUT", "/api/resources/<id>/working-hours/",
            "Replace a resource's own week (rules null: follow the tenant)",
            tag: "availability", body: hoursBody, success: (200, resourceHours)),
        OperationDoc(
            "GET", "/api/resources/<id>/time-off/", "A resource's time off", tag: "availability",
            success: (200, Schema.paginated(timeOff)), parameters: Schema.pageParameters),
        OperationDoc(
            "POST", "/api/resources/<id>/time-off/", "Add time off", tag: "availability",
            body: timeOffBody(create: true), success: (201, timeOff)),
        OperationDoc(
            "GET", "/api/resources/<id>/time-off/<time_off_id>/", "One time off", tag: "availability",
            success: (200, timeOff)),
        OperationDoc(
            "PATCH", "/api/resources/<id>/time-off/<time_off_id>/", "Change a time off", tag: "availability",
            body: timeOffBody(create: false), success: (200, timeOff)),
        OperationDoc(
            "DELETE", "/api/resources/<id>/time-off/<time_off_id>/", "Delete a time off", tag: "availability",
            success: (204, nil)),
        OperationDoc(
            "GET", "/api/closures/", "The tenant's closure dates", tag: "availability",
            success: (200, Schema.paginated(closure)), parameters: closureFilters),
        OperationDoc(
            "POST", "/api/closures/", "Close the business for a date (one closure per date)", tag: "availability",
            body: closureBody(create: true), success: (201, closure)),
        OperationDoc("GET", "/api/closures/<id>/", "One closure", tag: "availability", success: (200, closure)),
        OperationDoc(
            "PATCH", "/api/closures/<id>/", "Change a closure", tag: "availability", body: closureBody(create: false),
            success: (200, closure)),
        OperationDoc("DELETE", "/api/closures/<id>/", "Delete a closure", tag: "availability", success: (204, nil)),
        OperationDoc(
            "GET", "/api/resources/<id>/availability/",
            "Free slots of a service in working hours, clear of busy time (at most \(AvailabilityHandlers.maxDays) days)",
            tag: "availability", success: (200, slots), parameters: slotParameters),
    ]
}
