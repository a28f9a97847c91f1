// A budget of password-hashing work for sign-in attempts (review F3, F4): every attempt now costs a full
// PBKDF2, so attempts from addresses not known for the account share a platform-wide budget per window.

extension LoginThrottle {
    /// 12 million PBKDF2 iterations per 10 s: 20 checks at the default 600,000 iterations (about two a
    /// second, well under one core), more at cheaper settings. Known addresses never wait for it.
    public static let defaultWorkBudget: Int64 = 12_000_000
    static let workWindow: Int64 = 10

    /// Charges `iterations` to the current window, or throws `StoreError.tooManyAttempts` when the window's budget
    /// is spent. A single check dearer than the whole budget still runs in an otherwise empty window.
    func spend(iterations: Int64) throws {
        let row = try db.queryOne("SELECT window_start, spent FROM login_work WHERE id = 1")
        var start = row?.int64("window_start") ?? now
        var spent = row?.int64("spent") ?? 0
        if now - start >= Self.workWindow || now < start {
            start = now
            spent = 0
        }
        if spent > 0 && spent + iterations > workBudget {
            let wait = max(1, start + Self.workWindow - now)
            throw StoreError.tooManyAttempts(
                "Too many sign-in attempts right now. Try again in \(wait) seconds.", retryAfter: wait)
        }
        try db.run(
            """
            INSERT INTO login_work (id, window_start, spent) VALUES (1, ?, ?)
            ON CONFLICT (id) DO UPDATE SET window_start = excluded.window_start, spent = excluded.spent
            """, [.int(start), .int(spent + iterations)])
    }
}
