import Foundation
import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Analytics numbers against expectations computed here, independently, with Foundation's Calendar.
struct AnalyticsTests {
    static let zone = "America/New_York"

    struct Appt {
        let start: Int64
        let minutes: Int64
        let status: String
        let cents: Int
        let service: Int
        let resource: Int
    }

    struct World {
        let env: TestEnv
        let owner: TestEnv.Member
        let appts: [Appt]
        let services: [Int: String]
    }

    /// ~400 appointments from mid-October 2025 to mid-January 2026 in New York (DST ends 2025-11-02), including
    /// 2025-11-30T23:30 local (2025-12-01T04:30Z), plus another tenant's rows that must never count.
    private func world() throws -> World {
        let env = try TestEnv()
        let demo = try env.seedTenant("demo", plan: "business", timezone: Self.zone)
        let owner = try env.seedUser("demo", role: .owner)
        let resources = [try env.insertResource(demo, "A"), try env.insertResource(demo, "B")]
        var services: [Int: String] = [:]
        for name in ["Cut", "Colour", "Shave"] { services[try env.insertService(demo, name)] = name }
        let serviceIDs = services.keys.sorted()
        let statuses = ["PENDING", "CONFIRMED", "COMPLETED", "COMPLETED", "CANCELLED", "NO_SHOW"]
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        var appts: [Appt] = []
        let base = ISOTime.parse("2025-10-15T00:00:00Z")!
        for _ in 0..<400 {
            let start = base + Int64(next(92 * 96)) * 900
            appts.append(
                Appt(
                    start: start, minutes: Int64(15 * (1 + next(8))), status: statuses[next(statuses.count)],
                    cents: 100 * next(200), service: serviceIDs[next(3)], resource: resources[next(2)]))
        }
        appts.append(
            Appt(
                start: ISOTime.parse("2025-12-01T04:30:00Z")!, minutes: 30, status: "COMPLETED", cents: 12_345,
                service: serviceIDs[0], resource: resources[0]))
        for a in appts {
            try env.insertAppointment(
                demo, resource: a.resource, service: a.service, start: ISOTime.format(a.start),
                minutes: a.minutes, status: a.status, priceCents: a.cents)
        }
        let acme = try env.seedTenant("acme", plan: "business", timezone: Self.zone)
        let r = try env.insertResource(acme, "X")
        let s = try env.insertService(acme, "Y")
        for day in 1...28 {
            try env.insertAppointment(
                acme, resource: r, service: s, start: String(format: "2025-11-%02dT15:00:00Z", day),
                status: "COMPLETED", priceCents: 99_999)
        }
        return World(env: env, owner: owner, appts: appts, services: services)
    }

    // MARK: - Independent calendar helpers

    static var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: zone)!
        c.firstWeekday = 2
        c.minimumDaysInFirstWeek = 4
        return c
    }

    static func localDate(_ date: Date) -> String {
        let p = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", p.year!, p.month!, p.day!)
    }

    static func bucket(_ instant: Int64, _ groupBy: String) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(instant))
        switch groupBy {
        case "week": return localDate(calendar.dateInterval(of: .weekOfYear, for: date)!.start)
        case "month": return String(localDate(date).prefix(8)) + "01"
        default: return localDate(date)
        }
    }

    private func get(_ w: World, _ path: String, _ query: [(String, String)] = []) -> Response {
        w.env.respond(TestRequest.get(path, host: host("demo"), token: w.owner.token, query: query))
    }

    // MARK: - Series

    @Test(arguments: ["day", "week", "month"])
    func appointmentSeriesMatchesIndependentCounts(groupBy: String) throws {
        let w = try world()
        let r = get(
            w, "/api/analytics/appointments/",
            [
                ("start_date", "2025-10-20"), ("end_date", "2026-01-10"),
                ("group_by", groupBy),
            ])
        #expect(r.status.code == 200)
        var expected: [String: [String: Int]] = [:]
        for a in w.appts {
            let day = Self.localDate(Date(timeIntervalSince1970: TimeInterval(a.start)))
            guard day >= "2025-10-20" && day <= "2026-01-10" else { continue }
            expected[Self.bucket(a.start, groupBy), default: [:]][a.status, default: 0] += 1
        }
        guard case .array(let periods)? = r.json["periods"] else { Issue.record("no periods"); return }
        var seen: [String: [String: Int]] = [:]
        for p in periods {
            let label = p["period"]!.stringValue!
            var counts: [String: Int] = [:]
            for status in AppointmentStatus.allCases {
                let n = Int(p["by_status"]![status.rawValue]!.intValue!)
                if n > 0 { counts[status.rawValue] = n }
            }
            #expect(Int(p["total"]!.intValue!) == counts.values.reduce(0, +))
            if !counts.isEmpty { seen[label] = counts }
        }
        #expect(seen == expected)
        let labels = periods.map { $0["period"]!.stringValue! }
        #expect(labels == labels.sorted() && Set(labels).count == labels.count)
        let total = expected.values.flatMap(\.values).reduce(0, +)
        #expect(r.json["totals"]?["total"]?.intValue == Int64(total))
        if groupBy == "month" { #expect(labels == ["2025-10-01", "2025-11-01", "2025-12-01", "2026-01-01"]) }
        if groupBy == "week" { #expect(labels.first == "2025-10-20" && labels.last == "2026-01-05") }
        if groupBy == "day" { #expect(labels.count == 83) }
    }

    @Test(arguments: ["day", "week", "month"])
    func revenueSeriesMatchesIndependentSums(groupBy: String) throws {
        let w = try world()
        let r = get(
            w, "/api/analytics/revenue/",
            [
                ("start_date", "2025-11-01"), ("end_date", "2025-12-31"),
                ("group_by", groupBy),
            ])
        var expected: [String: Int] = [:]
        var perService: [Int: (Int, Int)] = [:]
        for a in w.appts where a.status == "COMPLETED" {
            let day = Self.localDate(Date(timeIntervalSince1970: TimeInterval(a.start)))
            guard day >= "2025-11-01" && day <= "2025-12-31" else { continue }
            expected[Self.bucket(a.start, groupBy), default: 0] += a.cents
            perService[a.service, default: (0, 0)].0 += 1
            perService[a.service, default: (0, 0)].1 += a.cents
        }
        guard case .array(let periods)? = r.json["periods"], case .array(let services)? = r.json["by_service"]
        else { Issue.record("bad shape"); return }
        var seen: [String: Int] = [:]
        for p in periods where p["revenue_cents"]!.intValue! > 0 {
            seen[p["period"]!.stringValue!] = Int(p["revenue_cents"]!.intValue!)
        }
        #expect(seen == expected)
        #expect(r.json["total_revenue_cents"]?.intValue == Int64(expected.values.reduce(0, +)))
        var seenServices: [Int: (Int, Int)] = [:]
        for s in services {
            seenServices[Int(s["service_id"]!.intValue!)] = (
                Int(s["count"]!.intValue!), Int(s["revenue_cents"]!.intValue!)
            )
            #expect(s["service_name"]?.stringValue == w.services[Int(s["service_id"]!.intValue!)])
        }
        #expect(seenServices.mapValues { "\($0.0)/\($0.1)" } == perService.mapValues { "\($0.0)/\($0.1)" })
        let cents = services.map { $0["revenue_cents"]!.intValue! }
        #expect(cents == cents.sorted(by: >))
    }

    @Test func lateNovemberEveningInNewYorkCountsInNovember() throws {
        let env = try TestEnv()
        let demo = try env.seedTenant("demo", plan: "business", timezone: Self.zone)
        let owner = try env.seedUser("demo", role: .owner)
        let r = try env.insertResource(demo, "A")
        let s = try env.insertService(demo, "Cut")
        try env.insertAppointment(
            demo, resource: r, service: s, start: "2025-12-01T04:30:00Z", status: "COMPLETED", priceCents: 700)
        try env.insertAppointment(
            demo, resource: r, service: s, start: "2025-12-01T05:00:00Z", status: "COMPLETED", priceCents: 11)
        let response = env.respond(
            TestRequest.get(
                "/api/analytics/revenue/", host: host("demo"), token: owner.token,
                query: [("start_date", "2025-11-01"), ("end_date", "2025-12-31"), ("group_by", "month")]))
        let periods = response.json["periods"]
        #expect(
            periods == [
                [
                    "period": "2025-11-01", "start": "2025-11-01T04:00:00Z", "end": "2025-12-01T05:00:00Z",
                    "revenue_cents": 700, "completed": 1,
                ],
                [
                    "period": "2025-12-01", "start": "2025-12-01T05:00:00Z", "end": "2026-01-01T05:00:00Z",
                    "revenue_cents": 11, "completed": 1,
                ],
            ])
    }

    @Test func defaultRangeIsTheLastThirtyLocalDays() throws {
        let w = try world()
        let r = get(w, "/api/analytics/appointments/")
        #expect(r.json["start_date"]?.stringValue == "2025-11-03" && r.json["end_date"]?.stringValue == "2025-12-02")
        #expect(r.json["group_by"]?.stringValue == "day")
        if case .array(let periods)? = r.json["periods"] {
            #expect(periods.count == 30)
        } else {
            Issue.record("no periods")
        }
    }

    @Test(arguments: [
        ([("group_by", "year")], "group_by"), ([("start_date", "2025-1-01")], "start_date"),
        ([("start_date", "2025-12-10"), ("end_date", "2025-12-01")], "end_date"),
        ([("start_date", "2000-01-01"), ("end_date", "2025-01-01")], "end_date"),
        ([("group_by", "DAY")], "group_by"), ([("start_date", "")], "start_date"), ([("end_date", "")], "end_date"),
    ])
    func badParametersAre400WithFields(query: [(String, String)], field: String) throws {
        let w = try world()
        for path in ["/api/analytics/appointments/", "/api/analytics/revenue/"] {
            let r = get(w, path, query)
            #expect(r.status.code == 400 && r.code == "invalid")
            #expect(r.json["fields"]?[field] != nil)
        }
    }

    @Test func featureAndRoleGates() throws {
        let env = try TestEnv()
        try env.seedTenant("pro", plan: "professional")
        let owner = try env.seedUser("pro", role: .owner)
        for path in ["/api/analytics/dashboard/", "/api/analytics/appointments/", "/api/analytics/revenue/"] {
            let r = env.respond(TestRequest.get(path, host: host("pro"), token: owner.token))
            #expect(r.status.code == 403 && r.code == "feature_not_available")
            #expect(r.json["feature"]?.stringValue == "can_access_analytics")
        }
        try env.seedTenant("biz", plan: "business")
        let staff = try env.seedUser("biz", role: .staff)
        let denied = env.respond(TestRequest.get("/api/analytics/dashboard/", host: host("biz"), token: staff.token))
        #expect(denied.status.code == 403 && denied.code == "permission_denied")
    }
}
