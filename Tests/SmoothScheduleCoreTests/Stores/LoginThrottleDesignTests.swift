import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Review F4 (docs/review/login.md): nobody elsewhere can lock the real user out; parallel guesses are charged
/// before the password is checked; IPv6 counts by /64; a budget caps the hashing done for unknown addresses.
@Suite struct LoginThrottleDesignTests {
    let env: TestEnv
    let victim = "victim@demo.example"
    let clock: Int64 = TestEnv.fixedNow
    let victimID: Int

    init() throws {
        env = try TestEnv()
        try env.seedTenant("demo")
        victimID = try env.seedUser("demo", role: .owner, email: victim, password: "right-password").user.id
    }

    func login(_ email: String, _ password: String, from address: String, at time: Int64) -> Response {
        env.deps.clock = { time }
        var request = TestRequest.post(
            "/api/auth/login/", host: host("demo"), json: ["email": .string(email), "password": .string(password)])
        request.remoteAddress = address
        return env.respond(request)
    }

    @Test(arguments: [
        ("192.0.2.7", "192.0.2.7"), ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2::ffff", "2001:db8:1:2::/64"), ("::1", "0:0:0:0::/64"), ("::ffff:192.0.2.9", "192.0.2.9"),
        ("", ""), ("not an address", "not an address"), ("fe80::1%eth0", "fe80::1%eth0"),
    ])
    func addressKeys(_ remote: String, _ key: String) {
        #expect(LoginThrottle.addressKey(remote) == key)
    }

    @Test func aKnownAddressSignsInThroughTheAccountBlockAndDoesNotLengthenIt() throws {
        #expect(login(victim, "right-password", from: "10.1.0.1", at: clock).status == .ok)
        // Attackers from many addresses: five failures block the account, the rest are refused uncounted.
        for n in 2...6 { #expect(login(victim, "guess", from: "10.1.0.\(n)", at: clock + 100).status == .badRequest) }
        let held = login(victim, "guess", from: "10.1.0.7", at: clock + 101)
        #expect(held.code == "too_many_attempts" && held.header("Retry-After") == "29")
        #expect(login(victim, "right-password", from: "10.1.0.8", at: clock + 101).code == "too_many_attempts")
        // The user's own address gets in, and signing in does not move the block the others see.
        #expect(login(victim, "right-password", from: "10.1.0.1", at: clock + 102).status == .ok)
        #expect(login(victim, "guess", from: "10.1.0.9", at: clock + 102).header("Retry-After") == "28")
        // A typo at the known address is the pair's business (5 there), not the account's.
        #expect(login(victim, "typo", from: "10.1.0.1", at: clock + 103).code == "invalid_credentials")
        #expect(login(victim, "right-password", from: "10.1.0.1", at: clock + 104).status == .ok)
    }

    @Test func anAdmittedAttemptIsChargedBeforeThePasswordIsChecked() throws {
        // Five attempts admitted at once (as parallel requests would be), none answered yet: the sixth waits.
        let throttle = LoginThrottle(env.db, now: clock)
        let keys = LoginThrottle.Keys(email: victim, remoteAddress: "10.2.0.1")
        for _ in 1...5 { _ = try throttle.admit(keys, known: false, cost: 1000) }
        #expect(throws: StoreError.self) { try throttle.admit(keys, known: false, cost: 1000) }
        let elsewhere = LoginThrottle.Keys(email: victim, remoteAddress: "10.2.0.2")
        #expect(throws: StoreError.self) { try throttle.admit(elsewhere, known: false, cost: 1000) }
    }

    @Test func aSuccessGivesBackItsChargeAndTheBlockItStarted() throws {
        for n in 1...4 { _ = login(victim, "guess", from: "10.3.0.\(n)", at: clock) }
        // The fifth attempt is the real user's, from a new address: charged as the fifth failure, then given back.
        #expect(login(victim, "right-password", from: "10.3.0.9", at: clock).status == .ok)
        #expect(login(victim, "right-password", from: "10.3.0.10", at: clock).status == .ok)
    }

    @Test func theHashingBudgetHoldsUnknownAddressesButNotKnownOnes() throws {
        #expect(login(victim, "right-password", from: "10.4.0.1", at: clock).status == .ok)
        let t = clock + 1000
        try LoginThrottle(env.db, now: t).spend(iterations: LoginThrottle.defaultWorkBudget)
        let spent = login("nobody@demo.example", "guess", from: "10.4.0.2", at: t + 3)
        #expect(spent.code == "too_many_attempts" && spent.header("Retry-After") == "7")
        #expect(login(victim, "right-password", from: "10.4.0.3", at: t + 3).code == "too_many_attempts")
        #expect(login(victim, "right-password", from: "10.4.0.1", at: t + 3).status == .ok)
        // The next window starts afresh.
        #expect(login(victim, "right-password", from: "10.4.0.3", at: t + 10).status == .ok)
    }

    @Test func theBudgetCountsIterations() throws {
        let throttle = LoginThrottle(env.db, now: clock, workBudget: 3000)
        for _ in 1...3 { try throttle.spend(iterations: 1000) }
        #expect(throws: StoreError.self) { try throttle.spend(iterations: 1000) }
        try LoginThrottle(env.db, now: clock + 10, workBudget: 3000).spend(iterations: 1000)
    }

    @Test func aPasswordChangeForgetsTheKnownAddresses() throws {
        let owner = try env.seedUser("demo", role: .owner, password: "owner-password")
        #expect(login(victim, "right-password", from: "10.5.0.1", at: clock).status == .ok)
        let throttle = LoginThrottle(env.db, now: clock)
        #expect(try throttle.isKnown(userID: victimID, addressKey: "10.5.0.1"))
        env.deps.clock = { TestEnv.fixedNow }
        let patch = TestRequest.make(
            "PATCH", "/api/users/\(victimID)/", host: host("demo"), token: owner.token,
            json: ["password": "a-new-password"])
        #expect(env.respond(patch).status == .ok)
        #expect(try !throttle.isKnown(userID: victimID, addressKey: "10.5.0.1"))
    }

    @Test func knownAddressesAreCappedPerUser() throws {
        for n in 1...25 {
            #expect(login(victim, "right-password", from: "10.6.0.\(n)", at: clock + Int64(n)).status == .ok)
        }
        let throttle = LoginThrottle(env.db, now: clock + 30)
        #expect(try !throttle.isKnown(userID: victimID, addressKey: "10.6.0.5"))
        #expect(try throttle.isKnown(userID: victimID, addressKey: "10.6.0.6"))
        #expect(try throttle.isKnown(userID: victimID, addressKey: "10.6.0.25"))
        #expect(try !LoginThrottle(env.db, now: clock + 91 * 86_400).isKnown(userID: victimID, addressKey: "10.6.0.25"))
    }
}
