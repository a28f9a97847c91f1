/// The OAuth connect endpoints (docs/api.md §6). One handler per provider, built by these factories.
public enum OAuthHandlers {
    /// Seconds a `state` stays usable (RFC 9700 §2.1: short-lived, single use).
    static let stateLifetime: Int64 = 600

    /// `POST /api/oauth/<provider>/initiate/`: body `{"purpose": "calendar" | "email"}` (default `email`).
    /// Only `calendar` is gated by `can_use_calendar_sync` (403 `feature_not_available`). Answers
    /// `{"success": true, "authorization_url": …}` carrying a fresh state and a PKCE S256 challenge.
    static func initiate(_ provider: OAuthProvider) -> TenantHandler {
        { request, context in
            let tenant = context.tenant
            let user = context.user
            var body = try BodyReader(request)
            body.allowOnly(["purpose"])
            let purposeName =
                body.choice("purpose", OAuthPurpose.allCases.map(\.rawValue)) ?? OAuthPurpose.email.rawValue
            try body.finish()
            let purpose = OAuthPurpose(rawValue: purposeName) ?? .email
            if purpose == .calendar { try requireFeature(.calendarSync, tenant) }
            guard !provider.settings(context.config).clientID.isEmpty else {
                throw APIError(
                    .serviceUnavailable, code: "provider_not_configured",
                    "\(provider.displayName) is not configured on this server.")
            }
            // RFC 6749 §10.12 / RFC 9700 §4.7: an unguessable, single-use state; RFC 7636: S256 PKCE.
            let state = Encoding.base64url(Crypto.randomBytes(32))
            let verifier = PKCE.makeVerifier()
            let states = OAuthStateStore(context.db, cipher: context.deps.cipher)
            try context.db.transaction {
                // At most `pendingOAuthPerTenant` usable states per tenant, so a request loop cannot grow the
                // table (review F7): one more is a 429 until the oldest expires or is used.
                let limit = context.config.jobs.pendingOAuthPerTenant
                let pending = try states.pending(tenantID: tenant.id, now: context.now)
                if pending.count >= limit {
                    let wait = max(1, (pending.firstExpiry ?? context.now + stateLifetime) - context.now)
                    throw APIError(
                        .tooManyRequests, code: "throttled",
                        "This business already has \(limit) connections waiting to be completed. Finish one, or try "
                            + "again in \(wait) seconds.",
                        extra: [("limit", .int(Int64(limit)))], headers: [("Retry-After", String(wait))])
                }
                try states.create(
                    state: state, verifier: verifier, tenantID: tenant.id, userID: user.id, provider: provider,
                    purpose: purpose, redirectURI: provider.redirectURI(context.config), now: context.now,
                    lifetime: stateLifetime)
            }
            context.log.info(
                "oauth initiate", ["provider": provider.rawValue, "tenant": tenant.schemaName, "outcome": "ok"])
            let url = provider.authorizationURL(
                context.config, purpose: purpose, state: state, codeChallenge: PKCE.challenge(for: verifier))
            return .json(["success": true, "authorization_url": .string(url)])
        }
    }

    /// `GET /api/oauth/<provider>/callback/?code&state` (public; the tenant comes from `state`). Always a 302:
    /// to the tenant's frontend with `?connected=<provider>`, or with `?error=<code>` and no credential.
    static func callback(_ provider: OAuthProvider) -> Handler {
        { request, context in
            .redirect(to: OAuthCallback(provider: provider, context: context).run(request))
        }
    }
}
