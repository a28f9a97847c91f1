// Webhook secrets and the `X-SmoothSchedule-Signature` header (docs/api.md §15, docs/webhooks.md).

/// Signing secrets and signatures of webhook deliveries, in the scheme Stripe made familiar:
/// `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, one `v1` per secret in use (two during a
/// rotation's overlap). The HMAC key is the whole secret string, `whsec_` included, as UTF-8.
public enum WebhookSignature {
    public static let secretPrefix = "whsec_"

    /// `whsec_` + 32 random bytes, base64url without padding (43 characters).
    public static func newSecret() -> String {
        secretPrefix + Encoding.base64url(Crypto.randomBytes(32))
    }

    /// The hex HMAC of `"<timestamp>.<body>"` under `secret`.
    public static func v1(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        Encoding.hex(Crypto.hmacSHA256(key: Array(secret.utf8), Array("\(timestamp).".utf8) + body))
    }

    /// The header value: `t=…` then one `v1=…` per secret, newest first.
    public static func header(secrets: [String], timestamp: Int64, body: [UInt8]) -> String {
        (["t=\(timestamp)"] + secrets.map { "v1=" + v1(secret: $0, timestamp: timestamp, body: body) })
            .joined(separator: ",")
    }

    /// Whether `header` carries a `v1` that `secret` made over `body`, no older than `tolerance` seconds at `now`:
    /// what a receiver does (docs/webhooks.md), kept here for the tests and the documentation's example.
    public static func verify(
        header: String, secret: String, body: [UInt8], now: Int64, tolerance: Int64 = 300
    ) -> Bool {
        var timestamp: Int64?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int64(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, abs(now - timestamp) <= tolerance else { return false }
        let expected = Array(v1(secret: secret, timestamp: timestamp, body: body).utf8)
        return signatures.contains { Crypto.constantTimeEquals(Array($0.utf8), expected) }
    }

    /// Associated data sealing one webhook's secret, so a sealed value copied to another row fails to open.
    public static func sealAssociatedData(tenantID: Int, webhookID: Int, field: String) -> String {
        "tenant:\(tenantID)|webhook:\(webhookID)|field:\(field)"
    }
}
