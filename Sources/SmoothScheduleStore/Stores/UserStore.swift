/// Users and their API tokens. Tokens are stored only as SHA-256 hashes (docs/api.md §2.2).
public struct UserStore {
    let db: Database

    public init(_ db: Database) { self.db = db }

    private static let columns = "u.id, u.tenant_id, u.email, u.name, u.role, u.is_active"

    static func user(_ row: Row) -> User {
        User(
            id: row.int("id"), tenantID: row.optionalInt("tenant_id"), email: row.string("email"),
            name: row.string("name"),
            role: Role(rawValue: row.string("role")) ?? .customer, isActive: row.bool("is_active"))
    }

    public func find(id: Int) throws -> User? {
        try db.queryOne("SELECT \(Self.columns) FROM users u WHERE u.id = ?", [.int(id)]).map(Self.user)
    }

    /// A user who may sign in on this host: one of `tenantID`'s users, or a superuser (docs/api.md §4).
    public func findForLogin(email: String, tenantID: Int?) throws -> (user: User, passwordHash: String?)? {
        let row = try db.queryOne(
            """
            SELECT \(Self.columns), u.password_hash FROM users u
            WHERE u.email = ? AND (u.tenant_id IS ? OR u.tenant_id IS NULL) AND u.is_active = 1
            ORDER BY u.tenant_id IS NULL LIMIT 1
            """, [.text(email.lowercased()), .optional(tenantID)])
        return row.map { (Self.user($0), $0.optionalString("password_hash")) }
    }

    public func findByEmail(_ email: String) throws -> [User] {
        try db.query("SELECT \(Self.columns) FROM users u WHERE u.email = ? ORDER BY u.id", [.text(email.lowercased())])
            .map(Self.user)
    }

    public func create(
        tenantID: Int?, email: String, name: String, role: Role, passwordHash: String?, isActive: Bool = true,
        now: Int64
    ) throws -> User {
        let id = try db.insert(
            """
            INSERT INTO users (tenant_id, email, name, role, is_active, password_hash, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .optional(tenantID), .text(email.lowercased()), .text(name), .text(role.rawValue), .bool(isActive),
                .optional(passwordHash), .int(now), .int(now),
            ])
        return User(id: id, tenantID: tenantID, email: email.lowercased(), name: name, role: role, isActive: isActive)
    }

    // MARK: - Tokens

    /// Makes a token (32 random bytes, hex), stores its hash, and answers the token: shown once, never stored.
    public func createToken(userID: Int, now: Int64) throws -> String {
        let token = Encoding.hex(Crypto.randomBytes(32))
        try db.run(
            "INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)",
            [.int(userID), .blob(Crypto.sha256(token)), .int(now)])
        return token
    }

    /// The active user holding an unrevoked token of this hash, and when the token was issued. The guard hashes
    /// once for its cache and this lookup, and checks the lifetime itself, so a cached holder expires too.
    public func findHolder(tokenHash hash: [UInt8]) throws -> TokenHolder? {
        guard
            let row = try db.queryOne(
                """
                SELECT \(Self.columns), t.token_hash, t.created_at AS issued_at FROM api_tokens t
                JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.is_active = 1
                """, [.blob(hash)]),
            Crypto.constantTimeEquals(row.blob("token_hash") ?? [], hash)
        else { return nil }
        return TokenHolder(user: Self.user(row), issuedAt: row.int64("issued_at") ?? 0)
    }

    public func revokeToken(_ token: String, now: Int64) throws {
        try db.run(
            "UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
            [.int(now), .blob(Crypto.sha256(token))])
    }

    /// Ends every session of one of `tenantID`'s users (nil: a superuser) after a password change or a
    /// deactivation (docs/api.md §4): revokes all their tokens and forgets the addresses they signed in from, which
    /// the login throttle trusts (docs/review/login.md). Deleting a user does both by `ON DELETE CASCADE`.
    public func endSessions(userID: Int, tenantID: Int?, now: Int64) throws {
        let owned = "(SELECT id FROM users WHERE id = ? AND tenant_id IS ?)"
        try db.run(
            "UPDATE api_tokens SET revoked_at = ? WHERE revoked_at IS NULL AND user_id = \(owned)",
            [.int(now), .int(userID), .optional(tenantID)])
        try db.run(
            "DELETE FROM login_known_addresses WHERE user_id = \(owned)", [.int(userID), .optional(tenantID)])
    }
}

/// A token's user, and when the token was issued (for `SMOOTHSCHEDULE_TOKEN_TTL_DAYS`).
public struct TokenHolder: Sendable {
    public let user: User
    public let issuedAt: Int64

    /// Whether the token is still inside `lifetime` seconds (nil: no lifetime) at `now`.
    public func isValid(at now: Int64, lifetime: Int64?) -> Bool {
        guard let lifetime else { return true }
        return now - issuedAt < lifetime
    }
}
