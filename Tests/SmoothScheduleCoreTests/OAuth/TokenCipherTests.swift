import Testing

@testable import SmoothScheduleCore

/// Tokens at rest: AES-256-GCM bound to row and field, key ids, rotation (issue 4 §4).
struct TokenCipherTests {
    let oldSecret = String(repeating: "o", count: 40)
    let newSecret = String(repeating: "n", count: 40)

    @Test func sealOpensOnlyInItsOwnContext() throws {
        let cipher = TokenCipher(secretKey: newSecret)
        let context = TokenCipher.credentialContext(tenantID: 1, credentialID: 2, field: .access)
        let sealed = try cipher.seal("ya29.token", context: context)
        #expect(try cipher.open(sealed, keyID: cipher.currentKeyID, context: context) == "ya29.token")
        #expect(!String(decoding: sealed, as: UTF8.self).contains("ya29"))
        for other in [
            TokenCipher.credentialContext(tenantID: 1, credentialID: 3, field: .access),
            TokenCipher.credentialContext(tenantID: 2, credentialID: 2, field: .access),
            TokenCipher.credentialContext(tenantID: 1, credentialID: 2, field: .refresh),
        ] {
            #expect(throws: CryptoError.self) { try cipher.open(sealed, keyID: cipher.currentKeyID, context: other) }
        }
    }

    @Test func everyFlippedByteFailsClosed() throws {
        let cipher = TokenCipher(secretKey: newSecret)
        let sealed = try cipher.seal("secret", context: "c")
        for i in sealed.indices {
            var tampered = sealed
            tampered[i] ^= 0x01
            #expect(throws: CryptoError.self) { try cipher.open(tampered, keyID: cipher.currentKeyID, context: "c") }
        }
    }

    @Test func freshNoncePerSealAndStableKeyID() throws {
        let cipher = TokenCipher(secretKey: newSecret)
        let one = try cipher.seal("same", context: "c"), two = try cipher.seal("same", context: "c")
        #expect(one != two)
        #expect(cipher.currentKeyID.count == 8 && cipher.currentKeyID == TokenCipher(secretKey: newSecret).currentKeyID)
        #expect(cipher.currentKeyID != TokenCipher(secretKey: oldSecret).currentKeyID)
    }

    @Test func previousKeysStillOpenUnknownKeysDoNot() throws {
        let old = TokenCipher(secretKey: oldSecret)
        let sealed = try old.seal("t", context: "c")
        let rotated = TokenCipher(secretKey: newSecret, previousSecretKeys: [oldSecret])
        #expect(try rotated.open(sealed, keyID: old.currentKeyID, context: "c") == "t")
        #expect(throws: CryptoError.self) {
            try TokenCipher(secretKey: newSecret).open(sealed, keyID: old.currentKeyID, context: "c")
        }
    }

    @Test func movedCiphertextBetweenRowsFailsClosed() throws {
        let f = try OAuthFixture()
        let a = try f.connect(.google, access: "access-A", refresh: "refresh-A")
        f.env.http.responses.removeAll()
        let query = try f.authorize(.microsoft)
        f.queueExchange(.microsoft, access: "access-B", refresh: "refresh-B", email: "b@example.com")
        _ = f.callback(.microsoft, [("code", "c"), ("state", query["state"]!)])
        let b = try #require(try f.credentials.list(tenantID: f.tenant.id).first { $0.id != a.id })
        try f.env.db.run(
            "UPDATE oauth_credentials SET access_token_enc = (SELECT access_token_enc FROM oauth_credentials WHERE id = ?) WHERE id = ?",
            [.int(a.id), .int(b.id)])
        let moved = try #require(try f.credentials.find(id: b.id, tenantID: f.tenant.id))
        #expect(throws: CryptoError.self) { try f.credentials.tokens(of: moved) }
        let original = try #require(try f.credentials.find(id: a.id, tenantID: f.tenant.id))
        #expect(try f.credentials.tokens(of: original).access == "access-A")
    }

    @Test func rotateReSealsEverythingAndAllStaysReadable() throws {
        let f = try OAuthFixture(extraConfig: ["SMOOTHSCHEDULE_SECRET_KEY": oldSecret])
        try f.connect(.google, access: "g-access", refresh: "g-refresh")
        try f.connect(.microsoft, purpose: "email", access: "m-access", refresh: "m-refresh")
        let oldID = TokenCipher(secretKey: oldSecret).currentKeyID
        let config = try Config(
            values: f.env.config.values.merging([
                "SMOOTHSCHEDULE_SECRET_KEY": newSecret, "SMOOTHSCHEDULE_PREVIOUS_SECRET_KEYS": oldSecret,
            ]) { $1 })
        var lines: [String] = []
        try AdminCommands(db: f.env.db, config: config, now: f.env.now, output: { lines.append($0) }).run([
            "keys", "rotate",
        ])
        let result = try JSONParser.parse(Array(lines.joined().utf8))
        #expect(result["rotated"]?.intValue == 2 && result["current"]?.intValue == 0)
        let store = OAuthCredentialStore(f.env.db, cipher: TokenCipher(secretKey: newSecret))
        let rows = try store.list(tenantID: f.tenant.id)
        #expect(rows.allSatisfy { $0.keyID == TokenCipher(secretKey: newSecret).currentKeyID && $0.keyID != oldID })
        #expect(try rows.map { try store.tokens(of: $0).access }.sorted() == ["g-access", "m-access"])
        #expect(try rows.map { try store.tokens(of: $0).refresh ?? "" }.sorted() == ["g-refresh", "m-refresh"])
        lines.removeAll()
        try AdminCommands(db: f.env.db, config: config, now: f.env.now, output: { lines.append($0) }).run([
            "keys", "rotate",
        ])
        #expect(try JSONParser.parse(Array(lines.joined().utf8))["rotated"]?.intValue == 0)
    }
}
