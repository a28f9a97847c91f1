import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// `smoothschedule hours …` and the hours `demo-data` seeds (docs/api.md §11, §13).
struct HoursCommandTests {
    let env: TestEnv

    init() throws {
        env = try TestEnv()
        try env.seedTenant("demo", plan: "enterprise", timezone: "Europe/Berlin")
    }

    @discardableResult
    func run(_ words: String...) throws -> JSONValue {
        var lines: [String] = []
        try AdminCommands(db: env.db, config: env.config, now: env.now, output: { lines.append($0) }).run(words)
        return try JSONParser.parse(Array(lines.joined().utf8))
    }

    @Test func setShowAndClearTheTenantsWeek() throws {
        let set = try run("hours", "set", "demo", "--rule", "mon-fri 09:00-13:00,14:00-18:00", "--rule=sat 09:00-13:00")
        #expect(set["timezone"] == "Europe/Berlin" && set["is_default"] == false)
        guard case .array(let rules)? = set["rules"] else { Issue.record("\(set)"); return }
        #expect(rules.count == 11 && rules.first == ["weekday": 0, "start": "09:00", "end": "13:00"])
        #expect(try run("hours", "show", "demo")["rules"] == set["rules"])
        #expect(try run("hours", "clear", "demo")["is_default"] == true)
    }

    @Test func aResourcesOwnWeekInItsZonePastMidnightAndWrappingDays() throws {
        let tenant = try #require(try TenantStore(env.db).find(schemaName: "demo"))
        let resource = try env.insertResource(tenant, "Night desk")
        let set = try run(
            "hours", "set", "demo", "--resource", String(resource), "--timezone", "America/New_York", "--rule",
            "fri-mon 22:00-02:00")
        #expect(set["effective"]?["timezone"] == "America/New_York" && set["follows_tenant"] == false)
        guard case .array(let rules)? = set["rules"] else { Issue.record("\(set)"); return }
        #expect(rules.map { $0["weekday"]?.intValue } == [0, 4, 5, 6])
        #expect(try run("hours", "clear", "demo", "--resource", String(resource))["follows_tenant"] == true)
    }

    @Test(arguments: [
        ["hours", "set", "demo"],
        ["hours", "set", "demo", "--rule", "someday 09:00-17:00"],
        ["hours", "set", "demo", "--rule", "mon 9-17"],
        ["hours", "set", "demo", "--rule", "mon 09:00-09:00"],
        ["hours", "set", "demo", "--rule", "mon 09:00-12:00", "--rule", "mon 11:00-13:00"],
        ["hours", "set", "demo", "--timezone", "Mars/Base", "--rule", "mon 09:00-12:00"],
        ["hours", "set", "demo", "--resource", "999", "--rule", "mon 09:00-12:00"],
        ["hours", "set", "nobody", "--rule", "mon 09:00-12:00"],
        ["hours", "show", "demo", "extra"],
        ["hours", "set", "demo", "--rule"],
    ])
    func badArgumentsAreOneLineErrors(words: [String]) throws {
        #expect(throws: CommandError.self) {
            try AdminCommands(db: env.db, config: env.config, now: env.now, output: { _ in }).run(words)
        }
        #expect(try run("hours", "show", "demo")["is_default"] == true)
    }

    @Test func demoDataSeedsAWeekWithALunchBreakAndKeepsAnExistingOne() throws {
        try DemoData(db: env.db, now: env.now, output: { _ in }).run(["demo", "--appointments", "200"])
        let hours = try run("hours", "show", "demo")
        guard case .array(let rules)? = hours["rules"] else { Issue.record("\(hours)"); return }
        #expect(rules.count == 11 && rules.contains(["weekday": 5, "start": "09:00", "end": "13:00"]))
        #expect(hours["timezone"] == "Europe/Berlin")
        // Every demo appointment lies inside those hours: staff could have booked each one.
        let tenant = try #require(try TenantStore(env.db).find(schemaName: "demo"))
        for row in try env.db.query("SELECT resource_id, start_time, end_time FROM appointments") {
            let (start, end) = (row.int64("start_time") ?? 0, row.int64("end_time") ?? 0)
            let open = try OpenHours.load(
                env.db, tenant: tenant, resourceID: row.int("resource_id"), from: start, to: end)
            #expect(open.time.covers(start, end), "\(ISOTime.format(start))")
        }
        try run("hours", "set", "demo", "--rule", "sun 10:00-11:00")
        try DemoData(db: env.db, now: env.now, output: { _ in }).run(["demo", "--appointments", "10"])
        #expect(try run("hours", "show", "demo")["rules"] == [["weekday": 6, "start": "10:00", "end": "11:00"]])
    }
}
