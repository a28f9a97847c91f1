/// `webhooks`: a tenant's subscriptions (docs/api.md §15). Every statement filters by `tenant_id`; secrets come and go
/// sealed, never in clear.
public struct WebhookStore {
    let db: Database

    public init(_ db: Database) { self.db = db }

    static let columns = """
        id, tenant_id, url, events, description, is_active, previous_secret_expires_at, failing_since, last_success_at,
        last_failure_at, disabled_reason, disabled_at, created_at, updated_at
        """

    /// The fields a create or update sets; nil leaves a field as it is.
    public struct Fields: Sendable {
        public var url: String?
        public var events: [String]?
        public var description: String?
        public var isActive: Bool?

        public init(url: String? = nil, events: [String]? = nil, description: String? = nil, isActive: Bool? = nil) {
            self.url = url
            self.events = events
            self.description = description
            self.isActive = isActive
        }
    }

    public func count(tenantID: Int) throws -> Int {
        try db.scalarInt("SELECT count(*) FROM webhooks WHERE tenant_id = ?", [.int(tenantID)])
    }

    /// Oldest first.
    public func list(tenantID: Int, limit: Int, offset: Int) throws -> [Webhook] {
        try db.query(
            "SELECT \(Self.columns) FROM webhooks WHERE tenant_id = ? ORDER BY id LIMIT ? OFFSET ?",
            [.int(tenantID), .int(limit), .int(offset)]
        ).map(Webhook.init(row:))
    }

    public func find(tenantID: Int, id: Int) throws -> Webhook? {
        try db.queryOne(
            "SELECT \(Self.columns) FROM webhooks WHERE tenant_id = ? AND id = ?", [.int(tenantID), .int(id)]
        ).map(Webhook.init(row:))
    }

    /// Inserts a webhook whose secret is set next (`setSecrets`, same transaction: the seal names the new id).
    public func insert(tenantID: Int, _ fields: Fields, now: Int64) throws -> Int {
        try db.insert(
            """
            INSERT INTO webhooks (tenant_id, url, events, description, is_active, secret_sealed, secret_key_id,
                                  created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, X'', '', ?, ?)
            """,
            [
                .int(tenantID), .text(fields.url ?? ""), .text((fields.events ?? []).joined(separator: ",")),
                .text(fields.description ?? ""), .bool(fields.isActive ?? true), .int(now), .int(now),
            ])
    }

    /// Applies the fields given. Turning a webhook on clears why it was turned off and its failure streak.
    public func update(tenantID: Int, id: Int, _ fields: Fields, now: Int64) throws {
        var assignments: [String] = []
        var values: [SQLValue] = []
        if let url = fields.url { assignments.append("url = ?"); values.append(.text(url)) }
        if let events = fields.events {
            assignments.append("events = ?"); values.append(.text(events.joined(separator: ",")))
        }
        if let description = fields.description {
            assignments.append("description = ?"); values.append(.text(description))
        }
        if let isActive = fields.isActive {
            assignments.append("is_active = ?"); values.append(.bool(isActive))
            if isActive {
                assignments += ["disabled_reason = NULL", "disabled_at = NULL", "failing_since = NULL"]
            }
        }
        assignments.append("updated_at = ?")
        values += [.int(now), .int(tenantID), .int(id)]
        try db.run(
            "UPDATE webhooks SET \(assignments.joined(separator: ", ")) WHERE tenant_id = ? AND id = ?", values)
    }

    /// Deletes the webhook and, by cascade, its deliveries.
    @discardableResult
    public func delete(tenantID: Int, id: Int) throws -> Bool {
        try db.run("DELETE FROM webhooks WHERE tenant_id = ? AND id = ?", [.int(tenantID), .int(id)]) > 0
    }

    // MARK: - Secrets

    /// Stores the current secret and, during a rotation's overlap, the previous one with its end.
    public func setSecrets(
        tenantID: Int, id: Int, current: SealedSecret, previous: SealedSecret?, previousExpiresAt: Int64?, now: Int64
    ) throws {
        try db.run(
            """
            UPDATE webhooks SET secret_sealed = ?, secret_key_id = ?, previous_secret_sealed = ?,
                previous_secret_key_id = ?, previous_secret_expires_at = ?, updated_at = ?
            WHERE tenant_id = ? AND id = ?
            """,
            [
                .blob(current.sealed), .text(current.keyID), previous.map { .blob($0.sealed) } ?? .null,
                .optional(previous?.keyID), previousExpiresAt.map { .int($0) } ?? .null, .int(now), .int(tenantID),
                .int(id),
            ])
    }

    /// The sealed secrets: the current one, and the previous one while its overlap lasts at `now`.
    public func secrets(tenantID: Int, id: Int, now: Int64) throws -> (current: SealedSecret, previous: SealedSecret?)?
    {
        guard
            let row = try db.queryOne(
                """
                SELECT secret_sealed, secret_key_id, previous_secret_sealed, previous_secret_key_id,
                    previous_secret_expires_at
                FROM webhooks WHERE tenant_id = ? AND id = ?
                """, [.int(tenantID), .int(id)])
        else { return nil }
        let current = SealedSecret(sealed: row.blob("secret_sealed") ?? [], keyID: row.string("secret_key_id"))
        var previous: SealedSecret?
        if let sealed = row.blob("previous_secret_sealed"), let expires = row.int64("previous_secret_expires_at"),
            expires > now
        {
            previous = SealedSecret(sealed: sealed, keyID: row.string("previous_secret_key_id"))
        }
        return (current, previous)
    }
}
