// Reading `{"timezone", "rules"}` (docs/api.md §13): every problem reported in `fields`, nothing applied on a 400.

/// The body of `PUT …/working-hours/`: a week of rules in a zone, or `rules: null` to forget the schedule.
struct WorkingHoursBody {
    /// nil: `"rules": null` (a resource follows the tenant; the tenant is open around the clock again).
    let hours: WeeklyHours?

    static let maxRules = 100

    /// `defaultZone` applies when `timezone` is absent. Throws 400 `invalid` with `fields`.
    init(_ request: Request, defaultZone: String) throws {
        var body = try BodyReader(request)
        body.allowOnly(["timezone", "rules"])
        var zone = defaultZone
        if let value = body.value("timezone"), !value.isNull {
            if let name = body.string("timezone", maxLength: 64) {
                if TimeZones.isIANA(name) {
                    zone = name
                } else {
                    body.fail(
                        "timezone", "Unknown time zone \"\(name.prefix(64))\": use an IANA name such as Europe/Berlin.")
                }
            }
        }
        var rules: [WorkingRule]?
        switch body.value("rules") {
        case nil: body.fail("rules", "This field is required.")
        case .null?:
            if let value = body.value("timezone"), !value.isNull {
                body.fail("timezone", "Only with rules: without its own rules a schedule follows the tenant's.")
            }
        case .array(let items)?: rules = Self.rules(items, &body)
        default: body.fail("rules", "Must be a list of {weekday, start, end} or null.")
        }
        try body.finish()
        hours = rules.map { WeeklyHours(timezone: zone, rules: $0) }
    }

    /// Each rule checked on its own, then against the others (no overlaps, wrapping past Sunday).
    static func rules(_ items: [JSONValue], _ body: inout BodyReader) -> [WorkingRule]? {
        guard items.count <= maxRules else {
            body.fail("rules", "At most \(maxRules) rules.")
            return nil
        }
        var rules: [WorkingRule] = []
        var ok = true
        for (i, item) in items.enumerated() {
            if let rule = rule(item, "rules[\(i)]", &body) { rules.append(rule) } else { ok = false }
        }
        guard ok else { return nil }
        for (i, j) in WeeklyHours.overlaps(rules) {
            body.fail("rules[\(j)]", "Overlaps rules[\(i)] (\(rules[i].description)).")
            ok = false
        }
        return ok ? rules : nil
    }

    private static func rule(_ item: JSONValue, _ key: String, _ body: inout BodyReader) -> WorkingRule? {
        guard let members = item.objectMembers else {
            body.fail(key, "Must be an object {weekday, start, end}.")
            return nil
        }
        var inner = BodyReader(members)
        inner.allowOnly(["weekday", "start", "end"])
        let weekday = inner.int("weekday", required: true, range: 0...6)
        var start: Int?
        var end: Int?
        if let text = inner.string("start", required: true, maxLength: 5) {
            start = ClockTime.parse(text, allowEndOfDay: false)
            if start == nil { inner.fail("start", "Must be a time HH:MM from 00:00 to 23:59.") }
        }
        if let text = inner.string("end", required: true, maxLength: 5) {
            end = ClockTime.parse(text, allowEndOfDay: true)
            if end == nil { inner.fail("end", "Must be a time HH:MM from 00:00 to 24:00.") }
        }
        if let start, let end, start == end {
            inner.fail("end", "Must differ from start (an end before the start runs past midnight).")
        }
        for (field, problem) in inner.problems { body.fail("\(key).\(field)", problem) }
        guard inner.problems.isEmpty, let weekday, let start, let end else { return nil }
        return WorkingRule(weekday: weekday, start: start, end: end)
    }
}
