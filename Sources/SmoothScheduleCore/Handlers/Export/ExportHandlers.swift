/// The data export endpoint (docs/api.md §8).
public enum ExportHandlers {
    /// `GET /api/export/<kind>/?format=csv|json`: validates every parameter, then streams the rows.
    /// 400 `invalid` (with `fields`) for an unknown kind or format, a bad date, an end before the start,
    /// an unknown status or a bad `include_inactive`; nothing is streamed until all of them passed.
    public static func export(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        var export = try ExportRequest.parse(kind: context.parameter("kind"), request)
        var filter = ExportStore.Filter(tenantID: tenant.id)
        if export.kind == .appointments {
            var clock = LocalClock(identifier: tenant.timezone)
            if let start = export.startDay { filter.startAt = clock.startOfDay(start) }
            if let end = export.endDay { filter.endBefore = clock.startOfDay(end + 1) }
            if !export.statuses.isEmpty {
                filter.statusesJSON = JSONValue.array(export.statuses.map { .string($0.rawValue) }).text
            }
        } else {
            // Dates and statuses filter appointments only; the filename then says `all`.
            export.startDay = nil
            export.endDay = nil
            filter.includeInactive = export.includeInactive
        }
        let streamer = ExportStreamer(
            db: context.db, kind: export.kind, format: export.format, filter: filter, timezone: tenant.timezone,
            exportedAt: context.now)
        return .stream(contentType: export.format.contentType, filename: export.filename) { writer in
            try streamer.run(to: writer)
        }
    }
}
