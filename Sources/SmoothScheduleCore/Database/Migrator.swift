/// One step of the schema. Append-only: never edit, rename or reorder a migration that has shipped.
public struct Migration: Sendable {
    public let id: String
    public let sql: String
    public init(_ id: String, _ sql: String) {
        self.id = id
        self.sql = sql
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
            try db.transaction {
                try db.execute(migration.sql)
                try db.run(
                    "INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)", [.text(migration.id), .int(now)])
            }
            done.append(migration.id)
        }
        return done
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
