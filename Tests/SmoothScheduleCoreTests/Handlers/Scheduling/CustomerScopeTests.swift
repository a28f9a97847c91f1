import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// What a `customer` user reads (docs/api.md §5, review F5): the customer records whose e-mail is theirs
/// (case-insensitive), those records' appointments, and events as busy time only.
struct CustomerScopeTests {
    /// A tenant with customers Cleo (matching the customer user's e-mail in another case) and Dora, an appointment
    /// for each and one for nobody.
    final class Shop {
        let f: SchedulingFixture
        let customer: TestEnv.Member
        let mine: JSONValue
        let theirs: JSONValue
        var appointments: [String: JSONValue] = [:]

        init() throws {
            f = try SchedulingFixture()
            mine = try f.create("customers", ["name": "Cleo", "email": "Cleo@Example.com", "notes": "latex"])
            theirs = try f.create("customers", ["name": "Dora", "email": "dora@example.com", "notes": "private"])
            for (name, owner) in [("mine", mine), ("theirs", theirs), ("nobody", JSONValue.null)] {
                let body = patched(try f.validBody("appointments"), ("customer_id", owner["id"] ?? .null))
                appointments[name] = try f.create("appointments", body)
            }
            customer = try f.env.seedUser(f.schema, role: .customer, email: "cleo@example.COM")
        }

        func get(_ path: String, query: [(String, String)] = []) -> Response {
            f.send("GET", path, as: customer, query: query)
        }
    }

    @Test func customerListsAndReadsOnlyTheirOwnRecord() throws {
        let s = try Shop()
        let list = s.get("/api/customers/")
        #expect(list.json["count"] == 1 && list.json["results"] == [s.mine])
        #expect(s.get("/api/customers/\(s.f.id(s.mine))/").json == s.mine)
        let other = s.get("/api/customers/\(s.f.id(s.theirs))/")
        #expect(other.status.code == 404 && other.code == "not_found")
    }

    @Test func customerListsAndReadsOnlyTheirOwnAppointments() throws {
        let s = try Shop()
        let mine = try #require(s.appointments["mine"])
        for query in [[], [("status", "PENDING")], [("page_size", "1")]] {
            let list = s.get("/api/appointments/", query: query)
            #expect(list.json["count"] == 1 && list.json["results"] == [mine])
        }
        #expect(s.get("/api/appointments/\(s.f.id(mine))/").json == mine)
        for other in ["theirs", "nobody"] {
            let r = s.get("/api/appointments/\(s.f.id(s.appointments[other] ?? .null))/")
            #expect(r.status.code == 404 && r.code == "not_found")
        }
        #expect(s.f.send("GET", "/api/appointments/").json["count"] == 3)
    }

    @Test func customerWithoutARecordSeesNothing() throws {
        let s = try Shop()
        let stranger = try s.f.env.seedUser(s.f.schema, role: .customer, email: "nobody@example.com")
        for kind in ["customers", "appointments"] {
            let list = s.f.send("GET", "/api/\(kind)/", as: stranger)
            #expect(list.status.code == 200 && list.json["count"] == 0 && list.json["results"] == [])
        }
    }

    @Test func customerSeesBusyEventsRedactedAndNoFreeOnes() throws {
        let s = try Shop()
        let resource = try s.f.create("resources", ["name": "Dr. X", "type": "staff"])
        let busy = s.f.send(
            "POST", "/api/events/",
            [
                "title": "Biopsy for Dora", "start_time": "2026-01-05T09:00:00Z", "end_time": "2026-01-05T10:00:00Z",
                "resource_id": resource["id"] ?? .null,
            ]
        ).json
        let free = s.f.send(
            "POST", "/api/events/",
            [
                "title": "Lunch", "start_time": "2026-01-05T12:00:00Z", "end_time": "2026-01-05T13:00:00Z",
                "is_busy": false,
            ]
        ).json
        let expected: JSONValue = [
            "id": busy["id"] ?? .null, "title": "Busy", "start_time": "2026-01-05T09:00:00Z",
            "end_time": "2026-01-05T10:00:00Z", "is_all_day": false, "is_busy": true, "status": "confirmed",
            "resource_id": resource["id"] ?? .null,
        ]
        let list = s.get("/api/events/")
        #expect(list.json["count"] == 1 && list.json["results"] == [expected])
        #expect(s.get("/api/events/\(s.f.id(busy))/").json == expected)
        #expect(s.get("/api/events/\(s.f.id(free))/").status.code == 404)
        #expect(s.f.send("GET", "/api/events/\(s.f.id(busy))/").json["title"] == "Biopsy for Dora")
    }
}
