// The OpenAPI 3 document served at /api/schema/: built from THE route table plus each area's operation docs.

/// One documented operation (method + path).
public struct OperationDoc: Sendable {
    public let method: String
    public let path: String
    public let summary: String
    public let tag: String
    public let requestBody: JSONValue?
    public let success: (status: Int, schema: JSONValue?)
    public let errors: [Int]
    public let parameters: [JSONValue]
    /// The success answer's media types besides JSON (an export's `text/csv`), each with its schema.
    public let otherContent: [(type: String, schema: JSONValue)]

    public init(
        _ method: String, _ path: String, _ summary: String, tag: String, body: JSONValue? = nil,
        success: (Int, JSONValue?) = (200, nil), errors: [Int] = [], parameters: [JSONValue] = [],
        otherContent: [(type: String, schema: JSONValue)] = []
    ) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        requestBody = body
        self.success = (success.0, success.1)
        self.errors = errors
        self.parameters = parameters
        self.otherContent = otherContent
    }
}

/// Builds the document.
public enum OpenAPI {
    static let reasons: [Int: String] = [
        400: "Invalid input, or no tenant context", 401: "Not authenticated",
        403: "Role, plan feature or quota denies it",
        404: "Unknown host or object", 405: "Method not allowed", 409: "Conflict", 413: "Body too large",
        415: "Body is not JSON", 429: "Too many attempts", 500: "Server error", 503: "Database unavailable",
    ]

    public static func document(routes: [Route], docs: [OperationDoc], version: String) -> JSONValue {
        var paths: [(String, JSONValue)] = []
        for route in routes {
            var operations: [(String, JSONValue)] = []
            for method in route.methods {
                guard let doc = docs.first(where: { $0.path == route.pattern.path && $0.method == method.method })
                else { continue }
                let access = route.access.merged(with: method)
                operations.append((method.method.lowercased(), operation(doc, access: access)))
            }
            if !operations.isEmpty { paths.append((route.pattern.openAPIPath, .object(operations))) }
        }
        return [
            "openapi": "3.0.3",
            "info": [
                "title": "SmoothSchedule API", "version": .string(version),
                "description": "Multi-tenant appointment scheduling. The tenant is chosen by the Host header.",
            ],
            "paths": .object(paths),
            "components": [
                "securitySchemes": [
                    "tokenAuth": [
                        "type": "apiKey", "in": "header", "name": "Authorization",
                        "description": "`Token <key>` or `Bearer <key>`.",
                    ]
                ],
                "schemas": ["Error": errorSchema],
            ],
        ]
    }

    static let errorSchema = Schema.object(
        [
            ("success", ["type": "boolean", "enum": [false]]), ("error", Schema.string), ("detail", Schema.string),
            ("code", Schema.string),
            ("fields", ["type": "object", "additionalProperties": Schema.array(Schema.string)]),
            ("feature", Schema.string), ("upgrade_required", Schema.boolean), ("quota", Schema.string),
            ("limit", Schema.integer), ("used", Schema.integer), ("request_id", Schema.string),
        ],
        required: ["success", "error", "detail", "code"])

    private static func operation(_ doc: OperationDoc, access: Access) -> JSONValue {
        var errors = Set(doc.errors).union([404, 500])
        if access.needsUser { errors.formUnion([401]) }
        if access.needsTenant { errors.formUnion([400]) }
        if access.roles != nil || access.feature != nil || access.quota != nil { errors.insert(403) }
        if doc.requestBody != nil { errors.formUnion([400, 413, 415]) }
        var responses: [(String, JSONValue)] = []
        var ok: [(String, JSONValue)] = [("description", "Success")]
        if let schema = doc.success.schema {
            let content = [("application/json", schema)] + doc.otherContent.map { ($0.type, $0.schema) }
            ok.append(("content", .object(content.map { ($0.0, ["schema": $0.1]) })))
        }
        responses.append((String(doc.success.status), .object(ok)))
        for code in errors.sorted() where code != doc.success.status {
            responses.append(
                (
                    String(code),
                    [
                        "description": .string(reasons[code] ?? "Error"),
                        "content": ["application/json": ["schema": Schema.ref("Error")]],
                    ]
                ))
        }
        var members: [(String, JSONValue)] = [
            ("summary", .string(doc.summary)), ("tags", [.string(doc.tag)]),
            ("operationId", .string(operationID(doc))), ("responses", .object(responses)),
        ]
        var parameters = doc.parameters
        // A doc may spell a path parameter itself (an enum, say); the others are integers for ids, else strings.
        let spelled = Set(doc.parameters.filter { $0["in"] == "path" }.compactMap { $0["name"]?.stringValue })
        for name in PathPattern(doc.path).parameterNames where !spelled.contains(name) {
            parameters.append([
                "name": .string(name), "in": "path", "required": true,
                "schema": PathPattern.isID(name) ? Schema.integer : Schema.string,
            ])
        }
        if !parameters.isEmpty { members.append(("parameters", .array(parameters))) }
        if let body = doc.requestBody {
            // No body at all reads as `{}` (Request.jsonObject), so a body is required exactly when its schema
            // requires a key; whitespace or anything else that is not a JSON object is always a 400.
            let required = body["required"].map { $0 != .array([]) } ?? false
            members.append(
                ("requestBody", ["required": .bool(required), "content": ["application/json": ["schema": body]]]))
        }
        members.append(("security", access.needsUser ? [["tokenAuth": []]] : []))
        members.append(("x-access", accessExtension(access)))
        return .object(members)
    }

    /// The operation's merged `Access` as data (docs/api.md §2 steps 2–6), so clients and the access-matrix test
    /// can derive every cell: `auth` is `public`, `authenticated` or `tenant`; `roles` lists who passes step 4.
    static func accessExtension(_ access: Access) -> JSONValue {
        let auth = !access.needsUser ? "public" : access.needsTenant ? "tenant" : "authenticated"
        let roles = access.needsUser ? Role.allCases.filter { access.roles?.permits($0) ?? true } : []
        return [
            "auth": .string(auth), "roles": .array(roles.map { .string($0.rawValue) }),
            "feature": JSONValue(access.feature?.rawValue), "quota": JSONValue(access.quota?.rawValue),
        ]
    }

    private static func operationID(_ doc: OperationDoc) -> String {
        let cleaned = doc.path.split(separator: "/").filter { $0 != "api" }
            .map {
                $0.replacingOccurrences(of: "<", with: "by_").replacingOccurrences(of: ">", with: "")
                    .replacingOccurrences(of: "-", with: "_")
            }
        return ([doc.method.lowercased()] + cleaned).joined(separator: "_")
    }
}

extension PathPattern {
    /// `/api/users/<id>/` as OpenAPI writes it: `/api/users/{id}/` (OpenAPI 3.0 §4.7.8, path templating).
    var openAPIPath: String {
        path.replacingOccurrences(of: "<", with: "{").replacingOccurrences(of: ">", with: "}")
    }

    var parameterNames: [String] {
        segments.compactMap { if case .parameter(let name) = $0 { return name } else { return nil } }
    }
}
