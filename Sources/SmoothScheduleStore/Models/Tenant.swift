/// A plan's defaults (docs/api.md §3): features on or off and quotas (`nil` = unlimited).
public struct Plan: Sendable {
    public let key: String
    public let name: String
    public let rank: Int
    public let features: [Feature: Bool]
    public let quotas: [Quota: Int?]
}

/// A tenant override of a quota: follow the plan (no entry), unlimited, or a number.
public enum QuotaOverride: Equatable, Sendable {
    case unlimited
    case limit(Int)

    /// Stored as -1 for unlimited, NULL for "follow the plan".
    init?(stored: Int?) {
        guard let stored else { return nil }
        self = stored < 0 ? .unlimited : .limit(stored)
    }

    public var stored: Int { if case .limit(let n) = self { return n } else { return -1 } }
}

/// A business: its plan and overrides decide what it may do (`has_feature`, quota limits).
public struct Tenant: Sendable {
    public let id: Int
    public let schemaName: String
    public let name: String
    public let timezone: String
    public let plan: Plan
    public let featureOverrides: [Feature: Bool]
    public let quotaOverrides: [Quota: QuotaOverride]
    public let createdAt: Int64

    /// `Tenant.has_feature(key)`: the override if set, else the plan.
    public func hasFeature(_ feature: Feature) -> Bool {
        featureOverrides[feature] ?? plan.features[feature] ?? false
    }

    /// The effective limit; nil is unlimited.
    public func limit(_ quota: Quota) -> Int? {
        switch quotaOverrides[quota] {
        case .unlimited: return nil
        case .limit(let n): return n
        case nil: return plan.quotas[quota] ?? nil
        }
    }
}

/// A person who can sign in: a tenant member or a platform superuser (`tenantID == nil`).
public struct User: Sendable {
    public let id: Int
    public let tenantID: Int?
    public let email: String
    public let name: String
    public let role: Role
    public let isActive: Bool
}
