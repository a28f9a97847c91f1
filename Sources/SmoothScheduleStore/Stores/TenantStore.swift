/// Tenants, plans and domains. Every query here is by primary or unique key.
public struct TenantStore {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// A plan's columns: its key, name and rank, then one per feature and quota (RecordKindCatalogTests checks
    /// that the schema has every one).
    private static let planColumnNames =
        ["key", "name", "rank"] + Feature.allCases.map(\.rawValue) + Quota.allCases.map(\.rawValue)
    private static let planColumns = planColumnNames.map { "p.\($0) AS plan_\($0)" }.joined(separator: ", ")
    private static let tenantSelect = "SELECT t.*, \(planColumns) FROM tenants t JOIN plans p ON p.key = t.plan"
    private static let bySchema = tenantSelect + " WHERE t.schema_name = ?"
    private static let byID = tenantSelect + " WHERE t.id = ?"
    private static let byDomain = tenantSelect + " JOIN domains d ON d.tenant_id = t.id WHERE d.domain = ?"

    public func find(schemaName: String) throws -> Tenant? {
        try db.queryOne(Self.bySchema, [.text(schemaName)]).map(Self.tenant)
    }

    public func find(id: Int) throws -> Tenant? {
        try db.queryOne(Self.byID, [.int(id)]).map(Self.tenant)
    }

    public func find(domain: String) throws -> Tenant? {
        try db.queryOne(Self.byDomain, [.text(domain)]).map(Self.tenant)
    }

    public func list() throws -> [Tenant] {
        try db.query(Self.tenantSelect + " ORDER BY t.schema_name").map(Self.tenant)
    }

    public func create(schemaName: String, name: String, plan: String, timezone: String, now: Int64) throws -> Tenant {
        let id = try db.insert(
            "INSERT INTO tenants (schema_name, name, plan, timezone, created_at) VALUES (?, ?, ?, ?, ?)",
            [.text(schemaName), .text(name), .text(plan), .text(timezone), .int(now)])
        guard let tenant = try find(id: id) else { throw SQLiteError(code: 1, message: "tenant vanished", sql: nil) }
        return tenant
    }

    /// Sets one column of the tenant row. `column` must come from the closed set of tenant settings.
    public func set(tenantID: Int, column: TenantColumn, value: SQLValue) throws {
        try db.run("UPDATE tenants SET \(column.name) = ? WHERE id = ?", [value, .int(tenantID)])
    }

    public func addDomain(tenantID: Int, domain: String, now: Int64) throws {
        try db.run(
            "INSERT INTO domains (tenant_id, domain, created_at) VALUES (?, ?, ?)",
            [.int(tenantID), .text(domain), .int(now)])
    }

    public func domains(tenantID: Int) throws -> [String] {
        try db.query("SELECT domain FROM domains WHERE tenant_id = ? ORDER BY domain", [.int(tenantID)]).map {
            $0.string("domain")
        }
    }

    // MARK: - Plans

    private static let planSelect =
        "SELECT \(planColumnNames.map { "\($0) AS plan_\($0)" }.joined(separator: ", ")) FROM plans"

    public func plans() throws -> [Plan] { try db.query(Self.planSelect + " ORDER BY rank").map(Self.plan) }

    public func findPlan(_ key: String) throws -> Plan? {
        try db.queryOne(Self.planSelect + " WHERE key = ?", [.text(key)]).map(Self.plan)
    }

    public func setPlan(_ key: String, column: TenantColumn, value: SQLValue) throws {
        try db.run("UPDATE plans SET \(column.name) = ? WHERE key = ?", [value, .text(key)])
    }

    // MARK: - Row mapping

    static func plan(_ row: Row) -> Plan {
        var features: [Feature: Bool] = [:]
        for feature in Feature.allCases { features[feature] = row.bool("plan_\(feature.rawValue)") }
        var quotas: [Quota: Int?] = [:]
        for quota in Quota.allCases { quotas[quota] = row.optionalInt("plan_\(quota.rawValue)") }
        return Plan(
            key: row.string("plan_key"), name: row.string("plan_name"), rank: row.int("plan_rank"), features: features,
            quotas: quotas)
    }

    static func tenant(_ row: Row) -> Tenant {
        var featureOverrides: [Feature: Bool] = [:]
        for feature in Feature.allCases { featureOverrides[feature] = row.optionalBool(feature.rawValue) }
        var quotaOverrides: [Quota: QuotaOverride] = [:]
        for quota in Quota.allCases { quotaOverrides[quota] = QuotaOverride(stored: row.optionalInt(quota.rawValue)) }
        return Tenant(
            id: row.int("id"), schemaName: row.string("schema_name"), name: row.string("name"),
            timezone: row.string("timezone"), plan: plan(row), featureOverrides: featureOverrides,
            quotaOverrides: quotaOverrides, createdAt: row.int64("created_at") ?? 0)
    }
}

/// The settable columns of tenants and plans, a closed set: the names `TenantStore.set` and `setPlan` write
/// into SQL text (never one from a request).
public enum TenantColumn: Sendable {
    case name, timezone, plan
    case feature(Feature)
    case quota(Quota)

    var name: String {
        switch self {
        case .name: return "name"
        case .timezone: return "timezone"
        case .plan: return "plan"
        case .feature(let f): return f.rawValue
        case .quota(let q): return q.rawValue
        }
    }
}
