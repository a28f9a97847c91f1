/// Whose rows a read returns (docs/api.md §5): every row of the tenant, or what a `customer` user owns, found by
/// their e-mail.
public enum ReadScope: Sendable, Equatable {
    case tenant
    case customer(email: String)
}

/// The SQL of the scheduling kinds (docs/api.md §5). Every statement filters by `tenant_id`; table and column
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

    /// One page of the rows `scope` may see and their total count, in the kind's order.
    public func list(tenantID: Int, scope: ReadScope, filters: [Filter] = [], limit: Int, offset: Int) throws -> (
        count: Int, rows: [Row]
    ) {
        let owned = ownership(scope, tenantID: tenantID)
        let condition = (["tenant_id = ?"] + (owned.map { [$0.sql] } ?? []) + filters.map(\.sql))
            .joined(separator: " AND ")
        let parameters = [SQLValue.int(tenantID)] + (owned?.values ?? []) + filters.map(\.value)
        let source = owned?.index.map { "\(kind.table) INDEXED BY \($0)" } ?? kind.table
        // The trigger-kept count is the whole tenant's: only an unfiltered, unscoped list may use it.
        let count =
            filters.isEmpty && owned == nil && Migrations.countedTables.contains(kind.table)
            ? try db.rowCount(kind.table, tenantID: tenantID)
            : try db.scalarInt("SELECT count(*) FROM \(source) WHERE \(condition)", parameters)
        let rows = try db.query(
            "SELECT \(columns) FROM \(source) WHERE \(condition) ORDER BY \(kind.order) LIMIT ? OFFSET ?",
            parameters + [.int(limit), .int(offset)])
        return (count, rows)
    }

    /// The row, if it is the tenant's and `scope` may see it.
    public func find(tenantID: Int, id: Int, scope: ReadScope) throws -> Row? {
        let owned = ownership(scope, tenantID: tenantID)
        let condition = (["id = ?", "tenant_id = ?"] + (owned.map { [$0.sql] } ?? [])).joined(separator: " AND ")
        return try db.queryOne(
            "SELECT \(columns) FROM \(kind.table) WHERE \(condition)",
            [.int(id), .int(tenantID)] + (owned?.values ?? []))
    }

    /// The condition that limits a customer user to their own rows (docs/api.md §5), or nil for every tenant row, with
    /// the index a list must use. E-mails match case-insensitively through SQLite's `lower()` (ASCII letters),
    /// on index `customers_tenant_email`.
    private func ownership(_ scope: ReadScope, tenantID: Int) -> (sql: String, values: [SQLValue], index: String?)? {
        guard case .customer(let email) = scope else { return nil }
        switch kind.customerView {
        case .everything: return nil
        case .ownCustomerRecord: return ("email <> '' AND lower(email) = lower(?)", [.text(email)], nil)
        case .ownAppointments:
            return (
                """
                customer_id IN (SELECT id FROM customers WHERE tenant_id = ? AND email <> '' AND lower(email) = lower(?))
                """, [.int(tenantID), .text(email)], "appointments_tenant_customer"
            )
        case .nothing: return ("1 = 0", [], nil)
        }
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

    /// Whether this kind's table holds `id` for this tenant.
    public func exists(tenantID: Int, id: Int) throws -> Bool {
        try Self.exists(db, table: kind.table, tenantID: tenantID, id: id)
    }

    /// Whether `table` (a `.reference` target from the catalog) holds `id` for this tenant: the one
    /// "does the tenant have this row" check.
    public static func exists(_ db: Database, table: String, tenantID: Int, id: Int) throws -> Bool {
        try db.scalarInt("SELECT count(*) FROM \(table) WHERE id = ? AND tenant_id = ?", [.int(id), .int(tenantID)]) > 0
    }

    /// Expected constraint failures become `StoreError.conflict` (409); validation catches the rest first.
    @discardableResult
    private func translatingConstraints<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SQLiteError where error.isConstraintViolation {
            if error.isForeignKeyViolation {
                throw StoreError.conflict(
                    "This \(kind.noun) is still used by other records (appointments) and cannot be removed.")
            }
            throw StoreError.conflict("This \(kind.noun) conflicts with an existing one.")
        }
    }
}
