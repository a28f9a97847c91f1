// OpenAPI docs for the analytics endpoints (docs/api.md §9); the definitions are spelled out in docs/analytics.md.

/// Operation docs for `/api/analytics/`.
enum AnalyticsDocs {
    static let statusCounts = Schema.object(
        AppointmentStatus.allCases.map { ($0.rawValue, Schema.integer) },
        required: AppointmentStatus.allCases.map(\.rawValue))

    static let rangeParameters: [JSONValue] =
        ExportDocs.dateParameters + [
            Schema.queryParameter(
                "group_by", Schema.enumeration(GroupBy.allCases.map(\.rawValue)),
                "Local days, Monday-based weeks or calendar months; default day.")
        ]

    static let rangeFields: [(String, JSONValue)] = [
        ("start_date", Schema.date), ("end_date", Schema.date), ("group_by", Schema.string),
        ("timezone", Schema.string),
    ]

    static let periodFields: [(String, JSONValue)] = [
        ("period", Schema.date), ("start", Schema.dateTime), ("end", Schema.dateTime),
    ]

    static let service = Schema.object(
        [
            ("service_id", Schema.integer), ("service_name", Schema.string), ("currency", Schema.string),
            ("count", Schema.integer), ("revenue_cents", Schema.integer),
        ])

    static let operations: [OperationDoc] = [
        OperationDoc(
            "GET", "/api/analytics/dashboard/",
            "Tenant totals: appointments (all, this month excluding cancelled, upcoming, by status); completion_rate = "
                + "COMPLETED / past non-cancelled and no_show_rate = NO_SHOW / past non-cancelled; COMPLETED revenue this "
                + "and last local month; top 5 services by count and by revenue; non-cancelled starts by local weekday "
                + "and hour; resource utilisation = booked minutes / (30 days x 8 h) over the last 30 days.",
            tag: "analytics", success: (200, ["type": "object"])),
        OperationDoc(
            "GET", "/api/analytics/appointments/",
            "Appointments by status per local period (by start time). Default range: the 30 local days ending today.",
            tag: "analytics",
            success: (
                200,
                Schema.object(
                    rangeFields + [
                        (
                            "periods",
                            Schema.array(
                                Schema.object(periodFields + [("total", Schema.integer), ("by_status", statusCounts)]))
                        ),
                        ("totals", Schema.object([("total", Schema.integer), ("by_status", statusCounts)])),
                    ])
            ), parameters: rangeParameters),
        OperationDoc(
            "GET", "/api/analytics/revenue/",
            "Revenue (price_cents of COMPLETED appointments) per local period, with per-service totals over the range.",
            tag: "analytics",
            success: (
                200,
                Schema.object(
                    rangeFields + [
                        ("total_revenue_cents", Schema.integer), ("total_completed", Schema.integer),
                        (
                            "periods",
                            Schema.array(
                                Schema.object(
                                    periodFields + [
                                        ("revenue_cents", Schema.integer),
                                        ("completed", Schema.integer),
                                    ]))
                        ),
                        ("by_service", Schema.array(service)),
                    ])
            ), parameters: rangeParameters),
    ]
}
