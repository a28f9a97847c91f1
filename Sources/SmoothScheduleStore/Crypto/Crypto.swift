import COpenSSL

/// Failures of libcrypto calls; the message never carries key or plaintext material.
public struct CryptoError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { "crypto: \(message)" }
}

/// Static functions over OpenSSL's libcrypto (docs/style.md §7). Secrets are `[UInt8]`.
///
/// Every libcrypto result is checked, and nothing here returns a buffer a failed call left unfilled (security
/// review F16). A call that can fail on its arguments throws. A digest or MAC over any input can fail only when
/// libcrypto itself is broken (no memory, no provider); no caller could continue safely, since an all-zero digest
/// would match another all-zero digest, so the process stops (the supervisor starts a new worker).
public enum Crypto {
    /// `count` bytes from libcrypto's CSPRNG. If it fails, the kernel's (`SystemRandomNumberGenerator`, which
    /// stops the process rather than hand out weak bytes): never predictable bytes.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        if let length = Int32(exactly: count), RAND_bytes(&out, length) == 1 { return out }
        var generator = SystemRandomNumberGenerator()
        for i in 0..<count { out[i] = generator.next() }
        return out
    }

    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        let result = data.withUnsafeBufferPointer { SHA256($0.baseAddress, data.count, &digest) }
        guard result != nil else { libcryptoFailed("SHA-256") }
        return digest
    }

    public static func sha256(_ text: String) -> [UInt8] { sha256(Array(text.utf8)) }

    public static func hmacSHA256(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard let keyLength = Int32(exactly: key.count) else { libcryptoFailed("HMAC-SHA256 (key too long)") }
        let result = key.withUnsafeBufferPointer { k in
            data.withUnsafeBufferPointer { d in
                HMAC(EVP_sha256(), k.baseAddress, keyLength, d.baseAddress, data.count, &digest, &length)
            }
        }
        guard result != nil, length == 32 else { libcryptoFailed("HMAC-SHA256") }
        return digest
    }

    /// PBKDF2-HMAC-SHA256 (RFC 8018). Throws for what it cannot take (an empty output, lengths past Int32) and
    /// when libcrypto refuses (fewer than one iteration) or fails: never an unfilled buffer.
    public static func pbkdf2SHA256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int = 32) throws
        -> [UInt8]
    {
        guard let passwordLength = Int32(exactly: password.count), let saltLength = Int32(exactly: salt.count),
            let rounds = Int32(exactly: iterations), let outLength = Int32(exactly: length), length > 0
        else { throw CryptoError(message: "PBKDF2 parameters out of range") }
        var out = [UInt8](repeating: 0, count: length)
        let result = password.withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { pc in
                PKCS5_PBKDF2_HMAC(
                    pc.baseAddress, passwordLength, salt, saltLength, rounds, EVP_sha256(), outLength, &out)
            }
        }
        guard result == 1 else { throw CryptoError(message: "PBKDF2 failed") }
        return out
    }

    /// Compares without an early exit, so timing does not reveal how much matched.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return CRYPTO_memcmp(a, b, a.count) == 0
    }

    private static func libcryptoFailed(_ what: String) -> Never {
        fatalError("libcrypto \(what) failed; stopping rather than use an unfilled buffer")
    }
}
