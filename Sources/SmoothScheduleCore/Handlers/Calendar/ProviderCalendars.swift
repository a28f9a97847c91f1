/// Lists an account's calendars at its provider (Google `calendarList`, Graph `me/calendars`).
enum ProviderCalendars {
    static func list(_ credential: OAuthCredential, _ context: Context) throws -> [JSONValue] {
        let url: String
        switch credential.provider {
        case .google: url = context.config.google.apiURL + "/users/me/calendarList"
        case .microsoft: url = context.config.microsoft.apiURL + "/me/calendars"
        }
        var caller = ProviderCaller(
            http: context.http, tokens: OAuthTokenSource(context.deps), credentialID: credential.id,
            tenantID: credential.tenantID, providerName: credential.provider.displayName,
            timeout: context.config.outboundTimeout)
        caller.sleep = { _ in }  // a request does not wait out throttling; it reports it.
        let response: OutboundResponse
        do { response = try caller.get(url) } catch let failure as SyncFailure {
            throw APIError(Status(502, "Bad Gateway"), code: "provider_error", failure.message)
        }
        guard (200..<300).contains(response.status), let body = response.json else {
            throw APIError(
                Status(502, "Bad Gateway"), code: "provider_error",
                "\(credential.provider.displayName) answered HTTP \(response.status).")
        }
        switch credential.provider {
        case .google:
            guard case .array(let items)? = body["items"] else { return [] }
            return items.map {
                [
                    "id": $0["id"] ?? .null, "name": $0["summary"] ?? .null,
                    "primary": .bool($0["primary"]?.boolValue == true),
                    "time_zone": $0["timeZone"] ?? .null,
                ]
            }
        case .microsoft:
            guard case .array(let items)? = body["value"] else { return [] }
            return items.map {
                [
                    "id": $0["id"] ?? .null, "name": $0["name"] ?? .null,
                    "primary": .bool($0["isDefaultCalendar"]?.boolValue == true), "time_zone": .null,
                ]
            }
        }
    }
}
