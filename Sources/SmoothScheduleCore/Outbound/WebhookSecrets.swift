/// Sealing and opening webhook signing secrets with the token cipher (AES-256-GCM, key from
/// `SMOOTHSCHEDULE_SECRET_KEY`): the database never holds one in clear, and a sealed value copied to another
/// webhook, tenant or field fails to open.
public enum WebhookSecrets {
    public enum Field: String, Sendable { case current = "secret", previous = "previous_secret" }

    public static func seal(
        _ secret: String, tenantID: Int, webhookID: Int, field: Field, cipher: TokenCipher
    ) throws -> SealedSecret {
        let context = WebhookSignature.sealAssociatedData(
            tenantID: tenantID, webhookID: webhookID, field: field.rawValue)
        return SealedSecret(sealed: try cipher.seal(secret, context: context), keyID: cipher.currentKeyID)
    }

    public static func open(
        _ sealed: SealedSecret, tenantID: Int, webhookID: Int, field: Field, cipher: TokenCipher
    ) throws -> String {
        let context = WebhookSignature.sealAssociatedData(
            tenantID: tenantID, webhookID: webhookID, field: field.rawValue)
        return try cipher.open(sealed.sealed, keyID: sealed.keyID, context: context)
    }

    /// The secrets that sign a delivery at `now`: the current one, then the previous one during its overlap.
    public static func signing(
        tenantID: Int, webhookID: Int, store: WebhookStore, cipher: TokenCipher, now: Int64
    ) throws -> [String] {
        guard let sealed = try store.secrets(tenantID: tenantID, id: webhookID, now: now) else { return [] }
        var secrets = [
            try open(sealed.current, tenantID: tenantID, webhookID: webhookID, field: .current, cipher: cipher)
        ]
        if let previous = sealed.previous {
            secrets.append(
                try open(previous, tenantID: tenantID, webhookID: webhookID, field: .previous, cipher: cipher))
        }
        return secrets
    }
}
