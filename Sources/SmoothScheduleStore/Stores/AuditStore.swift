/// The audit log (docs/api.md §7): who did what to which object, and how it ended. Never holds secrets.
public struct AuditStore {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public struct Entry: Sendable {
        public let id: Int
        public let userID: Int?
        public let action: String
        public let objectType: String
        public let objectID: String
        public let outcome: String
        public let detail: String
        public let createdAt: Int64
    }

    /// `detail` is a JSON object's text (the handler's to build; never a secret).
    public func record(
        tenantID: Int?, userID: Int?, action: String, objectType: String = "", objectID: String = "",
        outcome: String = "success", detail: String = "{}", now: Int64
    ) throws {
        try db.run(
            """
            INSERT INTO audit_log (tenant_id, user_id, action, object_type, object_id, outcome, detail, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .optional(tenantID), .optional(userID), .text(action), .text(objectType), .text(objectID),
                .text(outcome),
                .text(detail), .int(now),
            ])
    }

    public func count(tenantID: Int) throws -> Int {
        try db.scalarInt("SELECT count(*) FROM audit_log WHERE tenant_id = ?", [.int(tenantID)])
    }

    /// Newest first.
    public func list(tenantID: Int, limit: Int, offset: Int) throws -> [Entry] {
        try db.query(
            "SELECT * FROM audit_log WHERE tenant_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
            [.int(tenantID), .int(limit), .int(offset)]
        ).map {
            Entry(
                id: $0.int("id"), userID: $0.optionalInt("user_id"), action: $0.string("action"),
                objectType: $0.string("object_type"), objectID: $0.string("object_id"), outcome: $0.string("outcome"),
                detail: $0.string("detail"), createdAt: $0.int64("created_at") ?? 0)
        }
    }
}
