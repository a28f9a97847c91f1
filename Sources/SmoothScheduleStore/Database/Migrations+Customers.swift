// Indexes for what a customer user reads: their customer record by e-mail, and its appointments (review F5).

extension Migrations {
    static let customerScope: [Migration] = [
        // `lower(email) = lower(?)` (RecordStore's customer scope) matches this expression index.
        Migration(
            "0251_customers_tenant_email",
            "CREATE INDEX customers_tenant_email ON customers (tenant_id, lower(email));"),
        // A customer's appointments (named by RecordStore's customer scope: without it the planner walks all the
        // tenant's appointments in start order to skip a sort).
        Migration(
            "0252_appointments_tenant_customer",
            "CREATE INDEX appointments_tenant_customer ON appointments (tenant_id, customer_id, start_time);"),
    ]
}
