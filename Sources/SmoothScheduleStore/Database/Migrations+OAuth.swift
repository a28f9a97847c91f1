// OAuth connect (docs/api.md §6): pending authorization states and stored provider credentials.

extension Migrations {
    /// `oauth_states`: one row per authorization request. The state itself is never stored, only its SHA-256;
    /// the PKCE verifier is stored AES-256-GCM sealed (TokenCipher, associated data bound to the state hash).
    ///
    /// `oauth_credentials`: tokens sealed per field (TokenCipher, associated data = tenant, row id and field),
    /// `key_id` names the key both fields were sealed under. `refresh_lock_until` is the cross-process refresh
    /// lock: claimed by an atomic `UPDATE … WHERE refresh_lock_until <= now`, released by the refresh's write.
    static let oauth: [Migration] = [
        Migration(
            "0005_oauth",
            """
            CREATE TABLE oauth_states (
                id INTEGER PRIMARY KEY,
                state_hash BLOB NOT NULL UNIQUE,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                provider TEXT NOT NULL CHECK (provider IN ('google','microsoft')),
                purpose TEXT NOT NULL CHECK (purpose IN ('calendar','email')),
                code_verifier_enc BLOB NOT NULL,
                key_id TEXT NOT NULL,
                redirect_uri TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                used_at INTEGER
            ) STRICT;
            CREATE INDEX oauth_states_expires ON oauth_states (expires_at);
            CREATE TABLE oauth_credentials (
                id INTEGER PRIMARY KEY,
                tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
                provider TEXT NOT NULL CHECK (provider IN ('google','microsoft')),
                purpose TEXT NOT NULL CHECK (purpose IN ('calendar','email')),
                email TEXT NOT NULL,
                scopes TEXT NOT NULL DEFAULT '',
                access_token_enc BLOB NOT NULL,
                refresh_token_enc BLOB,
                key_id TEXT NOT NULL,
                access_expires_at INTEGER NOT NULL,
                is_valid INTEGER NOT NULL DEFAULT 1,
                refresh_lock_until INTEGER NOT NULL DEFAULT 0,
                last_used_at INTEGER,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                UNIQUE (tenant_id, provider, email, purpose)
            ) STRICT;
            CREATE INDEX oauth_credentials_tenant ON oauth_credentials (tenant_id, purpose, id);
            """)
    ]
}
