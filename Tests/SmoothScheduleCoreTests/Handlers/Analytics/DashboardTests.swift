import Foundation
import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// `GET /api/analytics/dashboard/` against numbers computed here from the rows the test created.
struct DashboardTests {
    @Test func dashboardNumbersMatchIndependentComputation() throws {
        // now = 2025-12-02T10:30Z = 05:30 in New York.
        let env = try TestEnv()
        let zone = "America/New_York"
        let demo = try env.seedTenant("demo", plan: "business", timezone: zone)
        let owner = try env.seedUser("demo", role: .owner)
        let ra = try env.insertResource(demo, "A")
        let rb = try env.insertResource(demo, "B")
        try env.insertResource(demo, "Retired", active: false)
        let cut = try env.insertService(demo, "Cut")
        let colour = try env.insertService(demo, "Colour")
        let rows: [(String, Int64, String, Int, Int, Int)] = [
            // start, minutes, status, cents, service, resource
            ("2025-10-31T14:00:00Z", 60, "COMPLETED", 1000, cut, ra),  // October
            ("2025-11-01T03:30:00Z", 60, "COMPLETED", 2000, cut, ra),  // Oct 31 23:30 local: October
            ("2025-11-01T04:30:00Z", 30, "COMPLETED", 3000, colour, rb),  // Nov 1 00:30 local
            ("2025-11-15T15:00:00Z", 90, "NO_SHOW", 4000, colour, ra),
            ("2025-11-20T15:00:00Z", 60, "CANCELLED", 5000, cut, rb),
            ("2025-12-01T04:30:00Z", 60, "COMPLETED", 6000, colour, ra),  // Nov 30 23:30 local: last month
            ("2025-12-01T15:00:00Z", 45, "COMPLETED", 7000, cut, rb),  // this month
            ("2025-12-02T09:00:00Z", 60, "CONFIRMED", 8000, cut, ra),  // past, not completed
            ("2025-12-02T11:00:00Z", 60, "PENDING", 9000, colour, ra),  // upcoming
            ("2025-12-20T15:00:00Z", 60, "CONFIRMED", 100, cut, rb),  // upcoming
            ("2025-12-21T15:00:00Z", 60, "CANCELLED", 100, cut, rb),  // future cancelled
        ]
        for (start, minutes, status, cents, service, resource) in rows {
            try env.insertAppointment(
                demo, resource: resource, service: service, start: start, minutes: minutes,
                status: status, priceCents: cents)
        }
        let acme = try env.seedTenant("acme", plan: "business")
        let x = try env.insertResource(acme, "X")
        let y = try env.insertService(acme, "Y")
        try env.insertAppointment(
            acme, resource: x, service: y, start: "2025-12-01T15:00:00Z", status: "COMPLETED", priceCents: 1)

        let r = env.respond(TestRequest.get("/api/analytics/dashboard/", host: host("demo"), token: owner.token))
        #expect(r.status.code == 200)
        let body = r.json
        let now = env.now
        let starts = rows.map { ISOTime.parse($0.0)! }

        #expect(body["appointments"]?["total"]?.intValue == 11)
        let byStatus: JSONValue = ["PENDING": 1, "CONFIRMED": 2, "COMPLETED": 5, "CANCELLED": 2, "NO_SHOW": 1]
        #expect(body["appointments"]?["by_status"] == byStatus)
        // This month (December, local) and not cancelled: Dec 1 15:00Z, Dec 2 09:00Z, Dec 2 11:00Z, Dec 20.
        #expect(body["appointments"]?["this_month"]?.intValue == 4)
        #expect(body["appointments"]?["upcoming"]?.intValue == 2)

        // Past and not cancelled: 5 COMPLETED + 1 NO_SHOW + 1 CONFIRMED (Dec 2 09:00Z) = 7.
        let past = zip(rows, starts).filter { $1 < now && $0.2 != "CANCELLED" }
        #expect(past.count == 7)
        let completionRate: Double = (5.0 / 7 * 10_000).rounded() / 10_000
        let noShowRate: Double = (1.0 / 7 * 10_000).rounded() / 10_000
        let rates: JSONValue = [
            "past_appointments": 7, "completed": 5, "no_show": 1, "completion_rate": .double(completionRate),
            "no_show_rate": .double(noShowRate),
        ]
        #expect(body["rates"] == rates)
        #expect(body["revenue"]?["this_month_cents"]?.intValue == 7000)
        let lastMonthCents: Int64 = 3000 + 6000
        #expect(body["revenue"]?["last_month_cents"]?.intValue == lastMonthCents)
        #expect(body["revenue"]?["this_month_start"]?.stringValue == "2025-12-01T05:00:00Z")
        #expect(body["revenue"]?["last_month_start"]?.stringValue == "2025-11-01T04:00:00Z")

        // Top services: non-cancelled counts (Cut 5, Colour 4); completed revenue (Colour 9000, Cut 10000).
        let byCount: JSONValue = [
            [
                "service_id": .int(Int64(cut)), "service_name": "Cut", "currency": "USD", "count": 5,
                "revenue_cents": 18_100,
            ],
            [
                "service_id": .int(Int64(colour)), "service_name": "Colour", "currency": "USD", "count": 4,
                "revenue_cents": 22_000,
            ],
        ]
        #expect(body["top_services"]?["by_count"] == byCount)
        let byRevenue: JSONValue = [
            [
                "service_id": .int(Int64(cut)), "service_name": "Cut", "currency": "USD", "count": 3,
                "revenue_cents": 10_000,
            ],
            [
                "service_id": .int(Int64(colour)), "service_name": "Colour", "currency": "USD", "count": 2,
                "revenue_cents": 9000,
            ],
        ]
        #expect(body["top_services"]?["by_revenue"] == byRevenue)

        // Busiest weekdays and hours, from Calendar in New York over non-cancelled starts.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        var weekdays = Array(repeating: 0, count: 7)
        var hours = Array(repeating: 0, count: 24)
        for (row, start) in zip(rows, starts) where row.2 != "CANCELLED" {
            let parts = calendar.dateComponents(
                [.weekday, .hour], from: Date(timeIntervalSince1970: TimeInterval(start)))
            weekdays[(parts.weekday! + 5) % 7] += 1
            hours[parts.hour!] += 1
        }
        let busiest = body["busiest"]
        guard case .array(let w)? = busiest?["weekdays"], case .array(let h)? = busiest?["hours"] else {
            Issue.record("no busiest")
            return
        }
        #expect(w.map { Int($0["count"]!.intValue!) } == weekdays)
        #expect(w.first?["weekday"]?.stringValue == "monday")
        #expect(h.map { Int($0["count"]!.intValue!) } == hours)

        // Utilisation over [now - 30 days, now): non-cancelled, clipped; resource A: Nov 15 (90) + Dec 1 04:30 (60)
        // + Dec 2 09:00 (60, ends 10:00 before now) = 210; B: Nov 20 cancelled, Dec 1 15:00 (45) = 45.
        // Oct 31 / Nov 1 starts are before the window (Nov 2 10:30Z).
        // No working hours set: open around the clock, so 30 days × 24 h of working time each (docs/api.md §13).
        let util = body["resource_utilisation"]
        let available: Int64 = 2 * 30 * 24 * 60
        #expect(util?["available_minutes"]?.intValue == available)
        #expect(util?["booked_minutes"]?.intValue == 255)
        let utilisation: Double = (255.0 / 86_400 * 10_000).rounded() / 10_000
        #expect(util?["utilisation"] == .double(utilisation))
        guard case .array(let resources)? = util?["resources"] else { Issue.record("no resources"); return }
        #expect(resources.map { $0["booked_minutes"]!.intValue! } == [210, 45])
        #expect(resources.map { $0["available_minutes"]!.intValue! } == [43_200, 43_200])
    }

    @Test func emptyTenantHasNullRatesAndZeros() throws {
        let env = try TestEnv()
        try env.seedTenant("demo", plan: "enterprise")
        let owner = try env.seedUser("demo", role: .manager)
        let body = env.respond(TestRequest.get("/api/analytics/dashboard/", host: host("demo"), token: owner.token))
            .json
        #expect(body["appointments"]?["total"]?.intValue == 0)
        #expect(body["rates"]?["completion_rate"] == .null)
        #expect(body["resource_utilisation"]?["utilisation"] == .null)
        #expect(body["revenue"]?["this_month_cents"]?.intValue == 0)
    }
}
