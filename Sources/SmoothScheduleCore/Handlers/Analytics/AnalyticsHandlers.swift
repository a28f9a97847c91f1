/// The analytics endpoints (docs/api.md §9). Definitions of every number are in docs/analytics.md.
public enum AnalyticsHandlers {
    /// `GET /api/analytics/dashboard/`: tenant-wide totals, rates, revenue, top services, busy times, utilisation.
    public static func dashboard(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let report = try context.db.readTransaction {
            try DashboardReport(store: AnalyticsStore(context.db), tenant: tenant, now: context.now).json()
        }
        return .json(report)
    }

    /// `GET /api/analytics/appointments/?start_date&end_date&group_by=day|week|month`: counts by status per period.
    /// 400 `invalid` for a bad date, an end before the start, an unknown group_by or a range over 3660 days.
    public static func appointments(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let range = try ReportRange.parse(request, timezone: tenant.timezone, now: context.now)
        var clock = LocalClock(identifier: tenant.timezone)
        let periods = range.periods(&clock)
        let cells = try AnalyticsStore(context.db).byPeriodAndStatus(
            tenantID: tenant.id, periods: periods.map { ($0.start, $0.end) })
        var counts = Array(repeating: [String: Int](), count: periods.count)
        for cell in cells where periods.indices.contains(cell.period) { counts[cell.period][cell.status] = cell.count }
        let rows: [JSONValue] = periods.enumerated().map { index, period in
            .object(periodHeader(period) + statusCounts(counts[index]))
        }
        let totals = counts.reduce(into: [String: Int]()) { sum, c in sum.merge(c, uniquingKeysWith: +) }
        return .json(
            .object(
                rangeHeader(range, tenant) + [("periods", .array(rows)), ("totals", .object(statusCounts(totals)))]))
    }

    /// `GET /api/analytics/revenue/?start_date&end_date&group_by=day|week|month`: COMPLETED appointments'
    /// `price_cents` per period, plus per-service totals over the whole range. 400 `invalid` as for `appointments`.
    public static func revenue(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let range = try ReportRange.parse(request, timezone: tenant.timezone, now: context.now)
        var clock = LocalClock(identifier: tenant.timezone)
        let periods = range.periods(&clock)
        let store = AnalyticsStore(context.db)
        let (cells, services) = try context.db.readTransaction {
            (
                try store.byPeriodAndStatus(tenantID: tenant.id, periods: periods.map { ($0.start, $0.end) }),
                try store.byService(
                    tenantID: tenant.id, status: "COMPLETED", start: periods.first?.start ?? 0,
                    end: periods.last?.end ?? 0)
            )
        }
        var cents = Array(repeating: 0, count: periods.count)
        var completed = Array(repeating: 0, count: periods.count)
        for cell in cells where cell.status == "COMPLETED" && periods.indices.contains(cell.period) {
            cents[cell.period] = cell.cents
            completed[cell.period] = cell.count
        }
        let rows: [JSONValue] = periods.enumerated().map { index, period in
            .object(
                periodHeader(period) + [
                    ("revenue_cents", .int(Int64(cents[index]))),
                    ("completed", .int(Int64(completed[index]))),
                ])
        }
        return .json(
            .object(
                rangeHeader(range, tenant) + [
                    ("total_revenue_cents", .int(Int64(cents.reduce(0, +)))),
                    ("total_completed", .int(Int64(completed.reduce(0, +)))),
                    ("periods", .array(rows)), ("by_service", .array(services.map(DashboardReport.serviceJSON))),
                ]))
    }

    // MARK: - Shared JSON pieces

    static func rangeHeader(_ range: ReportRange, _ tenant: Tenant) -> [(String, JSONValue)] {
        [
            ("start_date", .string(LocalClock.dateString(days: range.startDay))),
            ("end_date", .string(LocalClock.dateString(days: range.endDay))),
            ("group_by", .string(range.groupBy.rawValue)), ("timezone", .string(tenant.timezone)),
        ]
    }

    static func periodHeader(_ period: Period) -> [(String, JSONValue)] {
        [
            ("period", .string(period.label)), ("start", .string(ISOTime.format(period.start))),
            ("end", .string(ISOTime.format(period.end))),
        ]
    }

    /// `total` plus `by_status` with every status present (zeros included).
    static func statusCounts(_ counts: [String: Int]) -> [(String, JSONValue)] {
        let byStatus = AppointmentStatus.allCases.map { ($0.rawValue, JSONValue.int(Int64(counts[$0.rawValue] ?? 0))) }
        return [("total", .int(Int64(counts.values.reduce(0, +)))), ("by_status", .object(byStatus))]
    }
}
