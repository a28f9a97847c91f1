import Foundation

// The permission chain of docs/api.md §2, steps 2–6: each guard returns what the next needs or throws.

/// Step 2. Reads `Authorization: Token <key>` (or `Bearer`). Throws `not_authenticated`, `invalid_token`.
/// On a tenant's host, a user of another tenant is no valid user; superusers are valid everywhere. A token
/// older than `lifetime` seconds (`SMOOTHSCHEDULE_TOKEN_TTL_DAYS`; nil: no expiry) is invalid, cached or not.
public func authenticate(
    _ request: Request, tenant: Tenant?, users: UserStore, cache: ReadCache?, now: Int64,
    lifetime: Int64?
) throws -> User {
    let hash = Crypto.sha256(try tokenKey(request))
    let found: TokenHolder?
    if let cache {
        found = try cache.holder(tokenHash: Encoding.hex(hash)) { try users.findHolder(tokenHash: hash) }
    } else {
        found = try users.findHolder(tokenHash: hash)
    }
    guard let found, found.isValid(at: now, lifetime: lifetime) else { throw APIError.invalidToken() }
    let user = found.user
    if user.role != .superuser, let tenant, user.tenantID != tenant.id { throw APIError.invalidToken() }
    return user
}

/// The key of `Authorization: Token <key>` (or `Bearer`), trimmed. The one parser of that header: logout
/// revokes exactly the token that authenticated. Throws `not_authenticated`, `invalid_token` (over 256 bytes).
public func tokenKey(_ request: Request) throws -> String {
    guard let header = request.header("authorization"), !header.isEmpty else { throw APIError.notAuthenticated() }
    let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
    guard parts.count == 2, ["token", "bearer"].contains(parts[0].lowercased()) else {
        throw APIError.notAuthenticated()
    }
    let key = String(parts[1]).trimmingWhitespace()
    guard key.utf8.count <= 256 else { throw APIError.invalidToken() }
    return key
}

/// Step 3. Throws `no_tenant_context` when a tenant endpoint is reached on the public host.
public func requireTenantContext(_ tenant: Tenant?, _ access: Access) throws -> Tenant? {
    if access.needsTenant && tenant == nil { throw APIError.noTenantContext() }
    return tenant
}

/// Step 4. Throws `permission_denied`.
public func requireRole(_ user: User, _ roles: Roles?) throws {
    guard let roles else { return }
    guard roles.permits(user.role) else { throw APIError.permissionDenied() }
}

/// Step 5 (`HasFeaturePermission`). Throws `feature_not_available` naming the feature.
public func requireFeature(_ feature: Feature, _ tenant: Tenant?) throws {
    guard let tenant else { throw APIError.noTenantContext() }
    guard tenant.hasFeature(feature) else { throw APIError.featureNotAvailable(feature) }
}

/// Step 6 (`HasQuota`), on creates. Throws `quota_exceeded` with `limit` and `used`.
/// Stores run it again inside the insert's transaction, so concurrent creates cannot pass a limit.
public func requireQuota(_ quota: Quota, _ tenant: Tenant?, _ db: Database, now: Int64) throws {
    guard let tenant else { throw APIError.noTenantContext() }
    guard let limit = tenant.limit(quota) else { return }
    let used = try QuotaUsage(db).used(quota, tenant: tenant, now: now)
    if used >= limit { throw APIError.quotaExceeded(quota, limit: limit, used: used) }
}
