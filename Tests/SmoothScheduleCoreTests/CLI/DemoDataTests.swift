import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// `smoothschedule demo-data` (docs/api.md §11): realistic rows, no overlaps, quotas ignored, one summary line.
struct DemoDataTests {
    @Test func writesAllKindsWithoutOverlapsAndPrintsASummary() throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", plan: "free")
        var lines: [String] = []
        try DemoData(db: env.db, now: env.now, output: { lines.append($0) }).run(["demo", "--appointments", "3000"])
        #expect(lines.count == 1 && lines[0].contains("3000 appointments") && lines[0].hasSuffix(" s"))
        let db = env.db
        #expect(try db.scalarInt("SELECT count(*) FROM appointments WHERE tenant_id = ?", [.int(tenant.id)]) == 3000)
        #expect(try db.scalarInt("SELECT count(DISTINCT type) FROM resources") == 3)
        #expect(try db.scalarInt("SELECT count(DISTINCT status) FROM appointments") == 5)
        #expect(try db.scalarInt("SELECT count(*) FROM appointments WHERE start_time < ?", [.int(env.now)]) > 0)
        #expect(
            try db.scalarInt("SELECT count(*) FROM appointments WHERE start_time > ?", [.int(env.now + 14 * 86_400)])
                > 0)
        let overlaps = try db.scalarInt(
            """
            SELECT count(*) FROM appointments a JOIN appointments b
              ON a.resource_id = b.resource_id AND a.id < b.id AND a.start_time < b.end_time AND b.start_time < a.end_time
            """)
        #expect(overlaps == 0)
        // Quotas do not apply to the operator tool (free allows 3 resources).
        #expect(try db.scalarInt("SELECT count(*) FROM resources") >= 6)
    }

    @Test func refusesUnknownTenantsAndBadCounts() throws {
        let env = try TestEnv()
        try env.seedTenant("demo")
        let demo = DemoData(db: env.db, now: env.now, output: { _ in })
        #expect(throws: CommandError.self) { try demo.run(["nobody"]) }
        #expect(throws: CommandError.self) { try demo.run(["demo", "--appointments", "-5"]) }
        #expect(throws: CommandError.self) { try demo.run(["demo", "--rows", "5"]) }
    }
}
