import Foundation

/// The operator commands of docs/api.md §11 (`migrate`, `tenant`, `domain`, `plan`, `user`, `token`).
/// Output for scripts is plain (a token alone on its line) or JSON.
public struct AdminCommands {
    let db: Database
    let config: Config
    let now: Int64
    let output: (String) -> Void

    public init(db: Database, config: Config, now: Int64, output: @escaping (String) -> Void) {
        self.db = db
        self.config = config
        self.now = now
        self.output = output
    }

    public func run(_ words: [String]) throws {
        guard let command = words.first else { throw CommandError("missing command") }
        let rest = Array(words.dropFirst())
        switch (command, rest.first) {
        case ("migrate", _):
            let applied = try Migrator(db).migrate(now: now)
            output(applied.isEmpty ? "database is up to date" : "applied \(applied.joined(separator: ", "))")
        case ("tenant", "create"): try tenantCreate(Array(rest.dropFirst()))
        case ("tenant", "set"): try tenantSet(Array(rest.dropFirst()))
        case ("tenant", "show"): try tenantShow(Array(rest.dropFirst()))
        case ("tenant", "list"): try tenantList(Array(rest.dropFirst()))
        case ("domain", "add"): try domainAdd(Array(rest.dropFirst()))
        case ("plan", "list"): try planList(Array(rest.dropFirst()))
        case ("plan", "set"): try planSet(Array(rest.dropFirst()))
        case ("user", "create"): try userCreate(Array(rest.dropFirst()))
        case ("token", "create"): try tokenCreate(Array(rest.dropFirst()))
        case ("keys", "rotate"): try keysRotate(Array(rest.dropFirst()))
        case ("oauth", "list"): try oauthList(Array(rest.dropFirst()))
        case ("oauth", "refresh"): try oauthRefresh(Array(rest.dropFirst()))
        case ("analytics", "dashboard"): try analyticsDashboard(Array(rest.dropFirst()))
        case ("hours", "show"): try hoursShow(Array(rest.dropFirst()))
        case ("hours", "set"): try hoursSet(Array(rest.dropFirst()))
        case ("hours", "clear"): try hoursClear(Array(rest.dropFirst()))
        default: throw CommandError("unknown command '\(([command] + rest.prefix(1)).joined(separator: " "))'")
        }
    }

    static let reservedSchemaNames: Set<String> = ["www", "api", "admin", "public", "static", "mail"]

    /// A schema name is one DNS label: lowercase letters, digits and hyphens, 1–63 characters.
    public static func validateSchemaName(_ name: String) throws {
        let ok =
            !name.isEmpty && name.count <= 63 && !name.hasPrefix("-") && !name.hasSuffix("-")
            && name.allSatisfy {
                ($0.isASCII && $0.isLowercase && $0.isLetter) || ($0.isASCII && $0.isNumber) || $0 == "-"
            }
        guard ok else { throw CommandError("schema name '\(name)' must be 1-63 lowercase letters, digits or hyphens") }
        guard !reservedSchemaNames.contains(name) else { throw CommandError("schema name '\(name)' is reserved") }
    }

    func requireTenant(_ schema: String) throws -> Tenant {
        guard let tenant = try TenantStore(db).find(schemaName: schema) else {
            throw CommandError("no tenant '\(schema)'")
        }
        return tenant
    }

    private func tenantCreate(_ args: [String]) throws {
        let a = try Arguments(args, known: ["name", "plan", "timezone"])
        let schema = try a.positional(0, "SCHEMA")
        try a.noExtraPositional(after: 1)
        try Self.validateSchemaName(schema)
        let plan = a.option("plan") ?? "free"
        let timezone = a.option("timezone") ?? "UTC"
        let store = TenantStore(db)
        guard try store.findPlan(plan) != nil else { throw CommandError("unknown plan '\(plan)'") }
        guard TimeZones.isValid(timezone) else { throw CommandError("unknown time zone '\(timezone)'") }
        guard try store.find(schemaName: schema) == nil else { throw CommandError("tenant '\(schema)' already exists") }
        let tenant = try store.create(
            schemaName: schema, name: try a.require("name"), plan: plan, timezone: timezone, now: now)
        output(try TenantJSON.summary(tenant, db: db, now: now).text)
    }

    private func tenantSet(_ args: [String]) throws {
        let a = try Arguments(args, known: [])
        let tenant = try requireTenant(try a.positional(0, "SCHEMA"))
        let assignments = Array(a.positional.dropFirst())
        guard !assignments.isEmpty else { throw CommandError("nothing to set: give KEY=VALUE pairs") }
        let changes = try assignments.map { try Setting.parse($0, forTenant: true, db: db) }
        try db.transaction {
            for change in changes {
                try TenantStore(db).set(tenantID: tenant.id, column: change.column, value: change.value)
            }
        }
        output(try TenantJSON.summary(try requireTenant(tenant.schemaName), db: db, now: now).text)
    }

    private func tenantShow(_ args: [String]) throws {
        let a = try Arguments(args, known: [])
        try a.noExtraPositional(after: 1)
        let tenant = try requireTenant(try a.positional(0, "SCHEMA"))
        guard case .object(var members) = try TenantJSON.summary(tenant, db: db, now: now) else { return }
        members.append(("overrides", TenantJSON.overrides(tenant)))
        members.append(("domains", .array(try TenantStore(db).domains(tenantID: tenant.id).map(JSONValue.string))))
        output(JSONValue.object(members).text)
    }

    /// `analytics dashboard SCHEMA`: the dashboard of `GET /api/analytics/dashboard/`, for operators (and for
    /// `scripts/bench`, which records its exact SQL with `SMOOTHSCHEDULE_SQL_TRACE_FILE`).
    private func analyticsDashboard(_ args: [String]) throws {
        let a = try Arguments(args, known: [])
        try a.noExtraPositional(after: 1)
        let tenant = try requireTenant(try a.positional(0, "SCHEMA"))
        let report = try db.readTransaction {
            try DashboardReport(store: AnalyticsStore(db), tenant: tenant, now: now).json()
        }
        output(report.text)
    }

    private func tenantList(_ args: [String]) throws {
        try Arguments(args, known: []).noExtraPositional(after: 0)
        let tenants = try TenantStore(db).list().map { t -> JSONValue in
            [
                "schema_name": .string(t.schemaName), "name": .string(t.name), "plan": .string(t.plan.key),
                "timezone": .string(t.timezone),
            ]
        }
        output(JSONValue.array(tenants).text)
    }

    private func domainAdd(_ args: [String]) throws {
        let a = try Arguments(args, known: [])
        try a.noExtraPositional(after: 2)
        let tenant = try requireTenant(try a.positional(0, "SCHEMA"))
        let domain = TenantResolver.normalize(try a.positional(1, "DOMAIN"))
        guard domain.contains("."), !domain.hasSuffix("." + config.baseDomain), domain != config.baseDomain else {
            throw CommandError("'\(domain)' is not a custom domain (subdomains of \(config.baseDomain) are automatic)")
        }
        if let owner = try TenantStore(db).find(domain: domain) {
            throw CommandError("domain '\(domain)' already belongs to tenant '\(owner.schemaName)'")
        }
        try TenantStore(db).addDomain(tenantID: tenant.id, domain: domain, now: now)
        output("added \(domain) to \(tenant.schemaName)")
    }

    private func planList(_ args: [String]) throws {
        try Arguments(args, known: []).noExtraPositional(after: 0)
        let plans = try TenantStore(db).plans().map { plan -> JSONValue in
            [
                "key": .string(plan.key), "name": .string(plan.name),
                "features": .object(Feature.allCases.map { ($0.rawValue, .bool(plan.features[$0] ?? false)) }),
                "quotas": .object(Quota.allCases.map { ($0.rawValue, JSONValue(plan.quotas[$0] ?? nil)) }),
            ]
        }
        output(JSONValue.array(plans).text)
    }

    private func planSet(_ args: [String]) throws {
        let a = try Arguments(args, known: [])
        let key = try a.positional(0, "PLAN")
        guard try TenantStore(db).findPlan(key) != nil else { throw CommandError("unknown plan '\(key)'") }
        let assignments = Array(a.positional.dropFirst())
        guard !assignments.isEmpty else { throw CommandError("nothing to set: give KEY=VALUE pairs") }
        let changes = try assignments.map { try Setting.parse($0, forTenant: false, db: db) }
        try db.transaction {
            for change in changes { try TenantStore(db).setPlan(key, column: change.column, value: change.value) }
        }
        try planList([])
    }

    private func userCreate(_ args: [String]) throws {
        let a = try Arguments(args, known: ["tenant", "email", "role", "name", "password"])
        try a.noExtraPositional(after: 0)
        guard let role = Role(rawValue: try a.require("role")) else {
            throw CommandError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let email = try a.require("email").lowercased()
        guard EmailAddress.isValid(email) else { throw CommandError("'\(email)' is not a valid e-mail address") }
        var tenantID: Int?
        if role == .superuser {
            if a.option("tenant") != nil { throw CommandError("a superuser belongs to no tenant: drop --tenant") }
        } else {
            tenantID = try requireTenant(try a.require("tenant")).id
        }
        let users = UserStore(db)
        if try users.findByEmail(email).contains(where: { $0.tenantID == tenantID }) {
            throw CommandError("user '\(email)' already exists there")
        }
        let hash = try a.option("password").map { try PasswordHasher.hash($0, iterations: config.passwordIterations) }
        let user = try users.create(
            tenantID: tenantID, email: email, name: a.option("name") ?? "", role: role, passwordHash: hash, now: now)
        let summary: JSONValue = [
            "id": .int(Int64(user.id)), "email": .string(user.email), "role": .string(role.rawValue),
        ]
        output(summary.text)
    }

    private func tokenCreate(_ args: [String]) throws {
        let a = try Arguments(args, known: ["tenant"])
        try a.noExtraPositional(after: 1)
        let email = try a.positional(0, "EMAIL").lowercased()
        var candidates = try UserStore(db).findByEmail(email)
        if let schema = a.option("tenant") {
            let tenant = try requireTenant(schema)
            candidates = candidates.filter { $0.tenantID == tenant.id }
        }
        guard !candidates.isEmpty else { throw CommandError("no user '\(email)'") }
        guard candidates.count == 1 else {
            throw CommandError("'\(email)' exists in several tenants: add --tenant SCHEMA")
        }
        output(try UserStore(db).createToken(userID: candidates[0].id, now: now))
    }
}
