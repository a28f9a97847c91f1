/// Brute-force protection for login, per account and per address: after `threshold` failures in `window`
/// seconds, further attempts wait out a block that doubles up to `maxBlock` — slowing attackers without
/// locking the real user out for ever.
public struct LoginThrottle {
    let db: Database
    let now: Int64
    static let threshold = 5
    static let window: Int64 = 900
    static let baseBlock: Int64 = 30
    static let maxBlock: Int64 = 900

    public init(_ db: Database, now: Int64) {
        self.db = db
        self.now = now
    }

    /// Throws 429 `too_many_attempts` while any key is blocked.
    public func check(_ keys: [String]) throws {
        for key in keys {
            guard let row = try db.queryOne("SELECT blocked_until FROM login_attempts WHERE key = ?", [.text(key)])
            else { continue }
            let until = row.int64("blocked_until") ?? 0
            if until > now {
                throw APIError(
                    .tooManyRequests, code: "too_many_attempts",
                    "Too many failed sign-in attempts. Try again in \(until - now) seconds.",
                    headers: [("Retry-After", String(until - now))])
            }
        }
    }

    /// Counts a failure against every key. A key's count is forgotten after `window` quiet seconds — counted
    /// from its first failure while it was never blocked, from the end of its last block once it was — so
    /// one typo a day later does not start at a doubled block, and a shared address recovers on its own.
    public func recordFailure(_ keys: [String]) throws {
        try db.transaction {
            try db.run(
                "DELETE FROM login_attempts WHERE window_start < ? AND blocked_until < ?",
                [.int(now - Self.window), .int(now - Self.window)])
            for key in keys {
                let row = try db.queryOne(
                    "SELECT failures, window_start, blocked_until FROM login_attempts WHERE key = ?", [.text(key)])
                var failures = row?.int("failures") ?? 0
                var start = row?.int64("window_start") ?? now
                let lastBlockEnd = row?.int64("blocked_until") ?? 0
                let quietSince = failures >= Self.threshold ? lastBlockEnd : start
                if now - quietSince > Self.window {
                    failures = 0
                    start = now
                }
                failures += 1
                var blockedUntil: Int64 = 0
                if failures >= Self.threshold {
                    let doublings = min(failures - Self.threshold, 5)
                    blockedUntil = now + min(Self.baseBlock << Int64(doublings), Self.maxBlock)
                }
                try db.run(
                    """
                    INSERT INTO login_attempts (key, failures, window_start, blocked_until) VALUES (?, ?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
                        blocked_until = excluded.blocked_until
                    """, [.text(key), .int(failures), .int(start), .int(blockedUntil)])
            }
        }
    }

    public func reset(_ key: String) throws {
        try db.run("DELETE FROM login_attempts WHERE key = ?", [.text(key)])
    }
}
