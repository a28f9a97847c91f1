import Foundation

/// `smoothschedule demo-data SCHEMA [--appointments N]` (docs/api.md §11): realistic data for demos and benchmarks.
/// An operator tool: quotas do not apply. Appointments fill business hours of each resource without overlaps,
/// spread over past and future months, written in batched transactions through one prepared statement.
public struct DemoData {
    let db: Database
    let now: Int64
    let output: (String) -> Void

    public init(db: Database, now: Int64, output: @escaping (String) -> Void) {
        self.db = db
        self.now = now
        self.output = output
    }

    static let batchSize = 50_000

    public func run(_ args: [String]) throws {
        let a = try Arguments(args, known: ["appointments"])
        try a.noExtraPositional(after: 1)
        let schema = try a.positional(0, "SCHEMA")
        let count = try a.intOption("appointments", default: 1000, range: 0...50_000_000)
        guard let tenant = try TenantStore(db).find(schemaName: schema) else {
            throw CommandError("no tenant '\(schema)'")
        }
        let started = Date()
        let store = DemoDataStore(db: db, tenantID: tenant.id, now: now)
        var random = SplitMix64(seed: UInt64(tenant.id) &* 0x9E37_79B9)
        let catalog = try db.transaction {
            try Self.seedHours(db, tenant: tenant, now: now)
            return try DemoCatalog.write(store, appointments: count, random: &random)
        }
        var planner = SlotPlanner(
            resources: catalog.resources, total: count, now: now, timezone: tenant.timezone, services: catalog.services)
        var choices = SplitMix64(seed: random.next())
        var written = 0
        while written < count {
            written += try db.transaction {
                var inBatch = 0
                while inBatch < Self.batchSize && written + inBatch < count {
                    inBatch += try planner.fillNextDay(limit: count - written - inBatch, random: &random) { slot in
                        try store.insertAppointment(
                            resourceID: slot.resourceID, serviceID: slot.service.id,
                            customerID: choices.pick(catalog.customers),
                            start: slot.start, end: slot.end, status: Self.status(for: slot.start, now: now, &choices),
                            priceCents: slot.service.priceCents)
                    }
                }
                return inBatch
            }
        }
        let seconds = Date().timeIntervalSince(started)
        output(
            "demo-data \(schema): \(catalog.resources.count) resources, \(catalog.services.count) services, "
                + "\(catalog.customers.count) customers, \(written) appointments in \(String(format: "%.2f", seconds)) s"
        )
    }

    /// Working hours for a tenant that has none (docs/api.md §13): Monday to Friday 09:00–18:00 with a lunch break,
    /// Saturday mornings, in the tenant's zone. Appointments fill the weekdays; Saturdays stay open for slots.
    static func seedHours(_ db: Database, tenant: Tenant, now: Int64) throws {
        let store = WorkingHoursStore(db)
        guard try store.find(tenantID: tenant.id, resourceID: nil) == nil else { return }
        let weekdays = (0..<5).flatMap {
            [WorkingRule(weekday: $0, start: 540, end: 780), WorkingRule(weekday: $0, start: 840, end: 1080)]
        }
        let hours = WeeklyHours(
            timezone: tenant.timezone, rules: weekdays + [WorkingRule(weekday: 5, start: 540, end: 780)])
        try store.replace(tenantID: tenant.id, resourceID: nil, hours: hours, now: now)
    }

    /// Past appointments are mostly completed, future ones pending or confirmed; some of each are cancelled.
    static func status(for start: Int64, now: Int64, _ random: inout SplitMix64) -> String {
        let roll = random.next() % 100
        if start < now {
            switch roll {
            case 0..<78: return "COMPLETED"
            case 78..<86: return "CANCELLED"
            case 86..<93: return "NO_SHOW"
            default: return "CONFIRMED"
            }
        }
        switch roll {
        case 0..<55: return "CONFIRMED"
        case 55..<92: return "PENDING"
        default: return "CANCELLED"
        }
    }
}

/// A small fast deterministic generator (Steele, Lea, Flood: SplitMix64), so demo data is reproducible.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}
