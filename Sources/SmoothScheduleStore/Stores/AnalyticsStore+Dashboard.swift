// Dashboard-only analytics queries: local weekday/hour histograms and resource utilisation.

extension AnalyticsStore {
    /// Earliest and latest non-cancelled start, or nil when there is none.
    public func startBounds(tenantID: Int) throws -> (first: Int64, last: Int64)? {
        guard
            let row = try db.queryOne(
                "SELECT min(start_time), max(start_time) FROM appointments WHERE tenant_id = ?", [.int(tenantID)]),
            let first = row[0].int64, let last = row[1].int64
        else { return nil }
        return (first, last)
    }

    /// Non-cancelled appointments by local weekday (Monday = 0) and hour of their start. `spans` are the zone's
    /// constant-offset spans covering every start, so each row is shifted by the offset in force at its instant.
    public func byLocalWeekdayAndHour(tenantID: Int, spans: [(start: Int64, end: Int64, offset: Int64)]) throws
        -> [(weekday: Int, hour: Int, count: Int)]
    {
        let json = Self.jsonArray(spans.map { [$0.start, $0.end, $0.offset] })
        // The status list (rather than `<> 'CANCELLED'`) lets SQLite read only the covering index
        // (tenant_id, status, start_time): no table lookups over a million rows.
        return try db.query(
            """
            WITH z AS (SELECT value ->> 0 AS lo, value ->> 1 AS hi, value ->> 2 AS off FROM json_each(?2))
            SELECT ((a.start_time + z.off) / 86400 + 3) % 7 AS weekday, (a.start_time + z.off) % 86400 / 3600 AS hour,
                   count(*)
            FROM z CROSS JOIN appointments a
            WHERE a.tenant_id = ?1 AND a.status IN ('PENDING', 'CONFIRMED', 'COMPLETED', 'NO_SHOW')
              AND a.start_time >= z.lo AND a.start_time < z.hi
            GROUP BY weekday, hour
            """, [.int(tenantID), .text(json)]
        ).map { (Self.int($0[0]), Self.int($0[1]), Self.int($0[2])) }
    }

    /// Seconds of each active resource booked by non-cancelled appointments, clipped to `[start, end)`.
    public func bookedSeconds(tenantID: Int, start: Int64, end: Int64) throws -> [(id: Int, name: String, seconds: Int)]
    {
        try db.query(
            """
            SELECT r.id, r.name,
                   (SELECT total(min(a.end_time, ?3) - max(a.start_time, ?2)) FROM appointments a
                    WHERE a.tenant_id = ?1 AND a.resource_id = r.id AND a.status <> 'CANCELLED'
                      AND a.start_time < ?3 AND a.end_time > ?2) AS booked
            FROM resources r WHERE r.tenant_id = ?1 AND r.is_active ORDER BY r.id
            """, [.int(tenantID), .int(start), .int(end)]
        ).map { (Int($0[0].int64 ?? 0), $0.string("name"), Self.int($0[2])) }
    }
}
