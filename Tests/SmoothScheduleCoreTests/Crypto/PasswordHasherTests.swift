import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

// A stored hash must be well formed to match anything; crypto results are checked (security review F16).

/// `pbkdf2_sha256$<iterations>$<salt>$<digest>` with the digest replaced by `digest(real)`.
private func storedHash(_ password: String, digest: ([UInt8]) -> [UInt8]) throws -> String {
    let parts = try PasswordHasher.hash(password, iterations: 1_000).split(separator: "$").map(String.init)
    let real = try #require(Encoding.fromBase64(parts[3]))
    return "\(parts[0])$\(parts[1])$\(parts[2])$\(Encoding.base64(digest(real)))"
}

@Test func aWellFormedHashStillMatchesOnlyItsPassword() throws {
    let hash = try PasswordHasher.hash("correct horse", iterations: 1_000)
    #expect(PasswordHasher.verify("correct horse", against: hash))
    #expect(!PasswordHasher.verify("correct horsf", against: hash))
}

@Test(arguments: ["", "x", "correct horse"])
func anEmptyStoredDigestMatchesNoPassword(password: String) {
    #expect(!PasswordHasher.verify(password, against: "pbkdf2_sha256$1000$salt$"))
}

@Test func aTruncatedStoredDigestMatchesNoPassword() throws {
    // The first 16 bytes of the right digest: comparing only as many bytes as were stored would accept it.
    let hash = try storedHash("pw-12345") { Array($0.prefix(16)) }
    #expect(!PasswordHasher.verify("pw-12345", against: hash))
    let one = try storedHash("pw-12345") { Array($0.prefix(1)) }
    #expect(!PasswordHasher.verify("pw-12345", against: one))
}

@Test func aLongerStoredDigestMatchesNoPassword() throws {
    let hash = try storedHash("pw-12345") { $0 + [0] }
    #expect(!PasswordHasher.verify("pw-12345", against: hash))
}

@Test(arguments: [
    "pbkdf2_sha256$0$salt$", "pbkdf2_sha256$-1$salt$AAAA", "pbkdf2_sha256$10000001$salt$AAAA",
    "pbkdf2_sha256$99999999999999999999$salt$AAAA", "pbkdf2_sha256$x$salt$AAAA", "pbkdf2_sha1$1000$salt$AAAA",
    "pbkdf2_sha256$1000$salt", "", "$$$", "pbkdf2_sha256$1000$$47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
])
func malformedStoredHashesMatchNothing(hash: String) {
    #expect(!PasswordHasher.verify("", against: hash))
    #expect(!PasswordHasher.verify("password", against: hash))
}

@Test func pbkdf2MatchesRFC7914() throws {
    // RFC 7914 §11: PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1, dkLen=64).
    let derived = try Crypto.pbkdf2SHA256(
        password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1, length: 64)
    #expect(
        Encoding.hex(derived)
            == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
}

@Test(arguments: [0, -1, Int(Int32.max) + 1])
func pbkdf2RefusesIterationCountsLibcryptoCannotTake(iterations: Int) {
    // 0 and -1 reach PKCS5_PBKDF2_HMAC, which refuses them (its return value was ignored: an all-zero digest);
    // Int32.max + 1 cannot be passed at all (the conversion trapped).
    #expect(throws: CryptoError.self) {
        try Crypto.pbkdf2SHA256(password: Array("pw".utf8), salt: Array("salt".utf8), iterations: iterations)
    }
}

@Test func pbkdf2RefusesAnEmptyOutput() {
    #expect(throws: CryptoError.self) {
        try Crypto.pbkdf2SHA256(password: Array("pw".utf8), salt: Array("salt".utf8), iterations: 1, length: 0)
    }
}

@Test func hmacAndSHA256MatchTheirStandardVectors() {
    // RFC 4231 test case 2 and FIPS 180-2's "abc".
    #expect(
        Encoding.hex(Crypto.hmacSHA256(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    #expect(
        Encoding.hex(Crypto.sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
}

@Test func randomBytesAreFreshEachTime() {
    #expect(Crypto.randomBytes(32).count == 32)
    #expect(Crypto.randomBytes(32) != Crypto.randomBytes(32))
    #expect(Crypto.randomBytes(0).isEmpty)
}
