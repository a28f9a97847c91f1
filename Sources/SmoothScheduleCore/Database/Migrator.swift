/// One step of the schema. Append-only: never edit, rename or reorder a migration that has shipped.
public struct Migration: Sendable {
    public let id: String
    public let sql: String
    /// Steps in Swift, run after `sql` in the same transaction (a table rebuild that reads the schema first).
    public let steps: (@Sendable (Database) throws -> Void)?
    /// Runs with foreign keys off (set before BEGIN, checked with `foreign_key_check` before COMMIT, restored
    /// after), as SQLite's table rebuild needs: with them on, `DROP TABLE` deletes every row first and cascades.
    public let foreignKeysOff: Bool

    public init(_ id: String, _ sql: String) {
        self.init(id, sql, foreignKeysOff: false, steps: nil)
    }

    public init(
        _ id: String, _ sql: String = "", foreignKeysOff: Bool, steps: (@Sendable (Database) throws -> Void)? = nil
    ) {
        self.id = id
        self.sql = sql
        self.foreignKeysOff = foreignKeysOff
        self.steps = steps
    }
}

/// Applies migrations in order, each in its own IMMEDIATE transaction that records its id (STYLE §6).
public struct Migrator {
    public let db: Database
    public let migrations: [Migration]

    public init(_ db: Database, migrations: [Migration] = Migrations.all) {
        self.db = db
        self.migrations = migrations
    }

    private func ensureVersionTable() throws {
        try db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT")
    }

    public func appliedIDs() throws -> [String] {
        try ensureVersionTable()
        return try db.query("SELECT id FROM schema_migrations ORDER BY id").map { $0.string("id") }
    }

    /// Applies what is pending; answers the ids it applied.
    @discardableResult
    public func migrate(now: Int64) throws -> [String] {
        let applied = Set(try appliedIDs())
        var done: [String] = []
        for migration in migrations where !applied.contains(migration.id) {
            try withForeignKeys(on: !migration.foreignKeysOff) {
                try db.transaction {
                    if !migration.sql.isEmpty { try db.execute(migration.sql) }
                    try migration.steps?(db)
                    if migration.foreignKeysOff { try requireForeignKeysHold(migration.id) }
                    try db.run(
                        "INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)",
                        [.text(migration.id), .int(now)])
                }
            }
            done.append(migration.id)
        }
        return done
    }

    /// Runs `body` with `PRAGMA foreign_keys` set to `on`, then restores it. The pragma is a no-op inside a
    /// transaction, so this refuses to run inside one rather than run a rebuild with foreign keys still on.
    private func withForeignKeys(on: Bool, _ body: () throws -> Void) throws {
        let was = try db.scalarInt("PRAGMA foreign_keys") == 1
        if was == on { return try body() }
        try db.execute("PRAGMA foreign_keys = \(on ? "ON" : "OFF")")
        defer { try? db.execute("PRAGMA foreign_keys = \(was ? "ON" : "OFF")") }
        guard try db.scalarInt("PRAGMA foreign_keys") == (on ? 1 : 0) else {
            throw ConfigError(message: "cannot switch foreign keys \(on ? "on" : "off") inside a transaction.")
        }
        try body()
    }

    /// Step 10 of SQLite's table rebuild: no row may name a parent that is not there.
    private func requireForeignKeysHold(_ id: String) throws {
        if let broken = try db.queryOne("PRAGMA foreign_key_check") {
            throw ConfigError(
                message: "migration \(id) would break a foreign key (table \(broken.string("table")), row "
                    + "\(broken.optionalInt("rowid").map(String.init) ?? "?"), parent \(broken.string("parent"))).")
        }
    }

    /// Throws unless the database is exactly at this binary's version (`serve` refuses pending or unknown ids).
    public func requireCurrent() throws {
        let applied = try appliedIDs()
        let known = Set(migrations.map(\.id))
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw ConfigError(
                message:
                    "the database has migration \(unknown), which this binary does not know: deploy a newer binary.")
        }
        let pending = migrations.map(\.id).filter { !applied.contains($0) }
        if !pending.isEmpty {
            throw ConfigError(
                message: "the database needs migrating (\(pending.count) pending): run `smoothschedule migrate`.")
        }
    }
}
