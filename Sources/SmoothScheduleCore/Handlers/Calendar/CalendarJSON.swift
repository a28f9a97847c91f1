// How calendar connections, events and sync jobs look in responses (docs/api.md §7), shared with the webhook
// events: presentation stays above the stores.

extension OAuthCredential {
    /// `{"id", "provider", "email", "is_valid", "is_expired", "last_used_at", "created_at"}`.
    public func calendarJSON(now: Int64) -> JSONValue {
        [
            "id": .int(Int64(id)), "provider": .string(provider.displayName), "email": .string(email),
            "is_valid": .bool(isValid), "is_expired": .bool(isExpired(at: now)),
            "last_used_at": ISOTime.json(lastUsedAt), "created_at": ISOTime.json(createdAt),
        ]
    }
}

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
            "credential_id": .int(Int64(credentialID)), "calendar_id": .string(calendarID),
        ]
    }
}
