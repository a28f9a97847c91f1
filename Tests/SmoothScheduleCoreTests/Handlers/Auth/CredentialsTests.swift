import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Review F3: every sign-in attempt costs one password hash check, whether or not the e-mail is an account
/// with a password, so the answer's timing does not tell which e-mails exist. Counted, not timed.
@Suite struct CredentialsTests {
    let user = User(id: 7, tenantID: 1, email: "a@demo.example", name: "A", role: .owner, isActive: true)
    let stored: String

    init() throws { stored = try PasswordHasher.hash("right-password", iterations: 1000) }

    /// Runs the check with a verifier that counts its calls and records the hash it was given.
    func check(_ found: (user: User, passwordHash: String?)?, _ password: String, answer: Bool? = nil)
        -> (user: User?, calls: Int, hashes: [String])
    {
        var calls = 0
        var hashes: [String] = []
        let result = Credentials.verifiedUser(found, password: password, iterations: 4321) { password, hash in
            calls += 1
            hashes.append(hash)
            return answer ?? PasswordHasher.verify(password, against: hash)
        }
        return (result, calls, hashes)
    }

    @Test func anUnknownEmailCostsOneHashCheckWithTheConfiguredIterations() {
        let r = check(nil, "guess")
        #expect(r.user == nil && r.calls == 1)
        #expect(r.hashes.first?.hasPrefix("pbkdf2_sha256$4321$") == true)
    }

    @Test func aUserWithoutAPasswordCostsOneHashCheckAndNeverSignsIn() {
        let r = check((user, nil), "anything", answer: true)
        #expect(r.user == nil && r.calls == 1)
        #expect(r.hashes.first?.hasPrefix("pbkdf2_sha256$4321$") == true)
    }

    @Test func theDummyHashSignsNobodyInEvenIfItMatched() {
        #expect(check(nil, "x", answer: true).user == nil)
    }

    @Test func aRealUserCostsOneHashCheckAgainstTheirOwnHash() {
        let wrong = check((user, stored), "guess")
        #expect(wrong.user == nil && wrong.calls == 1 && wrong.hashes == [stored])
        let right = check((user, stored), "right-password")
        #expect(right.user?.id == 7 && right.calls == 1)
    }
}
