import Foundation

/// Host → route → permission chain → handler → envelope. `respond(to:)` never throws (docs/style.md §3).
public final class Dispatcher {
    public let routes: [Route]
    public let deps: Dependencies
    private let log: Log

    /// Refuses (a precondition failure at start-up) a route table with `RouteTable.problems`.
    public init(routes: [Route], deps: Dependencies, log: Log = .shared) {
        let problems = RouteTable.problems(routes)
        precondition(problems.isEmpty, "the route table is wrong: " + problems.joined(separator: " "))
        self.routes = RouteTable.ordered(routes)
        self.deps = deps
        self.log = log
    }

    public func respond(to request: Request) -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let requestID = RequestID.make(incoming: request.header("x-request-id"))
        var tenantName = "-"
        var response: Response
        do {
            try deps.cache.revalidate(deps.db)
            let target = try TenantResolver(baseDomain: deps.config.baseDomain, store: TenantStore(deps.db))
                .resolve(host: request.header("host"), cache: deps.cache)
            var tenant: Tenant?
            if case .tenant(let t) = target {
                tenant = t
                tenantName = t.schemaName
            }
            response = try dispatch(request, tenant: tenant, requestID: requestID)
        } catch {
            response = ErrorEnvelope.response(for: error, requestID: requestID, log: log)
        }
        response.setHeader("X-Request-Id", requestID)
        guard log.minimum <= .debug else { return response }
        let micros = (DispatchTime.now().uptimeNanoseconds - started) / 1000
        log.debug(
            "request",
            [
                "request_id": requestID, "tenant": tenantName, "method": request.method, "path": request.path,
                "status": String(response.status.code), "us": String(micros),
            ])
        return response
    }

    private func dispatch(_ request: Request, tenant: Tenant?, requestID: String) throws -> Response {
        let parts = request.path.split(separator: "/")
        guard let (route, parameters) = match(parts) else { throw APIError.notFound("No endpoint at \(request.path).") }
        let method = request.method == "HEAD" ? "GET" : request.method
        let methodRoute = route.methods.first { $0.method == method }
        let access = methodRoute.map { route.access.merged(with: $0) } ?? route.access
        var context = try authorize(request, access, tenant: tenant, requestID: requestID)
        // docs/api.md §2.7: the method is looked at only after every guard passed.
        guard let methodRoute else {
            throw APIError.methodNotAllowed(request.method, allow: route.methods.map(\.method))
        }
        context.pathParameters = parameters
        var response: Response
        switch methodRoute.handler {
        case .any(let handler): response = try handler(request, context)
        case .tenant(let handler): response = try handler(request, try TenantContext(context))
        }
        if request.method == "HEAD" { response.body = .bytes([]) }
        return response
    }

    private func match(_ parts: [Substring]) -> (Route, [String: String])? {
        for route in routes {
            if let parameters = route.pattern.match(parts) { return (route, parameters) }
        }
        return nil
    }

    /// docs/api.md §2 steps 2–6, in contract order. For a tenant route the context it returns refines into a
    /// `TenantContext` (tenant and user present); for others it carries what the route asked for.
    func authorize(_ request: Request, _ access: Access, tenant: Tenant?, requestID: String) throws -> Context {
        let now = deps.clock()
        guard access.needsUser else {
            return Context(tenant: tenant, user: nil, deps: deps, requestID: requestID, now: now, log: log)
        }
        let user = try authenticate(
            request, tenant: tenant, users: UserStore(deps.db), cache: deps.cache, now: now,
            lifetime: deps.config.tokenLifetime)
        let scoped = try requireTenantContext(tenant, access)
        try requireRole(user, access.roles)
        if let feature = access.feature { try requireFeature(feature, scoped) }
        if let quota = access.quota { try requireQuota(quota, scoped, deps.db, now: now) }
        return Context(tenant: scoped, user: user, deps: deps, requestID: requestID, now: now, log: log)
    }
}
