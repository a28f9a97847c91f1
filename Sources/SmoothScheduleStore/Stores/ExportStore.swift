// The export queries: one statement per kind, streamed row by row (docs/api.md §8).

/// Reads a tenant's rows for export. Every query filters by `tenant_id` and is ordered by an index, so SQLite
/// never sorts and the first row comes back at once.
public struct ExportStore {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The filters an export applies; bounds are UTC instants, `[startAt, endBefore)`.
    public struct Filter {
        public var tenantID: Int
        public var startAt: Int64 = .min
        public var endBefore: Int64 = .max
        /// A JSON array of statuses, or nil for all.
        public var statusesJSON: String?
        public var includeInactive = false

        public init(tenantID: Int) { self.tenantID = tenantID }
    }

    /// How many rows `forEach` will produce (run in the same read transaction).
    public func count(_ kind: ExportKind, _ filter: Filter) throws -> Int {
        try db.scalarInt(Self.countSQL(kind), parameters(kind, filter))
    }

    /// Streams the rows of `kind` to `body`, columns in `ExportColumns` order.
    public func forEach(_ kind: ExportKind, _ filter: Filter, _ body: (Row) throws -> Void) throws {
        try db.forEachRow(Self.selectSQL(kind), parameters(kind, filter), body)
    }

    private func parameters(_ kind: ExportKind, _ filter: Filter) -> [SQLValue] {
        switch kind {
        case .appointments:
            return [
                .int(filter.tenantID), .int(filter.startAt), .int(filter.endBefore), .optional(filter.statusesJSON),
            ]
        case .customers: return [.int(filter.tenantID)]
        case .resources, .services: return [.int(filter.tenantID), .bool(filter.includeInactive)]
        }
    }

    // MARK: - SQL

    static let appointmentsFrom = """
        FROM appointments a
        JOIN resources r ON r.id = a.resource_id
        JOIN services s ON s.id = a.service_id
        LEFT JOIN customers c ON c.id = a.customer_id
        WHERE a.tenant_id = ?1 AND a.start_time >= ?2 AND a.start_time < ?3
          AND (?4 IS NULL OR a.status IN (SELECT value FROM json_each(?4)))
        """

    static func selectSQL(_ kind: ExportKind) -> String {
        switch kind {
        case .appointments:
            return """
                SELECT a.id, a.resource_id, r.name, a.service_id, s.name, a.customer_id, c.name, a.start_time,
                       a.end_time, a.status, a.price_cents, s.currency, a.notes, a.created_at, a.updated_at
                \(appointmentsFrom)
                ORDER BY a.start_time, a.id
                """
        case .customers:
            return """
                SELECT id, name, email, phone, notes, created_at, updated_at
                FROM customers WHERE tenant_id = ?1 ORDER BY id
                """
        case .resources:
            return """
                SELECT id, name, type, is_active, created_at, updated_at
                FROM resources WHERE tenant_id = ?1 AND (?2 OR is_active) ORDER BY id
                """
        case .services:
            return """
                SELECT id, name, description, duration_minutes, price_cents, currency, is_active, buffer_before_minutes,
                       buffer_after_minutes, created_at, updated_at
                FROM services WHERE tenant_id = ?1 AND (?2 OR is_active) ORDER BY id
                """
        }
    }

    static func countSQL(_ kind: ExportKind) -> String {
        switch kind {
        case .appointments:
            return "SELECT count(*) \(appointmentsFrom)"
        case .customers: return "SELECT count(*) FROM customers WHERE tenant_id = ?1"
        case .resources: return "SELECT count(*) FROM resources WHERE tenant_id = ?1 AND (?2 OR is_active)"
        case .services: return "SELECT count(*) FROM services WHERE tenant_id = ?1 AND (?2 OR is_active)"
        }
    }
}
