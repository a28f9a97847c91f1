// OpenAPI docs for data export and analytics (docs/api.md §8, §9).

/// Operation docs for `/api/export/` and `/api/analytics/`.
enum ExportDocs {
    static let dateParameters: [JSONValue] = [
        Schema.queryParameter(
            "start_date", Schema.date, "First local date included (tenant time zone); omit it for no bound."),
        Schema.queryParameter(
            "end_date", Schema.date, "Last local date included (tenant time zone), not before start_date."),
    ]

    /// One appointment status, exactly as docs/api.md §5 spells it.
    static let statusList = "(?:" + AppointmentStatus.allCases.map(\.rawValue).joined(separator: "|") + ")"

    static let exportParameters: [JSONValue] =
        [
            Schema.pathParameter("kind", Schema.enumeration(ExportKind.allCases.map(\.rawValue))),
            Schema.queryParameter("format", Schema.enumeration(ExportFormat.allCases.map(\.rawValue)), "Default csv."),
        ] + dateParameters.map { $0 } + [
            Schema.queryParameter(
                "status", ["type": "string", "pattern": .string("^\(statusList)(?:,\(statusList))*$")],
                "Appointments only: one status, or several comma-separated (or the parameter repeated)."),
            Schema.queryParameter(
                "include_inactive", Schema.boolean, "Resources and services only; default false."),
        ]

    static let operations: [OperationDoc] =
        [
            OperationDoc(
                "GET", "/api/export/<kind>/",
                "Stream a CSV or JSON export of appointments, customers, resources or services. start_date and "
                    + "end_date filter appointments by local start date (inclusive). CSV is RFC 4180 with a header row, "
                    + "UTC instants, and for appointments local_date, local_start_time, local_end_time and timezone; "
                    + "text cells that could start a spreadsheet formula get a leading apostrophe. 503 exports_busy "
                    + "(with Retry-After) when the server already runs its share of exports; a download that takes "
                    + "longer than the server's export time limit is cut off.",
                tag: "export",
                success: (
                    200,
                    Schema.object(
                        [
                            ("kind", Schema.string), ("exported_at", Schema.dateTime), ("count", Schema.integer),
                            ("results", Schema.array(["type": "object"])),
                        ], required: ["kind", "exported_at", "count", "results"])
                ),
                errors: [503],
                parameters: exportParameters, otherContent: [("text/csv", ["type": "string"])])
        ] + AnalyticsDocs.operations
}
