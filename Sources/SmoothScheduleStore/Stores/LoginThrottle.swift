/// Brute-force protection for login (design and reasons: docs/review/login.md). Three counters per attempt:
/// the (account, address) pair and the account, each blocked after `threshold` failures, and the address
/// after `addressThreshold`; a block doubles from `baseBlock` up to `maxBlock`. An account is its e-mail on
/// every host (one budget for a superuser); an address is an IPv4 address or an IPv6 /64. The account-wide
/// block does not hold an address that signed in to the account before, so an attacker elsewhere can slow
/// the account down but cannot lock its user out.
public struct LoginThrottle {
    let db: Database
    let now: Int64
    /// PBKDF2 iterations allowed per `workWindow` for attempts from addresses not known for the account.
    let workBudget: Int64
    static let threshold = 5
    static let addressThreshold = 20
    static let window: Int64 = 900
    static let baseBlock: Int64 = 30
    static let maxBlock: Int64 = 900

    public init(_ db: Database, now: Int64, workBudget: Int64 = LoginThrottle.defaultWorkBudget) {
        self.db = db
        self.now = now
        self.workBudget = workBudget
    }

    /// The counters one attempt touches; none depends on whether the e-mail is an account (review F3).
    public struct Keys {
        public let pair: String
        public let account: String
        public let address: String
        /// The address part: an IPv4 address or an IPv6 /64 (`addressKey`).
        public let addressKey: String

        public init(email: String, remoteAddress: String) {
            addressKey = LoginThrottle.addressKey(remoteAddress)
            account = "account:\(email)"
            address = "address:\(addressKey)"
            pair = "pair:\(email)|\(addressKey)"
        }

        /// The counters an attempt is charged to. An address known for the account is not charged to the
        /// account: the real user's own attempts neither start nor lengthen the block meant for the others.
        func counted(known: Bool) -> [(key: String, threshold: Int)] {
            var keys = [(pair, LoginThrottle.threshold), (address, LoginThrottle.addressThreshold)]
            if !known { keys.append((account, LoginThrottle.threshold)) }
            return keys
        }
    }

    /// An attempt let through to the password check: what it was charged, to give back on success.
    public struct Admission {
        let keys: Keys
        /// Each charged key (but the pair), with its threshold and its `blocked_until` before the charge.
        let charged: [(key: String, threshold: Int, blockedUntil: Int64)]
    }

    /// Lets an attempt go on to the password check, or throws `StoreError.tooManyAttempts` (429 with `Retry-After`).
    /// `known`: the address signed in to this account before, so the account's block and the hashing budget
    /// do not apply. An admitted attempt is counted as a failure at once, in the same transaction as the
    /// check, so parallel guesses cannot all pass one check; `recordSuccess` gives it back.
    public func admit(_ keys: Keys, known: Bool, cost: Int) throws -> Admission {
        try db.transaction {
            try db.run(
                "DELETE FROM login_attempts WHERE window_start < ? AND blocked_until < ?",
                [.int(now - Self.window), .int(now - Self.window)])
            var held = [keys.address, keys.pair]
            if !known { held.append(keys.account) }
            for key in held { try refuseIfBlocked(key) }
            if !known { try spend(iterations: Int64(cost)) }
            var charged: [(key: String, threshold: Int, blockedUntil: Int64)] = []
            for (key, threshold) in keys.counted(known: known) {
                let before = try countFailure(key, threshold: threshold)
                if key != keys.pair { charged.append((key, threshold, before)) }
            }
            return Admission(keys: keys, charged: charged)
        }
    }

    /// The right password: the pair starts afresh, the other keys lose the failure `admit` charged and get
    /// their block back as it was (a success does not clear earlier failures: an attacker who owns one
    /// account cannot wipe their address's record), and the address becomes known for `userID`.
    public func recordSuccess(_ admission: Admission, userID: Int) throws {
        try db.transaction {
            try db.run("DELETE FROM login_attempts WHERE key = ?", [.text(admission.keys.pair)])
            for (key, threshold, blockedUntil) in admission.charged {
                try refund(key, threshold: threshold, blockedUntil: blockedUntil)
            }
            try rememberAddress(admission.keys.addressKey, userID: userID)
        }
    }

    // MARK: - Counters

    private func refuseIfBlocked(_ key: String) throws {
        guard let row = try db.queryOne("SELECT blocked_until FROM login_attempts WHERE key = ?", [.text(key)])
        else { return }
        let until = row.int64("blocked_until") ?? 0
        if until > now {
            throw StoreError.tooManyAttempts(
                "Too many failed sign-in attempts. Try again in \(until - now) seconds.", retryAfter: until - now)
        }
    }

    /// A key's count is forgotten after `window` quiet seconds — counted from its first failure while it was
    /// never blocked, from the end of its last block once it was — so one typo a day later does not start at
    /// a doubled block, and a shared address recovers on its own.
    /// Returns the key's `blocked_until` before this failure.
    @discardableResult
    private func countFailure(_ key: String, threshold: Int) throws -> Int64 {
        let row = try db.queryOne(
            "SELECT failures, window_start, blocked_until FROM login_attempts WHERE key = ?", [.text(key)])
        var failures = row?.int("failures") ?? 0
        var start = row?.int64("window_start") ?? now
        let lastBlockEnd = row?.int64("blocked_until") ?? 0
        let quietSince = failures >= threshold ? lastBlockEnd : start
        if now - quietSince > Self.window {
            failures = 0
            start = now
        }
        failures += 1
        var blockedUntil: Int64 = 0
        if failures >= threshold {
            let doublings = min(failures - threshold, 5)
            blockedUntil = now + min(Self.baseBlock << Int64(doublings), Self.maxBlock)
        }
        try db.run(
            """
            INSERT INTO login_attempts (key, failures, window_start, blocked_until) VALUES (?, ?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
                blocked_until = excluded.blocked_until
            """, [.text(key), .int(failures), .int(start), .int(blockedUntil)])
        return lastBlockEnd
    }

    /// Takes back one counted failure and puts back the block the key had before it.
    private func refund(_ key: String, threshold: Int, blockedUntil: Int64) throws {
        try db.run(
            """
            UPDATE login_attempts SET failures = failures - 1,
                blocked_until = CASE WHEN failures - 1 < ? THEN 0 ELSE ? END
            WHERE key = ? AND failures > 0
            """, [.int(threshold), .int(blockedUntil), .text(key)])
    }
}
