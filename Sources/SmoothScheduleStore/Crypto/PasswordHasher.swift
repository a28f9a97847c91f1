/// Password hashes in Django's format: `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>` (docs/api.md §4).
public enum PasswordHasher {
    /// OWASP 2023 recommends 600,000 iterations for PBKDF2-HMAC-SHA256.
    public static let defaultIterations = 600_000
    /// What `SMOOTHSCHEDULE_PASSWORD_ITERATIONS` may be; `Config` refuses anything else at start-up. The floor keeps
    /// a misconfiguration from weakening new hashes to nothing; the ceiling stays within what `verify` runs.
    public static let iterationRange = 10_000...10_000_000
    /// The most iterations `verify` runs for a stored hash: one hostile row cannot cost a worker minutes.
    public static let maxVerifiableIterations = 10_000_000
    /// Bytes of a PBKDF2-SHA256 digest (Django's): a stored digest of any other length is malformed.
    public static let digestLength = 32

    /// Hashes `password` with a fresh salt. Throws if `iterations` is one `verify` would refuse, or libcrypto fails.
    public static func hash(_ password: String, iterations: Int = defaultIterations) throws -> String {
        guard (1...maxVerifiableIterations).contains(iterations) else {
            throw CryptoError(message: "password iterations outside 1...\(maxVerifiableIterations)")
        }
        let salt = Encoding.base64url(Crypto.randomBytes(16))
        let derived = try Crypto.pbkdf2SHA256(
            password: Array(password.utf8), salt: Array(salt.utf8), iterations: iterations, length: digestLength)
        return "pbkdf2_sha256$\(iterations)$\(salt)$\(Encoding.base64(derived))"
    }

    /// Checks `password` against `encoded` in constant time. A malformed hash (an unknown algorithm, iterations
    /// outside 1…`maxVerifiableIterations`, an empty salt, a digest that is not exactly 32 bytes) or a libcrypto
    /// failure never matches: comparing only as many bytes as were stored would let an empty digest match anything.
    public static func verify(_ password: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2_sha256", let iterations = Int(parts[1]),
            (1...maxVerifiableIterations).contains(iterations), !parts[2].isEmpty,
            let expected = Encoding.fromBase64(String(parts[3])), expected.count == digestLength,
            let derived = try? Crypto.pbkdf2SHA256(
                password: Array(password.utf8), salt: Array(parts[2].utf8), iterations: iterations,
                length: digestLength)
        else { return false }
        return Crypto.constantTimeEquals(derived, expected)
    }
}
