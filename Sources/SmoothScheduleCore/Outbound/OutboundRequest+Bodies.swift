// Body builders for outbound requests: form (RFC 6749 token and revoke calls) and JSON.

/// `application/x-www-form-urlencoded` and query-string encoding (WHATWG URL standard, RFC 3986 unreserved set).
public enum FormEncoding {
    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    /// Percent-encodes every byte outside the unreserved set (so `+`, `/`, `=` and spaces are escaped).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                out.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// `a=1&b=two%20words`, in the order given.
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// `url` with `fields` appended as its query string.
    public static func url(_ base: String, _ fields: [(String, String)]) -> String {
        guard !fields.isEmpty else { return base }
        return base + (base.contains("?") ? "&" : "?") + encode(fields)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension OutboundRequest {
    /// A POST with a form body (`Content-Type: application/x-www-form-urlencoded`).
    public static func form(
        _ url: String, _ fields: [(String, String)], headers: [(name: String, value: String)] = [],
        timeout: Double = 15, connectTimeout: Double = 5
    ) -> OutboundRequest {
        OutboundRequest(
            method: "POST", url: url,
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")] + headers,
            body: Array(FormEncoding.encode(fields).utf8), timeout: timeout, connectTimeout: connectTimeout)
    }

    /// A request with a JSON body (`Content-Type: application/json`).
    public static func json(
        _ method: String, _ url: String, _ value: JSONValue, headers: [(name: String, value: String)] = [],
        timeout: Double = 15, connectTimeout: Double = 5
    ) -> OutboundRequest {
        OutboundRequest(
            method: method, url: url,
            headers: [("Content-Type", "application/json"), ("Accept", "application/json")] + headers,
            body: value.serialized(), timeout: timeout, connectTimeout: connectTimeout)
    }

    /// A GET carrying `Authorization: Bearer <token>`.
    public static func bearerGET(_ url: String, token: String, timeout: Double = 15, connectTimeout: Double = 5)
        -> OutboundRequest
    {
        OutboundRequest(
            method: "GET", url: url, headers: [("Authorization", "Bearer \(token)"), ("Accept", "application/json")],
            timeout: timeout, connectTimeout: connectTimeout)
    }
}
