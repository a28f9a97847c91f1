/// Password hashes in Django's format: `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>` (docs/api.md §4).
public enum PasswordHasher {
    /// OWASP 2023 recommends 600,000 iterations for PBKDF2-HMAC-SHA256.
    public static let defaultIterations = 600_000

    public static func hash(_ password: String, iterations: Int = defaultIterations) -> String {
        let salt = Encoding.base64url(Crypto.randomBytes(16))
        let derived = Crypto.pbkdf2SHA256(
            password: Array(password.utf8), salt: Array(salt.utf8), iterations: iterations)
        return "pbkdf2_sha256$\(iterations)$\(salt)$\(Encoding.base64(derived))"
    }

    /// Checks `password` against `encoded` in constant time; malformed hashes never match.
    public static func verify(_ password: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2_sha256", let iterations = Int(parts[1]),
            iterations > 0, iterations <= 10_000_000, let expected = Encoding.fromBase64(String(parts[3]))
        else { return false }
        let derived = Crypto.pbkdf2SHA256(
            password: Array(password.utf8), salt: Array(parts[2].utf8), iterations: iterations, length: expected.count)
        return Crypto.constantTimeEquals(derived, expected)
    }
}
