import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// `SMOOTHSCHEDULE_TOKEN_TTL_DAYS` (review F15): a token older than the lifetime is `invalid_token`, also when
/// this thread's ReadCache still holds its lookup (no write happened in between to clear it).
@Suite struct TokenLifetimeTests {
    func me(_ env: TestEnv, _ token: String, at time: Int64) -> Response {
        env.deps.clock = { time }
        return env.respond(TestRequest.get("/api/auth/me/", host: host("demo"), token: token))
    }

    @Test func aTokenExpiresAfterTheLifetimeEvenWhenItsLookupIsCached() throws {
        let env = try TestEnv(extraConfig: ["SMOOTHSCHEDULE_TOKEN_TTL_DAYS": "1"])
        try env.seedTenant("demo")
        let member = try env.seedUser("demo", role: .staff)
        let issued = env.now
        #expect(me(env, member.token, at: issued).status == .ok)  // now cached
        #expect(me(env, member.token, at: issued + 86_399).status == .ok)
        let expired = me(env, member.token, at: issued + 86_400)
        #expect(expired.status == .unauthorized && expired.code == "invalid_token")
    }

    @Test func withoutALifetimeTokensDoNotExpire() throws {
        let env = try TestEnv()
        try env.seedTenant("demo")
        let member = try env.seedUser("demo", role: .staff)
        #expect(me(env, member.token, at: env.now + 10 * 365 * 86_400).status == .ok)
    }

    @Test(arguments: ["0", "-3", "ten", "36501", "1.5"])
    func aBadLifetimeIsAConfigError(_ value: String) {
        #expect(throws: ConfigError.self) {
            _ = try Config(values: ["SMOOTHSCHEDULE_TOKEN_TTL_DAYS": value])
        }
    }

    @Test func anEmptyLifetimeMeansNone() throws {
        #expect(try Config(values: ["SMOOTHSCHEDULE_TOKEN_TTL_DAYS": ""]).tokenLifetime == nil)
        #expect(try Config(values: ["SMOOTHSCHEDULE_TOKEN_TTL_DAYS": "30"]).tokenLifetime == 30 * 86_400)
    }
}
