/// Sign-in, sign-out and the current user (API.md §4).
public enum AuthHandlers {
    /// `POST /api/auth/login/` `{email, password}` → a new token. The same 400 for every kind of wrong credential.
    public static func login(_ request: Request, _ context: Context) throws -> Response {
        // Public and unthrottled until parsed: refuse what no e-mail and password need (docs/review/parser.md).
        guard request.body.count <= 16_384 else { throw APIError.payloadTooLarge(limit: 16_384) }
        var body = try BodyReader(request)
        let email = body.string("email", required: true, maxLength: 254)?.lowercased() ?? ""
        let password = body.string("password", required: true, maxLength: 1024) ?? ""
        try body.finish()
        let limiter = LoginThrottle(context.db, now: context.now)
        let keys = ["account:\(context.tenant?.id ?? 0):\(email)", "address:\(request.remoteAddress)"]
        try limiter.check(keys)
        let users = UserStore(context.db)
        guard let found = try users.findForLogin(email: email, tenantID: context.tenant?.id),
            let hash = found.passwordHash, PasswordHasher.verify(password, against: hash)
        else {
            try limiter.recordFailure(keys)
            throw APIError(.badRequest, code: "invalid_credentials", "Unable to log in with the provided credentials.")
        }
        try limiter.reset(keys[0])
        let token = try users.createToken(userID: found.user.id, now: context.now)
        return .json(["success": true, "token": .string(token), "user": userJSON(found.user, context)])
    }

    /// `POST /api/auth/logout/`: revokes the token in use.
    public static func logout(_ request: Request, _ context: Context) throws -> Response {
        let header = request.header("authorization") ?? ""
        if let key = header.split(separator: " ", maxSplits: 1).last {
            try UserStore(context.db).revokeToken(String(key), now: context.now)
        }
        return .json(["success": true])
    }

    /// `GET /api/auth/me/`: the signed-in user and the tenant's schema name.
    public static func me(_ request: Request, _ context: Context) throws -> Response {
        .json(userJSON(try context.requireUser(), context))
    }

    static func userJSON(_ user: User, _ context: Context) -> JSONValue {
        [
            "id": .int(Int64(user.id)), "email": .string(user.email), "name": .string(user.name),
            "role": .string(user.role.rawValue), "schema_name": JSONValue(context.tenant?.schemaName),
        ]
    }
}
