import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Bad input is a 400 `invalid` naming each field (docs/api.md §2.8), and nothing is written.
struct SchedulingValidationTests {
    /// (kind, body, the fields that must be named).
    static let cases: [(String, JSONValue, [String])] = [
        ("users", [:], ["email", "role"]),
        ("users", ["email": "not-an-email", "role": "superuser"], ["email", "role"]),
        ("users", ["email": "a@example.com", "role": "staff", "password": "short"], ["password"]),
        ("resources", ["name": "", "type": "spaceship"], ["name", "type"]),
        (
            "resources", ["name": .string(String(repeating: "x", count: 201)), "type": "room", "is_active": "yes"],
            ["name", "is_active"]
        ),
        (
            "services", ["name": "Cut", "duration_minutes": 0, "price_cents": -1, "currency": "usd"],
            ["duration_minutes", "price_cents", "currency"]
        ),
        ("services", ["name": "Cut", "duration_minutes": "30"], ["duration_minutes"]),
        (
            "customers", ["name": 5, "email": "nope", "notes": .string(String(repeating: "n", count: 10_001))],
            ["name", "email", "notes"]
        ),
        (
            "appointments", ["start_time": "tomorrow", "status": "DONE"],
            ["resource_id", "service_id", "start_time", "status"]
        ),
        (
            "appointments",
            ["resource_id": 999, "service_id": 998, "start_time": "2025-12-10T10:00:00Z", "customer_id": 997],
            ["resource_id", "service_id", "customer_id"]
        ),
        ("email-templates", ["subject": "Hi", "colour": "red"], ["name", "colour"]),
        ("automated-tasks", ["name": "   ", "is_active": 1], ["name", "is_active"]),
    ]

    @Test(arguments: cases)
    func invalidBodiesName400Fields(kind: String, body: JSONValue, fields: [String]) throws {
        let f = try SchedulingFixture()
        let before = f.send("GET", "/api/\(kind)/").json["count"]
        let r = f.send("POST", "/api/\(kind)/", body)
        #expect(r.status.code == 400 && r.code == "invalid", "\(r.json)")
        for field in fields { #expect(r.json["fields"]?[field] != nil, "\(kind): \(field) missing in \(r.json)") }
        #expect(f.send("GET", "/api/\(kind)/").json["count"] == before)
    }

    @Test func patchRejectsNullForRequiredFields() throws {
        let f = try SchedulingFixture()
        let resource = try f.create("resources", ["name": "Room", "type": "room"])
        let r = f.send("PATCH", "/api/resources/\(f.id(resource))/", ["name": nil])
        #expect(r.status.code == 400 && r.json["fields"]?["name"] != nil)
    }

    @Test func bodyMustBeAnObject() throws {
        let f = try SchedulingFixture()
        let r = f.send("POST", "/api/resources/", ["name", "room"])
        #expect(r.status.code == 400)
    }

    @Test func badListFiltersAre400() throws {
        let f = try SchedulingFixture()
        let r = f.send(
            "GET", "/api/appointments/", query: [("start", "yesterday"), ("status", "LATE"), ("resource_id", "x")])
        #expect(r.status.code == 400 && r.json["fields"]?["start"] != nil && r.json["fields"]?["status"] != nil)
        #expect(r.json["fields"]?["resource_id"] != nil)
    }

    @Test func badIdInPathIs404() throws {
        let f = try SchedulingFixture()
        #expect(f.send("GET", "/api/resources/abc/").status.code == 404)
        #expect(f.send("GET", "/api/resources/999999/").status.code == 404)
    }
}
