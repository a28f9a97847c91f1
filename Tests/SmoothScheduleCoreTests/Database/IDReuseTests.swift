import Foundation
import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Review F2: an id that other rows (or other tenants' rows) may still name is never handed out again, and the
/// table rebuild that guarantees it leaves every other part of the schema exactly as it was.
@Suite struct IDReuseTests {
    /// The tables rebuilt with AUTOINCREMENT (`Migrations.neverReusedIDs`), each with a way to insert one row.
    static let tables: [(table: String, insert: String)] = [
        ("users", "INSERT INTO users (tenant_id, email, role, created_at, updated_at) VALUES (1, ?, 'staff', 0, 0)"),
        ("api_tokens", "INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (1, CAST(? AS BLOB), 0)"),
        (
            "resources",
            "INSERT INTO resources (tenant_id, name, type, created_at, updated_at) VALUES (1, ?, 'room', 0, 0)"
        ),
        (
            "appointments",
            """
            INSERT INTO appointments (tenant_id, resource_id, service_id, start_time, end_time, status, price_cents,
                notes, created_at, updated_at) VALUES (1, 1, 1, 0, 60, 'CONFIRMED', 0, ?, 0, 0)
            """
        ),
        (
            "oauth_credentials",
            """
            INSERT INTO oauth_credentials (tenant_id, provider, purpose, email, access_token_enc, key_id,
                access_expires_at, created_at, updated_at) VALUES (1, 'google', 'calendar', ?, x'', '', 0, 0, 0)
            """
        ),
        (
            "sync_jobs",
            """
            INSERT INTO sync_jobs (tenant_id, credential_id, calendar_id, start_date, end_date, created_at)
            VALUES (1, 1, ?, '2025-12-01', '2025-12-31', 0)
            """
        ),
        (
            "calendar_events",
            """
            INSERT INTO calendar_events (tenant_id, source, title, start_time, end_time, created_at, updated_at)
            VALUES (1, 'manual', ?, 0, 60, 0, 0)
            """
        ),
    ]

    /// A database with one tenant (id 1), a user (id 1), a resource and a service (id 1 each).
    static func seeded(_ migrations: [Migration] = Migrations.all) throws -> Database {
        let db = try Database(path: ":memory:")
        try Migrator(db, migrations: migrations).migrate(now: 0)
        try db.execute(
            """
            INSERT INTO tenants (id, schema_name, name, plan, created_at) VALUES (1, 'one', 'One', 'business', 0);
            INSERT INTO users (id, tenant_id, email, role, created_at, updated_at)
                VALUES (1, 1, 'owner@one.example', 'owner', 0, 0);
            INSERT INTO resources (id, tenant_id, name, type, created_at, updated_at) VALUES (1, 1, 'R', 'room', 0, 0);
            INSERT INTO services (id, tenant_id, name, duration_minutes, created_at, updated_at)
                VALUES (1, 1, 'S', 60, 0, 0);
            """)
        return db
    }

    static var beforeIDs: [Migration] {
        let first = Migrations.ids.first?.id ?? ""
        return Array(Migrations.all.prefix { $0.id != first })
    }

    /// Every migration but ours: a database that received later migrations (new indexes on the rebuilt tables)
    /// before this one.
    static var allButIDs: [Migration] {
        let ours = Set(Migrations.ids.map(\.id))
        return Migrations.all.filter { !ours.contains($0.id) }
    }

    @Test(arguments: tables.map(\.table))
    func theHighestIdOfADeletedRowIsNeverHandedOutAgain(_ table: String) throws {
        let db = try Self.seeded()
        let insert = try #require(Self.tables.first { $0.table == table }?.insert)
        var ids: [Int] = []
        for n in 0..<3 { ids.append(try db.insert(insert, [.text("\(table)-\(n)@x.example")])) }
        try db.run("DELETE FROM \(table) WHERE id = ?", [.int(ids[2])])
        let next = try db.insert(insert, [.text("\(table)-new@x.example")])
        #expect(next > ids[2], "\(table): id \(next) after deleting \(ids[2])")
    }

    /// The rebuild keeps every index, trigger and other table exactly; a rebuilt table differs only by
    /// AUTOINCREMENT (and the quoting SQLite's RENAME gives its name), with the same columns and foreign keys.
    /// Run in the shipped order, and after every later migration (their indexes must survive too).
    @Test(arguments: [false, true])
    func theRebuildKeepsEveryIndexTriggerAndTableDefinition(idsLast: Bool) throws {
        let db = try Database(path: ":memory:")
        let first = idsLast ? Self.allButIDs : Self.beforeIDs
        try Migrator(db, migrations: first).migrate(now: 0)
        let before = try Self.schema(db)
        let shapes = try Dictionary(
            uniqueKeysWithValues: Migrations.neverReusedIDs.map { ($0, try Self.shape(db, $0)) })
        #expect(try Migrator(db, migrations: first + Migrations.ids).migrate(now: 0) == Migrations.ids.map(\.id))
        let after = try Self.schema(db)
        let rebuilt = Set(Migrations.neverReusedIDs)
        #expect(rebuilt == Set(Self.tables.map(\.table)))
        for (key, sql) in before {
            if key.type == "table" && rebuilt.contains(key.name) {
                let expected = sql.replacingOccurrences(
                    of: "id INTEGER PRIMARY KEY,", with: "id INTEGER PRIMARY KEY AUTOINCREMENT,")
                let got = (after[key] ?? "").replacingOccurrences(
                    of: "CREATE TABLE \"\(key.name)\"", with: "CREATE TABLE \(key.name)")
                #expect(got == expected, "\(key.name)")
            } else {
                #expect(after[key] == sql, "\(key.type) \(key.name) changed or vanished")
            }
        }
        let added = Set(after.keys).subtracting(before.keys).map(\.name).sorted()
        // A later migration may already have made SQLite's sequence table (any AUTOINCREMENT table does).
        let hadSequence = before.keys.contains { $0.name == "sqlite_sequence" }
        #expect(added == (hadSequence ? [] : ["sqlite_sequence"]))
        for table in Migrations.neverReusedIDs { #expect(try Self.shape(db, table) == shapes[table], "\(table)") }
        #expect(try db.scalarInt("PRAGMA foreign_keys") == 1)
    }

    /// Rows, counts kept by triggers, and children (whose foreign keys would cascade on a plain DROP) survive.
    @Test func theRebuildKeepsEveryRowAndTheTriggersStillCount() throws {
        let db = try Self.seeded(Self.beforeIDs)
        for (table, insert) in Self.tables {
            for n in 0..<2 { _ = try db.insert(insert, [.text("\(table)-\(n)@x.example")]) }
        }
        try db.execute(
            """
            INSERT INTO oauth_states (state_hash, tenant_id, user_id, provider, purpose, code_verifier_enc, key_id,
                redirect_uri, created_at, expires_at) VALUES (x'01', 1, 1, 'google', 'calendar', x'', '', '', 0, 9);
            UPDATE oauth_credentials SET user_id = 1;
            """)
        let everyTable = try db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map {
            $0.string("name")
        }
        func contents() throws -> [String: String] {
            var out: [String: String] = [:]
            for table in everyTable where table != "sqlite_sequence" && table != "schema_migrations" {
                out[table] = try db.query("SELECT * FROM \(table)").map { "\($0.values)" }.sorted()
                    .joined(separator: "\n")
            }
            return out
        }
        let before = try contents()
        try Migrator(db).migrate(now: 0)
        #expect(try contents() == before)
        #expect(try db.scalarInt("SELECT count(*) FROM oauth_credentials WHERE user_id IS NULL") == 0)
        let users = try db.rowCount("users", tenantID: 1)
        _ = try db.insert(Self.tables[0].insert, [.text("after@x.example")])
        #expect(try db.rowCount("users", tenantID: 1) == users + 1)
        try db.run("DELETE FROM users WHERE email = 'after@x.example'")
        #expect(try db.rowCount("users", tenantID: 1) == users)
        // Foreign keys are enforced again: deleting the user cascades to its tokens.
        try db.run("DELETE FROM users WHERE id = 1")
        #expect(try db.scalarInt("SELECT count(*) FROM api_tokens") == 0)
    }

    /// On an existing database: a credential deleted before the upgrade left events and jobs naming its id; the
    /// next credential after the upgrade gets a larger id, and the kept events no longer name the dead one.
    @Test func idsStillNamedByKeptRowsAreNotReusedAfterTheUpgrade() throws {
        let db = try Self.seeded(Self.beforeIDs)
        let insert = try #require(Self.tables.first { $0.table == "oauth_credentials" }?.insert)
        let kept = try db.insert(insert, [.text("a@x.example")])
        let dead = try db.insert(insert, [.text("b@x.example")])
        try db.run(
            """
            INSERT INTO calendar_events (tenant_id, credential_id, calendar_id, provider_event_id, source, start_time,
                end_time, created_at, updated_at) VALUES (1, ?, 'primary', 'e1', 'google', 0, 60, 0, 0),
                (1, ?, 'primary', 'e2', 'google', 0, 60, 0, 0)
            """, [.int(kept), .int(dead)])
        try db.run(
            """
            INSERT INTO calendar_syncs (tenant_id, credential_id, calendar_id, provider, created_at, updated_at)
            VALUES (1, ?, 'primary', 'google', 0, 0)
            """, [.int(dead)])
        try db.run("DELETE FROM oauth_credentials WHERE id = ?", [.int(dead)])
        try Migrator(db).migrate(now: 0)
        let next = try db.insert(insert, [.text("c@x.example")])
        #expect(next > dead)
        let named = try db.query("SELECT provider_event_id, credential_id FROM calendar_events ORDER BY id").map {
            "\($0.string("provider_event_id"))=\($0.optionalInt("credential_id").map(String.init) ?? "nil")"
        }
        #expect(named == ["e1=\(kept)", "e2=nil"])
        #expect(try db.scalarInt("SELECT count(*) FROM calendar_syncs") == 0)
    }

    // MARK: - Helpers

    struct Key: Hashable {
        let type: String
        let name: String
    }

    /// Every schema object with its SQL (autoindexes have none: their table's SQL covers them).
    static func schema(_ db: Database) throws -> [Key: String] {
        var out: [Key: String] = [:]
        for row in try db.query("SELECT type, name, sql FROM sqlite_master") {
            out[Key(type: row.string("type"), name: row.string("name"))] = row.optionalString("sql") ?? ""
        }
        return out
    }

    /// Columns, foreign keys and indexes of a table as SQLite reports them.
    static func shape(_ db: Database, _ table: String) throws -> [String] {
        try ["table_xinfo", "foreign_key_list", "index_list"].flatMap { pragma in
            try db.query("SELECT * FROM pragma_\(pragma)(?)", [.text(table)]).map { "\(pragma) \($0.values)" }
        }.sorted()
    }
}
