// The password check of sign-in (API.md §4), apart from the handler so a test can count the hashing it does.

enum Credentials {
    /// The user `found` for the e-mail, if `password` is theirs. `verify` is `PasswordHasher.verify` but in tests.
    static func verifiedUser(
        _ found: (user: User, passwordHash: String?)?, password: String, iterations: Int,
        verify: (String, String) -> Bool = PasswordHasher.verify(_:against:)
    ) -> User? {
        guard let found, let hash = found.passwordHash, verify(password, hash) else { return nil }
        return found.user
    }
}
