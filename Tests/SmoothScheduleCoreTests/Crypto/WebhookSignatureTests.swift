import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

@Suite struct WebhookSignatureTests {
    @Test func secretsAreWhsecAnd32RandomBytesBase64url() {
        let secret = WebhookSignature.newSecret()
        #expect(secret.hasPrefix("whsec_") && secret.count == 6 + 43)
        let encoded = String(secret.dropFirst(6))
        #expect(Encoding.fromBase64url(encoded)?.count == 32)
        #expect(encoded.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(WebhookSignature.newSecret() != secret)
    }

    /// RFC 4231 test case 2's HMAC-SHA256 ("Jefe" / "what do ya want for nothing?"), as `<t>.<body>` splits it.
    @Test func v1IsHexHMACSHA256OfTimestampDotBody() {
        let v1 = WebhookSignature.v1(secret: "Jefe", timestamp: 0, body: Array("what do ya want for nothing?".utf8))
        let expected = Encoding.hex(
            Crypto.hmacSHA256(key: Array("Jefe".utf8), Array("0.what do ya want for nothing?".utf8)))
        #expect(v1 == expected)
        #expect(
            Encoding.hex(Crypto.hmacSHA256(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func headerCarriesOneV1PerSecretAndVerifies() {
        let body = Array(#"{"id":1}"#.utf8)
        let header = WebhookSignature.header(secrets: ["whsec_new", "whsec_old"], timestamp: 1_700_000_000, body: body)
        let parts = header.split(separator: ",")
        #expect(
            parts.count == 3 && parts[0] == "t=1700000000" && parts[1].hasPrefix("v1=") && parts[2].hasPrefix("v1="))
        for secret in ["whsec_new", "whsec_old"] {
            #expect(WebhookSignature.verify(header: header, secret: secret, body: body, now: 1_700_000_100))
        }
        #expect(!WebhookSignature.verify(header: header, secret: "whsec_other", body: body, now: 1_700_000_100))
        #expect(!WebhookSignature.verify(header: header, secret: "whsec_new", body: body + [0x20], now: 1_700_000_100))
        // Older than five minutes: refused, as docs/webhooks.md tells receivers to do.
        #expect(!WebhookSignature.verify(header: header, secret: "whsec_new", body: body, now: 1_700_000_301))
    }
}
