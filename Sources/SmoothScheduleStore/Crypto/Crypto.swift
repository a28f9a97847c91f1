import COpenSSL

/// Failures of libcrypto calls; the message never carries key or plaintext material.
public struct CryptoError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { "crypto: \(message)" }
}

/// Static functions over OpenSSL's libcrypto (docs/style.md §7). Secrets are `[UInt8]`.
public enum Crypto {
    /// `count` bytes from the operating system's CSPRNG.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        if RAND_bytes(&out, Int32(count)) != 1 {
            var generator = SystemRandomNumberGenerator()
            for i in 0..<count { out[i] = generator.next() }
        }
        return out
    }

    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        _ = data.withUnsafeBufferPointer { SHA256($0.baseAddress, data.count, &digest) }
        return digest
    }

    public static func sha256(_ text: String) -> [UInt8] { sha256(Array(text.utf8)) }

    public static func hmacSHA256(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 32
        _ = key.withUnsafeBufferPointer { k in
            data.withUnsafeBufferPointer { d in
                HMAC(EVP_sha256(), k.baseAddress, Int32(key.count), d.baseAddress, data.count, &digest, &length)
            }
        }
        return digest
    }

    /// PBKDF2-HMAC-SHA256 (RFC 8018).
    public static func pbkdf2SHA256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int = 32) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        _ = password.withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { pc in
                PKCS5_PBKDF2_HMAC(
                    pc.baseAddress, Int32(password.count), salt, Int32(salt.count), Int32(iterations), EVP_sha256(),
                    Int32(length), &out)
            }
        }
        return out
    }

    /// Compares without an early exit, so timing does not reveal how much matched.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return CRYPTO_memcmp(a, b, a.count) == 0
    }
}
