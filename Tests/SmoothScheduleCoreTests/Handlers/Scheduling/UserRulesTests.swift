import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// The users endpoints' own rules (docs/api.md §5): write-only passwords, unique e-mails, a last owner who stays.
struct UserRulesTests {
    @Test func passwordIsWriteOnlyAndLetsTheUserSignIn() throws {
        let f = try SchedulingFixture()
        let user = try f.create("users", ["email": "New@Example.com", "role": "staff", "password": "correct horse"])
        #expect(user["email"] == "new@example.com" && user["password"] == nil)
        let login = f.env.respond(
            TestRequest.post(
                "/api/auth/login/", host: f.host, json: ["email": "new@example.com", "password": "correct horse"]))
        #expect(login.status.code == 200)
        let changed = f.send("PATCH", "/api/users/\(f.id(user))/", ["password": "battery staple"])
        #expect(changed.status.code == 200 && changed.json["password"] == nil)
        let old = f.env.respond(
            TestRequest.post(
                "/api/auth/login/", host: f.host, json: ["email": "new@example.com", "password": "correct horse"]))
        #expect(old.status.code == 400)
    }

    @Test func duplicateEmailInTheTenantIs409() throws {
        let f = try SchedulingFixture()
        try f.create("users", ["email": "dup@example.com", "role": "staff"])
        let r = f.send("POST", "/api/users/", ["email": "DUP@example.com", "role": "manager"])
        #expect(r.status.code == 409 && r.code == "conflict")
        let other = try SchedulingFixture(env: f.env, schema: "other")
        #expect(other.send("POST", "/api/users/", ["email": "dup@example.com", "role": "staff"]).status.code == 201)
    }

    @Test func superuserRoleCannotBeGranted() throws {
        let f = try SchedulingFixture()
        let r = f.send("POST", "/api/users/", ["email": "root@example.com", "role": "superuser"])
        #expect(r.status.code == 400 && r.json["fields"]?["role"] != nil)
    }

    @Test func lastOwnerCannotBeDemotedDeactivatedOrDeleted() throws {
        let f = try SchedulingFixture()
        let me = "/api/users/\(f.owner.user.id)/"
        #expect(f.send("PATCH", me, ["role": "manager"]).status.code == 409)
        #expect(f.send("PATCH", me, ["is_active": false]).status.code == 409)
        #expect(f.send("DELETE", me).status.code == 409)
        let second = try f.create("users", ["email": "second@example.com", "role": "owner"])
        #expect(f.send("PATCH", me, ["role": "manager"]).status.code == 200)
        #expect(f.send("DELETE", "/api/users/\(f.id(second))/").status.code == 403)  // managers cannot write users
    }

    @Test func deletingAUserRevokesTheirTokens() throws {
        let f = try SchedulingFixture()
        let staff = try f.member(.staff)
        #expect(f.send("GET", "/api/resources/", as: staff).status.code == 200)
        #expect(f.send("DELETE", "/api/users/\(staff.user.id)/").status.code == 204)
        #expect(f.send("GET", "/api/resources/", as: staff).status.code == 401)
    }
}
