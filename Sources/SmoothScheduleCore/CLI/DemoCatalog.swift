// The resources, services, customers, templates and tasks that demo appointments refer to.

/// A service as the planner needs it.
struct DemoService {
    let id: Int
    let minutes: Int
    let priceCents: Int
}

/// What `DemoCatalog.write` created.
struct DemoCatalog {
    var resources: [Int] = []
    var services: [DemoService] = []
    var customers: [Int] = []

    static let serviceMenu: [(String, String, Int, Int)] = [
        ("Haircut", "Wash, cut and style.", 30, 3500), ("Colour", "Full colour with toner.", 90, 9500),
        ("Massage", "Sixty minutes of deep-tissue massage.", 60, 8000), ("Consultation", "First visit.", 45, 5000),
        ("Facial", "Cleanse, peel and mask.", 60, 7000), ("Manicure", "Shape, cuticles and polish.", 45, 4000),
        ("Physiotherapy", "Assessment and treatment.", 60, 8500), ("Check-up", "A quick follow-up.", 30, 2500),
    ]
    static let firstNames = [
        "Ana", "Ben", "Chloé", "Dmitri", "Emma", "Farah", "Goran", "Hana", "Ivan", "Julia", "Kenji",
        "Lena", "Mateo", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor",
        "Wen", "Ximena", "Yusuf", "Zoë",
    ]
    static let lastNames = [
        "Almeida", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Hughes", "Ito",
        "Jansen", "Kowalski", "Lopez", "Müller", "Nakamura", "O'Brien", "Petrov", "Rossi", "Silva",
        "Tanaka", "Novak", "Weber", "Yilmaz",
    ]
    static let rooms = ["Treatment Room", "Studio", "Suite", "Consulting Room"]
    static let equipment = ["Laser", "Massage Chair", "Sauna", "Ultrasound"]

    /// Creates the catalog, sized for `appointments` (about 4,000 appointments per resource, at most 400 resources).
    static func write(_ store: DemoDataStore, appointments: Int, random: inout SplitMix64) throws -> DemoCatalog {
        var catalog = DemoCatalog()
        let resourceCount = min(400, max(6, appointments / 4000))
        for i in 0..<resourceCount {
            let (name, type): (String, String)
            switch i % 6 {
            case 0, 1, 2: (name, type) = ("\(random.pick(firstNames)) \(random.pick(lastNames))", "staff")
            case 3, 4: (name, type) = ("\(rooms[i % rooms.count]) \(i / 6 + 1)", "room")
            default: (name, type) = ("\(equipment[i % equipment.count]) \(i / 6 + 1)", "equipment")
            }
            catalog.resources.append(try store.insertResource(name: name, type: type))
        }
        for (name, description, minutes, price) in serviceMenu {
            let id = try store.insertService(name: name, description: description, minutes: minutes, priceCents: price)
            catalog.services.append(DemoService(id: id, minutes: minutes, priceCents: price))
        }
        for i in 0..<min(50_000, max(20, appointments / 20)) {
            let first = random.pick(firstNames)
            let last = random.pick(lastNames)
            let email = "\(first).\(last)\(i)@example.com".lowercased().replacingOccurrences(of: "'", with: "")
            let phone = "+1 555 01\(String(format: "%02d", i % 100)) \(String(format: "%04d", i % 10_000))"
            catalog.customers.append(try store.insertCustomer(name: "\(first) \(last)", email: email, phone: phone))
        }
        try store.insertEmailTemplate(
            name: "Appointment reminder", subject: "See you tomorrow", body: "Hi {customer}, see you at {time}.")
        try store.insertEmailTemplate(
            name: "Thank you", subject: "Thanks for visiting", body: "Hi {customer}, thank you!")
        try store.insertAutomatedTask(name: "Send reminders", trigger: "appointment.day_before")
        try store.insertAutomatedTask(name: "Ask for a review", trigger: "appointment.completed")
        return catalog
    }
}

/// One planned appointment.
struct DemoSlot {
    let resourceID: Int
    let service: DemoService
    let start: Int64
    let end: Int64
}

/// Walks business days (Monday–Friday, 09:00–13:00 and 14:00–18:00 local, the hours `demo-data` gives the tenant)
/// and fills each resource's day with back-to-back appointments and short gaps: never overlapping, spread so that
/// about a third lies in the future.
struct SlotPlanner {
    let resources: [Int]
    let services: [DemoService]
    private var clock: LocalClock
    private var remaining: [Int]
    private var day: Int64

    static let perDayEstimate = 7

    init(resources: [Int], total: Int, now: Int64, timezone: String, services: [DemoService]) {
        self.resources = resources
        self.services = services
        clock = LocalClock(identifier: timezone)
        let base = resources.isEmpty ? 0 : total / resources.count
        remaining = resources.indices.map { base + ($0 < total - base * resources.count ? 1 : 0) }
        let businessDays = (remaining.first ?? 0) / Self.perDayEstimate + 1
        let span = Int64(businessDays * 7 / 5 + 1)
        day = (now + clock.offset(at: now)) / 86_400 - max(30, span * 2 / 3)
    }

    /// Plans the next business day for every resource, calling `insert` per slot; answers the slots written.
    mutating func fillNextDay(limit: Int, random: inout SplitMix64, _ insert: (DemoSlot) throws -> Void) throws -> Int {
        while (day + 3) % 7 >= 5 { day += 1 }  // 1970-01-01 was a Thursday: skip Saturday and Sunday
        // That day's offset, so hours stay 09:00–18:00 local across daylight-saving changes.
        let opening = day * 86_400 + 9 * 3600 - clock.offset(at: day * 86_400 + 12 * 3600)
        let lunch = opening + 4 * 3600
        let closing = opening + 9 * 3600
        var written = 0
        for (i, resource) in resources.enumerated() where remaining[i] > 0 {
            var cursor = opening + Int64(random.next() % 4) * 900
            while remaining[i] > 0 && written < limit {
                let service = random.pick(services)
                if cursor < lunch + 3600 && cursor + Int64(service.minutes) * 60 > lunch { cursor = lunch + 3600 }
                let end = cursor + Int64(service.minutes) * 60
                if end > closing { break }
                try insert(DemoSlot(resourceID: resource, service: service, start: cursor, end: end))
                remaining[i] -= 1
                written += 1
                cursor = end + Int64(random.next() % 3) * 900
            }
        }
        day += 1
        return written
    }
}
