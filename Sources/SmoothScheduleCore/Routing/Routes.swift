// THE route table: every endpoint the responder serves, with its access rule (docs/api.md §2).

/// The route table and the OpenAPI docs that go with it. Each area contributes its own list.
public enum Routes {
    public static let all: [Route] = platform + scheduling + oauth + calendar + exports + availability + webhooks

    public static let docs: [OperationDoc] =
        PlatformDocs.operations + SchedulingDocs.operations + OAuthDocs.operations + CalendarDocs.operations
        + ExportDocs.operations + AvailabilityDocs.operations + WebhookDocs.operations

    static let platform: [Route] = [
        Route("/api/health/", access: .public, [.get(HealthHandlers.show)]),
        Route("/api/schema/", access: .public, [.get(SchemaHandlers.show)]),
        Route("/api/auth/login/", access: .public, [.post(AuthHandlers.login)]),
        Route("/api/auth/logout/", access: .authenticated, [.post(AuthHandlers.logout)]),
        Route("/api/auth/me/", access: .authenticated, [.get(AuthHandlers.me)]),
        Route("/api/tenant/", access: .tenantMember(), [.get(TenantHandlers.show)]),
    ]
}

/// `GET /api/schema/`: the OpenAPI 3 document (docs/api.md §10). Built once per process.
public enum SchemaHandlers {
    static let document: [UInt8] = OpenAPI.document(
        routes: Routes.all, docs: Routes.docs, version: HealthHandlers.version
    )
    .serialized()

    public static func show(_ request: Request, _ context: Context) throws -> Response {
        Response(status: .ok, headers: [("Content-Type", Response.jsonContentType)], body: .bytes(document))
    }
}

/// Docs for the platform endpoints.
enum PlatformDocs {
    static let user = Schema.object(
        [
            ("id", Schema.integer), ("email", Schema.string), ("name", Schema.string),
            ("role", Schema.enumeration(Role.allCases.map(\.rawValue))),
            ("schema_name", Schema.nullable(Schema.string)),
        ],
        required: ["id", "email", "name", "role", "schema_name"])

    static let tenant = Schema.object(
        [
            ("id", Schema.integer), ("name", Schema.string), ("schema_name", Schema.string),
            ("timezone", Schema.string),
            ("plan", Schema.string),
            (
                "features",
                Schema.object(
                    Feature.allCases.map { ($0.rawValue, Schema.boolean) }, required: Feature.allCases.map(\.rawValue))
            ),
            (
                "quotas",
                Schema.object(
                    Quota.allCases.map {
                        (
                            $0.rawValue,
                            Schema.object(
                                [("limit", Schema.nullable(Schema.integer)), ("used", Schema.integer)],
                                required: ["limit", "used"])
                        )
                    })
            ),
        ],
        required: ["name", "schema_name", "timezone", "plan", "features", "quotas"])

    static let operations: [OperationDoc] = [
        OperationDoc(
            "GET", "/api/health/", "Service health", tag: "operations",
            success: (
                200,
                Schema.object(
                    [("status", Schema.string), ("database", Schema.string), ("version", Schema.string)],
                    required: ["status", "database", "version"])
            ), errors: [503]),
        OperationDoc(
            "GET", "/api/schema/", "This OpenAPI document", tag: "operations", success: (200, ["type": "object"])),
        OperationDoc(
            "POST", "/api/auth/login/", "Sign in with email and password", tag: "auth",
            body: Schema.object(
                [("email", Schema.text(maxLength: 254)), ("password", Schema.text(maxLength: 1024))],
                required: ["email", "password"]),
            success: (
                200,
                Schema.object(
                    [("success", Schema.boolean), ("token", Schema.string), ("user", user)],
                    required: ["success", "token", "user"])
            ), errors: [429]),
        OperationDoc(
            "POST", "/api/auth/logout/", "Revoke the token in use", tag: "auth",
            success: (200, Schema.object([("success", Schema.boolean)], required: ["success"]))),
        OperationDoc("GET", "/api/auth/me/", "The signed-in user", tag: "auth", success: (200, user)),
        OperationDoc(
            "GET", "/api/tenant/", "The tenant's plan, features and quotas", tag: "tenant", success: (200, tenant)),
    ]
}
