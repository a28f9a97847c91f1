import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// The permission chain of docs/api.md §2, guard by guard, through the dispatcher (no sockets).
struct PipelineTests {
    @Test func unknownHostIs404TenantNotFoundBeforeAuthentication() throws {
        let env = try TestEnv()
        let r = env.respond(TestRequest.get("/api/tenant/", host: "nobody.smoothschedule.test"))
        #expect(r.status.code == 404 && r.code == "tenant_not_found")
        #expect(r.header("X-Request-Id") != nil)
    }

    @Test func missingTokenIs401WithWWWAuthenticate() throws {
        let env = try TestEnv()
        try env.seedTenant("demo")
        let r = env.respond(TestRequest.get("/api/tenant/", host: host("demo")))
        #expect(r.status.code == 401 && r.code == "not_authenticated")
        #expect(r.header("WWW-Authenticate") == "Token")
    }

    @Test func badTokenIs401InvalidToken() throws {
        let env = try TestEnv()
        try env.seedTenant("demo")
        let r = env.respond(TestRequest.get("/api/tenant/", host: host("demo"), token: "nope"))
        #expect(r.status.code == 401 && r.code == "invalid_token")
        #expect(r.header("WWW-Authenticate") == "Token")
    }

    @Test func otherTenantsTokenIs401() throws {
        let env = try TestEnv()
        try env.seedTenant("demo")
        try env.seedTenant("acme")
        let acme = try env.seedUser("acme", role: .owner)
        let r = env.respond(TestRequest.get("/api/tenant/", host: host("demo"), token: acme.token))
        #expect(r.status.code == 401 && r.code == "invalid_token")
    }

    @Test func superuserTokenIsValidOnEveryHost() throws {
        let env = try TestEnv()
        try env.seedTenant("demo")
        let admin = try env.seedUser(nil, role: .superuser)
        let r = env.respond(TestRequest.get("/api/tenant/", host: host("demo"), token: admin.token))
        #expect(r.status.code == 200)
        #expect(r.json["schema_name"]?.stringValue == "demo")
    }

    @Test func tenantEndpointOnPublicHostIs400NoTenantContext() throws {
        let env = try TestEnv()
        let admin = try env.seedUser(nil, role: .superuser)
        let r = env.respond(TestRequest.get("/api/tenant/", host: TestEnv.baseDomain, token: admin.token))
        #expect(r.status.code == 400 && r.code == "no_tenant_context")
    }

    @Test func wrongMethodIs405WithAllowOnlyAfterGuards() throws {
        let env = try TestEnv()
        try env.seedTenant("demo")
        let unauthenticated = env.respond(TestRequest.post("/api/tenant/", host: host("demo")))
        #expect(unauthenticated.status.code == 401)
        let owner = try env.seedUser("demo", role: .owner)
        let r = env.respond(TestRequest.post("/api/tenant/", host: host("demo"), token: owner.token))
        #expect(r.status.code == 405 && r.header("Allow") == "GET")
    }

    @Test func unknownPathIs404NotFound() throws {
        let env = try TestEnv()
        let r = env.respond(TestRequest.get("/api/nothing/", host: TestEnv.baseDomain))
        #expect(r.status.code == 404 && r.code == "not_found")
    }

    @Test func pathWithoutTrailingSlashIsAnsweredTheSame() throws {
        let env = try TestEnv()
        let r = env.respond(TestRequest.get("/api/health", host: TestEnv.baseDomain))
        #expect(r.status.code == 200 && r.json["status"]?.stringValue == "ok")
    }

    @Test func validIncomingRequestIDIsEchoed() throws {
        let env = try TestEnv()
        var request = TestRequest.get("/api/health/", host: TestEnv.baseDomain)
        request.headers["x-request-id"] = "abc-123"
        #expect(env.respond(request).header("X-Request-Id") == "abc-123")
        request.headers["x-request-id"] = "bad id with spaces"
        #expect(env.respond(request).header("X-Request-Id") != "bad id with spaces")
    }

    @Test func featureGuardNamesTheFeatureAndSaysUpgrade() throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", plan: "free")
        #expect(throws: APIError.self) { try requireFeature(.calendarSync, tenant) }
        do { try requireFeature(.calendarSync, tenant) } catch let e as APIError {
            #expect(e.status.code == 403 && e.code == "feature_not_available")
            #expect(e.message.contains("Calendar Sync") && e.message.lowercased().contains("upgrade"))
            #expect(JSONValue.object(e.extra)["upgrade_required"] == .bool(true))
        }
        let upgraded = try env.seedTenant("pro", plan: "free", overrides: ["can_use_calendar_sync=true"])
        try requireFeature(.calendarSync, upgraded)
    }

    @Test func quotaGuardReportsLimitAndUsed() throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", overrides: ["max_users=1"])
        _ = try env.seedUser("demo", role: .owner)
        do {
            try requireQuota(.maxUsers, tenant, env.db, now: env.now)
            Issue.record("expected quota_exceeded")
        } catch let e as APIError {
            #expect(e.status.code == 403 && e.code == "quota_exceeded")
            let extra = JSONValue.object(e.extra)
            #expect(extra["limit"] == 1 && extra["used"] == 1 && extra["quota"] == "max_users")
        }
        let unlimited = try env.seedTenant("big", overrides: ["max_users=unlimited"])
        try requireQuota(.maxUsers, unlimited, env.db, now: env.now)
    }

    @Test func roleGuardDeniesCustomers() throws {
        let env = try TestEnv()
        try env.seedTenant("demo")
        let customer = try env.seedUser("demo", role: .customer)
        #expect(throws: APIError.self) { try requireRole(customer.user, .ownerOrManager) }
        try requireRole(customer.user, .any)
    }
}

struct HostTests {
    @Test(arguments: [
        ("DEMO.smoothschedule.test", "demo"), ("demo.smoothschedule.test:8080", "demo"),
        ("demo.smoothschedule.test.", "demo"),
        ("www.demo.smoothschedule.test", "demo"), ("book.example.org", "demo"), ("www.book.example.org", "demo"),
    ])
    func hostsResolveToTheTenant(hostHeader: String, schema: String) throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo")
        try TenantStore(env.db).addDomain(tenantID: tenant.id, domain: "book.example.org", now: env.now)
        let target = try TenantResolver(baseDomain: TestEnv.baseDomain, store: TenantStore(env.db)).resolve(
            host: hostHeader)
        guard case .tenant(let t) = target else { Issue.record("expected a tenant"); return }
        #expect(t.schemaName == schema)
    }

    @Test(arguments: ["smoothschedule.test", "localhost:8080", "www.smoothschedule.test", "SMOOTHSCHEDULE.TEST."])
    func publicHosts(hostHeader: String) throws {
        let env = try TestEnv()
        let target = try TenantResolver(baseDomain: TestEnv.baseDomain, store: TenantStore(env.db)).resolve(
            host: hostHeader)
        guard case .publicContext = target else { Issue.record("expected the public context"); return }
    }

    @Test(arguments: ["other.smoothschedule.test", "a.demo.smoothschedule.test", "evil.example", "", "127.0.0.1"])
    func unknownHostsNeverFallBack(hostHeader: String) throws {
        let env = try TestEnv()
        try env.seedTenant("demo")
        #expect(throws: APIError.self) {
            try TenantResolver(baseDomain: TestEnv.baseDomain, store: TenantStore(env.db)).resolve(host: hostHeader)
        }
    }

    @Test func forwardedHostIsIgnored() throws {
        let env = try TestEnv()
        try env.seedTenant("demo")
        let owner = try env.seedUser("demo", role: .owner)
        var request = TestRequest.get("/api/tenant/", host: "nobody.smoothschedule.test", token: owner.token)
        request.headers["x-forwarded-host"] = "demo.smoothschedule.test"
        #expect(env.respond(request).code == "tenant_not_found")
    }
}
