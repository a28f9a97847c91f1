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
        output(JSONValue.object([
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
        output(JSONValue.array(credentials.map { c in
            .object([
                ("id", .int(Int64(c.id))), ("provider", .string(c.provider.rawValue)), ("purpose", .string(c.purpose.rawValue)),
                ("email", .string(c.email)), ("scopes", .array(c.scopes.map(JSONValue.string))), ("is_valid", .bool(c.isValid)),
                ("access_expires_at", .int(c.accessExpiresAt)), ("key_id", .string(c.keyID)),
            ])
        }).text)
    }
}
