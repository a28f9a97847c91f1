import CSQLite

/// One thread's memo of the lookups every request makes (tenant by host, user by token). It is valid only
/// while the database is unchanged: `PRAGMA data_version` moves when another connection commits and
/// `sqlite3_total_changes64` when this one writes, so a revoked token or a changed plan is seen at once.
public final class ReadCache {
    private var stamp: (Int64, Int64) = (-1, -1)
    private var targets: [String: HostTarget] = [:]
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

    func target(host: String, _ load: () throws -> HostTarget) throws -> HostTarget {
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
    func holder(tokenHash: String, _ load: () throws -> TokenHolder?) throws -> TokenHolder? {
        if let hit = holders[tokenHash] { return hit }
        guard let holder = try load() else { return nil }
        if holders.count >= Self.maxEntries { holders.removeAll(keepingCapacity: true) }
        holders[tokenHash] = holder
        return holder
    }
}

extension Database {
    /// `(data_version, total_changes)`: changes whenever any connection has committed a change.
    func changeStamp() throws -> (Int64, Int64) {
        let version =
            try queryOne("PRAGMA data_version").map { row -> Int64 in
                if case .int(let v) = row[0] { return v }
                return 0
            } ?? 0
        return (version, sqlite3_total_changes64(rawHandle))
    }
}
