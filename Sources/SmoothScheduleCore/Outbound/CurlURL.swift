import CCurl

/// A URL taken apart by libcurl's own parser (`curl_url`), so the host a webhook URL is checked against is the host
/// curl will connect to: no second parser to disagree with it.
public struct CurlURL: Sendable, Equatable {
    /// The URL as curl normalises it (what is stored and sent).
    public let normalized: String
    public let scheme: String
    /// The host as curl reads it; an IPv6 literal without brackets.
    public let host: String
    /// The port, the scheme's default when none is given.
    public let port: Int
    public let hasUserInfo: Bool
    public let hasFragment: Bool
    public let hasZoneID: Bool

    /// Parses `text`; nil when curl cannot (or it has no host).
    public init?(_ text: String) {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, text, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK else {
            return nil
        }
        func part(_ which: CURLUPart, _ flags: Int32 = 0) -> String? {
            var out: UnsafeMutablePointer<CChar>?
            guard curl_url_get(handle, which, &out, UInt32(flags)) == CURLUE_OK, let out else { return nil }
            defer { curl_free(out) }
            return String(cString: out)
        }
        guard let normalized = part(CURLUPART_URL), let scheme = part(CURLUPART_SCHEME),
            var host = part(CURLUPART_HOST), !host.isEmpty
        else { return nil }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.normalized = normalized
        self.scheme = scheme.lowercased()
        self.host = host.lowercased()
        port = part(CURLUPART_PORT, CURLU_DEFAULT_PORT).flatMap { Int($0) } ?? 0
        hasUserInfo = part(CURLUPART_USER) != nil || part(CURLUPART_PASSWORD) != nil
        hasFragment = part(CURLUPART_FRAGMENT) != nil
        hasZoneID = part(CURLUPART_ZONEID) != nil
    }
}
