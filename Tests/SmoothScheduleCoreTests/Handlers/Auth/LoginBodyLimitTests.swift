import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

// POST /api/auth/login/ refuses a body over 16 KiB before parsing it (security review F1).

private func login(_ env: TestEnv, _ body: String) -> Response {
    env.respond(
        Request(
            method: "POST", path: "/api/auth/login/",
            headers: ["host": TestEnv.baseDomain, "content-type": "application/json"], body: Array(body.utf8),
            remoteAddress: "127.0.0.1"))
}

@Test func loginBodyOverSixteenKiBIs413BeforeParsing() throws {
    let env = try TestEnv()
    // Distinct keys: what made the parser quadratic. Over the login limit, it is not even read.
    let body = "{" + (0..<2_000).map { "\"k\($0)\":0" }.joined(separator: ",") + "}"
    #expect(body.utf8.count > 16_384)
    let response = login(env, body)
    #expect(response.status == .payloadTooLarge)
    #expect(response.code == "payload_too_large")
}

@Test func longestLegitimateLoginBodyFitsTheLimit() throws {
    let env = try TestEnv()
    // A 1,024-character password of emoji, each written as a surrogate-pair escape (as Python's json.dumps does),
    // and a 254-character e-mail: about 13 KB, still a credential check, not a size refusal.
    let password = String(repeating: "\\ud83d\\ude00", count: 1_024)
    let email = String(repeating: "a", count: 240) + "@example.test"
    let body = "{\"email\":\"\(email)\",\"password\":\"\(password)\"}"
    #expect(body.utf8.count > 12_288 && body.utf8.count <= 16_384)
    let response = login(env, body)
    #expect(response.status == .badRequest)
    #expect(response.code == "invalid_credentials")
}
