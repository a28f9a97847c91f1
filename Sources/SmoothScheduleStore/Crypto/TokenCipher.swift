// Encryption at rest for OAuth tokens and PKCE verifiers (docs/api.md §6 and §11, docs/oauth.md).

/// AES-256-GCM under a key derived from `SMOOTHSCHEDULE_SECRET_KEY`, with a fresh random nonce per seal.
///
/// - Key: `HMAC-SHA256(secret, "smoothschedule-token-key-v1")`; key id: the first 8 hex digits of the key's
///   SHA-256, stored beside each ciphertext so rows sealed under an earlier key (listed in
///   `SMOOTHSCHEDULE_PREVIOUS_SECRET_KEYS`) still open until `smoothschedule keys rotate` re-seals them.
/// - Associated data names where a ciphertext lives (`tenant:3|credential:9|field:refresh`), so a value copied
///   to another row, tenant or field fails to open: it fails closed.
public struct TokenCipher: Sendable {
    /// The id of the key new seals use.
    public let currentKeyID: String
    private let currentKey: [UInt8]
    private let keys: [String: [UInt8]]

    static let derivationLabel = Array("smoothschedule-token-key-v1".utf8)

    public init(secretKey: String, previousSecretKeys: [String] = []) {
        let current = Self.deriveKey(secretKey)
        currentKey = current
        currentKeyID = Self.keyID(current)
        var keys: [String: [UInt8]] = [:]
        for secret in previousSecretKeys {
            let key = Self.deriveKey(secret)
            keys[Self.keyID(key)] = key
        }
        keys[currentKeyID] = current
        self.keys = keys
    }

    static func deriveKey(_ secret: String) -> [UInt8] {
        Crypto.hmacSHA256(key: Array(secret.utf8), derivationLabel)
    }

    static func keyID(_ key: [UInt8]) -> String { String(Encoding.hex(Crypto.sha256(key)).prefix(8)) }

    /// Whether `keyID` can be opened (the current key or one of the previous ones).
    public func knows(keyID: String) -> Bool { keys[keyID] != nil }

    /// Seals `plaintext` under the current key; store the result with `currentKeyID`.
    public func seal(_ plaintext: String, context: String) throws -> [UInt8] {
        try AESGCM.seal(Array(plaintext.utf8), key: currentKey, aad: Array(context.utf8))
    }

    /// Opens a value sealed under `keyID` for exactly this `context`. Throws `CryptoError` on any mismatch.
    public func open(_ sealed: [UInt8], keyID: String, context: String) throws -> String {
        guard let key = keys[keyID] else {
            throw CryptoError(
                message: "no key with id \(keyID): is it missing from SMOOTHSCHEDULE_PREVIOUS_SECRET_KEYS?")
        }
        let bytes = try AESGCM.open(sealed, key: key, aad: Array(context.utf8))
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CryptoError(message: "sealed value is not text")
        }
        return text
    }

    /// Associated data for one token field of one credential row.
    public static func associatedData(tenantID: Int, credentialID: Int, field: TokenField) -> String {
        "tenant:\(tenantID)|credential:\(credentialID)|field:\(field.rawValue)"
    }

    /// Associated data for the PKCE verifier of one pending authorization.
    public static func associatedData(stateHash: [UInt8]) -> String { "oauth_state:\(Encoding.hex(stateHash))" }

    /// The two sealed columns of a credential.
    public enum TokenField: String, Sendable { case access, refresh }
}
