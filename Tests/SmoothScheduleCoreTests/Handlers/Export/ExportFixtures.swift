import Foundation

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Plain INSERTs for export and analytics tests: no dependency on the CRUD endpoints.
extension TestEnv {
    @discardableResult
    func insertResource(_ tenant: Tenant, _ name: String, type: String = "staff", active: Bool = true) throws -> Int {
        try db.insert(
            "INSERT INTO resources (tenant_id, name, type, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            [.int(tenant.id), .text(name), .text(type), .bool(active), .int(now), .int(now)])
    }

    @discardableResult
    func insertService(
        _ tenant: Tenant, _ name: String, description: String = "", minutes: Int = 60, priceCents: Int = 5000,
        currency: String = "USD", active: Bool = true
    ) throws -> Int {
        try db.insert(
            """
            INSERT INTO services (tenant_id, name, description, duration_minutes, price_cents, currency, is_active,
                                  created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .int(tenant.id), .text(name), .text(description), .int(minutes), .int(priceCents), .text(currency),
                .bool(active), .int(now), .int(now),
            ])
    }

    @discardableResult
    func insertCustomer(_ tenant: Tenant, _ name: String, email: String = "", phone: String = "", notes: String = "")
        throws -> Int
    {
        try db.insert(
            "INSERT INTO customers (tenant_id, name, email, phone, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [.int(tenant.id), .text(name), .text(email), .text(phone), .text(notes), .int(now), .int(now)])
    }

    /// An appointment starting at `start` (an ISO 8601 instant), `minutes` long.
    @discardableResult
    func insertAppointment(
        _ tenant: Tenant, resource: Int, service: Int, customer: Int? = nil, start: String, minutes: Int64 = 60,
        status: String = "CONFIRMED", priceCents: Int = 5000, notes: String = ""
    ) throws -> Int {
        let startAt = ISOTime.parse(start)!
        return try db.insert(
            """
            INSERT INTO appointments (tenant_id, resource_id, service_id, customer_id, start_time, end_time, status,
                                      price_cents, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .int(tenant.id), .int(resource), .int(service), .optional(customer), .int(startAt),
                .int(startAt + minutes * 60),
                .text(status), .int(priceCents), .text(notes), .int(now), .int(now),
            ])
    }
}

/// An RFC 4180 reader for checking what the exporter wrote.
enum CSVReader {
    static func parse(_ bytes: [UInt8]) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 {
                        field.append(0x22); i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(b)
                }
            } else if b == 0x22 {
                inQuotes = true
            } else if b == 0x2C {
                row.append(String(decoding: field, as: UTF8.self))
                field = []
            } else if b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A {
                row.append(String(decoding: field, as: UTF8.self))
                rows.append(row)
                row = []
                field = []
                i += 1
            } else {
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty { row.append(String(decoding: field, as: UTF8.self)); rows.append(row) }
        return rows
    }
}
