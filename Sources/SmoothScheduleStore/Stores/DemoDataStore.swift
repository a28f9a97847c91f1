/// Bulk inserts for `demo-data` (docs/api.md §11). Each statement is prepared once and reused for every row;
/// the caller batches rows into transactions.
public struct DemoDataStore {
    let db: Database
    let tenantID: Int
    let now: Int64

    public init(db: Database, tenantID: Int, now: Int64) {
        self.db = db
        self.tenantID = tenantID
        self.now = now
    }

    public func insertResource(name: String, type: String) throws -> Int {
        try db.insert(
            "INSERT INTO resources (tenant_id, name, type, is_active, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)",
            [.int(tenantID), .text(name), .text(type), .int(now), .int(now)])
    }

    public func insertService(name: String, description: String, minutes: Int, priceCents: Int) throws -> Int {
        try db.insert(
            """
            INSERT INTO services (tenant_id, name, description, duration_minutes, price_cents, currency, is_active,
                                  created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 'USD', 1, ?, ?)
            """,
            [.int(tenantID), .text(name), .text(description), .int(minutes), .int(priceCents), .int(now), .int(now)])
    }

    public func insertCustomer(name: String, email: String, phone: String) throws -> Int {
        try db.insert(
            "INSERT INTO customers (tenant_id, name, email, phone, notes, created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, ?)",
            [.int(tenantID), .text(name), .text(email), .text(phone), .int(now), .int(now)])
    }

    public func insertEmailTemplate(name: String, subject: String, body: String) throws {
        try db.run(
            "INSERT INTO email_templates (tenant_id, name, subject, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            [.int(tenantID), .text(name), .text(subject), .text(body), .int(now), .int(now)])
    }

    public func insertAutomatedTask(name: String, trigger: String) throws {
        try db.run(
            "INSERT INTO automated_tasks (tenant_id, name, trigger, is_active, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)",
            [.int(tenantID), .text(name), .text(trigger), .int(now), .int(now)])
    }

    private static let appointmentInsert = """
        INSERT INTO appointments (tenant_id, resource_id, service_id, customer_id, start_time, end_time, status,
                                  price_cents, notes, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)
        """

    /// One appointment through the reused prepared statement.
    public func insertAppointment(
        resourceID: Int, serviceID: Int, customerID: Int, start: Int64, end: Int64, status: String, priceCents: Int
    ) throws {
        try db.statement(Self.appointmentInsert).run([
            .int(Int64(tenantID)), .int(Int64(resourceID)), .int(Int64(serviceID)), .int(Int64(customerID)),
            .int(start),
            .int(end), .text(status), .int(Int64(priceCents)), .int(now), .int(now),
        ])
    }
}
