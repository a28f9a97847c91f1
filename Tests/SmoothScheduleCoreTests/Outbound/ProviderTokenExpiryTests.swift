import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

// A provider's `expires_in` is clamped to 0…366 days (security review F12).

private let maxLifetime: Int64 = 366 * 86_400

@Test(arguments: [
    ("9223372036854775807", maxLifetime), ("\"9223372036854775807\"", maxLifetime), ("31622401", maxLifetime),
    ("-9223372036854775808", 0), ("\"-1\"", 0), ("3599", 3599), ("\"3599\"", 3599),
])
func providerExpiresInIsClamped(literal: String, expected: Int64) throws {
    let env = try TestEnv(extraConfig: OAuthFixture.config)
    env.http.responses.append(
        OutboundResponse(status: 200, body: Array(#"{"access_token":"a","expires_in":\#(literal)}"#.utf8)))
    let endpoint = OAuthTokenEndpoint(provider: .google, config: env.config, http: env.http)
    #expect(try endpoint.refresh(refreshToken: "r").expiresIn == expected)
}

@Test func connectWithTheLargestExpiresInStoresAClampedExpiry() throws {
    let fixture = try OAuthFixture()
    let credential = try fixture.connect(.google, expiresIn: Int.max)
    #expect(credential.accessExpiresAt == fixture.env.now + maxLifetime)
}
