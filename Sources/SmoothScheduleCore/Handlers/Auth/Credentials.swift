// The password check of sign-in (docs/api.md §4), apart from the handler so a test can count the hashing it does.

enum Credentials {
    /// The user `found` for the e-mail, if `password` is theirs. Exactly one hash check runs in every case: an
    /// unknown e-mail or a user without a password is checked against a dummy hash of the configured cost and
    /// always fails, so the answer's timing does not tell which e-mails are accounts (review F3).
    /// `verify` is `PasswordHasher.verify` but in tests.
    static func verifiedUser(
        _ found: (user: User, passwordHash: String?)?, password: String, iterations: Int,
        verify: (String, String) -> Bool = PasswordHasher.verify(_:against:)
    ) -> User? {
        guard let found, let hash = found.passwordHash else {
            _ = verify(password, dummyHash(iterations: iterations))
            return nil
        }
        return verify(password, hash) ? found.user : nil
    }

    /// The PBKDF2 iterations the check of `found` will run (for the throttle's hashing budget): the stored
    /// hash's count when it names one, else the configured count the dummy hash uses.
    static func cost(_ found: (user: User, passwordHash: String?)?, iterations: Int) -> Int {
        guard let hash = found?.passwordHash else { return iterations }
        let parts = hash.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, let stored = Int(parts[1]), stored > 0 else { return iterations }
        return min(stored, 10_000_000)
    }

    /// A well-formed hash that no one's password is checked into: a fixed salt and a fixed 32-byte digest, at
    /// the iteration count new passwords get. Never accepted, whatever `verify` answers for it.
    static func dummyHash(iterations: Int) -> String {
        "pbkdf2_sha256$\(iterations)$8mYq3Zb1LZp0dXV6RkN0aQ$\(dummyDigest)"
    }

    private static let dummyDigest = Encoding.base64(Crypto.sha256("smoothschedule login dummy digest"))
}
