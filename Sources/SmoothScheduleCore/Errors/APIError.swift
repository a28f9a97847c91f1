/// The only error that reaches a client. Codes are API contract (docs/api.md §1–2): never reword them.
public struct APIError: Error {
    public var status: Status
    public var code: String
    /// A sentence a person can read; never SQL, a stack trace or a secret.
    public var message: String
    public var extra: [(String, JSONValue)] = []
    public var headers: [(name: String, value: String)] = []

    public init(
        _ status: Status, code: String, _ message: String, extra: [(String, JSONValue)] = [],
        headers: [(name: String, value: String)] = []
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra
        self.headers = headers
    }
}

// MARK: - The contract's cases (docs/api.md §2)

extension APIError {
    public static func tenantNotFound() -> APIError {
        APIError(.notFound, code: "tenant_not_found", "No business is registered at this address.")
    }

    public static func notAuthenticated() -> APIError {
        APIError(
            .unauthorized, code: "not_authenticated", "Authentication credentials were not provided.",
            headers: [("WWW-Authenticate", "Token")])
    }

    public static func invalidToken() -> APIError {
        APIError(.unauthorized, code: "invalid_token", "Invalid token.", headers: [("WWW-Authenticate", "Token")])
    }

    public static func noTenantContext() -> APIError {
        APIError(
            .badRequest, code: "no_tenant_context",
            "This endpoint needs a business: call it on the business's own address.")
    }

    public static func permissionDenied(_ message: String = "You do not have permission to perform this action.")
        -> APIError
    {
        APIError(.forbidden, code: "permission_denied", message)
    }

    public static func featureNotAvailable(_ feature: Feature) -> APIError {
        APIError(
            .forbidden, code: "feature_not_available",
            "Your current plan does not include \(feature.displayName). Please upgrade your plan to use this feature.",
            extra: [("feature", .string(feature.rawValue)), ("upgrade_required", true)])
    }

    public static func quotaExceeded(_ quota: Quota, limit: Int, used: Int) -> APIError {
        APIError(
            .forbidden, code: "quota_exceeded",
            "You have reached your plan's limit of \(limit) \(quota.noun). Please upgrade your plan to add more.",
            extra: [("quota", .string(quota.rawValue)), ("limit", .int(Int64(limit))), ("used", .int(Int64(used)))])
    }

    public static func methodNotAllowed(_ method: String, allow: [String]) -> APIError {
        APIError(
            .methodNotAllowed, code: "method_not_allowed", "Method \"\(method)\" not allowed.",
            headers: [("Allow", allow.joined(separator: ", "))])
    }

    /// 400 `invalid` with per-field messages (`{"fields": {"name": ["This field is required."]}}`).
    public static func invalid(_ fields: [(String, String)], message: String? = nil) -> APIError {
        // Fields in the order first reported, each with its problems in order; a dictionary keeps it linear.
        var order: [String] = []
        var problems: [String: [JSONValue]] = [:]
        for (field, problem) in fields {
            if problems[field] == nil { order.append(field) }
            problems[field, default: []].append(.string(problem))
        }
        let grouped = order.map { ($0, JSONValue.array(problems[$0] ?? [])) }
        let sentence = message ?? fields.first.map { "\($0.0): \($0.1)" } ?? "Invalid input."
        return APIError(.badRequest, code: "invalid", sentence, extra: [("fields", .object(grouped))])
    }

    public static func invalid(field: String, _ problem: String) -> APIError { invalid([(field, problem)]) }

    public static func badRequest(code: String = "invalid", _ message: String) -> APIError {
        APIError(.badRequest, code: code, message)
    }

    public static func notFound(_ message: String = "Not found.") -> APIError {
        APIError(.notFound, code: "not_found", message)
    }

    public static func conflict(_ message: String, extra: [(String, JSONValue)] = []) -> APIError {
        APIError(.conflict, code: "conflict", message, extra: extra)
    }

    public static func payloadTooLarge(limit: Int) -> APIError {
        APIError(.payloadTooLarge, code: "payload_too_large", "The request body is larger than \(limit) bytes.")
    }

    public static func unsupportedMediaType() -> APIError {
        APIError(.unsupportedMediaType, code: "unsupported_media_type", "Send the request body as application/json.")
    }
}
