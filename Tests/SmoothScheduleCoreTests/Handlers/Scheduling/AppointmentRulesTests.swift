import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Appointment defaults, overlaps and filters (docs/api.md §5).
struct AppointmentRulesTests {
    let f: SchedulingFixture
    let resource: Int64
    let service: Int64

    init() throws {
        f = try SchedulingFixture()
        resource = f.id(try f.create("resources", ["name": "Ana", "type": "staff"]))
        service = f.id(try f.create("services", ["name": "Massage", "duration_minutes": 60, "price_cents": 8000]))
    }

    func body(_ start: String, _ extra: (String, JSONValue)...) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("resource_id", .int(resource)), ("service_id", .int(service)), ("start_time", .string(start)),
        ]
        members += extra
        return .object(members)
    }

    @Test func endPriceAndStatusDefaultFromTheService() throws {
        let a = try f.create("appointments", body("2025-12-10T09:00:00+01:00"))
        #expect(a["start_time"] == "2025-12-10T08:00:00Z" && a["end_time"] == "2025-12-10T09:00:00Z")
        #expect(a["price_cents"] == 8000 && a["status"] == "PENDING" && a["customer_id"] == .null)
    }

    @Test func endMustBeAfterStart() throws {
        let r = f.send("POST", "/api/appointments/", body("2025-12-10T10:00:00Z", ("end_time", "2025-12-10T10:00:00Z")))
        #expect(r.status.code == 400 && r.json["fields"]?["end_time"] != nil)
    }

    @Test func overlappingAppointmentIs409() throws {
        try f.create("appointments", body("2025-12-10T10:00:00Z"))
        let r = f.send("POST", "/api/appointments/", body("2025-12-10T10:30:00Z"))
        #expect(r.status.code == 409 && r.code == "conflict")
        #expect(f.send("POST", "/api/appointments/", body("2025-12-10T11:00:00Z")).status.code == 201)
        #expect(f.send("POST", "/api/appointments/", body("2025-12-10T09:00:00Z")).status.code == 201)
    }

    @Test func cancelledNeitherBlocksNorIsBlocked() throws {
        let cancelled = try f.create("appointments", body("2025-12-10T10:00:00Z", ("status", "CANCELLED")))
        let active = try f.create("appointments", body("2025-12-10T10:00:00Z"))
        #expect(
            f.send("POST", "/api/appointments/", body("2025-12-10T10:15:00Z", ("status", "CANCELLED"))).status.code
                == 201)
        let revived = f.send("PATCH", "/api/appointments/\(f.id(cancelled))/", ["status": "CONFIRMED"])
        #expect(revived.status.code == 409)
        #expect(f.send("PATCH", "/api/appointments/\(f.id(active))/", ["status": "CANCELLED"]).status.code == 200)
        #expect(f.send("PATCH", "/api/appointments/\(f.id(cancelled))/", ["status": "CONFIRMED"]).status.code == 200)
    }

    @Test func movingKeepsTheLengthAndChecksOverlap() throws {
        let a = try f.create("appointments", body("2025-12-10T10:00:00Z"))
        try f.create("appointments", body("2025-12-10T14:00:00Z"))
        let moved = f.send("PATCH", "/api/appointments/\(f.id(a))/", ["start_time": "2025-12-10T12:00:00Z"])
        #expect(moved.json["end_time"] == "2025-12-10T13:00:00Z")
        #expect(
            f.send("PATCH", "/api/appointments/\(f.id(a))/", ["start_time": "2025-12-10T13:30:00Z"]).status.code == 409)
        // Editing without moving never conflicts with itself.
        #expect(f.send("PATCH", "/api/appointments/\(f.id(a))/", ["notes": "ok"]).status.code == 200)
    }

    @Test func otherResourcesAreIndependent() throws {
        let other = f.id(try f.create("resources", ["name": "Room", "type": "room"]))
        try f.create("appointments", body("2025-12-10T10:00:00Z"))
        let r = f.send(
            "POST", "/api/appointments/", patched(body("2025-12-10T10:00:00Z"), ("resource_id", .int(other))))
        #expect(r.status.code == 201)
    }

    @Test func conflictCheckerConsultsEveryBusySource() throws {
        struct Holiday: BusySource {
            func busyBlocks(tenantID: Int, resourceID: Int, start: Int64, end: Int64, excludingAppointment: Int?) throws
                -> [BusyBlock]
            { start < 200 && end > 100 ? [BusyBlock(start: 100, end: 200, source: "calendar", id: 1)] : [] }
        }
        let checker = ConflictChecker(sources: ConflictChecker.sources(f.env.db) + [Holiday()])
        #expect(try checker.busyBlocks(tenantID: 1, resourceID: 1, start: 150, end: 160).map(\.source) == ["calendar"])
        #expect(throws: APIError.self) { try checker.requireFree(tenantID: 1, resourceID: 1, start: 0, end: 101) }
        try checker.requireFree(tenantID: 1, resourceID: 1, start: 200, end: 300)
    }

    @Test func listFiltersByWindowStatusAndResourceInStartOrder() throws {
        try f.create("appointments", body("2025-12-12T10:00:00Z", ("status", "CONFIRMED")))
        try f.create("appointments", body("2025-12-10T10:00:00Z"))
        try f.create("appointments", body("2025-12-20T10:00:00Z"))
        let all = f.send("GET", "/api/appointments/").json["results"]
        guard case .array(let rows)? = all else { Issue.record("no results"); return }
        #expect(
            rows.map { $0["start_time"]?.stringValue ?? "" }
                == rows.map { $0["start_time"]?.stringValue ?? "" }.sorted())
        let window = f.send(
            "GET", "/api/appointments/", query: [("start", "2025-12-11T00:00:00Z"), ("end", "2025-12-15T00:00:00Z")])
        #expect(window.json["count"] == 1)
        #expect(f.send("GET", "/api/appointments/", query: [("status", "PENDING")]).json["count"] == 2)
        #expect(f.send("GET", "/api/appointments/", query: [("resource_id", String(resource))]).json["count"] == 3)
        #expect(f.send("GET", "/api/appointments/", query: [("resource_id", "424242")]).json["count"] == 0)
    }
}
