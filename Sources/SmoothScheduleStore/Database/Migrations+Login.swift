// Login throttle and customer visibility (review F3, F4, F5, F10).

extension Migrations {
    static let login: [Migration] = [
        // Review F4: addresses (IPv4, or an IPv6 /64) that signed in to a user's account; the account-wide
        // login block does not hold them. Rows go with the user, and are forgotten when the password changes.
        Migration(
            "0211_login_known_addresses",
            """
            CREATE TABLE login_known_addresses (
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                address TEXT NOT NULL,
                last_success_at INTEGER NOT NULL,
                PRIMARY KEY (user_id, address)
            ) STRICT;
            """),
        // Review F3/F4: the password-hashing budget for sign-ins from addresses not known for the account,
        // in PBKDF2 iterations per window (one row).
        Migration(
            "0212_login_work",
            """
            CREATE TABLE login_work (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                window_start INTEGER NOT NULL,
                spent INTEGER NOT NULL
            ) STRICT;
            """),
    ]
}
