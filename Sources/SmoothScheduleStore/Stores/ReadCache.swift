/// One thread's memo of the lookups every request makes (tenant by host, user by token). It is valid only
/// while the database is unchanged: `PRAGMA data_version` moves when another connection commits and
/// the connection's own change count when this one writes, so a revoked token or a changed plan is seen at once.
public final class ReadCache {
    private var stamp: (Int64, Int64) = (-1, -1)
    private var targets: [String: Tenant?] = [:]
    private var holders: [String: TokenHolder] = [:]
    private var counts: [String: Int] = [:]
    static let maxEntries = 4096

    public init() {}

    /// Forgets everything if the database changed since the last request. Call once per request.
    public func revalidate(_ db: Database) throws {
        let current = try db.changeStamp()
        if current != stamp {
            targets.removeAll(keepingCapacity: true)
            holders.removeAll(keepingCapacity: true)
            counts.removeAll(keepingCapacity: true)
            stamp = current
        }
    }

    /// The tenant a host names, or nil for the public context (a host that names neither throws from `load`
    /// and is not remembered).
    public func tenant(host: String, _ load: () throws -> Tenant?) throws -> Tenant? {
        if let hit = targets[host] { return hit }
        let target = try load()
        if targets.count >= Self.maxEntries { targets.removeAll(keepingCapacity: true) }
        targets[host] = target
        return target
    }

    /// A count read on the hot path (e.g. a tenant's connected calendars), under a caller-chosen key.
    public func count(_ key: String, _ load: () throws -> Int) throws -> Int {
        if let hit = counts[key] { return hit }
        let value = try load()
        if counts.count >= Self.maxEntries { counts.removeAll(keepingCapacity: true) }
        counts[key] = value
        return value
    }

    /// Keyed by the token's SHA-256 (hex), never by the token itself. The holder keeps the token's issue time:
    /// a lifetime runs out without any write, so the guard checks it on every hit.
    public func holder(tokenHash: String, _ load: () throws -> TokenHolder?) throws -> TokenHolder? {
        if let hit = holders[tokenHash] { return hit }
        guard let holder = try load() else { return nil }
        if holders.count >= Self.maxEntries { holders.removeAll(keepingCapacity: true) }
        holders[tokenHash] = holder
        return holder
    }
}
