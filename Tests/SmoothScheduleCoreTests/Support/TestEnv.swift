import Foundation

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// A migrated in-memory database, a fake HTTP client and a fixed clock: the whole pipeline without sockets.
final class TestEnv {
    static let baseDomain = "smoothschedule.test"
    /// 2025-12-02T10:30:00Z.
    static let fixedNow: Int64 = 1_764_671_400

    let config: Config
    let db: Database
    let http = FakeHTTPClient()
    let deps: Dependencies
    let dispatcher: Dispatcher

    init(now: Int64 = TestEnv.fixedNow, extraConfig: [String: String] = [:]) throws {
        var values = [
            "SMOOTHSCHEDULE_DATABASE": ":memory:", "SMOOTHSCHEDULE_BASE_DOMAIN": Self.baseDomain,
            "SMOOTHSCHEDULE_SECRET_KEY": String(repeating: "k", count: 40),
            "SMOOTHSCHEDULE_PASSWORD_ITERATIONS": "10000",
        ]
        values.merge(extraConfig) { $1 }
        config = try Config(values: values)
        db = try Database(path: ":memory:")
        try Migrator(db).migrate(now: now)
        deps = Dependencies(db: db, http: http, config: config, clock: { now })
        dispatcher = Dispatcher(routes: Routes.all, deps: deps, log: Log(minimum: .error))
    }

    var now: Int64 { deps.clock() }

    struct Member {
        let user: User
        let token: String
        let tenant: Tenant?
    }

    @discardableResult
    func seedTenant(_ schema: String, plan: String = "free", timezone: String = "UTC", overrides: [String] = []) throws
        -> Tenant
    {
        _ = try TenantStore(db).create(
            schemaName: schema, name: schema.capitalized, plan: plan, timezone: timezone, now: now)
        if !overrides.isEmpty {
            try AdminCommands(db: db, config: config, now: now, output: { _ in }).run(
                ["tenant", "set", schema] + overrides)
        }
        return try TenantStore(db).find(schemaName: schema)!
    }

    func seedUser(_ schema: String?, role: Role, email: String? = nil, password: String? = nil) throws -> Member {
        let tenant = try schema.flatMap { try TenantStore(db).find(schemaName: $0) }
        let address =
            email ?? "\(role.rawValue)-\(UUID().uuidString.prefix(8).lowercased())@\(schema ?? "platform").example"
        let hash = try password.map { try PasswordHasher.hash($0, iterations: 1000) }
        let user = try UserStore(db).create(
            tenantID: tenant?.id, email: address, name: role.rawValue.capitalized, role: role, passwordHash: hash,
            now: now)
        return Member(user: user, token: try UserStore(db).createToken(userID: user.id, now: now), tenant: tenant)
    }

    func respond(_ request: Request) -> Response { dispatcher.respond(to: request) }

    /// A context for calling a handler directly.
    func context(_ member: Member, parameters: [String: String] = [:]) -> Context {
        var context = Context(tenant: member.tenant, user: member.user, deps: deps, requestID: "test", now: now)
        context.pathParameters = parameters
        return context
    }
}

/// Builds requests the way the FastCGI layer would.
enum TestRequest {
    static func make(
        _ method: String, _ path: String, host: String, token: String? = nil, json: JSONValue? = nil,
        query: [(String, String)] = [], headers: [String: String] = [:]
    ) -> Request {
        var allHeaders = headers
        allHeaders["host"] = host
        if let token { allHeaders["authorization"] = "Token \(token)" }
        if json != nil { allHeaders["content-type"] = "application/json" }
        return Request(
            method: method, path: path, query: query.map { (name: $0.0, value: $0.1) }, headers: allHeaders,
            body: json?.serialized() ?? [], remoteAddress: "127.0.0.1")
    }

    static func get(_ path: String, host: String, token: String? = nil, query: [(String, String)] = []) -> Request {
        make("GET", path, host: host, token: token, query: query)
    }

    static func post(_ path: String, host: String, token: String? = nil, json: JSONValue? = nil) -> Request {
        make("POST", path, host: host, token: token, json: json)
    }
}

/// Records outbound requests and answers from a queue (unit tests only; integration tests use the emulator).
final class FakeHTTPClient: HTTPClient {
    var sent: [OutboundRequest] = []
    var responses: [OutboundResponse] = []

    func send(_ request: OutboundRequest) throws -> OutboundResponse {
        sent.append(request)
        guard !responses.isEmpty else { throw OutboundError(kind: .connect, message: "no fake response queued") }
        return responses.removeFirst()
    }
}

extension Response {
    var json: JSONValue { (try? JSONParser.parse((try? bodyBytes()) ?? [])) ?? .null }
    var code: String? { json["code"]?.stringValue }
}

func host(_ schema: String) -> String { "\(schema).\(TestEnv.baseDomain)" }
