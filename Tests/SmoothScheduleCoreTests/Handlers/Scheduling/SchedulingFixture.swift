import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// A tenant with an owner and helpers that create scheduling rows through the API.
final class SchedulingFixture {
    let env: TestEnv
    let schema: String
    let owner: TestEnv.Member
    private var slot: Int64 = 0

    static let kinds = [
        "users", "resources", "services", "customers", "appointments", "email-templates", "automated-tasks",
    ]

    init(env: TestEnv? = nil, schema: String = "demo", plan: String = "enterprise", overrides: [String] = []) throws {
        self.env = try env ?? TestEnv()
        self.schema = schema
        try self.env.seedTenant(schema, plan: plan, overrides: overrides)
        owner = try self.env.seedUser(schema, role: .owner)
    }

    var host: String { "\(schema).\(TestEnv.baseDomain)" }

    func member(_ role: Role) throws -> TestEnv.Member { try env.seedUser(schema, role: role) }

    func send(
        _ method: String, _ path: String, _ json: JSONValue? = nil, as member: TestEnv.Member? = nil,
        query: [(String, String)] = []
    ) -> Response {
        env.respond(
            TestRequest.make(method, path, host: host, token: (member ?? owner).token, json: json, query: query))
    }

    /// Creates a row as the owner, expecting 201, and answers its JSON.
    @discardableResult
    func create(_ kind: String, _ json: JSONValue) throws -> JSONValue {
        let r = send("POST", "/api/\(kind)/", json)
        try #require(r.status.code == 201, "POST /api/\(kind)/ → \(r.status.code) \(r.json)")
        return r.json
    }

    func id(_ value: JSONValue) -> Int64 { value["id"]?.intValue ?? 0 }

    /// A valid create body for `kind`; appointments get their own resource and service and a fresh slot.
    func validBody(_ kind: String) throws -> JSONValue {
        switch kind {
        case "users":
            return [
                "email": .string("u\(counter())@example.com"), "name": "Una", "role": "staff",
                "password": "correct horse",
            ]
        case "resources": return ["name": "Room 1", "type": "room"]
        case "services": return ["name": "Haircut", "duration_minutes": 30, "price_cents": 2500, "currency": "EUR"]
        case "customers": return ["name": "Cleo", "email": "cleo@example.com", "phone": "+44 20 7946 0000"]
        case "email-templates": return ["name": "Reminder", "subject": "See you soon", "body": "Hello {name}"]
        case "automated-tasks": return ["name": "Nightly reminder", "trigger": "daily", "is_active": true]
        case "appointments":
            let resource = try create("resources", ["name": "Chair", "type": "staff"])
            let service = try create("services", ["name": "Cut", "duration_minutes": 30, "price_cents": 1500])
            return [
                "resource_id": .int(id(resource)), "service_id": .int(id(service)),
                "start_time": .string(ISOTime.format(TestEnv.fixedNow + 3600 * counter())),
            ]
        default: throw FixtureError()
        }
    }

    /// A valid PATCH body and the key it changes.
    static func patchBody(_ kind: String) -> (JSONValue, String, JSONValue) {
        switch kind {
        case "users": return (["name": "Renamed"], "name", "Renamed")
        case "appointments": return (["notes": "Bring ID"], "notes", "Bring ID")
        case "email-templates": return (["subject": "New subject"], "subject", "New subject")
        default: return (["name": "Renamed"], "name", "Renamed")
        }
    }

    private func counter() -> Int64 {
        slot += 1
        return slot
    }

    struct FixtureError: Error {}
}
