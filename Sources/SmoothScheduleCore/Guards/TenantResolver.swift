/// Where a request is addressed: the public context (no tenant) or one tenant.
public enum HostTarget {
    case publicContext
    case tenant(Tenant)

    init(_ tenant: Tenant?) { self = tenant.map(HostTarget.tenant) ?? .publicContext }

    var tenant: Tenant? {
        if case .tenant(let tenant) = self { return tenant }
        return nil
    }
}

/// Resolves the tenant from `Host` alone (docs/api.md §2.1); `X-Forwarded-Host` is never read.
public struct TenantResolver {
    let baseDomain: String
    let store: TenantStore

    public init(baseDomain: String, store: TenantStore) {
        self.baseDomain = baseDomain
        self.store = store
    }

    /// Lowercases, drops the port and one trailing dot. `[::1]:8080` → `[::1]`.
    public static func normalize(_ host: String) -> String {
        var h = Substring(host.lowercased())
        if h.hasPrefix("[") {
            if let close = h.firstIndex(of: "]") { h = h[...close] }
        } else if let colon = h.lastIndex(of: ":") {
            h = h[..<colon]
        }
        if h.hasSuffix(".") { h = h.dropLast() }
        return String(h)
    }

    /// Throws 404 `tenant_not_found` for a host that is neither a tenant nor the public context.
    public func resolve(host rawHost: String?, cache: ReadCache? = nil) throws -> HostTarget {
        let host = Self.normalize(rawHost ?? "")
        guard let cache else { return try lookup(host) }
        return HostTarget(try cache.tenant(host: host) { try lookup(host).tenant })
    }

    private func lookup(_ host: String) throws -> HostTarget {
        if host == baseDomain || host == "www." + baseDomain || host == "localhost" { return .publicContext }
        let suffix = "." + baseDomain
        if host.hasSuffix(suffix) {
            var label = String(host.dropLast(suffix.count))
            if label.hasPrefix("www.") { label = String(label.dropFirst(4)) }
            guard !label.isEmpty, !label.contains("."), let tenant = try store.find(schemaName: label) else {
                throw APIError.tenantNotFound()
            }
            return .tenant(tenant)
        }
        guard !host.isEmpty else { throw APIError.tenantNotFound() }
        if let tenant = try store.find(domain: host) { return .tenant(tenant) }
        if host.hasPrefix("www."), let tenant = try store.find(domain: String(host.dropFirst(4))) {
            return .tenant(tenant)
        }
        throw APIError.tenantNotFound()
    }
}
