// OAuth providers, purposes and the stored credential (docs/api.md §6).

/// A provider a tenant can connect. Raw values are the path segment and the stored `provider` column.
public enum OAuthProvider: String, CaseIterable, Sendable {
    case google, microsoft

    /// As docs/api.md §7 shows it: "Google" | "Microsoft".
    public var displayName: String { self == .google ? "Google" : "Microsoft" }
}

/// What a connection is for; only `calendar` is gated by `can_use_calendar_sync` (docs/api.md §6).
public enum OAuthPurpose: String, CaseIterable, Sendable {
    case calendar, email
}

/// One row of `oauth_credentials`. Tokens stay sealed here; `OAuthService.accessToken(for:)` hands out a
/// usable access token, refreshing it first when needed.
public struct OAuthCredential: Sendable {
    public let id: Int
    public let tenantID: Int
    public let userID: Int?
    public let provider: OAuthProvider
    public let purpose: OAuthPurpose
    public let email: String
    public let scopes: [String]
    /// Seconds since the epoch at which the stored access token stops working.
    public let accessExpiresAt: Int64
    public let isValid: Bool
    public let lastUsedAt: Int64?
    public let createdAt: Int64
    public let updatedAt: Int64
    /// The id of the key both token fields are sealed under.
    public let keyID: String
    let sealedAccess: [UInt8]
    let sealedRefresh: [UInt8]?
    let refreshLockUntil: Int64

    /// Whether the access token is expired at `now` or will be within `margin` seconds.
    public func isExpired(at now: Int64, margin: Int64 = 0) -> Bool { accessExpiresAt <= now + margin }

    init(row: Row) throws {
        guard let provider = OAuthProvider(rawValue: row.string("provider")),
            let purpose = OAuthPurpose(rawValue: row.string("purpose"))
        else { throw CryptoError(message: "credential \(row.int("id")) has an unknown provider or purpose") }
        id = row.int("id")
        tenantID = row.int("tenant_id")
        userID = row.optionalInt("user_id")
        self.provider = provider
        self.purpose = purpose
        email = row.string("email")
        scopes = row.string("scopes").split(separator: " ").map(String.init)
        accessExpiresAt = row.int64("access_expires_at") ?? 0
        isValid = row.bool("is_valid")
        lastUsedAt = row.int64("last_used_at")
        createdAt = row.int64("created_at") ?? 0
        updatedAt = row.int64("updated_at") ?? 0
        keyID = row.string("key_id")
        sealedAccess = row.blob("access_token_enc") ?? []
        sealedRefresh = row.blob("refresh_token_enc")
        refreshLockUntil = row.int64("refresh_lock_until") ?? 0
    }
}
