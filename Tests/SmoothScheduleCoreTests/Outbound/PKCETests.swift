import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// RFC 7636 S256 and the verifier's shape.
struct PKCETests {
    @Test func challengeMatchesRFC7636AppendixB() {
        #expect(
            PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
                == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test func verifierIs43UnreservedCharactersAndFresh() {
        let a = PKCE.makeVerifier(), b = PKCE.makeVerifier()
        #expect(a.count == 43 && a != b)
        #expect(a.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~".contains($0)) })
    }

    @Test func formEncodingEscapesReservedCharacters() {
        #expect(
            FormEncoding.encode([("scope", "openid email"), ("r", "https://a/b?c=d&e")])
                == "scope=openid%20email&r=https%3A%2F%2Fa%2Fb%3Fc%3Dd%26e")
    }

    @Test func curlErrorsNameHostAndPathButNeverTheQuery() {
        #expect(CurlHTTPClient.describe("https://user:pw@h.example:8443/token?code=secret") == "h.example:8443/token")
    }
}
