import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// `/api/working-hours/`, `/api/resources/<id>/working-hours/`, time off and closures (docs/api.md §13) through the
/// whole pipeline.
struct WorkingHoursAPITests {
    let f: SchedulingFixture
    let resource: Int64

    init() throws {
        f = try SchedulingFixture()
        resource = f.id(try f.create("resources", ["name": "Ana", "type": "staff"]))
    }

    static let week: JSONValue = [
        "timezone": "Europe/Berlin",
        "rules": [
            ["weekday": 0, "start": "09:00", "end": "13:00"], ["weekday": 0, "start": "14:00", "end": "18:00"],
            ["weekday": 4, "start": "22:00", "end": "02:00"], ["weekday": 5, "start": "09:00", "end": "24:00"],
        ],
    ]

    @Test func tenantHoursStartOpenAroundTheClockAndCanBeReplacedAndReset() throws {
        let first = f.send("GET", "/api/working-hours/")
        #expect(first.status.code == 200 && first.json["is_default"] == true && first.json["timezone"] == "UTC")
        #expect(first.json["rules"] == .array((0..<7).map { ["weekday": .int($0), "start": "00:00", "end": "24:00"] }))
        let put = f.send("PUT", "/api/working-hours/", Self.week)
        #expect(put.status.code == 200 && put.json["is_default"] == false && put.json["timezone"] == "Europe/Berlin")
        #expect(put.json["rules"] == Self.week["rules"])
        #expect(f.send("GET", "/api/working-hours/").json["rules"] == Self.week["rules"])
        // Without a timezone the tenant's applies; `rules: null` forgets the week.
        let utc = f.send("PUT", "/api/working-hours/", ["rules": [["weekday": 2, "start": "08:00", "end": "12:00"]]])
        #expect(utc.json["timezone"] == "UTC")
        #expect(f.send("PUT", "/api/working-hours/", ["rules": .null]).json["is_default"] == true)
    }

    @Test(
        arguments: [
            (["timezone": "Mars/Olympus", "rules": []], "timezone"),
            (["timezone": "GMT+5", "rules": []], "timezone"),
            (["timezone": 5, "rules": []], "timezone"),
            (["timezone": "UTC"], "rules"),
            (["rules": "mon 9-5"], "rules"),
            (["rules": [["weekday": 7, "start": "09:00", "end": "10:00"]]], "rules[0].weekday"),
            (["rules": [["weekday": "mon", "start": "09:00", "end": "10:00"]]], "rules[0].weekday"),
            (["rules": [["weekday": 0, "start": "9:00", "end": "10:00"]]], "rules[0].start"),
            (["rules": [["weekday": 0, "start": "24:00", "end": "10:00"]]], "rules[0].start"),
            (["rules": [["weekday": 0, "start": "09:00", "end": "24:30"]]], "rules[0].end"),
            (["rules": [["weekday": 0, "start": "09:00", "end": "09:00"]]], "rules[0].end"),
            (["rules": [["weekday": 0, "start": "09:00"]]], "rules[0].end"),
            (["rules": [["weekday": 0, "start": "09:00", "end": "10:00", "note": "x"]]], "rules[0].note"),
            (["rules": [5]], "rules[0]"),
            (
                [
                    "rules": [
                        ["weekday": 0, "start": "09:00", "end": "12:00"],
                        ["weekday": 0, "start": "11:30", "end": "13:00"],
                    ]
                ], "rules[1]"
            ),
            (
                [
                    "rules": [
                        ["weekday": 6, "start": "22:00", "end": "03:00"],
                        ["weekday": 0, "start": "02:00", "end": "05:00"],
                    ]
                ], "rules[1]"
            ),
            (["rules": [], "tenant_id": 2], "tenant_id"),
        ] as [(JSONValue, String)])
    func badHoursAre400WithTheFieldAndChangeNothing(body: JSONValue, field: String) throws {
        try #require(f.send("PUT", "/api/working-hours/", Self.week).status.code == 200)
        let r = f.send("PUT", "/api/working-hours/", body)
        #expect(r.status.code == 400 && r.code == "invalid", "\(r.json)")
        #expect(r.json["fields"]?[field] != nil, "\(r.json)")
        #expect(f.send("GET", "/api/working-hours/").json["rules"] == Self.week["rules"])
        let onResource = f.send("PUT", "/api/resources/\(resource)/working-hours/", body)
        #expect(onResource.status.code == 400 && onResource.json["fields"]?[field] != nil)
    }

    @Test func tooManyRulesAre400() {
        let rules = JSONValue.array(
            (0..<101).map { i in ["weekday": .int(Int64(i % 7)), "start": "00:00", "end": "00:01"] })
        #expect(f.send("PUT", "/api/working-hours/", ["rules": rules]).json["fields"]?["rules"] != nil)
    }

    @Test func aResourceFollowsTheTenantUntilItHasItsOwnWeek() throws {
        let path = "/api/resources/\(resource)/working-hours/"
        let unset = f.send("GET", path).json
        #expect(unset["follows_tenant"] == true && unset["rules"] == .null && unset["effective"]?["source"] == "unset")
        try #require(f.send("PUT", "/api/working-hours/", Self.week).status.code == 200)
        #expect(f.send("GET", path).json["effective"]?["timezone"] == "Europe/Berlin")
        let own = f.send("PUT", path, ["rules": [["weekday": 1, "start": "10:00", "end": "16:00"]]])
        // The zone defaults to the tenant's working-hours zone.
        #expect(own.status.code == 200 && own.json["timezone"] == "Europe/Berlin")
        #expect(own.json["effective"]?["source"] == "resource" && own.json["follows_tenant"] == false)
        let tokyo = f.send(
            "PUT", path, ["timezone": "Asia/Tokyo", "rules": [["weekday": 1, "start": "10:00", "end": "16:00"]]])
        #expect(tokyo.json["effective"]?["timezone"] == "Asia/Tokyo")
        let zoneWithoutRules = f.send("PUT", path, ["timezone": "Asia/Tokyo", "rules": .null])
        #expect(zoneWithoutRules.status.code == 400 && zoneWithoutRules.json["fields"]?["timezone"] != nil)
        let back = f.send("PUT", path, ["rules": .null])
        #expect(back.json["follows_tenant"] == true && back.json["effective"]?["source"] == "tenant")
    }

    @Test func anotherTenantsResourceIs404Everywhere() throws {
        let other = try SchedulingFixture(env: f.env, schema: "other")
        let theirs = other.id(try other.create("resources", ["name": "Theirs", "type": "room"]))
        let service = f.id(try f.create("services", ["name": "Cut", "duration_minutes": 30]))
        for path in ["working-hours", "time-off", "availability"] {
            let r = f.send(
                "GET", "/api/resources/\(theirs)/\(path)/",
                query: [("start_date", "2025-12-08"), ("end_date", "2025-12-08"), ("service_id", String(service))])
            #expect(r.status.code == 404 && r.code == "not_found", "\(path)")
        }
        #expect(f.send("PUT", "/api/resources/\(theirs)/working-hours/", Self.week).status.code == 404)
        #expect(other.send("GET", "/api/resources/\(theirs)/working-hours/").json["follows_tenant"] == true)
        let off = ["start_time": "2025-12-08T09:00:00Z", "end_time": "2025-12-08T10:00:00Z"] as JSONValue
        #expect(f.send("POST", "/api/resources/\(theirs)/time-off/", off).status.code == 404)
    }

    @Test func ownersAndManagersWriteMembersReadCustomersSeeNoTimeOff() throws {
        let staff = try f.member(.staff)
        let customer = try f.member(.customer)
        let manager = try f.member(.manager)
        #expect(f.send("PUT", "/api/working-hours/", Self.week, as: staff).status.code == 403)
        #expect(f.send("PUT", "/api/working-hours/", Self.week, as: manager).status.code == 200)
        #expect(f.send("GET", "/api/working-hours/", as: customer).status.code == 200)
        #expect(f.send("GET", "/api/resources/\(resource)/working-hours/", as: customer).status.code == 200)
        #expect(f.send("GET", "/api/closures/", as: customer).status.code == 200)
        #expect(f.send("POST", "/api/closures/", ["date": "2025-12-25"], as: staff).status.code == 403)
        #expect(f.send("GET", "/api/resources/\(resource)/time-off/", as: customer).code == "permission_denied")
        #expect(f.send("GET", "/api/resources/\(resource)/time-off/", as: staff).status.code == 200)
        let off = ["start_time": "2025-12-08T09:00:00Z", "end_time": "2025-12-08T10:00:00Z"] as JSONValue
        #expect(f.send("POST", "/api/resources/\(resource)/time-off/", off, as: staff).status.code == 403)
    }

    @Test func timeOffCRUD() throws {
        let base = "/api/resources/\(resource)/time-off/"
        let created = f.send(
            "POST", base,
            ["start_time": "2025-12-08T09:00:00+01:00", "end_time": "2025-12-10T18:00:00+01:00", "reason": "Leave"])
        #expect(created.status.code == 201 && created.json["start_time"] == "2025-12-08T08:00:00Z")
        #expect(created.json["resource_id"]?.intValue == resource && created.json["reason"] == "Leave")
        let id = f.id(created.json)
        let backwards = f.send(
            "POST", base, ["start_time": "2025-12-08T09:00:00Z", "end_time": "2025-12-08T08:00:00Z"])
        #expect(backwards.status.code == 400 && backwards.json["fields"]?["end_time"] != nil)
        #expect(f.send("POST", base, ["start_time": "2025-12-08T09:00:00Z"]).json["fields"]?["end_time"] != nil)
        #expect(f.send("POST", base, ["start_time": "tomorrow", "end_time": "x"]).json["fields"]?["start_time"] != nil)
        #expect(f.send("GET", base).json["count"] == 1)
        let moved = f.send("PATCH", "\(base)\(id)/", ["end_time": "2025-12-09T18:00:00Z"])
        #expect(
            moved.status.code == 200 && moved.json["reason"] == "Leave"
                && moved.json["end_time"] == "2025-12-09T18:00:00Z")
        #expect(f.send("PATCH", "\(base)\(id)/", ["end_time": "2025-12-01T00:00:00Z"]).status.code == 400)
        // The same time off through another resource's path does not exist.
        let other = f.id(try f.create("resources", ["name": "Room", "type": "room"]))
        #expect(f.send("GET", "/api/resources/\(other)/time-off/\(id)/").status.code == 404)
        #expect(f.send("DELETE", "/api/resources/\(other)/time-off/\(id)/").status.code == 404)
        #expect(f.send("DELETE", "\(base)\(id)/").status.code == 204)
        #expect(f.send("GET", "\(base)\(id)/").status.code == 404)
    }

    @Test func closuresCRUDOnePerDate() throws {
        let created = f.send("POST", "/api/closures/", ["date": "2025-12-25", "reason": "Christmas"])
        #expect(created.status.code == 201 && created.json["date"] == "2025-12-25")
        let again = f.send("POST", "/api/closures/", ["date": "2025-12-25"])
        #expect(again.status.code == 400 && again.json["fields"]?["date"] != nil)
        #expect(f.send("POST", "/api/closures/", ["date": "2025-02-30"]).json["fields"]?["date"] != nil)
        #expect(f.send("POST", "/api/closures/", ["reason": "?"]).json["fields"]?["date"] != nil)
        try f.create("closures", ["date": "2026-01-01"])
        #expect(f.send("GET", "/api/closures/").json["count"] == 2)
        #expect(f.send("GET", "/api/closures/", query: [("start_date", "2026-01-01")]).json["count"] == 1)
        #expect(f.send("GET", "/api/closures/", query: [("end_date", "2025-13-01")]).status.code == 400)
        #expect(f.send("GET", "/api/closures/", query: [("start_date", "")]).json["fields"]?["start_date"] != nil)
        let id = f.id(created.json)
        #expect(f.send("PATCH", "/api/closures/\(id)/", ["date": "2026-01-01"]).status.code == 400)
        #expect(f.send("PATCH", "/api/closures/\(id)/", ["reason": "Xmas"]).json["date"] == "2025-12-25")
        let other = try SchedulingFixture(env: f.env, schema: "other")
        #expect(other.send("GET", "/api/closures/\(id)/").status.code == 404)
        #expect(other.send("POST", "/api/closures/", ["date": "2025-12-25"]).status.code == 201)
        #expect(f.send("DELETE", "/api/closures/\(id)/").status.code == 204)
    }

    @Test func servicesCarryBuffersDefaultingToZero() throws {
        let plain = try f.create("services", ["name": "Cut", "duration_minutes": 30])
        #expect(plain["buffer_before_minutes"] == 0 && plain["buffer_after_minutes"] == 0)
        let padded = try f.create(
            "services",
            ["name": "Colour", "duration_minutes": 90, "buffer_before_minutes": 10, "buffer_after_minutes": 15])
        #expect(padded["buffer_after_minutes"] == 15)
        let bad = f.send("POST", "/api/services/", ["name": "X", "duration_minutes": 30, "buffer_after_minutes": -5])
        #expect(bad.status.code == 400 && bad.json["fields"]?["buffer_after_minutes"] != nil)
        #expect(
            f.send("POST", "/api/services/", ["name": "X", "duration_minutes": 30, "buffer_before_minutes": 1441])
                .status.code == 400)
    }
}
