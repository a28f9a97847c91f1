import COpenSSL

/// AES-256-GCM with a 12-byte random nonce and a 16-byte tag. Sealed form: nonce ‖ ciphertext ‖ tag.
public enum AESGCM {
    public static let keySize = 32
    static let nonceSize = 12
    static let tagSize = 16

    /// Encrypts `plaintext` under `key`, binding `aad` (associated data that must match on open).
    public static func seal(_ plaintext: [UInt8], key: [UInt8], aad: [UInt8]) throws -> [UInt8] {
        guard key.count == keySize else { throw CryptoError(message: "AES-256-GCM needs a 32-byte key") }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError(message: "cannot allocate cipher context") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        let nonce = Crypto.randomBytes(nonceSize)
        var length: Int32 = 0
        var out = [UInt8](repeating: 0, count: plaintext.count + 16)
        var tag = [UInt8](repeating: 0, count: tagSize)
        guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
            EVP_CIPHER_CTX_ctrl(ctx, copenssl_gcm_set_ivlen(), Int32(nonceSize), nil) == 1,
            EVP_EncryptInit_ex(ctx, nil, nil, key, nonce) == 1,
            aad.isEmpty || EVP_EncryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1,
            EVP_EncryptUpdate(ctx, &out, &length, plaintext, Int32(plaintext.count)) == 1
        else { throw CryptoError(message: "encryption failed") }
        var total = Int(length)
        let finalOK = out.withUnsafeMutableBufferPointer { buffer in
            EVP_EncryptFinal_ex(ctx, buffer.baseAddress! + total, &length) == 1
        }
        guard finalOK else { throw CryptoError(message: "encryption failed") }
        total += Int(length)
        guard EVP_CIPHER_CTX_ctrl(ctx, copenssl_gcm_get_tag(), Int32(tagSize), &tag) == 1 else {
            throw CryptoError(message: "cannot read the authentication tag")
        }
        return nonce + out[0..<total] + tag
    }

    /// Decrypts a sealed box; a wrong key, altered bytes or different `aad` fail closed.
    public static func open(_ sealed: [UInt8], key: [UInt8], aad: [UInt8]) throws -> [UInt8] {
        guard key.count == keySize else { throw CryptoError(message: "AES-256-GCM needs a 32-byte key") }
        guard sealed.count >= nonceSize + tagSize else { throw CryptoError(message: "sealed value is too short") }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError(message: "cannot allocate cipher context") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        let nonce = Array(sealed[0..<nonceSize])
        let body = Array(sealed[nonceSize..<(sealed.count - tagSize)])
        var tag = Array(sealed[(sealed.count - tagSize)...])
        var length: Int32 = 0
        var out = [UInt8](repeating: 0, count: body.count + 16)
        guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
            EVP_CIPHER_CTX_ctrl(ctx, copenssl_gcm_set_ivlen(), Int32(nonceSize), nil) == 1,
            EVP_DecryptInit_ex(ctx, nil, nil, key, nonce) == 1,
            aad.isEmpty || EVP_DecryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1,
            EVP_DecryptUpdate(ctx, &out, &length, body, Int32(body.count)) == 1,
            EVP_CIPHER_CTX_ctrl(ctx, copenssl_gcm_set_tag(), Int32(tagSize), &tag) == 1
        else { throw CryptoError(message: "decryption failed") }
        var total = Int(length)
        let finalOK = out.withUnsafeMutableBufferPointer { buffer in
            EVP_DecryptFinal_ex(ctx, buffer.baseAddress! + total, &length) == 1
        }
        guard finalOK else { throw CryptoError(message: "authentication failed: wrong key, data or context") }
        total += Int(length)
        return Array(out[0..<total])
    }
}
