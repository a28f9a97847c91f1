// The per-tenant row counts that migration 0101's triggers keep.

extension Database {
    /// The tenant's row count of `table` (one of `Migrations.countedTables`), kept by triggers.
    func rowCount(_ table: String, tenantID: Int) throws -> Int {
        try scalarInt(
            "SELECT n FROM row_counts WHERE tenant_id = ? AND table_name = ?", [.int(tenantID), .text(table)])
    }
}
