import Foundation
import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Migrations are frozen text (docs/architecture.md, "Migrations"): a shipped one never changes, and a fresh
/// database ends with the same schema as one upgraded one migration at a time.
struct MigrationTextTests {
    static func hex(_ text: String) -> String { Encoding.hex(Crypto.sha256(text)) }

    @Test func everyShippedMigrationKeepsItsTextAndPlace() {
        let shipped = ShippedMigrations.hashes
        #expect(Array(Migrations.all.prefix(shipped.count).map(\.id)) == shipped.map(\.id))
        for (migration, frozen) in zip(Migrations.all, shipped) where migration.id == frozen.id {
            #expect(Self.hex(migration.sql) == frozen.sha256, "migration \(migration.id) changed after it shipped")
        }
        for migration in Migrations.all.dropFirst(shipped.count) {
            let line = "(\"\(migration.id)\", \"\(Self.hex(migration.sql))\"),"
            Issue.record("migration \(migration.id) is not in ShippedMigrations.swift; add: \(line)")
        }
    }

    @Test func theSchemaAfterTheIDRebuildIsFrozen() throws {
        let db = try Database(path: ":memory:")
        let through = Migrations.all.prefix { $0.id != "0202_calendar_rows_detached" }
        try Migrator(db, migrations: Array(through)).migrate(now: 0)
        let schema = Self.hex(try Self.schema(db))
        #expect(schema == ShippedMigrations.schemaAfter0201)
    }

    /// Every migration run at once on a new file, against one run per `migrate`, the file closed and opened
    /// again between steps, as an installation upgraded release by release would be.
    @Test func aFreshDatabaseAndOneMigratedStepByStepHaveTheSameSchema() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let freshPath = folder.appendingPathComponent("fresh.sqlite3").path
        let steppedPath = folder.appendingPathComponent("stepped.sqlite3").path
        try Migrator(try Database(path: freshPath)).migrate(now: 0)
        for count in 1...Migrations.all.count {
            let db = try Database(path: steppedPath)
            let applied = try Migrator(db, migrations: Array(Migrations.all.prefix(count))).migrate(now: 0)
            #expect(applied == [Migrations.all[count - 1].id])
        }
        let fresh = try Self.schema(try Database(path: freshPath))
        let stepped = try Self.schema(try Database(path: steppedPath))
        #expect(fresh == stepped)
        #expect(fresh.contains("table|appointments"))
    }

    /// A plan feature or quota without its columns would be read as off or unlimited for every tenant.
    @Test func everyFeatureAndQuotaHasItsColumns() throws {
        let env = try TestEnv()
        for table in ["plans", "tenants"] {
            let columns = Set(try env.db.query("PRAGMA table_info(\(table))").map { $0.string("name") })
            for name in Feature.allCases.map(\.rawValue) + Quota.allCases.map(\.rawValue) {
                #expect(columns.contains(name), "\(table).\(name)")
            }
        }
    }

    /// `sqlite_master` (sorted by type and name), then per table its columns, indexes (with their columns) and
    /// foreign keys.
    static func schema(_ db: Database) throws -> String {
        var lines: [String] = []
        let objects = try db.query(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> 'sqlite_sequence' ORDER BY type, name")
        for row in objects {
            lines.append(["type", "name", "tbl_name", "sql"].map { row.string($0) }.joined(separator: "|"))
        }
        for table in objects.filter({ $0.string("type") == "table" }).map({ $0.string("name") }) {
            for pragma in ["table_info", "index_list", "foreign_key_list"] {
                for row in try db.query("PRAGMA \(pragma)(\(table))") {
                    lines.append("\(pragma)(\(table))|" + row.values.map { "\($0)" }.joined(separator: "|"))
                }
            }
            for index in try db.query("PRAGMA index_list(\(table))").map({ $0.string("name") }) {
                for row in try db.query("PRAGMA index_xinfo(\(index))") {
                    lines.append("index_xinfo(\(index))|" + row.values.map { "\($0)" }.joined(separator: "|"))
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
