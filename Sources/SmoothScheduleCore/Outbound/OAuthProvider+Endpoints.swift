// What differs between Google and Microsoft: endpoints, scopes and authorization parameters.

extension OAuthProvider {
    /// This provider's client and endpoint settings.
    public func settings(_ config: Config) -> ProviderConfig {
        self == .google ? config.google : config.microsoft
    }

    /// The fixed redirect URI registered with the provider (API.md §11): the tenant travels in `state`.
    public func redirectURI(_ config: Config) -> String { "\(config.publicURL)/api/oauth/\(rawValue)/callback/" }

    /// Scopes asked for: sign-in identity, offline access and the one that does the work.
    public func requestedScopes(_ purpose: OAuthPurpose) -> [String] {
        switch self {
        case .google: return ["openid", "email"] + requiredScopes(purpose)
        case .microsoft: return ["offline_access", "User.Read"] + requiredScopes(purpose)
        }
    }

    /// Scopes the grant must include for the credential to be useful.
    public func requiredScopes(_ purpose: OAuthPurpose) -> [String] {
        switch (self, purpose) {
        case (.google, .calendar): return ["https://www.googleapis.com/auth/calendar.readonly"]
        case (.google, .email): return ["https://www.googleapis.com/auth/gmail.send"]
        case (.microsoft, .calendar): return ["Calendars.Read"]
        case (.microsoft, .email): return ["Mail.Send"]
        }
    }

    /// Whether `granted` (the token response's `scope`) covers `required`. Graph may answer full resource URIs
    /// (`https://graph.microsoft.com/Calendars.Read`) and in any case, so compare the last segment, case-blind.
    public static func covers(_ granted: [String], _ required: [String]) -> Bool {
        func short(_ scope: String) -> String {
            scope.hasPrefix("https://graph.microsoft.com/")
                ? String(scope.dropFirst(28)).lowercased() : scope.lowercased()
        }
        let have = Set(granted.map(short))
        return required.allSatisfy { have.contains(short($0)) }
    }

    /// The authorization request URL (RFC 6749 §4.1.1 with RFC 7636 S256).
    public func authorizationURL(
        _ config: Config, purpose: OAuthPurpose, state: String, codeChallenge: String
    ) -> String {
        let settings = settings(config)
        var fields: [(String, String)] = [
            ("client_id", settings.clientID), ("redirect_uri", redirectURI(config)), ("response_type", "code"),
            ("scope", requestedScopes(purpose).joined(separator: " ")), ("state", state),
            ("code_challenge", codeChallenge), ("code_challenge_method", "S256"),
        ]
        switch self {
        case .google:
            fields += [("access_type", "offline"), ("prompt", "consent"), ("include_granted_scopes", "false")]
        case .microsoft:
            fields += [("response_mode", "query"), ("prompt", "select_account")]
        }
        return FormEncoding.url(settings.authURL, fields)
    }

    /// The signed-in account's address from userinfo (Google) or Graph `/me` (`mail`, else `userPrincipalName`).
    func email(fromProfile json: JSONValue) -> String? {
        let candidates = self == .google ? ["email"] : ["mail", "userPrincipalName"]
        for key in candidates {
            if let value = json[key]?.stringValue?.trimmingWhitespace(), !value.isEmpty, value.count <= 320 {
                return value.lowercased()
            }
        }
        return nil
    }
}

extension ProviderConfig {
    /// Fills the URLs that are not set (empty in `configured`) from the ones that are, where the real provider's
    /// endpoints are siblings (API.md §11), else from `defaults`:
    ///
    /// - Microsoft: userinfo is `<graph>/me` (and the Graph base is userinfo without `/me`); `…/authorize` and
    ///   `…/token` follow each other; there is no revocation endpoint unless one is set.
    /// - Google: `…/token` and `…/revoke` follow each other; userinfo follows the Calendar API base
    ///   (`…/calendar/v3` and `…/oauth2/v3/userinfo`, as on `www.googleapis.com`) and the other way round.
    ///
    /// With nothing set, every URL is the real provider's, as before.
    static func followingSiblings(provider: OAuthProvider, _ configured: Defaults, defaults: Defaults) -> Defaults {
        func first(_ candidates: String?...) -> String? { candidates.compactMap { $0 }.first { !$0.isEmpty } }
        let c = configured
        switch provider {
        case .microsoft:
            let api = first(c.api, sibling(c.userinfo, "me", ""))
            return Defaults(
                auth: first(c.auth, sibling(c.token, "token", "authorize")) ?? defaults.auth,
                token: first(c.token, sibling(c.auth, "authorize", "token")) ?? defaults.token,
                revoke: first(c.revoke) ?? defaults.revoke,
                userinfo: first(c.userinfo, api.map { Config.trimmedURL($0) + "/me" }) ?? defaults.userinfo,
                api: api ?? defaults.api)
        case .google:
            return Defaults(
                auth: first(c.auth) ?? defaults.auth,
                token: first(c.token, sibling(c.revoke, "revoke", "token")) ?? defaults.token,
                revoke: first(c.revoke, sibling(c.token, "token", "revoke")) ?? defaults.revoke,
                userinfo: first(c.userinfo, sibling(c.api, "calendar/v3", "oauth2/v3/userinfo")) ?? defaults.userinfo,
                api: first(c.api, sibling(c.userinfo, "oauth2/v3/userinfo", "calendar/v3")) ?? defaults.api)
        }
    }

    /// `url` (trailing slashes ignored) with its last path segments `last` replaced by `replacement` (nothing when
    /// `replacement` is empty), or nil when `url` is empty or does not end so.
    private static func sibling(_ url: String, _ last: String, _ replacement: String) -> String? {
        let trimmed = Config.trimmedURL(url)
        guard !trimmed.isEmpty, trimmed.hasSuffix("/" + last) else { return nil }
        let parent = trimmed.dropLast(last.count + 1)
        return replacement.isEmpty ? String(parent) : parent + "/" + replacement
    }
}

/// RFC 7636 PKCE values.
public enum PKCE {
    /// A verifier of 32 random bytes, base64url: 43 characters of the unreserved set (§4.1).
    public static func makeVerifier() -> String { Encoding.base64url(Crypto.randomBytes(32)) }

    /// `BASE64URL(SHA256(ASCII(verifier)))` (§4.2, S256).
    public static func challenge(for verifier: String) -> String { Encoding.base64url(Crypto.sha256(verifier)) }
}
