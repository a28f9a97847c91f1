// The analytics queries (docs/api.md §9): GROUP BY in SQL over UTC ranges computed in the tenant's time zone.

/// Counts and sums for the analytics endpoints. Every query filters by `tenant_id`.
public struct AnalyticsStore {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// One (period index, status) cell of a series: how many appointments and their `price_cents` total.
    public struct Cell {
        public let period: Int
        public let status: String
        public let count: Int
        public let cents: Int
    }

    /// Appointments by period (start in `[start, end)`; the cell's `period` is the index in `periods`) and
    /// status. Periods go to SQL as one JSON array.
    public func byPeriodAndStatus(tenantID: Int, periods: [(start: Int64, end: Int64)]) throws -> [Cell] {
        let json = Self.jsonArray(periods.map { [$0.start, $0.end] })
        return try db.query(
            Self.byPeriodSQL, [.int(tenantID), .text(json)]
        ).map {
            Cell(
                period: Int($0[0].int64 ?? 0), status: $0.string("status"), count: Self.int($0[2]),
                cents: Self.int($0[3]))
        }
    }

    /// Range-buckets starts into the periods of `?2` (`[[start, end], …]`), one index range scan per period.
    static let byPeriodSQL = """
        WITH p AS (SELECT CAST(key AS INTEGER) AS idx, value ->> 0 AS lo, value ->> 1 AS hi FROM json_each(?2))
        SELECT p.idx, a.status, count(*), total(a.price_cents)
        FROM p CROSS JOIN appointments a
        WHERE a.tenant_id = ?1 AND a.start_time >= p.lo AND a.start_time < p.hi
        GROUP BY p.idx, a.status
        """

    /// A service's count and revenue.
    public struct ServiceTotal {
        public let id: Int
        public let name: String
        public let currency: String
        public let count: Int
        public let cents: Int
    }

    /// Per service, appointments with `status` starting in `[start, end)`: by revenue, then count, then id.
    public func byService(tenantID: Int, status: String?, start: Int64, end: Int64, limit: Int = -1) throws
        -> [ServiceTotal]
    {
        try db.query(
            """
            SELECT s.id, s.name, s.currency, t.n, t.cents
            FROM (
                SELECT service_id, count(*) AS n, total(price_cents) AS cents
                FROM appointments INDEXED BY appointments_tenant_service
                WHERE tenant_id = ?1 AND start_time >= ?3 AND start_time < ?4
                  AND (CASE WHEN ?2 IS NULL THEN status <> 'CANCELLED' ELSE status = ?2 END)
                GROUP BY service_id
            ) t JOIN services s ON s.id = t.service_id
            ORDER BY \(status == nil ? "t.n DESC, t.cents DESC" : "t.cents DESC, t.n DESC"), s.id
            LIMIT ?5
            """, [.int(tenantID), .optional(status), .int(start), .int(end), .int(limit)]
        ).map {
            ServiceTotal(
                id: Int($0[0].int64 ?? 0), name: $0.string("name"), currency: $0.string("currency"),
                count: Self.int($0[3]), cents: Self.int($0[4]))
        }
    }

    /// Appointments by status over `[start, end)`.
    public func byStatus(tenantID: Int, start: Int64 = .min, end: Int64 = .max) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try db.query(
            """
            SELECT status, count(*) FROM appointments
            WHERE tenant_id = ? AND start_time >= ? AND start_time < ? GROUP BY status
            """, [.int(tenantID), .int(start), .int(end)])
        {
            counts[row.string("status")] = Self.int(row[1])
        }
        return counts
    }

    /// Non-cancelled appointments starting at or after `from` that are still PENDING or CONFIRMED.
    public func countUpcoming(tenantID: Int, from: Int64) throws -> Int {
        try db.scalarInt(
            """
            SELECT count(*) FROM appointments
            WHERE tenant_id = ? AND status IN ('PENDING', 'CONFIRMED') AND start_time >= ?
            """, [.int(tenantID), .int(from)])
    }

    /// COMPLETED `price_cents` total for starts in `[start, end)`.
    public func completedRevenue(tenantID: Int, start: Int64, end: Int64) throws -> Int {
        try db.scalarInt(
            """
            SELECT total(price_cents) FROM appointments
            WHERE tenant_id = ? AND status = 'COMPLETED' AND start_time >= ? AND start_time < ?
            """, [.int(tenantID), .int(start), .int(end)])
    }

    /// `[[1,2],[3,4]]`: integer rows as the JSON text `json_each` reads.
    static func jsonArray(_ rows: [[Int64]]) -> String {
        "[" + rows.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
    }

    static func int(_ value: SQLValue) -> Int {
        switch value {
        case .int(let v): return Int(v)
        case .double(let d): return Int(Int64(saturating: d))
        default: return 0
        }
    }
}
