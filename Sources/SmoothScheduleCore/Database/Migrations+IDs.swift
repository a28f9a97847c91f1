// Ids never reused, calendar data keyed by tenant, fair job claims and caps (review F2, F7).

extension Migrations {
    /// Tables whose ids are never handed out again (review F2): `INTEGER PRIMARY KEY` gives a deleted highest id
    /// to the next row of any tenant, so a row elsewhere that still names it would point at a stranger's row.
    /// These are the tables whose ids outlive their rows somewhere without a foreign key that deletes or blocks:
    ///
    /// - `oauth_credentials`: `calendar_events`, `calendar_syncs`, `sync_jobs`, audit records;
    /// - `sync_jobs`: `calendar_events.seen_job_id` (a full sync keeps only the rows its job saw), audit records;
    /// - `users`: `audit_log.user_id`, `sync_jobs.user_id`;
    /// - `resources`: `calendar_events`, `calendar_syncs` and `sync_jobs.resource_id` (deleting a resource without
    ///   appointments leaves them, and a new resource of the tenant would inherit its busy time);
    /// - `calendar_events`: audit records of manual busy blocks;
    /// - `appointments` and `api_tokens`: named by clients, logs and audit trails outside the database.
    ///
    /// `customers` and `services` are not rebuilt: the only rows that name them (`appointments`) have foreign
    /// keys that refuse the delete (409), so no kept row can name a dead one. `tenants` are never deleted.
    static let neverReusedIDs = [
        "oauth_credentials", "sync_jobs", "users", "api_tokens", "resources", "appointments", "calendar_events",
    ]

    /// Per table, the rows that may still name one of its ids: the sequence starts past all of them, so an id
    /// deleted before this upgrade but still named is not reused either.
    static let idNamedBy: [String: [String]] = [
        "oauth_credentials": [
            "SELECT max(credential_id) FROM calendar_events", "SELECT max(credential_id) FROM calendar_syncs",
            "SELECT max(credential_id) FROM sync_jobs", auditMax("oauth_credential"),
        ],
        "sync_jobs": ["SELECT max(seen_job_id) FROM calendar_events", auditMax("sync_job")],
        "users": [
            "SELECT max(user_id) FROM audit_log", "SELECT max(user_id) FROM sync_jobs",
            "SELECT max(user_id) FROM oauth_credentials",
        ],
        "resources": [
            "SELECT max(resource_id) FROM calendar_events", "SELECT max(resource_id) FROM calendar_syncs",
            "SELECT max(resource_id) FROM sync_jobs", "SELECT max(resource_id) FROM appointments",
        ],
        "calendar_events": [auditMax("calendar_event")],
    ]

    private static func auditMax(_ objectType: String) -> String {
        """
        SELECT max(CAST(object_id AS INTEGER)) FROM audit_log
        WHERE object_type = '\(objectType)' AND object_id GLOB '[0-9]*' AND length(object_id) <= 18
        """
    }

    static let ids: [Migration] = [
        Migration("0201_ids_never_reused", foreignKeysOff: true) { db in
            for table in neverReusedIDs { try rebuildWithAutoincrement(db, table: table) }
        },
        // Imported events kept after a disconnect no longer name the credential (nor one that reused its id);
        // sync state of a credential that is gone, or of another tenant's, is forgotten.
        Migration(
            "0202_calendar_rows_detached",
            """
            UPDATE calendar_events SET credential_id = NULL
            WHERE credential_id IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM oauth_credentials c
                WHERE c.id = calendar_events.credential_id AND c.tenant_id = calendar_events.tenant_id);
            DELETE FROM calendar_syncs WHERE NOT EXISTS (
                SELECT 1 FROM oauth_credentials c
                WHERE c.id = calendar_syncs.credential_id AND c.tenant_id = calendar_syncs.tenant_id);
            """),
    ]

    /// SQLite's generalized ALTER TABLE procedure (lang_altertable.html, "Making Other Kinds Of Table Schema
    /// Changes", steps 3–8; the migration runs with foreign keys off and checks them before COMMIT): the same
    /// definition with `AUTOINCREMENT` under a new name, every row copied, the old table dropped, the new one
    /// renamed, and the table's indexes and triggers created again from their stored SQL. The sequence starts at
    /// the highest id the table or any row naming it holds. Frozen with migration 0201: never change its output.
    static func rebuildWithAutoincrement(_ db: Database, table: String) throws {
        func fail(_ why: String) -> ConfigError { ConfigError(message: "cannot rebuild \(table): \(why).") }
        guard
            let create = try db.queryOne(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(table)])?.optionalString(
                    "sql")
        else { throw fail("no such table") }
        let key = "id INTEGER PRIMARY KEY,"
        let head = "CREATE TABLE \(table) ("
        guard create.hasPrefix(head), create.components(separatedBy: key).count == 2 else {
            throw fail("its definition is not the expected one")
        }
        let views = try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'view'")
        guard views == 0 else { throw fail("views would need recreating too") }
        let dependents = try db.query(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL "
                + "ORDER BY rowid", [.text(table)]
        ).map { $0.string("sql") }
        let temporary = "ids_rebuild_\(table)"
        let definition =
            "CREATE TABLE \(temporary) ("
            + create.dropFirst(head.count).replacingOccurrences(of: key, with: "id INTEGER PRIMARY KEY AUTOINCREMENT,")
        try db.execute(definition)
        try db.execute("INSERT INTO \(temporary) SELECT * FROM \(table)")
        try db.execute("DROP TABLE \(table)")
        try db.execute("ALTER TABLE \(temporary) RENAME TO \(table)")
        for sql in dependents { try db.execute(sql) }
        let named = (["SELECT max(id) FROM \(table)"] + (idNamedBy[table] ?? [])).map { "ifnull((\($0)), 0)" }
        let floor = try db.scalarInt("SELECT max(0, \(named.joined(separator: ", ")))")
        try db.run("DELETE FROM sqlite_sequence WHERE name = ?", [.text(table)])
        try db.run("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", [.text(table), .int(floor)])
    }
}
