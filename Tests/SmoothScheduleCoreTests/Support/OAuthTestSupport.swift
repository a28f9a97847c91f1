import Foundation

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// An env with both providers configured, a professional tenant (calendar sync on) and its owner.
struct OAuthFixture {
    let env: TestEnv
    let owner: TestEnv.Member
    let tenant: Tenant

    static let config = [
        "GOOGLE_CLIENT_ID": "g-client", "GOOGLE_CLIENT_SECRET": "g-secret",
        "MICROSOFT_CLIENT_ID": "m-client", "MICROSOFT_CLIENT_SECRET": "m-secret",
        "MICROSOFT_REVOKE_URL": "https://login.example/revoke",
        "SMOOTHSCHEDULE_PUBLIC_URL": "https://smoothschedule.test",
        "SMOOTHSCHEDULE_FRONTEND_URL": "https://{tenant}.smoothschedule.test/settings/integrations",
    ]

    init(plan: String = "professional", extraConfig: [String: String] = [:]) throws {
        env = try TestEnv(extraConfig: Self.config.merging(extraConfig) { $1 })
        tenant = try env.seedTenant("demo", plan: plan)
        owner = try env.seedUser("demo", role: .owner)
    }

    /// POSTs initiate and answers the response.
    func initiate(_ provider: OAuthProvider, purpose: String? = "calendar", token: String? = nil) -> Response {
        let body: JSONValue = purpose.map { ["purpose": .string($0)] } ?? .object([])
        return env.respond(
            TestRequest.post(
                "/api/oauth/\(provider.rawValue)/initiate/", host: host("demo"), token: token ?? owner.token, json: body
            ))
    }

    /// The authorization URL's query parameters after a successful initiate.
    func authorize(_ provider: OAuthProvider, purpose: String = "calendar") throws -> [String: String] {
        let response = initiate(provider, purpose: purpose)
        guard let url = response.json["authorization_url"]?.stringValue, let parts = URLComponents(string: url) else {
            throw CryptoError(message: "initiate failed: \(response.status.code) \(response.json.text)")
        }
        var query: [String: String] = [:]
        for item in parts.queryItems ?? [] { query[item.name] = item.value ?? "" }
        return query
    }

    /// GETs the callback on the public host.
    func callback(_ provider: OAuthProvider, _ query: [(String, String)]) -> Response {
        env.respond(
            TestRequest.get("/api/oauth/\(provider.rawValue)/callback/", host: TestEnv.baseDomain, query: query))
    }

    /// Queues a token response and a profile response for one successful exchange.
    func queueExchange(
        _ provider: OAuthProvider, access: String = "access-1", refresh: String? = "refresh-1", scope: String? = nil,
        email: String = "Owner@Example.com", expiresIn: Int = 3600
    ) {
        var token: [(String, JSONValue)] = [("access_token", .string(access)), ("expires_in", .int(Int64(expiresIn)))]
        if let refresh { token.append(("refresh_token", .string(refresh))) }
        let granted = scope ?? provider.requestedScopes(.calendar).joined(separator: " ")
        token.append(("scope", .string(granted)))
        env.http.responses.append(OutboundResponse(status: 200, body: JSONValue.object(token).serialized()))
        let profile: JSONValue =
            provider == .google ? ["email": .string(email)] : ["mail": .string(email), "userPrincipalName": "x@y"]
        env.http.responses.append(OutboundResponse(status: 200, body: profile.serialized()))
    }

    var credentials: OAuthCredentialStore { OAuthCredentialStore(env.db, cipher: TokenCipher(env.config)) }

    func credentialCount() throws -> Int { try env.db.scalarInt("SELECT count(*) FROM oauth_credentials") }

    func auditActions() throws -> [String] {
        try AuditStore(env.db).list(tenantID: tenant.id, limit: 50, offset: 0).map { "\($0.action):\($0.outcome)" }
    }

    /// Runs a whole successful connect; answers the stored credential.
    @discardableResult
    func connect(
        _ provider: OAuthProvider, purpose: String = "calendar", access: String = "access-1",
        refresh: String? = "refresh-1", expiresIn: Int = 3600
    ) throws -> OAuthCredential {
        let query = try authorize(provider, purpose: purpose)
        queueExchange(
            provider, access: access, refresh: refresh,
            scope: provider.requestedScopes(OAuthPurpose(rawValue: purpose)!).joined(separator: " "),
            expiresIn: expiresIn)
        let response = callback(provider, [("code", "the-code"), ("state", query["state"] ?? "")])
        guard response.header("Location")?.contains("connected=") == true else {
            throw CryptoError(message: "connect failed: \(response.header("Location") ?? "-")")
        }
        return try credentials.list(tenantID: tenant.id).last!
    }
}

/// A JSON body for a fake provider response.
func providerJSON(_ status: Int, _ value: JSONValue) -> OutboundResponse {
    OutboundResponse(status: status, body: value.serialized())
}
