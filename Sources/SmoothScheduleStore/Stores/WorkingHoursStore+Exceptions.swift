// `time_off` (a resource's absences, instants) and `closures` (tenant-wide dates): the exceptions to working hours.

/// A resource's time off as the API shows it.
public struct TimeOff: Sendable {
    public let id: Int
    public let resourceID: Int
    public let start: Int64
    public let end: Int64
    public let reason: String
    public let createdAt: Int64
    public let updatedAt: Int64

    init(row: Row) {
        id = row.int("id")
        resourceID = row.int("resource_id")
        start = row.int64("start_time") ?? 0
        end = row.int64("end_time") ?? 0
        reason = row.string("reason")
        createdAt = row.int64("created_at") ?? 0
        updatedAt = row.int64("updated_at") ?? 0
    }
}

/// A tenant-wide closure date.
public struct Closure: Sendable {
    public let id: Int
    public let date: String
    public let reason: String
    public let createdAt: Int64
    public let updatedAt: Int64

    init(row: Row) {
        id = row.int("id")
        date = row.string("date")
        reason = row.string("reason")
        createdAt = row.int64("created_at") ?? 0
        updatedAt = row.int64("updated_at") ?? 0
    }
}

extension WorkingHoursStore {
    // MARK: - Time off

    public func countTimeOff(tenantID: Int, resourceID: Int) throws -> Int {
        try db.scalarInt(
            "SELECT count(*) FROM time_off WHERE tenant_id = ? AND resource_id = ?", [.int(tenantID), .int(resourceID)])
    }

    public func listTimeOff(tenantID: Int, resourceID: Int, limit: Int, offset: Int) throws -> [TimeOff] {
        try db.query(
            """
            SELECT * FROM time_off WHERE tenant_id = ? AND resource_id = ? ORDER BY start_time, id LIMIT ? OFFSET ?
            """, [.int(tenantID), .int(resourceID), .int(limit), .int(offset)]
        ).map(TimeOff.init(row:))
    }

    public func findTimeOff(tenantID: Int, resourceID: Int, id: Int) throws -> TimeOff? {
        try db.queryOne(
            "SELECT * FROM time_off WHERE id = ? AND tenant_id = ? AND resource_id = ?",
            [.int(id), .int(tenantID), .int(resourceID)]
        ).map(TimeOff.init(row:))
    }

    public func insertTimeOff(
        tenantID: Int, resourceID: Int, start: Int64, end: Int64, reason: String, now: Int64
    ) throws -> Int {
        try db.insert(
            """
            INSERT INTO time_off (tenant_id, resource_id, start_time, end_time, reason, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.int(tenantID), .int(resourceID), .int(start), .int(end), .text(reason), .int(now), .int(now)])
    }

    public func updateTimeOff(tenantID: Int, id: Int, start: Int64, end: Int64, reason: String, now: Int64) throws {
        try db.run(
            "UPDATE time_off SET start_time = ?, end_time = ?, reason = ?, updated_at = ? WHERE id = ? AND tenant_id = ?",
            [.int(start), .int(end), .text(reason), .int(now), .int(id), .int(tenantID)])
    }

    public func deleteTimeOff(tenantID: Int, id: Int) throws {
        try db.run("DELETE FROM time_off WHERE id = ? AND tenant_id = ?", [.int(id), .int(tenantID)])
    }

    /// Time off of one resource (or, with nil, of every resource) overlapping `[from, to)`.
    public func timeOff(tenantID: Int, resourceID: Int?, from: Int64, to: Int64) throws
        -> [(resourceID: Int, start: Int64, end: Int64)]
    {
        let rows =
            try resourceID.map {
                try db.query(
                    """
                    SELECT resource_id, start_time, end_time FROM time_off
                    WHERE tenant_id = ? AND resource_id = ? AND end_time > ? AND start_time < ?
                    """, [.int(tenantID), .int($0), .int(from), .int(to)])
            }
            ?? db.query(
                """
                SELECT resource_id, start_time, end_time FROM time_off
                WHERE tenant_id = ? AND end_time > ? AND start_time < ?
                """, [.int(tenantID), .int(from), .int(to)])
        return rows.map { ($0.int("resource_id"), $0.int64("start_time") ?? 0, $0.int64("end_time") ?? 0) }
    }

    // MARK: - Closures

    public func countClosures(tenantID: Int, from: String?, to: String?) throws -> Int {
        try db.scalarInt(
            """
            SELECT count(*) FROM closures
            WHERE tenant_id = ? AND (? IS NULL OR date >= ?) AND (? IS NULL OR date <= ?)
            """, [.int(tenantID), .optional(from), .optional(from), .optional(to), .optional(to)])
    }

    public func listClosures(tenantID: Int, from: String?, to: String?, limit: Int, offset: Int) throws -> [Closure] {
        try db.query(
            """
            SELECT * FROM closures
            WHERE tenant_id = ? AND (? IS NULL OR date >= ?) AND (? IS NULL OR date <= ?)
            ORDER BY date LIMIT ? OFFSET ?
            """,
            [
                .int(tenantID), .optional(from), .optional(from), .optional(to), .optional(to), .int(limit),
                .int(offset),
            ]
        ).map(Closure.init(row:))
    }

    public func findClosure(tenantID: Int, id: Int) throws -> Closure? {
        try db.queryOne("SELECT * FROM closures WHERE id = ? AND tenant_id = ?", [.int(id), .int(tenantID)])
            .map(Closure.init(row:))
    }

    /// The id of the tenant's closure on `date`, if any.
    public func closureID(tenantID: Int, date: String) throws -> Int? {
        try db.queryOne("SELECT id FROM closures WHERE tenant_id = ? AND date = ?", [.int(tenantID), .text(date)])?
            .int("id")
    }

    public func insertClosure(tenantID: Int, date: String, reason: String, now: Int64) throws -> Int {
        try db.insert(
            "INSERT INTO closures (tenant_id, date, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            [.int(tenantID), .text(date), .text(reason), .int(now), .int(now)])
    }

    public func updateClosure(tenantID: Int, id: Int, date: String, reason: String, now: Int64) throws {
        try db.run(
            "UPDATE closures SET date = ?, reason = ?, updated_at = ? WHERE id = ? AND tenant_id = ?",
            [.text(date), .text(reason), .int(now), .int(id), .int(tenantID)])
    }

    public func deleteClosure(tenantID: Int, id: Int) throws {
        try db.run("DELETE FROM closures WHERE id = ? AND tenant_id = ?", [.int(id), .int(tenantID)])
    }

    /// Closure dates from `from` through `to` (days since 1970-01-01).
    public func closureDays(tenantID: Int, from: Int64, through to: Int64) throws -> [Int64] {
        try db.query(
            "SELECT date FROM closures WHERE tenant_id = ? AND date >= ? AND date <= ? ORDER BY date",
            [.int(tenantID), .text(LocalClock.dateString(days: from)), .text(LocalClock.dateString(days: to))]
        ).compactMap { ISOTime.parseDate($0.string("date")).map(Int64.init) }
    }
}
