// How calendar events and sync jobs look in responses (docs/api.md §7): presentation stays above the stores.

extension CalendarEvent {
    public var json: JSONValue {
        [
            "id": .int(Int64(id)), "title": .string(title), "start_time": ISOTime.json(start),
            "end_time": ISOTime.json(end),
            "is_all_day": .bool(isAllDay), "is_busy": .bool(isBusy), "status": .string(status),
            "source": .string(source),
            "credential_id": JSONValue(credentialID), "calendar_id": .string(calendarID),
            "provider_event_id": JSONValue(providerEventID), "resource_id": JSONValue(resourceID),
            "created_at": ISOTime.json(createdAt), "updated_at": ISOTime.json(updatedAt),
        ]
    }
}

extension SyncJob {
    /// `GET /api/calendar/sync/<job_id>/` (docs/api.md §7).
    public var json: JSONValue {
        [
            "id": .int(Int64(id)), "status": .string(status), "kind": .string(kind), "created": .int(Int64(created)),
            "updated": .int(Int64(updated)), "deleted": .int(Int64(deleted)), "error": JSONValue(error),
        ]
    }
}
