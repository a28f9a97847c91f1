/// The tenant's plan, effective features and quotas with usage (docs/api.md §3) — the frontend's `usePlanFeatures`.
public enum TenantHandlers {
    /// `GET /api/tenant/`.
    public static func show(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        return .json(try TenantJSON.summary(tenant, db: context.db, now: context.now))
    }
}

/// Tenant as JSON, shared by the endpoint and the CLI's `tenant show`.
public enum TenantJSON {
    public static func summary(_ tenant: Tenant, db: Database, now: Int64) throws -> JSONValue {
        let usage = QuotaUsage(db)
        var quotas: [(String, JSONValue)] = []
        for quota in Quota.allCases {
            let used = try usage.used(quota, tenant: tenant, now: now)
            quotas.append((quota.rawValue, ["limit": JSONValue(tenant.limit(quota)), "used": .int(Int64(used))]))
        }
        return [
            "id": .int(Int64(tenant.id)), "name": .string(tenant.name), "schema_name": .string(tenant.schemaName),
            "timezone": .string(tenant.timezone), "plan": .string(tenant.plan.key),
            "features": .object(Feature.allCases.map { ($0.rawValue, .bool(tenant.hasFeature($0))) }),
            "quotas": .object(quotas),
        ]
    }

    /// The overrides as stored: `null` follows the plan, `"unlimited"` or a number.
    public static func overrides(_ tenant: Tenant) -> JSONValue {
        var members: [(String, JSONValue)] = Feature.allCases.map {
            ($0.rawValue, tenant.featureOverrides[$0].map(JSONValue.bool) ?? .null)
        }
        for quota in Quota.allCases {
            let value: JSONValue
            switch tenant.quotaOverrides[quota] {
            case .unlimited: value = "unlimited"
            case .limit(let n): value = .int(Int64(n))
            case nil: value = .null
            }
            members.append((quota.rawValue, value))
        }
        return .object(members)
    }
}
