import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Every bad state ends in `?error=invalid_state` with no credential and no provider call (docs/api.md §6).
struct OAuthStateTests {
    static let frontend = "https://demo.smoothschedule.test/settings/integrations?error=invalid_state"
    static let publicURL = "https://smoothschedule.test/?error=invalid_state"

    func expectRejected(_ f: OAuthFixture, _ r: Response, location: String) throws {
        #expect(r.status.code == 302)
        #expect(r.header("Location") == location)
        #expect(try f.credentialCount() == 0)
        #expect(f.env.http.sent.isEmpty)
    }

    @Test func missingState() throws {
        let f = try OAuthFixture()
        f.queueExchange(.google)
        try expectRejected(f, f.callback(.google, [("code", "c")]), location: Self.publicURL)
    }

    @Test func unknownState() throws {
        let f = try OAuthFixture()
        f.queueExchange(.google)
        try expectRejected(
            f, f.callback(.google, [("code", "c"), ("state", Encoding.base64url(Crypto.randomBytes(32)))]),
            location: Self.publicURL)
    }

    @Test func forgedStateOneCharacterOff() throws {
        let f = try OAuthFixture()
        var state = Array(try f.authorize(.google)["state"]!)
        state[5] = state[5] == "A" ? "B" : "A"
        f.queueExchange(.google)
        try expectRejected(f, f.callback(.google, [("code", "c"), ("state", String(state))]), location: Self.publicURL)
    }

    @Test func expiredState() throws {
        let f = try OAuthFixture()
        let state = try f.authorize(.google)["state"]!
        let later = f.env.now + OAuthHandlers.stateLifetime + 1
        f.env.deps.clock = { later }
        f.queueExchange(.google)
        try expectRejected(f, f.callback(.google, [("code", "c"), ("state", state)]), location: Self.frontend)
    }

    @Test func reusedState() throws {
        let f = try OAuthFixture()
        let state = try f.authorize(.google)["state"]!
        f.queueExchange(.google)
        #expect(
            f.callback(.google, [("code", "c"), ("state", state)]).header("Location")?.hasSuffix("connected=google")
                == true)
        let sentBefore = f.env.http.sent.count
        f.queueExchange(.google, access: "other")
        let again = f.callback(.google, [("code", "c2"), ("state", state)])
        #expect(again.header("Location") == Self.frontend)
        let count = try f.credentialCount()
        #expect(f.env.http.sent.count == sentBefore && count == 1)
    }

    @Test func stateIssuedForTheOtherProvider() throws {
        let f = try OAuthFixture()
        let state = try f.authorize(.google)["state"]!
        f.queueExchange(.microsoft)
        try expectRejected(f, f.callback(.microsoft, [("code", "c"), ("state", state)]), location: Self.frontend)
        // The rightful provider's callback can still use it: a wrong-provider probe does not spend it.
        f.env.http.responses.removeAll()
        f.queueExchange(.google)
        #expect(
            f.callback(.google, [("code", "c"), ("state", state)]).header("Location")?.hasSuffix("connected=google")
                == true)
    }

    @Test func stateIsStoredOnlyAsAHash() throws {
        let f = try OAuthFixture()
        let state = try f.authorize(.google)["state"]!
        let row = try #require(try f.env.db.queryOne("SELECT * FROM oauth_states"))
        for value in row.values {
            if case .text(let t) = value { #expect(!t.contains(state)) }
            if case .blob(let b) = value { #expect(!String(decoding: b, as: UTF8.self).contains(state)) }
        }
    }
}
