/// A route handler: reads only `request` and `context`; all I/O goes through `context` (docs/style.md §3).
public typealias Handler = @Sendable (Request, Context) throws -> Response

/// The handler of a `.tenantMember` route: its context carries the tenant and the user, not optional.
public typealias TenantHandler = @Sendable (Request, TenantContext) throws -> Response

/// Which context a method's handler takes; the route table check (`RouteTable`) keeps tenant handlers behind
/// access rules that need a tenant member.
public enum RouteHandler: Sendable {
    case any(Handler)
    case tenant(TenantHandler)
}

/// What a route or one of its methods requires, checked in docs/api.md §2 order.
public struct Access: Sendable {
    public var needsUser: Bool
    public var needsTenant: Bool
    public var roles: Roles?
    public var feature: Feature?
    public var quota: Quota?

    public static let `public` = Access(needsUser: false, needsTenant: false)
    /// Any signed-in user, tenant or not.
    public static let authenticated = Access(needsUser: true, needsTenant: false)

    /// A member of the host's tenant, optionally with roles and a plan feature.
    public static func tenantMember(roles: Roles? = nil, feature: Feature? = nil) -> Access {
        Access(needsUser: true, needsTenant: true, roles: roles, feature: feature)
    }

    /// This access tightened by a method's own requirements.
    func merged(with method: MethodRoute) -> Access {
        var merged = self
        if let roles = method.roles { merged.roles = roles }
        if let feature = method.feature { merged.feature = feature }
        if let quota = method.quota { merged.quota = quota }
        return merged
    }
}

/// One method of a route with its handler and any extra requirements.
public struct MethodRoute: Sendable {
    public let method: String
    public let handler: RouteHandler
    public let roles: Roles?
    public let feature: Feature?
    public let quota: Quota?

    public static func get(_ h: @escaping Handler, roles: Roles? = nil, feature: Feature? = nil) -> MethodRoute {
        MethodRoute(method: "GET", handler: .any(h), roles: roles, feature: feature, quota: nil)
    }
    public static func post(_ h: @escaping Handler, roles: Roles? = nil, feature: Feature? = nil, quota: Quota? = nil)
        -> MethodRoute
    {
        MethodRoute(method: "POST", handler: .any(h), roles: roles, feature: feature, quota: quota)
    }

    // The same for tenant handlers.
    public static func get(_ h: @escaping TenantHandler, roles: Roles? = nil, feature: Feature? = nil) -> MethodRoute {
        MethodRoute(method: "GET", handler: .tenant(h), roles: roles, feature: feature, quota: nil)
    }
    public static func post(
        _ h: @escaping TenantHandler, roles: Roles? = nil, feature: Feature? = nil, quota: Quota? = nil
    ) -> MethodRoute {
        MethodRoute(method: "POST", handler: .tenant(h), roles: roles, feature: feature, quota: quota)
    }
    public static func patch(_ h: @escaping TenantHandler, roles: Roles? = nil, feature: Feature? = nil)
        -> MethodRoute
    {
        MethodRoute(method: "PATCH", handler: .tenant(h), roles: roles, feature: feature, quota: nil)
    }
    public static func put(_ h: @escaping TenantHandler, roles: Roles? = nil, feature: Feature? = nil) -> MethodRoute {
        MethodRoute(method: "PUT", handler: .tenant(h), roles: roles, feature: feature, quota: nil)
    }
    public static func delete(_ h: @escaping TenantHandler, roles: Roles? = nil, feature: Feature? = nil)
        -> MethodRoute
    {
        MethodRoute(method: "DELETE", handler: .tenant(h), roles: roles, feature: feature, quota: nil)
    }
}

/// A path pattern, its access rule and its methods: one row of THE route table.
public struct Route: Sendable {
    public let pattern: PathPattern
    public let access: Access
    public let methods: [MethodRoute]

    public init(_ path: String, access: Access, _ methods: [MethodRoute]) {
        pattern = PathPattern(path)
        self.access = access
        self.methods = methods
    }
}

/// `/api/resources/<id>/`: literal segments and named parameters; a trailing slash is optional on match.
public struct PathPattern: Sendable {
    public let path: String
    let segments: [Segment]

    enum Segment: Equatable, Sendable {
        case literal(String)
        case parameter(String)
    }

    public init(_ path: String) {
        self.path = path
        segments = path.split(separator: "/").map { part in
            part.hasPrefix("<") && part.hasSuffix(">")
                ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
        }
    }

    /// The parameters if `path` matches, else nil. An id parameter matches digits only (DRF's `<int:pk>`, and the
    /// OpenAPI document's `type: integer`): `/api/calendar/calendars/` is no calendar id, so no route, a 404.
    public func match(_ parts: [Substring]) -> [String: String]? {
        guard parts.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text): if text != part { return nil }
            case .parameter(let name):
                if Self.isID(name) && (part.isEmpty || !part.utf8.allSatisfy({ (48...57).contains($0) })) { return nil }
                parameters[name] = String(part)
            }
        }
        return parameters
    }

    /// `id` and `<thing>_id` parameters are row ids: integers in paths and in the OpenAPI document.
    static func isID(_ name: String) -> Bool { name == "id" || name.hasSuffix("_id") }
}
