/// Pending OAuth authorizations (`oauth_states`). The state is kept only as its SHA-256, so a database copy
/// cannot complete anyone's flow; the PKCE verifier is sealed with `TokenCipher`, bound to that hash.
public struct OAuthStateStore {
    let db: Database
    let cipher: TokenCipher

    public init(_ db: Database, cipher: TokenCipher) {
        self.db = db
        self.cipher = cipher
    }

    /// A state that passed every check and is now spent.
    public struct Pending: Sendable {
        public let tenantID: Int
        public let userID: Int
        public let purpose: OAuthPurpose
        public let redirectURI: String
        public let codeVerifier: String
    }

    public static func hash(_ state: String) -> [UInt8] { Crypto.sha256(state) }

    /// Records a new authorization request; expired rows older than a day are swept on the way.
    public func create(
        state: String, verifier: String, tenantID: Int, userID: Int, provider: OAuthProvider, purpose: OAuthPurpose,
        redirectURI: String, now: Int64, lifetime: Int64
    ) throws {
        let hash = Self.hash(state)
        let sealed = try cipher.seal(verifier, context: TokenCipher.associatedData(stateHash: hash))
        try db.run("DELETE FROM oauth_states WHERE expires_at < ?", [.int(now - 86_400)])
        try db.run(
            """
            INSERT INTO oauth_states (state_hash, tenant_id, user_id, provider, purpose, code_verifier_enc, key_id,
                                      redirect_uri, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .blob(hash), .int(tenantID), .int(userID), .text(provider.rawValue), .text(purpose.rawValue),
                .blob(sealed), .text(cipher.currentKeyID), .text(redirectURI), .int(now), .int(now + lifetime),
            ])
    }

    /// How many of the tenant's states are still usable (unused, unexpired), and when the first of them expires.
    public func pending(tenantID: Int, now: Int64) throws -> (count: Int, firstExpiry: Int64?) {
        let row = try db.queryOne(
            """
            SELECT count(*) AS n, min(expires_at) AS first FROM oauth_states
            WHERE tenant_id = ? AND used_at IS NULL AND expires_at > ?
            """, [.int(tenantID), .int(now)])
        return (row?.int("n") ?? 0, row?.int64("first"))
    }

    /// Spends `state` if it is known, unused, unexpired and was issued for `provider`: one atomic UPDATE, so of
    /// two concurrent callbacks with the same state exactly one gets it. Nil means "invalid state".
    public func consume(state: String, provider: OAuthProvider, now: Int64) throws -> Pending? {
        guard
            let row = try db.queryOne(
                """
                UPDATE oauth_states SET used_at = ?
                WHERE state_hash = ? AND provider = ? AND used_at IS NULL AND expires_at > ?
                RETURNING tenant_id, user_id, purpose, code_verifier_enc, key_id, redirect_uri
                """,
                [.int(now), .blob(Self.hash(state)), .text(provider.rawValue), .int(now)])
        else { return nil }
        guard let purpose = OAuthPurpose(rawValue: row.string("purpose")) else { return nil }
        let verifier = try cipher.open(
            row.blob("code_verifier_enc") ?? [], keyID: row.string("key_id"),
            context: TokenCipher.associatedData(stateHash: Self.hash(state)))
        return Pending(
            tenantID: row.int("tenant_id"), userID: row.int("user_id"), purpose: purpose,
            redirectURI: row.string("redirect_uri"), codeVerifier: verifier)
    }

    /// The tenant a state was issued to, whatever its condition: only to send the browser back to the right
    /// frontend after a failure. Nil for a state never issued.
    public func tenantID(ofState state: String) throws -> Int? {
        try db.queryOne("SELECT tenant_id FROM oauth_states WHERE state_hash = ?", [.blob(Self.hash(state))])?
            .optionalInt("tenant_id")
    }
}
