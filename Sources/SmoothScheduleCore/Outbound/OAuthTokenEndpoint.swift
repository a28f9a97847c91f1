// The provider calls of OAuth: code exchange, refresh, account e-mail, revocation (RFC 6749, RFC 7009).

/// A successful token response (RFC 6749 §5.1).
public struct TokenGrant: Sendable {
    /// The longest access-token lifetime believed: a year and a day. Providers issue about an hour; a larger
    /// `expires_in`, up to Int64.max, would overflow `now + expiresIn` (security review F12).
    public static let maxExpiresIn: Int64 = 366 * 86_400

    public let accessToken: String
    public let refreshToken: String?
    /// Seconds the access token lives, always within 0…`maxExpiresIn`.
    public let expiresIn: Int64
    /// The granted scopes, or nil when the response left `scope` out (then it equals the request, §5.1).
    public let scopes: [String]?

    public init(accessToken: String, refreshToken: String?, expiresIn: Int64, scopes: [String]?) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresIn = min(max(0, expiresIn), Self.maxExpiresIn)
        self.scopes = scopes
    }
}

/// Talks to one provider's endpoints over an `HTTPClient`. Stateless; errors never carry secrets.
public struct OAuthTokenEndpoint {
    let provider: OAuthProvider
    let settings: ProviderConfig
    let http: any HTTPClient
    let timeout: Double

    public init(provider: OAuthProvider, config: Config, http: any HTTPClient) {
        self.provider = provider
        settings = provider.settings(config)
        self.http = http
        timeout = config.outboundTimeout
    }

    /// Trades an authorization code for tokens, proving possession of the PKCE verifier (RFC 7636 §4.5).
    public func exchange(code: String, verifier: String, redirectURI: String) throws -> TokenGrant {
        try token(
            [
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
                ("code_verifier", verifier), ("client_id", settings.clientID), ("client_secret", settings.clientSecret),
            ], step: "code exchange")
    }

    /// Renews an access token (RFC 6749 §6). `invalid_grant` → `.invalidGrant`.
    public func refresh(refreshToken: String) throws -> TokenGrant {
        try token(
            [
                ("grant_type", "refresh_token"), ("refresh_token", refreshToken),
                ("client_id", settings.clientID), ("client_secret", settings.clientSecret),
            ], step: "token refresh")
    }

    /// The account's e-mail address: Google userinfo `email`, Graph `/me` `mail` or `userPrincipalName`.
    public func email(accessToken: String) throws -> String {
        let response = try send(.bearerGET(settings.userinfoURL, token: accessToken, timeout: timeout), step: "profile")
        guard response.status == 200 else {
            throw OAuthError(
                .providerFailed(status: response.status), "\(provider.displayName) profile answered \(response.status)")
        }
        guard let json = response.json, let email = provider.email(fromProfile: json) else {
            throw OAuthError(.noEmail, "\(provider.displayName) profile has no e-mail address")
        }
        return email
    }

    /// Revokes `token` at the provider (RFC 7009); answers whether the provider accepted. Never throws: best effort.
    @discardableResult
    public func revoke(token: String) -> Bool {
        guard !settings.revokeURL.isEmpty else { return false }
        var fields = [("token", token)]
        if provider == .microsoft {
            fields += [("client_id", settings.clientID), ("client_secret", settings.clientSecret)]
        }
        guard let response = try? http.send(.form(settings.revokeURL, fields, timeout: timeout)) else { return false }
        return (200..<300).contains(response.status)
    }

    private func send(_ request: OutboundRequest, step: String) throws -> OutboundResponse {
        do { return try http.send(request) } catch let error as OutboundError {
            throw OAuthError(.unreachable, "\(provider.displayName) \(step) failed: \(error.message)")
        }
    }

    private func token(_ fields: [(String, String)], step: String) throws -> TokenGrant {
        let request = OutboundRequest.form(settings.tokenURL, fields, timeout: timeout, connectTimeout: min(5, timeout))
        let response = try send(request, step: step)
        let json = response.json
        guard response.status == 200 else {
            // RFC 6749 §5.2: only the error code is read; `error_description` may echo input, so it is dropped.
            if json?["error"]?.stringValue == "invalid_grant" {
                throw OAuthError(.invalidGrant, "\(provider.displayName) \(step) refused: invalid_grant")
            }
            throw OAuthError(
                .providerFailed(status: response.status), "\(provider.displayName) \(step) answered \(response.status)")
        }
        guard let json, let access = json["access_token"]?.stringValue, !access.isEmpty else {
            throw OAuthError(
                .providerFailed(status: response.status), "\(provider.displayName) \(step) returned no access token")
        }
        let refresh = json["refresh_token"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let expiresIn = json["expires_in"]?.intValue ?? json["expires_in"]?.stringValue.flatMap { Int64($0) } ?? 3600
        let scopes = json["scope"]?.stringValue.map { $0.split(separator: " ").map(String.init) }
        return TokenGrant(accessToken: access, refreshToken: refresh, expiresIn: expiresIn, scopes: scopes)
    }
}
