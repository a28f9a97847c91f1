import Foundation

/// What one worker thread owns for its whole life: its SQLite connection, HTTP client and the configuration.
public final class Dependencies {
    public let db: Database
    public let http: any HTTPClient
    public let config: Config
    /// Hot lookups memoised for this thread while the database is unchanged.
    public let cache = ReadCache()
    /// The token cipher, derived once per thread rather than per request.
    public private(set) lazy var cipher = TokenCipher(config)
    /// Seconds since the epoch; tests replace it to fix time.
    public var clock: () -> Int64

    public init(
        db: Database, http: any HTTPClient, config: Config, clock: @escaping () -> Int64 = Dependencies.systemClock
    ) {
        self.db = db
        self.http = http
        self.config = config
        self.clock = clock
    }

    public static func systemClock() -> Int64 { Int64(Date().timeIntervalSince1970) }
}
