import Foundation

/// The callback's flow as a plain type: check state, exchange the code, check scopes, read the e-mail, store
/// the credential, audit. Answers where to send the browser; never throws (every failure is a `?error=`).
struct OAuthCallback {
    let provider: OAuthProvider
    let context: Context

    /// A failure with the code the frontend receives, and the tenant to send the browser back to, if known.
    struct Failure: Error {
        let code: String
        let tenantID: Int?
    }

    func run(_ request: Request) -> String {
        do {
            let (credential, created) = try connect(request)
            log(tenantID: credential.tenantID, outcome: created ? "connected" : "reconnected")
            return location(tenantID: credential.tenantID, ("connected", provider.rawValue))
        } catch let failure as Failure {
            log(tenantID: failure.tenantID, outcome: failure.code)
            return location(tenantID: failure.tenantID, ("error", failure.code))
        } catch {
            context.log.error(
                "oauth callback",
                [
                    "provider": provider.rawValue, "outcome": "server_error",
                    "error": String(describing: type(of: error)),
                ])
            return location(tenantID: nil, ("error", "server_error"))
        }
    }

    private var states: OAuthStateStore { OAuthStateStore(context.db, cipher: context.deps.cipher) }

    private func connect(_ request: Request) throws -> (OAuthCredential, Bool) {
        let state = request.queryValue("state") ?? ""
        guard !state.isEmpty, state.utf8.count <= 256 else { throw Failure(code: "invalid_state", tenantID: nil) }
        let knownTenant = try states.tenantID(ofState: state)
        guard let pending = try states.consume(state: state, provider: provider, now: context.now) else {
            throw Failure(code: "invalid_state", tenantID: knownTenant)
        }
        let fail = { (code: String) in Failure(code: code, tenantID: pending.tenantID) }
        if let error = request.queryValue("error") { throw fail(Self.safeCode(error)) }
        guard let code = request.queryValue("code"), !code.isEmpty, code.utf8.count <= 4096 else {
            throw fail("invalid_request")
        }
        let endpoint = OAuthTokenEndpoint(provider: provider, config: context.config, http: context.http)
        guard
            let grant = try? endpoint.exchange(
                code: code, verifier: pending.codeVerifier, redirectURI: pending.redirectURI)
        else { throw fail("token_exchange_failed") }
        let scopes = grant.scopes ?? provider.requestedScopes(pending.purpose)
        guard OAuthProvider.covers(scopes, provider.requiredScopes(pending.purpose)) else {
            endpoint.revoke(token: grant.refreshToken ?? grant.accessToken)
            throw fail("insufficient_scope")
        }
        guard let email = try? endpoint.email(accessToken: grant.accessToken) else { throw fail("userinfo_failed") }
        return try store(grant, email: email, scopes: scopes, pending)
    }

    private func store(_ grant: TokenGrant, email: String, scopes: [String], _ pending: OAuthStateStore.Pending) throws
        -> (OAuthCredential, Bool)
    {
        let db = context.db
        return try db.transaction {
            let (credential, created) = try OAuthCredentialStore(db, cipher: context.deps.cipher).upsert(
                tenantID: pending.tenantID, userID: pending.userID, provider: provider, purpose: pending.purpose,
                email: email, scopes: scopes,
                tokens: .init(access: grant.accessToken, refresh: grant.refreshToken),
                accessExpiresAt: context.now + grant.expiresIn, now: context.now)
            try AuditStore(db).record(
                tenantID: pending.tenantID, userID: pending.userID, action: "oauth.connect",
                objectType: "oauth_credential",
                objectID: String(credential.id),
                detail: [
                    "provider": .string(provider.rawValue), "purpose": .string(pending.purpose.rawValue),
                    "email": .string(email), "created": .bool(created),
                ], now: context.now)
            return (credential, created)
        }
    }

    /// A provider's `error` value passed on only if it is a plain RFC 6749 §4.1.2.1 code.
    static func safeCode(_ error: String) -> String {
        let ok = !error.isEmpty && error.count <= 64 && error.allSatisfy { ($0.isASCII && $0.isLowercase) || $0 == "_" }
        return ok ? error : "provider_error"
    }

    /// The tenant's frontend URL (`{tenant}` filled in) with one query parameter, else the public URL.
    private func location(tenantID: Int?, _ parameter: (String, String)) -> String {
        let config = context.config
        if let tenantID, let tenant = try? TenantStore(context.db).find(id: tenantID) {
            let base = config.frontendURL.replacingOccurrences(of: "{tenant}", with: tenant.schemaName)
            return FormEncoding.url(base, [parameter])
        }
        return FormEncoding.url(config.publicURL + "/", [parameter])
    }

    private func log(tenantID: Int?, outcome: String) {
        let tenant = tenantID.flatMap { try? TenantStore(context.db).find(id: $0) }?.schemaName ?? "-"
        context.log.info("oauth callback", ["provider": provider.rawValue, "tenant": tenant, "outcome": outcome])
    }
}
