import Foundation

/// What every handler may use besides the request (docs/style.md §3): one thread's dependencies, the request's
/// id and instant, its path parameters and the logger. Handlers never read globals or the clock themselves.
public protocol RequestContext {
    var deps: Dependencies { get }
    var requestID: String { get }
    var now: Int64 { get }
    var pathParameters: [String: String] { get }
    var log: Log { get }
}

extension RequestContext {
    public var db: Database { deps.db }
    public var config: Config { deps.config }
    public var http: any HTTPClient { deps.http }

    /// A numeric path parameter (`<id>`); anything else is a 404, as no such object exists.
    public func id(_ name: String = "id") throws -> Int {
        guard let text = pathParameters[name], let value = Int(text), value > 0 else { throw APIError.notFound() }
        return value
    }

    public func parameter(_ name: String) -> String { pathParameters[name] ?? "" }
}

/// The context of a route open to anyone (`.public`) or to any signed-in user (`.authenticated`): the host's
/// tenant, if any, and the user the chain authenticated, if the route asked for one.
public struct Context: RequestContext {
    public let tenant: Tenant?
    public let user: User?
    public let deps: Dependencies
    public let requestID: String
    public let now: Int64
    public var pathParameters: [String: String] = [:]
    public var log: Log

    public init(
        tenant: Tenant?, user: User?, deps: Dependencies, requestID: String, now: Int64, log: Log = .shared
    ) {
        self.tenant = tenant
        self.user = user
        self.deps = deps
        self.requestID = requestID
        self.now = now
        self.log = log
    }

    /// The signed-in user of an `.authenticated` route (the chain put it there).
    public func requireUser() throws -> User {
        guard let user else { throw APIError.notAuthenticated() }
        return user
    }

    /// Records an audit entry for this request's tenant and user, if any.
    public func audit(
        _ action: String, objectType: String = "", objectID: String = "", outcome: String = "success",
        detail: JSONValue = .object([])
    ) throws {
        try AuditStore(db).record(
            tenantID: tenant?.id, userID: user?.id, action: action, objectType: objectType, objectID: objectID,
            outcome: outcome, detail: detail, now: now)
    }
}

/// The context of a `.tenantMember` route: the chain ran (authenticated, on the tenant's host, role, feature,
/// quota), so the tenant and the user are there, not optional (Hummingbird's child request contexts).
public struct TenantContext: RequestContext {
    public let tenant: Tenant
    public let user: User
    public let deps: Dependencies
    public let requestID: String
    public let now: Int64
    public var pathParameters: [String: String]
    public var log: Log

    /// Refines the context `authorize` built for a tenant route; throws only if the route table put a tenant
    /// handler behind a weaker access rule, which `RouteTable.problems` refuses at start-up.
    public init(_ context: Context) throws {
        guard let tenant = context.tenant else { throw APIError.noTenantContext() }
        guard let user = context.user else { throw APIError.notAuthenticated() }
        self.tenant = tenant
        self.user = user
        deps = context.deps
        requestID = context.requestID
        now = context.now
        pathParameters = context.pathParameters
        log = context.log
    }

    /// Records an audit entry for this request's tenant and user.
    public func audit(
        _ action: String, objectType: String = "", objectID: String = "", outcome: String = "success",
        detail: JSONValue = .object([])
    ) throws {
        try AuditStore(db).record(
            tenantID: tenant.id, userID: user.id, action: action, objectType: objectType, objectID: objectID,
            outcome: outcome, detail: detail, now: now)
    }
}
