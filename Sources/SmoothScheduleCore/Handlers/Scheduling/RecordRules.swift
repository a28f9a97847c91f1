// Kind-specific behaviour around the generic CRUD (docs/api.md §5): the users' and appointments' own rules.

/// What a rule works with inside the write transaction: the connection, the tenant, the signed-in user and the
/// request's instant.
struct RecordWrite {
    let db: Database
    let tenant: Tenant
    let user: User
    let now: Int64

    init(db: Database, tenant: Tenant, user: User, now: Int64) {
        self.db = db
        self.tenant = tenant
        self.user = user
        self.now = now
    }

    init(_ context: TenantContext) {
        self.init(db: context.db, tenant: context.tenant, user: context.user, now: context.now)
    }
}

/// Kind-specific behaviour around the generic CRUD: `prepare` and `beforeDelete` run inside the write transaction.
struct RecordRules: Sendable {
    /// Defaults and cross-row checks before an insert (`existing` nil) or update; may add or rewrite changes.
    var prepare: @Sendable (inout Changes, _ existing: Row?, RecordWrite) throws -> Void = { _, _, _ in }
    /// Checks before a delete (the last owner stays).
    var beforeDelete: @Sendable (Row, RecordWrite) throws -> Void = { _, _ in }
    /// List filters read from the query string (`query(name)` is the parameter's value, if given).
    var listFilters: @Sendable (_ query: (String) -> String?) throws -> [Filter] = { _ in [] }
}
