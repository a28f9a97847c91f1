/// Sign-in, sign-out and the current user (docs/api.md §4).
public enum AuthHandlers {
    /// `POST /api/auth/login/` `{email, password}` → a new token. The same 400 for every kind of wrong credential,
    /// after the same work (review F3); throttled per account, address and pair (docs/review/login.md).
    public static func login(_ request: Request, _ context: Context) throws -> Response {
        // Public and unthrottled until parsed: refuse what no e-mail and password need (docs/review/parser.md).
        guard request.body.count <= 16_384 else { throw APIError.payloadTooLarge(limit: 16_384) }
        var body = try BodyReader(request)
        let email = body.string("email", required: true, maxLength: 254)?.lowercased() ?? ""
        let password = body.string("password", required: true, maxLength: 1024) ?? ""
        try body.finish()
        let users = UserStore(context.db)
        let found = try users.findForLogin(email: email, tenantID: context.tenant?.id)
        let throttle = LoginThrottle(context.db, now: context.now)
        let keys = LoginThrottle.Keys(email: email, remoteAddress: request.remoteAddress)
        let known = try found.map { try throttle.isKnown(userID: $0.user.id, addressKey: keys.addressKey) } ?? false
        let iterations = context.config.passwordIterations
        let admission = try throttle.admit(keys, known: known, cost: Credentials.cost(found, iterations: iterations))
        guard let user = Credentials.verifiedUser(found, password: password, iterations: iterations) else {
            throw APIError(.badRequest, code: "invalid_credentials", "Unable to log in with the provided credentials.")
        }
        try throttle.recordSuccess(admission, userID: user.id)
        let token = try users.createToken(userID: user.id, now: context.now)
        return noStore(.json(["success": true, "token": .string(token), "user": userJSON(user, context)]))
    }

    /// `POST /api/auth/logout/`: revokes the token in use, read by the same parser that authenticated it.
    public static func logout(_ request: Request, _ context: Context) throws -> Response {
        try UserStore(context.db).revokeToken(try tokenKey(request), now: context.now)
        return noStore(.json(["success": true]))
    }

    /// `GET /api/auth/me/`: the signed-in user and the tenant's schema name.
    public static func me(_ request: Request, _ context: Context) throws -> Response {
        noStore(.json(userJSON(try context.requireUser(), context)))
    }

    /// docs/api.md §4: an answer carrying a token, or about the session, is kept by no cache (RFC 9111 §5.2.2.5).
    static func noStore(_ response: Response) -> Response {
        var response = response
        response.setHeader("Cache-Control", "no-store")
        return response
    }

    static func userJSON(_ user: User, _ context: Context) -> JSONValue {
        [
            "id": .int(Int64(user.id)), "email": .string(user.email), "name": .string(user.name),
            "role": .string(user.role.rawValue), "schema_name": JSONValue(context.tenant?.schemaName),
        ]
    }
}
