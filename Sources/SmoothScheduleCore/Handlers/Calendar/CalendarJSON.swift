// A calendar connection as `GET /api/calendar/list/` shows it (API.md §7), shared with the webhook events.

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
