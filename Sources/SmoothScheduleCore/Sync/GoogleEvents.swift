/// Google Calendar `events.list` items → `EventChange` (docs/api.md §7, docs/field-notes.md, Providers).
public enum GoogleEvents {
    /// `status: cancelled` removes; `start.date` (exclusive `end.date`) is an all-day event placed at midnight in
    /// the tenant's zone; `start.dateTime` carries its own offset; `transparency: transparent` is free time.
    /// Nil for an item without an id or with unreadable times.
    public static func change(_ item: JSONValue, tenantTimeZone: String) -> EventChange? {
        guard let id = item["id"]?.stringValue, !id.isEmpty else { return nil }
        if item["status"]?.stringValue == "cancelled" { return .remove(id) }
        let isAllDay: Bool
        let start: Int64
        var end: Int64
        if let startDate = item["start"]?["date"]?.stringValue {
            guard let s = TimeZones.midnight(startDate, timezone: tenantTimeZone) else { return nil }
            let endDate = item["end"]?["date"]?.stringValue
            isAllDay = true
            start = s
            end = endDate.flatMap { TimeZones.midnight($0, timezone: tenantTimeZone) } ?? s + 86_400
        } else {
            guard let text = item["start"]?["dateTime"]?.stringValue, let s = ISOTime.parse(text) else { return nil }
            isAllDay = false
            start = s
            end = item["end"]?["dateTime"]?.stringValue.flatMap(ISOTime.parse) ?? s + 3600
        }
        if end <= start { end = start + (isAllDay ? 86_400 : 60) }
        let event = ProviderEvent(
            providerID: id, title: item["summary"]?.stringValue ?? "", start: start, end: end, isAllDay: isAllDay,
            isBusy: item["transparency"]?.stringValue != "transparent")
        return .upsert(event)
    }
}

/// Microsoft Graph `calendarView/delta` items → `EventChange`.
public enum GraphEvents {
    /// `@removed` and `isCancelled` remove; times are read as UTC (we ask for `outlook.timezone="UTC"`); an
    /// all-day event keeps its date and is placed at midnight in the tenant's zone; `showAs: free` is free time.
    public static func change(_ item: JSONValue, tenantTimeZone: String) -> EventChange? {
        guard let id = item["id"]?.stringValue, !id.isEmpty else { return nil }
        if item["@removed"] != nil || item["isCancelled"]?.boolValue == true { return .remove(id) }
        guard let startText = item["start"]?["dateTime"]?.stringValue else { return nil }
        let endText = item["end"]?["dateTime"]?.stringValue
        let isAllDay = item["isAllDay"]?.boolValue == true
        var start: Int64
        var end: Int64
        if isAllDay {
            guard let s = TimeZones.midnight(startText, timezone: tenantTimeZone) else { return nil }
            start = s
            end = endText.flatMap { TimeZones.midnight($0, timezone: tenantTimeZone) } ?? s + 86_400
        } else {
            guard let s = utc(startText) else { return nil }
            start = s
            end = endText.flatMap(utc) ?? s + 3600
        }
        if end <= start { end = start + (isAllDay ? 86_400 : 60) }
        let event = ProviderEvent(
            providerID: id, title: item["subject"]?.stringValue ?? "", start: start, end: end, isAllDay: isAllDay,
            isBusy: item["showAs"]?.stringValue != "free")
        return .upsert(event)
    }

    /// Graph writes `2025-12-02T09:30:00.0000000` (no offset) for a UTC dateTimeTimeZone.
    static func utc(_ text: String) -> Int64? {
        ISOTime.parse(text) ?? ISOTime.parse(text + "Z")
    }
}
