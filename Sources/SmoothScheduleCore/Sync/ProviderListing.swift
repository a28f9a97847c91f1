// How each provider lists a calendar's events page by page (API.md §7, FIELD-NOTES Providers).

/// One page of a listing.
struct ListingPage {
    var changes: [EventChange]
    /// The URL of the next page, or nil on the last one.
    var next: String?
    /// On the last page: the cursor for the next incremental sync (Google sync token, Graph delta link).
    var cursor: String?
}

/// A provider's way to list events: the first URL of a full or incremental sync, and page parsing.
protocol ProviderListing {
    var providerName: String { get }
    var headers: [(name: String, value: String)] { get }
    func firstURL(window: (Int64, Int64), cursor: String?) -> String
    func page(_ body: JSONValue, requestURL: String, tenantTimeZone: String) throws -> ListingPage
    /// Whether a stored cursor may be used as it is (a Graph delta link must still be on the configured origin).
    func accepts(cursor: String) -> Bool
}

/// Provider calendar ids go into a URL path: `.` and `..` would be dot segments that libcurl resolves, so the
/// request (with the account's token) would reach another endpoint of the provider (review F17).
enum CalendarIDs {
    static func isUsable(_ id: String) -> Bool { !id.isEmpty && id != "." && id != ".." }
}

/// Google `events.list`: `timeMin`/`timeMax`/`singleEvents=true`/`maxResults` on a full sync, only `syncToken`
/// on an incremental one (FIELD-NOTES: the two must not be combined), `pageToken` to the last page.
struct GoogleListing: ProviderListing {
    let apiURL: String
    let calendarID: String
    let pageSize: Int
    var providerName: String { "Google" }
    var headers: [(name: String, value: String)] { [] }
    /// A sync token is not a URL: it goes into the query, encoded.
    func accepts(cursor: String) -> Bool { true }

    private var base: String { "\(apiURL)/calendars/\(URLCoding.encode(calendarID))/events" }

    private func query(window: (Int64, Int64), cursor: String?) -> [(String, String)] {
        if let cursor { return [("syncToken", cursor), ("singleEvents", "true"), ("maxResults", String(pageSize))] }
        return [
            ("timeMin", ISOTime.format(window.0)), ("timeMax", ISOTime.format(window.1)), ("singleEvents", "true"),
            ("maxResults", String(pageSize)),
        ]
    }

    func firstURL(window: (Int64, Int64), cursor: String?) -> String {
        base + "?" + URLCoding.form(query(window: window, cursor: cursor))
    }

    func page(_ body: JSONValue, requestURL: String, tenantTimeZone: String) throws -> ListingPage {
        guard case .array(let items)? = body["items"] ?? .array([]) else {
            throw SyncFailure("Google sent an unreadable event list.")
        }
        let changes = items.compactMap { GoogleEvents.change($0, tenantTimeZone: tenantTimeZone) }
        var next: String?
        if let token = body["nextPageToken"]?.stringValue {
            // Keep the first request's parameters and add the page token.
            let first = requestURL.split(separator: "?", maxSplits: 1).last.map(String.init) ?? ""
            let kept = first.split(separator: "&").filter { !$0.hasPrefix("pageToken=") }.joined(separator: "&")
            next = base + "?" + kept + "&pageToken=" + URLCoding.encode(token)
        }
        return ListingPage(changes: changes, next: next, cursor: body["nextSyncToken"]?.stringValue)
    }
}

/// Microsoft Graph `calendarView/delta`: the window on the first request, `@odata.nextLink` followed as is,
/// the final `@odata.deltaLink` kept as the cursor. Links must stay on the configured Graph origin, so a
/// bearer token is never sent elsewhere.
struct GraphListing: ProviderListing {
    let graphURL: String
    let calendarID: String
    let pageSize: Int
    var providerName: String { "Microsoft" }
    var headers: [(name: String, value: String)] {
        [("Prefer", "odata.maxpagesize=\(pageSize), outlook.timezone=\"UTC\"")]
    }

    func firstURL(window: (Int64, Int64), cursor: String?) -> String {
        if let cursor { return cursor }
        return "\(graphURL)/me/calendars/\(URLCoding.encode(calendarID))/calendarView/delta?"
            + URLCoding.form([("startDateTime", ISOTime.format(window.0)), ("endDateTime", ISOTime.format(window.1))])
    }

    func page(_ body: JSONValue, requestURL: String, tenantTimeZone: String) throws -> ListingPage {
        guard case .array(let items)? = body["value"] else {
            throw SyncFailure("Microsoft sent an unreadable event list.")
        }
        let changes = items.compactMap { GraphEvents.change($0, tenantTimeZone: tenantTimeZone) }
        let next = body["@odata.nextLink"]?.stringValue
        let cursor = body["@odata.deltaLink"]?.stringValue
        for link in [next, cursor].compactMap({ $0 }) where !isOnGraph(link) {
            throw SyncFailure("Microsoft sent a paging link to an unexpected host.")
        }
        return ListingPage(changes: changes, next: next, cursor: cursor)
    }

    /// A delta link stored by an earlier sync is checked again: the Graph URL may have changed since, or the row.
    func accepts(cursor: String) -> Bool { isOnGraph(cursor) }

    private func isOnGraph(_ link: String) -> Bool {
        guard let origin = Self.origin(graphURL) else { return false }
        return Self.origin(link) == origin
    }

    static func origin(_ url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" }
        return url[..<scheme.upperBound].lowercased() + host.lowercased()
    }
}
