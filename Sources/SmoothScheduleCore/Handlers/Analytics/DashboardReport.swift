/// The numbers behind `GET /api/analytics/dashboard/`, read in one snapshot. Definitions: docs/analytics.md.
struct DashboardReport {
    /// Resource utilisation looks back this many days, against each resource's working time in them.
    static let utilisationDays: Int64 = 30
    static let topServices = 5

    let store: AnalyticsStore
    let tenant: Tenant
    let now: Int64

    func json() throws -> JSONValue {
        var clock = LocalClock(identifier: tenant.timezone)
        let thisMonth = TimeZones.monthBounds(containing: now, timezone: tenant.timezone)
        let lastMonth = TimeZones.monthBounds(containing: thisMonth.start - 1, timezone: tenant.timezone)
        let byStatus = try store.byStatus(tenantID: tenant.id)
        let month = try store.byStatus(tenantID: tenant.id, start: thisMonth.start, end: thisMonth.end)
        let past = try store.byStatus(tenantID: tenant.id, end: now)
        let denominator = past.filter { $0.key != "CANCELLED" }.values.reduce(0, +)
        let completed = past["COMPLETED"] ?? 0
        let noShow = past["NO_SHOW"] ?? 0
        return [
            "timezone": .string(tenant.timezone),
            "generated_at": .string(ISOTime.format(now)),
            "appointments": .object([
                ("total", .int(Int64(byStatus.values.reduce(0, +)))),
                ("this_month", .int(Int64(month.filter { $0.key != "CANCELLED" }.values.reduce(0, +)))),
                ("upcoming", .int(Int64(try store.countUpcoming(tenantID: tenant.id, from: now)))),
                (
                    "by_status",
                    .object(AppointmentStatus.allCases.map { ($0.rawValue, .int(Int64(byStatus[$0.rawValue] ?? 0))) })
                ),
            ]),
            "rates": [
                "past_appointments": .int(Int64(denominator)), "completed": .int(Int64(completed)),
                "no_show": .int(Int64(noShow)), "completion_rate": Self.rate(completed, denominator),
                "no_show_rate": Self.rate(noShow, denominator),
            ],
            "revenue": [
                "this_month_cents": .int(
                    Int64(try store.completedRevenue(tenantID: tenant.id, start: thisMonth.start, end: thisMonth.end))),
                "last_month_cents": .int(
                    Int64(try store.completedRevenue(tenantID: tenant.id, start: lastMonth.start, end: lastMonth.end))),
                "this_month_start": .string(ISOTime.format(thisMonth.start)),
                "last_month_start": .string(ISOTime.format(lastMonth.start)),
            ],
            "top_services": [
                "by_count": .array(
                    try store.byService(
                        tenantID: tenant.id, status: nil, start: .min, end: .max, limit: Self.topServices
                    )
                    .map(Self.serviceJSON)),
                "by_revenue": .array(
                    try store.byService(
                        tenantID: tenant.id, status: "COMPLETED", start: .min, end: .max,
                        limit: Self.topServices
                    ).map(Self.serviceJSON)),
            ],
            "busiest": try busiest(&clock),
            "resource_utilisation": try utilisation(),
        ]
    }

    /// `numerator / denominator` to 4 decimal places; null when nothing is in the denominator.
    static func rate(_ numerator: Int, _ denominator: Int) -> JSONValue {
        guard denominator > 0 else { return .null }
        return .double((Double(numerator) / Double(denominator) * 10_000).rounded() / 10_000)
    }

    static func serviceJSON(_ s: AnalyticsStore.ServiceTotal) -> JSONValue {
        [
            "service_id": .int(Int64(s.id)), "service_name": .string(s.name), "currency": .string(s.currency),
            "count": .int(Int64(s.count)), "revenue_cents": .int(Int64(s.cents)),
        ]
    }

    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// Non-cancelled appointments by local weekday and local hour of their start, all time.
    private func busiest(_ clock: inout LocalClock) throws -> JSONValue {
        var byWeekday = Array(repeating: 0, count: 7)
        var byHour = Array(repeating: 0, count: 24)
        if let bounds = try store.startBounds(tenantID: tenant.id) {
            let spans = clock.offsetSpans(from: bounds.first, through: bounds.last)
            for cell in try store.byLocalWeekdayAndHour(tenantID: tenant.id, spans: spans)
            where (0..<7).contains(cell.weekday) && (0..<24).contains(cell.hour) {
                byWeekday[cell.weekday] += cell.count
                byHour[cell.hour] += cell.count
            }
        }
        return [
            "weekdays": .array(
                (0..<7).map { ["weekday": .string(Self.weekdays[$0]), "count": .int(Int64(byWeekday[$0]))] }),
            "hours": .array((0..<24).map { ["hour": .int(Int64($0)), "count": .int(Int64(byHour[$0]))] }),
        ]
    }

    /// Booked minutes (non-cancelled, clipped to the window) / working minutes in the window (each resource's
    /// working hours minus closures and its time off, docs/api.md §13) per active resource and overall.
    private func utilisation() throws -> JSONValue {
        let start = now - Self.utilisationDays * 86_400
        let booked = try store.bookedSeconds(tenantID: tenant.id, start: start, end: now)
        let working = try OpenHours.workingSeconds(
            store.db, tenant: tenant, resourceIDs: booked.map(\.id), from: start, to: now)
        let resources: [JSONValue] = booked.map {
            let available = Int(working[$0.id] ?? 0)
            return [
                "resource_id": .int(Int64($0.id)), "resource_name": .string($0.name),
                "booked_minutes": .int(Int64($0.seconds / 60)), "available_minutes": .int(Int64(available / 60)),
                "utilisation": Self.rate($0.seconds, available),
            ]
        }
        let totalSeconds = booked.map(\.seconds).reduce(0, +)
        let totalAvailable = booked.map { Int(working[$0.id] ?? 0) }.reduce(0, +)
        return [
            "window_start": .string(ISOTime.format(start)), "window_end": .string(ISOTime.format(now)),
            "booked_minutes": .int(Int64(totalSeconds / 60)), "available_minutes": .int(Int64(totalAvailable / 60)),
            "utilisation": Self.rate(totalSeconds, totalAvailable), "resources": .array(resources),
        ]
    }
}
