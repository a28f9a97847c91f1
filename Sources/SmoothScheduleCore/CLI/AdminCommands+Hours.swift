// `hours show|set|clear`: working hours for operators (docs/api.md §13), printed as the API shows them.

extension AdminCommands {
    /// `hours show SCHEMA [--resource ID]`: the tenant's default week, or a resource's own and effective hours.
    func hoursShow(_ args: [String]) throws {
        let a = try Arguments(args, known: ["resource"])
        try a.noExtraPositional(after: 1)
        let tenant = try requireTenant(try a.positional(0, "SCHEMA"))
        output(try hoursJSON(tenant, try resource(a, tenant)).text)
    }

    /// `hours set SCHEMA [--resource ID] [--timezone TZ] --rule "mon-fri 09:00-13:00,14:00-18:00" [--rule …]`:
    /// replaces the week (the zone defaults to the tenant's, or for a resource to the tenant's working-hours zone).
    func hoursSet(_ args: [String]) throws {
        var ruleTexts: [String] = []
        var rest: [String] = []
        var i = 0
        while i < args.count {
            if args[i] == "--rule" {
                guard i + 1 < args.count else { throw CommandError("--rule needs a value") }
                ruleTexts.append(args[i + 1])
                i += 2
            } else if args[i].hasPrefix("--rule=") {
                ruleTexts.append(String(args[i].dropFirst("--rule=".count)))
                i += 1
            } else {
                rest.append(args[i])
                i += 1
            }
        }
        let a = try Arguments(rest, known: ["resource", "timezone"])
        try a.noExtraPositional(after: 1)
        let tenant = try requireTenant(try a.positional(0, "SCHEMA"))
        let resourceID = try resource(a, tenant)
        guard !ruleTexts.isEmpty else { throw CommandError("give at least one --rule \"DAYS HH:MM-HH:MM[,…]\"") }
        let rules = try ruleTexts.flatMap(Self.parseRule)
        if let (first, second) = WeeklyHours.overlaps(rules).first {
            throw CommandError("rules overlap: \(rules[first].description) and \(rules[second].description)")
        }
        let store = WorkingHoursStore(db)
        let zone =
            try a.option("timezone") ?? (resourceID == nil ? tenant.timezone : store.tenantHours(tenant).hours.timezone)
        guard TimeZones.isIANA(zone) else { throw CommandError("unknown time zone '\(zone)'") }
        try db.transaction {
            try store.replace(
                tenantID: tenant.id, resourceID: resourceID, hours: WeeklyHours(timezone: zone, rules: rules), now: now)
        }
        output(try hoursJSON(tenant, resourceID).text)
    }

    /// `hours clear SCHEMA [--resource ID]`: a resource follows the tenant again; the tenant is open around the clock.
    func hoursClear(_ args: [String]) throws {
        let a = try Arguments(args, known: ["resource"])
        try a.noExtraPositional(after: 1)
        let tenant = try requireTenant(try a.positional(0, "SCHEMA"))
        let resourceID = try resource(a, tenant)
        try db.transaction { try WorkingHoursStore(db).remove(tenantID: tenant.id, resourceID: resourceID) }
        output(try hoursJSON(tenant, resourceID).text)
    }

    private func resource(_ a: Arguments, _ tenant: Tenant) throws -> Int? {
        guard let text = a.option("resource") else { return nil }
        guard let id = Int(text), id > 0, try RecordStore.exists(db, table: "resources", tenantID: tenant.id, id: id)
        else { throw CommandError("no resource \(text) in tenant '\(tenant.schemaName)'") }
        return id
    }

    private func hoursJSON(_ tenant: Tenant, _ resourceID: Int?) throws -> JSONValue {
        guard let resourceID else { return try WorkingHoursHandlers.tenantJSON(tenant, db) }
        return try WorkingHoursHandlers.resourceJSON(tenant, resourceID, db)
    }

    static let dayWords = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// `mon-fri 09:00-13:00,14:00-18:00`, `sat,sun 10:00-14:00`, `fri 22:00-02:00` (past midnight), `24:00` allowed.
    static func parseRule(_ text: String) throws -> [WorkingRule] {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { throw CommandError("--rule '\(text)': expected \"DAYS HH:MM-HH:MM[,…]\"") }
        var days: [Int] = []
        for item in parts[0].lowercased().split(separator: ",") {
            let ends = item.split(separator: "-").map { dayWords.firstIndex(of: String($0.prefix(3))) }
            guard (1...2).contains(ends.count), let first = ends[0], let last = ends[ends.count - 1] else {
                throw CommandError("--rule '\(text)': days are mon…sun, e.g. mon-fri or sat,sun")
            }
            var day = first
            days.append(day)
            while day != last {
                day = (day + 1) % 7
                days.append(day)
            }
        }
        var rules: [WorkingRule] = []
        for range in parts[1].split(separator: ",") {
            let times = range.split(separator: "-").map(String.init)
            guard times.count == 2, let start = ClockTime.parse(times[0], allowEndOfDay: false),
                let end = ClockTime.parse(times[1], allowEndOfDay: true), start != end
            else { throw CommandError("--rule '\(text)': times are HH:MM-HH:MM (00:00 to 24:00, start ≠ end)") }
            rules += days.map { WorkingRule(weekday: $0, start: start, end: end) }
        }
        return rules
    }
}
