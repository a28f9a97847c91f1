// `keys rotate` and `oauth list`: operator commands for stored OAuth credentials.

extension AdminCommands {
    /// `keys rotate`: re-seals every credential under the key from SMOOTHSCHEDULE_SECRET_KEY. Run it after
    /// moving the old secret into SMOOTHSCHEDULE_PREVIOUS_SECRET_KEYS; prints `{"key_id", "rotated", "current"}`.
    func keysRotate(_ args: [String]) throws {
        let a = try Arguments(args, known: [])
        try a.noExtraPositional(after: 0)
        try config.validateForServing()
        let cipher = TokenCipher(config)
        let counts = try OAuthCredentialStore(db, cipher: cipher).rotateAll(now: now)
        output(
            JSONValue.object([
                ("key_id", .string(cipher.currentKeyID)), ("rotated", .int(Int64(counts.rotated))),
                ("current", .int(Int64(counts.current))),
            ]).text)
    }

    /// `oauth list SCHEMA`: the tenant's credentials as JSON, without any token material.
    func oauthList(_ args: [String]) throws {
        let a = try Arguments(args, known: [])
        let tenant = try requireTenant(try a.positional(0, "SCHEMA"))
        try a.noExtraPositional(after: 1)
        let credentials = try OAuthCredentialStore(db, cipher: TokenCipher(config)).list(tenantID: tenant.id)
        output(
            JSONValue.array(
                credentials.map { c in
                    .object([
                        ("id", .int(Int64(c.id))), ("provider", .string(c.provider.rawValue)),
                        ("purpose", .string(c.purpose.rawValue)),
                        ("email", .string(c.email)), ("scopes", .array(c.scopes.map(JSONValue.string))),
                        ("is_valid", .bool(c.isValid)),
                        ("access_expires_at", .int(c.accessExpiresAt)), ("key_id", .string(c.keyID)),
                    ])
                }
            ).text)
    }

    /// `oauth refresh SCHEMA ID`: obtains a usable access token for the credential exactly as a sync job would
    /// (refreshing it if expired) and prints the row's state, never the token. Exits non-zero on failure.
    func oauthRefresh(_ args: [String]) throws {
        let a = try Arguments(args, known: [])
        let tenant = try requireTenant(try a.positional(0, "SCHEMA"))
        guard let id = Int(try a.positional(1, "ID")) else { throw CommandError("ID must be a number") }
        try a.noExtraPositional(after: 2)
        let cipher = TokenCipher(config)
        guard let credential = try OAuthCredentialStore(db, cipher: cipher).find(id: id, tenantID: tenant.id) else {
            throw CommandError("no credential \(id) in tenant '\(tenant.schemaName)'")
        }
        let service = OAuthService(db: db, http: CurlHTTPClient(), config: config, clock: Dependencies.systemClock)
        do { _ = try service.accessToken(for: credential) } catch let error as OAuthError {
            throw CommandError("refresh failed: \(error.message)")
        }
        let row = try OAuthCredentialStore(db, cipher: cipher).find(id: id, tenantID: tenant.id)
        output(
            JSONValue.object([
                ("id", .int(Int64(id))), ("is_valid", .bool(row?.isValid ?? false)),
                ("access_expires_at", .int(row?.accessExpiresAt ?? 0)),
            ]).text)
    }
}
