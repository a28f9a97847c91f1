/// The SQL of the scheduling kinds (API.md §5). Every statement filters by `tenant_id`; table and column
/// names come from `RecordKind`'s closed catalog, values only through `?`.
public struct RecordStore {
    let db: Database
    let kind: RecordKind

    public init(_ db: Database, _ kind: RecordKind) {
        self.db = db
        self.kind = kind
    }

    private var columns: String {
        (["id"] + kind.fields.filter(\.isReadable).map(\.column) + ["created_at", "updated_at"]).joined(separator: ", ")
    }

    /// One page of the tenant's rows and the total count, in the kind's order.
    public func list(tenantID: Int, filters: [Filter] = [], page: Page) throws -> (count: Int, rows: [Row]) {
        let condition = (["tenant_id = ?"] + filters.map(\.sql)).joined(separator: " AND ")
        let parameters = [SQLValue.int(tenantID)] + filters.map(\.value)
        let count =
            filters.isEmpty && Migrations.countedTables.contains(kind.table)
            ? try db.rowCount(kind.table, tenantID: tenantID)
            : try db.scalarInt("SELECT count(*) FROM \(kind.table) WHERE \(condition)", parameters)
        let rows = try db.query(
            "SELECT \(columns) FROM \(kind.table) WHERE \(condition) ORDER BY \(kind.order) LIMIT ? OFFSET ?",
            parameters + [.int(page.size), .int(page.offset)])
        return (count, rows)
    }

    public func find(tenantID: Int, id: Int) throws -> Row? {
        try db.queryOne(
            "SELECT \(columns) FROM \(kind.table) WHERE id = ? AND tenant_id = ?", [.int(id), .int(tenantID)])
    }

    public func insert(tenantID: Int, _ changes: Changes, now: Int64) throws -> Int {
        let names = ["tenant_id"] + changes.values.map(\.column) + ["created_at", "updated_at"]
        let values = [SQLValue.int(tenantID)] + changes.values.map(\.value) + [.int(now), .int(now)]
        let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
        return try translatingConstraints {
            try db.insert("INSERT INTO \(kind.table) (\(names.joined(separator: ", "))) VALUES (\(marks))", values)
        }
    }

    public func update(tenantID: Int, id: Int, _ changes: Changes, now: Int64) throws {
        let assignments = (changes.values.map { "\($0.column) = ?" } + ["updated_at = ?"]).joined(separator: ", ")
        let values = changes.values.map(\.value) + [.int(now), .int(id), .int(tenantID)]
        try translatingConstraints {
            try db.run("UPDATE \(kind.table) SET \(assignments) WHERE id = ? AND tenant_id = ?", values)
        }
    }

    /// Deletes the row; a row still referenced (a resource with appointments) is a 409.
    @discardableResult
    public func delete(tenantID: Int, id: Int) throws -> Bool {
        try translatingConstraints {
            try db.run("DELETE FROM \(kind.table) WHERE id = ? AND tenant_id = ?", [.int(id), .int(tenantID)]) > 0
        }
    }

    /// Whether `table` (a `.reference` target from the catalog) holds `id` for this tenant.
    static func exists(_ db: Database, table: String, tenantID: Int, id: Int) throws -> Bool {
        try db.scalarInt("SELECT count(*) FROM \(table) WHERE id = ? AND tenant_id = ?", [.int(id), .int(tenantID)]) > 0
    }

    /// Expected constraint failures become 409 `conflict` (STYLE §5); validation catches the rest first.
    @discardableResult
    private func translatingConstraints<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SQLiteError where error.isConstraintViolation {
            if error.code == 787 {  // SQLITE_CONSTRAINT_FOREIGNKEY
                throw APIError.conflict(
                    "This \(kind.noun) is still used by other records (appointments) and cannot be removed.")
            }
            throw APIError.conflict("This \(kind.noun) conflicts with an existing one.")
        }
    }
}
