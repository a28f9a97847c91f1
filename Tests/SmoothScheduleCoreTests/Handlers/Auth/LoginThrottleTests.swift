import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Login brute-force protection (docs/review/login.md, review F4): per pair, account and address, on the DB clock (no sleeping).
@Suite struct LoginThrottleTests {
    let env: TestEnv
    let victim = "victim@demo.example"
    var clock: Int64 = TestEnv.fixedNow

    init() throws {
        env = try TestEnv()
        try env.seedTenant("demo")
        _ = try env.seedUser("demo", role: .owner, email: victim, password: "right-password")
        _ = try env.seedUser("demo", role: .staff, email: "other@demo.example", password: "other-password")
    }

    func login(_ email: String, _ password: String, from address: String, at time: Int64) -> Response {
        env.deps.clock = { time }
        var request = TestRequest.post(
            "/api/auth/login/", host: host("demo"), json: ["email": .string(email), "password": .string(password)])
        request.remoteAddress = address
        return env.respond(request)
    }

    @Test func fifthFailureBlocksTheAccountWithRetryAfter() {
        for _ in 1...4 { #expect(login(victim, "guess", from: "10.0.0.1", at: clock).status == .badRequest) }
        #expect(login(victim, "guess", from: "10.0.0.1", at: clock).code == "invalid_credentials")
        let blocked = login(victim, "right-password", from: "10.0.0.2", at: clock + 1)
        #expect(blocked.status == .tooManyRequests && blocked.code == "too_many_attempts")
        #expect(blocked.header("Retry-After") == "29")
    }

    @Test func addressKeyBlocksAnAttackerSprayingAccounts() {
        for n in 1...20 { _ = login("nobody\(n)@demo.example", "guess", from: "10.0.0.9", at: clock) }
        #expect(login("other@demo.example", "other-password", from: "10.0.0.9", at: clock).code == "too_many_attempts")
        // The real users, elsewhere, are untouched: the sprayed accounts were not theirs.
        #expect(login("other@demo.example", "other-password", from: "10.0.0.3", at: clock).status == .ok)
        #expect(login(victim, "right-password", from: "10.0.0.4", at: clock).status == .ok)
    }

    @Test func blocksDoubleButAreCappedAtFifteenMinutes() {
        // An attacker who retries the moment each block ends: 5 failures, then one more failure per block.
        var t = clock
        var blocks: [Int] = []
        for _ in 0..<30 {
            let r = login(victim, "guess", from: "10.0.0.\(blocks.count)", at: t)
            if r.status == .tooManyRequests, let after = r.header("Retry-After").flatMap({ Int($0) }) {
                blocks.append(after)
                t += Int64(after)
            }
        }
        #expect(Array(blocks.prefix(8)) == [30, 60, 120, 240, 480, 900, 900, 900])
    }

    @Test func realUserGetsInOnceTheBlockIsOverAndSuccessResetsThePair() {
        for _ in 1...5 { _ = login(victim, "guess", from: "10.0.0.1", at: clock) }
        #expect(login(victim, "right-password", from: "10.0.0.2", at: clock + 10).status == .tooManyRequests)
        #expect(login(victim, "right-password", from: "10.0.0.2", at: clock + 31).status == .ok)
        // Success reset that address's pair: four typos there later do not block it again.
        for _ in 1...4 { _ = login(victim, "typo", from: "10.0.0.2", at: clock + 40) }
        #expect(login(victim, "right-password", from: "10.0.0.2", at: clock + 41).status == .ok)
    }

    @Test func aQuietDayForgetsPastBlocks() {
        for _ in 1...6 { _ = login(victim, "guess", from: "10.0.0.1", at: clock + 100) }
        // A day later, one typo is an ordinary failure (no doubled block), for the account and the address.
        let day = clock + 86_400
        #expect(login(victim, "typo", from: "10.0.0.1", at: day).code == "invalid_credentials")
        #expect(login(victim, "right-password", from: "10.0.0.1", at: day + 1).status == .ok)
    }

    @Test func successDoesNotResetTheAddressKey() {
        // An attacker who owns one account cannot clear their address's count by signing into it.
        for n in 1...19 { _ = login("nobody\(n)@demo.example", "guess", from: "10.0.0.7", at: clock) }
        #expect(login("other@demo.example", "other-password", from: "10.0.0.7", at: clock).status == .ok)
        _ = login("nobody20@demo.example", "guess", from: "10.0.0.7", at: clock)
        #expect(login("nobody21@demo.example", "guess", from: "10.0.0.7", at: clock).code == "too_many_attempts")
    }
}
