import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Roles per kind (docs/api.md §5) and tenant isolation (docs/api.md §2.8): another tenant's row is a 404, untouched.
struct SchedulingAccessTests {
    /// (kind, the highest role refused writes, the lowest role allowed writes).
    static let writeRules: [(String, Role, Role)] = [
        ("users", .manager, .owner), ("resources", .staff, .manager), ("services", .staff, .manager),
        ("customers", .customer, .staff), ("appointments", .customer, .staff),
        ("email-templates", .staff, .manager), ("automated-tasks", .staff, .manager),
    ]

    @Test(arguments: writeRules)
    func writesNeedTheListedRoles(kind: String, denied: Role, allowed: Role) throws {
        let f = try SchedulingFixture()
        let refused = try f.member(denied)
        let permitted = try f.member(allowed)
        let existing = try f.create(kind, try f.validBody(kind))
        let path = "/api/\(kind)/\(f.id(existing))/"
        let body = try f.validBody(kind)
        for r in [
            f.send("POST", "/api/\(kind)/", body, as: refused), f.send("PATCH", path, ["name": "x"], as: refused),
            f.send("DELETE", path, as: refused),
        ] {
            #expect(r.status.code == 403 && r.code == "permission_denied")
        }
        #expect(f.send("GET", path, as: f.owner).json == existing)
        #expect(f.send("POST", "/api/\(kind)/", body, as: permitted).status.code == 201)
    }

    @Test(arguments: ["resources", "services", "customers", "appointments", "email-templates", "automated-tasks"])
    func staffMayReadEveryRow(kind: String) throws {
        let f = try SchedulingFixture()
        let staff = try f.member(.staff)
        let row = try f.create(kind, try f.validBody(kind))
        let list = f.send("GET", "/api/\(kind)/", as: staff)
        #expect(list.status.code == 200 && list.json["count"] == f.send("GET", "/api/\(kind)/").json["count"])
        #expect(f.send("GET", "/api/\(kind)/\(f.id(row))/", as: staff).json == row)
    }

    /// A booking page needs what can be booked: customers read every resource and service (docs/api.md §5).
    @Test(arguments: ["resources", "services"])
    func customersReadWhatCanBeBooked(kind: String) throws {
        let f = try SchedulingFixture()
        let row = try f.create(kind, try f.validBody(kind))
        let customer = try f.member(.customer)
        #expect(f.send("GET", "/api/\(kind)/", as: customer).json["count"] == 1)
        #expect(f.send("GET", "/api/\(kind)/\(f.id(row))/", as: customer).json == row)
    }

    @Test(arguments: ["users", "email-templates", "automated-tasks"])
    func customersAreRefusedTeamKinds(kind: String) throws {
        let f = try SchedulingFixture()
        let row = try f.create(kind, try f.validBody(kind))
        let customer = try f.member(.customer)
        for r in [
            f.send("GET", "/api/\(kind)/", as: customer), f.send("GET", "/api/\(kind)/\(f.id(row))/", as: customer),
        ] {
            #expect(r.status.code == 403 && r.code == "permission_denied")
        }
    }

    /// The catalog's read roles and customer views agree: a kind customers may read says what they see of it.
    @Test(arguments: RecordKind.all.map(\.path))
    func customerViewMatchesReadRoles(path: String) throws {
        let kind = try #require(RecordKind.all.first { $0.path == path })
        if case .nothing = kind.customerView {
            #expect(!kind.readRoles.permits(.customer))
        } else {
            #expect(kind.readRoles.permits(.customer))
        }
    }

    @Test func usersAreReadByOwnersAndManagersOnly() throws {
        let f = try SchedulingFixture()
        #expect(f.send("GET", "/api/users/", as: try f.member(.manager)).status.code == 200)
        let staff = f.send("GET", "/api/users/", as: try f.member(.staff))
        #expect(staff.status.code == 403 && staff.code == "permission_denied")
    }

    @Test func anonymousIs401() throws {
        let f = try SchedulingFixture()
        let r = f.env.respond(TestRequest.get("/api/resources/", host: f.host))
        #expect(r.status.code == 401)
    }

    @Test(arguments: SchedulingFixture.kinds)
    func otherTenantsRowIs404AndUntouched(kind: String) throws {
        let env = try TestEnv()
        let mine = try SchedulingFixture(env: env, schema: "mine")
        let theirs = try SchedulingFixture(env: env, schema: "theirs")
        let row = try theirs.create(kind, try theirs.validBody(kind))
        let path = "/api/\(kind)/\(theirs.id(row))/"
        let (patch, _, _) = SchedulingFixture.patchBody(kind)
        for r in [mine.send("GET", path), mine.send("PATCH", path, patch), mine.send("DELETE", path)] {
            #expect(r.status.code == 404 && r.code == "not_found")
        }
        #expect(theirs.send("GET", path).json == row)
        let list = mine.send("GET", "/api/\(kind)/").json["results"]
        if case .array(let rows)? = list { #expect(!rows.contains { $0 == row }) }
    }

    @Test func referencesToAnotherTenantsRowsAre400() throws {
        let env = try TestEnv()
        let mine = try SchedulingFixture(env: env, schema: "mine")
        let theirs = try SchedulingFixture(env: env, schema: "theirs")
        let foreign = try theirs.validBody("appointments")
        let r = mine.send("POST", "/api/appointments/", foreign)
        #expect(r.status.code == 400 && r.code == "invalid")
        #expect(r.json["fields"]?["resource_id"] != nil && r.json["fields"]?["service_id"] != nil)
    }

    @Test(arguments: SchedulingFixture.kinds)
    func clientMayNotSetProtectedFields(kind: String) throws {
        let f = try SchedulingFixture()
        let row = try f.create(kind, try f.validBody(kind))
        let path = "/api/\(kind)/\(f.id(row))/"
        let protected: [(String, JSONValue)] = [
            ("tenant_id", 99), ("id", 12345), ("created_at", "2000-01-01T00:00:00Z"), ("max_resources", 1000),
            ("can_export_data", true), ("tenant", 2),
        ]
        for (key, value) in protected {
            guard case .object(var members) = try f.validBody(kind) else { continue }
            members.append((key, value))
            let before = f.send("GET", "/api/\(kind)/", query: [("page_size", "200")]).json["count"]
            let created = f.send("POST", "/api/\(kind)/", .object(members))
            #expect(created.status.code == 400 && created.json["fields"]?[key] != nil)
            #expect(f.send("GET", "/api/\(kind)/", query: [("page_size", "200")]).json["count"] == before)
            let patched = f.send("PATCH", path, .object([("name", "Sneaky"), (key, value)]))
            #expect(patched.status.code == 400 && patched.json["fields"]?[key] != nil)
            #expect(f.send("GET", path).json == row)
        }
        let tenant = f.env.respond(TestRequest.get("/api/tenant/", host: f.host, token: f.owner.token)).json
        #expect(tenant["plan"] == "enterprise" && tenant["features"]?["can_export_data"] == true)
    }
}
