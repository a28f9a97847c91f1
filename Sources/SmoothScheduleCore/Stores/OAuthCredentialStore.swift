/// `oauth_credentials`: the SQL, and sealing/opening of the token columns (`TokenCipher`, associated data
/// `tenant:<id>|credential:<id>|field:<access|refresh>`). Every write seals both fields under the current key.
public struct OAuthCredentialStore {
    let db: Database
    let cipher: TokenCipher

    public init(_ db: Database, cipher: TokenCipher) {
        self.db = db
        self.cipher = cipher
    }

    /// Plaintext tokens, only ever held in memory.
    public struct Tokens: Sendable {
        public var access: String
        public var refresh: String?
        public init(access: String, refresh: String?) {
            self.access = access
            self.refresh = refresh
        }
    }

    // MARK: - Reading

    /// A credential of this tenant, or nil (another tenant's credential is not found: API.md §2.8).
    public func find(id: Int, tenantID: Int) throws -> OAuthCredential? {
        try db.queryOne("SELECT * FROM oauth_credentials WHERE id = ? AND tenant_id = ?", [.int(id), .int(tenantID)])
            .map(OAuthCredential.init(row:))
    }

    public func find(tenantID: Int, provider: OAuthProvider, email: String, purpose: OAuthPurpose) throws
        -> OAuthCredential?
    {
        try db.queryOne(
            "SELECT * FROM oauth_credentials WHERE tenant_id = ? AND provider = ? AND email = ? AND purpose = ?",
            [.int(tenantID), .text(provider.rawValue), .text(email), .text(purpose.rawValue)]
        ).map(OAuthCredential.init(row:))
    }

    /// The tenant's credentials, oldest first; all purposes when `purpose` is nil.
    public func list(tenantID: Int, purpose: OAuthPurpose? = nil) throws -> [OAuthCredential] {
        try db.query(
            "SELECT * FROM oauth_credentials WHERE tenant_id = ? AND (? IS NULL OR purpose = ?) ORDER BY id",
            [.int(tenantID), .optional(purpose?.rawValue), .optional(purpose?.rawValue)]
        ).map(OAuthCredential.init(row:))
    }

    public func count(tenantID: Int, purpose: OAuthPurpose) throws -> Int {
        try db.scalarInt(
            "SELECT count(*) FROM oauth_credentials WHERE tenant_id = ? AND purpose = ?",
            [.int(tenantID), .text(purpose.rawValue)])
    }

    /// Opens both token fields. Throws `CryptoError` if either was tampered with, moved or its key is gone.
    public func tokens(of credential: OAuthCredential) throws -> Tokens {
        let access = try cipher.open(
            credential.sealedAccess, keyID: credential.keyID, context: context(credential, .access))
        let refresh = try credential.sealedRefresh.map {
            try cipher.open($0, keyID: credential.keyID, context: context(credential, .refresh))
        }
        return Tokens(access: access, refresh: refresh)
    }

    private func context(_ c: OAuthCredential, _ field: TokenCipher.TokenField) -> String {
        TokenCipher.credentialContext(tenantID: c.tenantID, credentialID: c.id, field: field)
    }

    // MARK: - Writing

    /// Stores a fresh connection: updates the tenant's existing credential for the same account and purpose
    /// (never a duplicate), else inserts one. A missing refresh token keeps the stored one. Answers the row and
    /// whether it was created. One transaction: the row id is part of the associated data.
    public func upsert(
        tenantID: Int, userID: Int, provider: OAuthProvider, purpose: OAuthPurpose, email: String, scopes: [String],
        tokens: Tokens, accessExpiresAt: Int64, now: Int64
    ) throws -> (credential: OAuthCredential, created: Bool) {
        try db.transaction {
            var kept = tokens
            let id: Int
            let existing = try find(tenantID: tenantID, provider: provider, email: email, purpose: purpose)
            if let existing {
                id = existing.id
                if kept.refresh == nil { kept.refresh = try? self.tokens(of: existing).refresh }
            } else {
                id = try db.insert(
                    """
                    INSERT INTO oauth_credentials (tenant_id, user_id, provider, purpose, email, access_token_enc, key_id,
                                                   access_expires_at, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, x'', '', 0, ?, ?)
                    """,
                    [
                        .int(tenantID), .int(userID), .text(provider.rawValue), .text(purpose.rawValue), .text(email),
                        .int(now), .int(now),
                    ])
            }
            try db.run(
                """
                UPDATE oauth_credentials SET user_id = ?, scopes = ?, is_valid = 1, updated_at = ?
                WHERE id = ? AND tenant_id = ?
                """, [.int(userID), .text(scopes.joined(separator: " ")), .int(now), .int(id), .int(tenantID)])
            try write(id: id, tenantID: tenantID, tokens: kept, accessExpiresAt: accessExpiresAt, now: now)
            guard let stored = try find(id: id, tenantID: tenantID) else {
                throw SQLiteError(code: 1, message: "credential vanished", sql: nil)
            }
            return (stored, existing == nil)
        }
    }

    /// Seals both tokens under the current key and stores them with their expiry; releases the refresh lock.
    public func write(id: Int, tenantID: Int, tokens: Tokens, accessExpiresAt: Int64, now: Int64) throws {
        func seal(_ value: String, _ field: TokenCipher.TokenField) throws -> [UInt8] {
            try cipher.seal(
                value, context: TokenCipher.credentialContext(tenantID: tenantID, credentialID: id, field: field))
        }
        let refresh: SQLValue = try tokens.refresh.map { .blob(try seal($0, .refresh)) } ?? .null
        try db.run(
            """
            UPDATE oauth_credentials SET access_token_enc = ?, refresh_token_enc = ?, key_id = ?, access_expires_at = ?,
                                         refresh_lock_until = 0, updated_at = ?
            WHERE id = ? AND tenant_id = ?
            """,
            [
                .blob(try seal(tokens.access, .access)), refresh, .text(cipher.currentKeyID), .int(accessExpiresAt),
                .int(now), .int(id), .int(tenantID),
            ])
    }

    public func markInvalid(id: Int, tenantID: Int, now: Int64) throws {
        try db.run(
            """
            UPDATE oauth_credentials SET is_valid = 0, refresh_lock_until = 0, updated_at = ?
            WHERE id = ? AND tenant_id = ?
            """, [.int(now), .int(id), .int(tenantID)])
    }

    public func touch(id: Int, tenantID: Int, now: Int64) throws {
        try db.run(
            "UPDATE oauth_credentials SET last_used_at = ? WHERE id = ? AND tenant_id = ?",
            [.int(now), .int(id), .int(tenantID)])
    }

    /// Marks the stored access token expired, so the next use refreshes it (after a provider's 401).
    public func expireAccessToken(id: Int, tenantID: Int) throws {
        try db.run(
            "UPDATE oauth_credentials SET access_expires_at = 0 WHERE id = ? AND tenant_id = ?",
            [.int(id), .int(tenantID)])
    }

    /// Deletes the tenant's credential; answers whether one was deleted.
    @discardableResult
    public func delete(id: Int, tenantID: Int) throws -> Bool {
        try db.run("DELETE FROM oauth_credentials WHERE id = ? AND tenant_id = ?", [.int(id), .int(tenantID)]) > 0
    }

    // MARK: - The cross-process refresh lock

    /// Claims the refresh lock until `until` if nobody holds it at `now`: one atomic UPDATE, so across worker
    /// processes exactly one claimant wins. A crashed holder's lock lapses at its `until`.
    public func claimRefreshLock(id: Int, tenantID: Int, now: Int64, until: Int64) throws -> Bool {
        try db.run(
            """
            UPDATE oauth_credentials SET refresh_lock_until = ?
            WHERE id = ? AND tenant_id = ? AND refresh_lock_until <= ?
            """, [.int(until), .int(id), .int(tenantID), .int(now)]) == 1
    }

    public func releaseRefreshLock(id: Int, tenantID: Int) throws {
        try db.run(
            "UPDATE oauth_credentials SET refresh_lock_until = 0 WHERE id = ? AND tenant_id = ?",
            [.int(id), .int(tenantID)])
    }

    // MARK: - Key rotation

    /// Re-seals every credential not yet under the current key; answers (re-sealed, already current).
    /// Each row is its own transaction; a row that cannot be opened stops the run with its id.
    public func rotateAll(now: Int64) throws -> (rotated: Int, current: Int) {
        let ids = try db.query("SELECT id, tenant_id, key_id FROM oauth_credentials ORDER BY id").map {
            ($0.int("id"), $0.int("tenant_id"), $0.string("key_id"))
        }
        var rotated = 0
        for (id, tenantID, keyID) in ids where keyID != cipher.currentKeyID {
            try db.transaction {
                guard let credential = try find(id: id, tenantID: tenantID) else { return }
                let tokens: Tokens
                do { tokens = try self.tokens(of: credential) } catch {
                    throw CryptoError(message: "credential \(id) cannot be opened (key \(credential.keyID)): \(error)")
                }
                try write(
                    id: id, tenantID: credential.tenantID, tokens: tokens,
                    accessExpiresAt: credential.accessExpiresAt, now: now)
            }
            rotated += 1
        }
        return (rotated, ids.count - rotated)
    }
}
