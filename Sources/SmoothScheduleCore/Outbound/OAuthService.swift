import Foundation

/// Stored OAuth credentials in use: hands out access tokens (refreshing them first when needed), and revokes
/// and deletes credentials. Calendar sync and e-mail sending go through this type, never through the store.
///
/// Refresh runs once per credential at a time, across processes: the refresher claims `refresh_lock_until`
/// with an atomic UPDATE; others wait briefly and re-read the row the winner wrote.
public struct OAuthService {
    let db: Database
    let http: any HTTPClient
    let config: Config
    let clock: () -> Int64
    let log: Log
    /// Pauses between looks at a credential another process is refreshing (tests replace it).
    var pause: (Double) -> Void = { seconds in usleep(UInt32(seconds * 1_000_000)) }

    /// An access token this close to expiry (seconds) is refreshed before use.
    public static let expiryMargin: Int64 = 60

    public init(db: Database, http: any HTTPClient, config: Config, clock: @escaping () -> Int64, log: Log = .shared) {
        self.db = db
        self.http = http
        self.config = config
        self.clock = clock
        self.log = log
    }

    /// With one thread's connection, client and clock (a request's or a background job's).
    public init(_ deps: Dependencies, log: Log = .shared) {
        self.init(db: deps.db, http: deps.http, config: deps.config, clock: deps.clock, log: log)
    }

    private var store: OAuthCredentialStore { OAuthCredentialStore(db, cipher: TokenCipher(config)) }

    /// The tenant's credential, or nil.
    public func credential(id: Int, tenantID: Int) throws -> OAuthCredential? {
        try store.find(id: id, tenantID: tenantID)
    }

    /// Marks the stored access token expired, so the next `accessToken(for:)` refreshes it (after a provider's
    /// 401), under the refresh lock like any refresh.
    public func expireAccessToken(credentialID: Int, tenantID: Int) throws {
        try store.expireAccessToken(id: credentialID, tenantID: tenantID)
    }

    // MARK: - Access tokens

    /// A usable access token for `credential`, refreshed first if it has expired or expires within
    /// `expiryMargin` seconds. Pass the freshest row you have; the store is re-read before any refresh.
    ///
    /// Throws `OAuthError`: `.credentialInvalid` (marked invalid, or no refresh token), `.invalidGrant` (the
    /// provider refused the refresh token: the credential is now marked `is_valid = 0` and audited as
    /// `oauth.refresh_failed`), `.unreachable` / `.providerFailed` (try again later), `.refreshBusy`.
    public func accessToken(for credential: OAuthCredential) throws -> String {
        guard let current = try store.find(id: credential.id, tenantID: credential.tenantID) else {
            throw OAuthError(.credentialInvalid, "The \(credential.provider.displayName) connection no longer exists.")
        }
        guard current.isValid else { throw invalidError(current) }
        if !current.isExpired(at: clock(), margin: Self.expiryMargin) {
            try store.touch(id: current.id, tenantID: current.tenantID, now: clock())
            return try store.tokens(of: current).access
        }
        return try refreshed(current)
    }

    /// Waits for the refresh lock (or for another process's refresh to land), then refreshes.
    private func refreshed(_ credential: OAuthCredential) throws -> String {
        let deadline = Date().addingTimeInterval(config.outboundTimeout + 5)
        while true {
            let now = clock()
            let lockUntil = now + Int64(config.outboundTimeout) + 20
            if try store.claimRefreshLock(id: credential.id, tenantID: credential.tenantID, now: now, until: lockUntil)
            {
                return try refreshHoldingLock(credentialID: credential.id, tenantID: credential.tenantID)
            }
            pause(0.1)
            guard let latest = try store.find(id: credential.id, tenantID: credential.tenantID) else {
                throw OAuthError(
                    .credentialInvalid, "The \(credential.provider.displayName) connection no longer exists.")
            }
            guard latest.isValid else { throw invalidError(latest) }
            if !latest.isExpired(at: clock(), margin: Self.expiryMargin) { return try store.tokens(of: latest).access }
            if Date() > deadline {
                throw OAuthError(
                    .refreshBusy,
                    "The \(credential.provider.displayName) token is being refreshed elsewhere; try again.")
            }
        }
    }

    private func refreshHoldingLock(credentialID: Int, tenantID: Int) throws -> String {
        guard let credential = try store.find(id: credentialID, tenantID: tenantID) else {
            throw OAuthError(.credentialInvalid, "The connection no longer exists.")
        }
        var released = false
        defer { if !released { try? store.releaseRefreshLock(id: credentialID, tenantID: tenantID) } }
        // Another process may have finished a refresh between our look and our claim.
        if !credential.isExpired(at: clock(), margin: Self.expiryMargin) {
            return try store.tokens(of: credential).access
        }
        let tokens = try store.tokens(of: credential)
        guard credential.isValid, let refreshToken = tokens.refresh else { throw invalidError(credential) }
        let endpoint = OAuthTokenEndpoint(provider: credential.provider, config: config, http: http)
        let grant: TokenGrant
        do { grant = try endpoint.refresh(refreshToken: refreshToken) } catch let error as OAuthError {
            if error.kind == .invalidGrant { try recordInvalidGrant(credential) }
            logRefresh(credential, outcome: error.kind == .invalidGrant ? "invalid_grant" : "failed")
            throw error
        }
        let now = clock()
        // A rotated refresh token replaces the old one (Microsoft rotates; Google usually does not).
        let fresh = OAuthCredentialStore.Tokens(access: grant.accessToken, refresh: grant.refreshToken ?? refreshToken)
        try store.write(
            id: credential.id, tenantID: credential.tenantID, tokens: fresh,
            accessExpiresAt: now + grant.expiresIn, now: now)
        released = true
        try store.touch(id: credential.id, tenantID: credential.tenantID, now: now)
        logRefresh(credential, outcome: "refreshed")
        return grant.accessToken
    }

    private func recordInvalidGrant(_ credential: OAuthCredential) throws {
        let now = clock()
        try db.transaction {
            try store.markInvalid(id: credential.id, tenantID: credential.tenantID, now: now)
            try AuditStore(db).record(
                tenantID: credential.tenantID, userID: nil, action: "oauth.refresh_failed",
                objectType: "oauth_credential",
                objectID: String(credential.id), outcome: "failure",
                detail: ["provider": .string(credential.provider.rawValue), "reason": "invalid_grant"], now: now)
            try WebhookOutbox.needsReauth(
                try store.find(id: credential.id, tenantID: credential.tenantID), db: db, now: now)
        }
    }

    private func invalidError(_ credential: OAuthCredential) -> OAuthError {
        OAuthError(
            .credentialInvalid,
            "The \(credential.provider.displayName) connection for \(credential.email) is no longer valid: reconnect it."
        )
    }

    private func logRefresh(_ credential: OAuthCredential, outcome: String) {
        log.info(
            "oauth refresh",
            [
                "provider": credential.provider.rawValue, "tenant": String(credential.tenantID),
                "credential": String(credential.id), "outcome": outcome,
            ])
    }

    // MARK: - Revoke and disconnect

    /// Revokes the credential's tokens at the provider, best effort: answers whether the provider accepted
    /// (a provider without a revocation endpoint, an error or a timeout answer false; nothing throws).
    @discardableResult
    public func revoke(_ credential: OAuthCredential) -> Bool {
        guard let tokens = try? store.tokens(of: credential) else { return false }
        let endpoint = OAuthTokenEndpoint(provider: credential.provider, config: config, http: http)
        // Revoking the refresh token ends the whole grant (RFC 7009 §2.1).
        return endpoint.revoke(token: tokens.refresh ?? tokens.access)
    }

    /// Disconnects a credential that has no data of its own elsewhere (see below).
    public func disconnect(credentialID: Int, tenantID: Int, userID: Int?) throws {
        try disconnect(credentialID: credentialID, tenantID: tenantID, userID: userID) { _ in }
    }

    /// Disconnects: revokes at the provider (best effort), deletes the row, audits `oauth.disconnect`, and runs
    /// `alsoRemove` (the credential's own data) in the same transaction, so nothing is left naming a deleted row.
    /// Throws `StoreError.notFound` (404) for a credential that is not this tenant's.
    @discardableResult
    public func disconnect<T>(
        credentialID: Int, tenantID: Int, userID: Int?, alsoRemove: (OAuthCredential) throws -> T
    ) throws -> T {
        guard let credential = try store.find(id: credentialID, tenantID: tenantID) else { throw StoreError.notFound }
        let revoked = revoke(credential)
        let now = clock()
        let result = try db.transaction {
            guard try store.delete(id: credential.id, tenantID: tenantID) else { throw StoreError.notFound }
            try AuditStore(db).record(
                tenantID: tenantID, userID: userID, action: "oauth.disconnect", objectType: "oauth_credential",
                objectID: String(credential.id),
                detail: [
                    "provider": .string(credential.provider.rawValue), "purpose": .string(credential.purpose.rawValue),
                    "email": .string(credential.email), "revoked": .bool(revoked),
                ], now: now)
            return try alsoRemove(credential)
        }
        log.info(
            "oauth disconnect",
            [
                "provider": credential.provider.rawValue, "tenant": String(tenantID),
                "outcome": revoked ? "revoked" : "deleted",
            ])
        return result
    }
}
