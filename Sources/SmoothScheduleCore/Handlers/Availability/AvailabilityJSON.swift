// How working hours, time off, closures and calendar sources look in responses (docs/api.md §13): presentation
// stays above the stores.

extension TimeOff {
    public var json: JSONValue {
        [
            "id": .int(Int64(id)), "resource_id": .int(Int64(resourceID)), "start_time": ISOTime.json(start),
            "end_time": ISOTime.json(end), "reason": .string(reason), "created_at": ISOTime.json(createdAt),
            "updated_at": ISOTime.json(updatedAt),
        ]
    }
}

extension Closure {
    public var json: JSONValue {
        [
            "id": .int(Int64(id)), "date": .string(date), "reason": .string(reason),
            "created_at": ISOTime.json(createdAt), "updated_at": ISOTime.json(updatedAt),
        ]
    }
}

extension CalendarSource {
    public func json(redacted: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if !redacted {
            members += [("credential_id", .int(Int64(credentialID))), ("calendar_id", .string(calendarID))]
        }
        members += [("last_synced_at", ISOTime.json(lastSyncedAt)), ("health", .string(health.rawValue))]
        return .object(members)
    }
}

extension WorkingRule {
    public var json: JSONValue {
        [
            "weekday": .int(Int64(weekday)), "start": .string(ClockTime.format(start)),
            "end": .string(ClockTime.format(end)),
        ]
    }
}

extension WeeklyHours {
    public var json: [(String, JSONValue)] {
        [("timezone", .string(timezone)), ("rules", .array(rules.map(\.json)))]
    }
}
