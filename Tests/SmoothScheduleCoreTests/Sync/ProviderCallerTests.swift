import Testing

@testable import SmoothScheduleCore

private final class FakeTokens: CalendarTokenSource {
    var refreshes = 0
    func accessToken(credentialID: Int, tenantID: Int) throws -> String { "t\(refreshes)" }
    func refreshAfterUnauthorized(credentialID: Int, tenantID: Int) throws -> String {
        refreshes += 1
        return "t\(refreshes)"
    }
}

private func caller(_ http: FakeHTTPClient, _ tokens: FakeTokens, waits: @escaping (Double) -> Void) -> ProviderCaller {
    var caller = ProviderCaller(
        http: http, tokens: tokens, credentialID: 1, tenantID: 1, providerName: "Google", timeout: 5)
    caller.sleep = waits
    return caller
}

@Suite struct ProviderCallerTests {
    @Test func a401IsRefreshedAndRetriedOnce() throws {
        let http = FakeHTTPClient()
        let tokens = FakeTokens()
        http.responses = [OutboundResponse(status: 401), OutboundResponse(status: 200, body: Array("{}".utf8))]
        var c = caller(http, tokens, waits: { _ in })
        #expect(try c.get("http://x/").status == 200)
        #expect(tokens.refreshes == 1)
        #expect(http.sent.last?.headers.contains { $0.name == "Authorization" && $0.value == "Bearer t1" } == true)
    }

    @Test func throttlingIsRetriedThreeTimesHonouringRetryAfterThenFails() throws {
        let http = FakeHTTPClient()
        let throttled = OutboundResponse(status: 429, headers: [("retry-after", "2")])
        let tooLong = OutboundResponse(status: 429, headers: [("retry-after", "3600")])
        http.responses = [throttled, tooLong, throttled, throttled]
        var waits: [Double] = []
        var c = caller(http, FakeTokens(), waits: { waits.append($0) })
        #expect {
            try c.get("http://x/")
        } throws: { error in
            (error as? SyncFailure)?.message.contains("throttling") == true
        }
        #expect(waits.reduce(0, +) == 6 && waits.allSatisfy { $0 <= ProviderCaller.heartbeatEvery })
        #expect(http.sent.count == 4)
    }

    /// Review F9: a throttle wait longer than the lease keeps the claim alive, and a lost claim stops the wait.
    @Test func theClaimIsKeptAliveAroundRequestsAndDuringThrottleWaits() throws {
        let http = FakeHTTPClient()
        http.responses = [
            OutboundResponse(status: 429, headers: [("retry-after", "30")]),
            OutboundResponse(status: 200, body: Array("{}".utf8)),
        ]
        var events: [String] = []
        var c = caller(http, FakeTokens(), waits: { events.append("sleep \($0)") })
        c.heartbeat = { events.append("beat") }
        #expect(try c.get("http://x/").status == 200)
        #expect(events.filter { $0.hasPrefix("sleep") }.count == 30)
        // Never two sleeps in a row: at most `heartbeatEvery` seconds between heartbeats.
        #expect(!zip(events, events.dropFirst()).contains { $0.hasPrefix("sleep") && $1.hasPrefix("sleep") })
        #expect(events.first == "beat" && events.last == "beat")
        #expect(events.filter { $0 == "beat" }.count == 2 + 30 + 2)

        http.responses = [OutboundResponse(status: 429, headers: [("retry-after", "30")])]
        var beats = 0
        var lost = caller(http, FakeTokens(), waits: { _ in })
        lost.heartbeat = {
            beats += 1
            if beats > 3 { throw SyncFailure("The job was taken over by another worker.") }
        }
        #expect { try lost.get("http://x/") } throws: { ($0 as? SyncFailure)?.message.contains("taken over") == true }
        #expect(beats == 4)
    }

    @Test func googleRateLimit403IsThrottlingButOther403IsNot() {
        let rate = OutboundResponse(
            status: 403, body: Array(#"{"error":{"errors":[{"reason":"rateLimitExceeded"}]}}"#.utf8))
        let denied = OutboundResponse(status: 403, body: Array(#"{"error":{"errors":[{"reason":"forbidden"}]}}"#.utf8))
        #expect(ProviderCaller.isThrottled(rate))
        #expect(!ProviderCaller.isThrottled(denied))
    }

    @Test func otherFailuresFailAtOnceNaming() throws {
        let http = FakeHTTPClient()
        http.responses = [OutboundResponse(status: 500)]
        var c = caller(http, FakeTokens(), waits: { _ in })
        #expect { try c.get("http://x/") } throws: { ($0 as? SyncFailure)?.message.contains("HTTP 500") == true }
    }
}
