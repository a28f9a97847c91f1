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

/// The only dependency bag a handler sees (STYLE §3): proof that the permission chain passed.
public struct Context {
    public let tenant: Tenant?
    public let user: User?
    public let deps: Dependencies
    public let requestID: String
    public let now: Int64
    public var pathParameters: [String: String] = [:]

    public var db: Database { deps.db }
    public var config: Config { deps.config }
    public var http: any HTTPClient { deps.http }

    public init(tenant: Tenant?, user: User?, deps: Dependencies, requestID: String, now: Int64) {
        self.tenant = tenant
        self.user = user
        self.deps = deps
        self.requestID = requestID
        self.now = now
    }

    public func requireTenant() throws -> Tenant {
        guard let tenant else { throw APIError.noTenantContext() }
        return tenant
    }

    public func requireUser() throws -> User {
        guard let user else { throw APIError.notAuthenticated() }
        return user
    }

    /// A numeric path parameter (`<id>`); anything else is a 404, as no such object exists.
    public func id(_ name: String = "id") throws -> Int {
        guard let text = pathParameters[name], let value = Int(text), value > 0 else { throw APIError.notFound() }
        return value
    }

    public func parameter(_ name: String) -> String { pathParameters[name] ?? "" }

    /// Records an audit entry for this request's tenant and user.
    public func audit(
        _ action: String, objectType: String = "", objectID: String = "", outcome: String = "success",
        detail: JSONValue = .object([])
    ) throws {
        try AuditStore(db).record(
            tenantID: tenant?.id, userID: user?.id, action: action, objectType: objectType, objectID: objectID,
            outcome: outcome, detail: detail, now: now)
    }
}
