import Foundation

/// Hands out access tokens for a tenant's credential. `OAuthTokenSource` is the production one (OAuthService).
public protocol CalendarTokenSource {
    /// A usable access token, refreshed first when it has expired.
    func accessToken(credentialID: Int, tenantID: Int) throws -> String
    /// A new access token after the provider answered 401 to the current one.
    func refreshAfterUnauthorized(credentialID: Int, tenantID: Int) throws -> String
}

/// A sync that cannot go on; `message` is what the job's `error` says (no tokens, no URLs with cursors).
public struct SyncFailure: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}

/// GETs a provider URL with a bearer token. Refreshes and retries once after a 401; retries throttling (429, or
/// Google's 403 `rateLimitExceeded` / `userRateLimitExceeded`) at most 3 times, waiting what `Retry-After` says
/// (at most 60 s, else a short back-off) (API.md §7). Answers 2xx and 410 responses; throws `SyncFailure` otherwise.
public struct ProviderCaller {
    let http: any HTTPClient
    let tokens: any CalendarTokenSource
    let credentialID: Int
    let tenantID: Int
    let providerName: String
    let timeout: Double
    /// Waits between throttled attempts (tests replace it).
    var sleep: (Double) -> Void = { seconds in usleep(UInt32(seconds * 1_000_000)) }
    /// Keeps the job's claim alive: called before and after every request and every `heartbeatEvery` seconds
    /// of a wait, so no stretch without one is longer than one request (review F9). Throws to stop.
    var heartbeat: () throws -> Void = {}

    /// Longest piece of a throttle wait between two heartbeats, in seconds.
    public static let heartbeatEvery = 1.0

    public static let maxThrottleRetries = 3
    public static let maxRetryAfter = 60.0

    /// Counts requests sent, for the job's log line.
    private(set) var requestsSent = 0

    public mutating func get(_ url: String, headers: [(name: String, value: String)] = []) throws -> OutboundResponse {
        var token = try oauth { try tokens.accessToken(credentialID: credentialID, tenantID: tenantID) }
        var refreshed = false
        var throttled = 0
        while true {
            let request = OutboundRequest(
                url: url, headers: headers + [("Authorization", "Bearer \(token)"), ("Accept", "application/json")],
                timeout: timeout)
            let response: OutboundResponse
            try heartbeat()
            do { response = try http.send(request) } catch let error as OutboundError {
                throw SyncFailure("Could not reach \(providerName): \(error.message).")
            }
            requestsSent += 1
            try heartbeat()
            if (200..<300).contains(response.status) || response.status == 410 { return response }
            if response.status == 401 && !refreshed {
                refreshed = true
                token = try oauth {
                    try tokens.refreshAfterUnauthorized(credentialID: credentialID, tenantID: tenantID)
                }
                continue
            }
            if Self.isThrottled(response) {
                guard throttled < Self.maxThrottleRetries else {
                    throw SyncFailure(
                        "\(providerName) is throttling requests (HTTP \(response.status)); gave up after "
                            + "\(Self.maxThrottleRetries) retries. Try again later.")
                }
                throttled += 1
                try pause(Self.wait(response, attempt: throttled))
                continue
            }
            if response.status == 401 {
                throw SyncFailure(
                    "\(providerName) rejected the access token even after a refresh (HTTP 401); reconnect the account.")
            }
            throw SyncFailure("\(providerName) answered HTTP \(response.status) while listing events.")
        }
    }

    /// Sleeps `seconds` in pieces of at most `heartbeatEvery`, with a heartbeat after each.
    private func pause(_ seconds: Double) throws {
        var left = seconds
        while left > 0 {
            let piece = min(left, Self.heartbeatEvery)
            sleep(piece)
            left -= piece
            try heartbeat()
        }
    }

    /// 429, or Google's 403 whose reason is a rate limit.
    static func isThrottled(_ response: OutboundResponse) -> Bool {
        if response.status == 429 { return true }
        guard response.status == 403, case .array(let errors)? = response.json?["error"]?["errors"] else {
            return false
        }
        return errors.contains {
            ["rateLimitExceeded", "userRateLimitExceeded"].contains($0["reason"]?.stringValue ?? "")
        }
    }

    /// Seconds to wait: `Retry-After` (delta-seconds) when present and at most 60, else 1, 2, 4 s.
    static func wait(_ response: OutboundResponse, attempt: Int) -> Double {
        if let text = response.header("retry-after"), let seconds = Double(text.trimmingCharacters(in: .whitespaces)),
            seconds >= 0, seconds <= maxRetryAfter
        {
            return seconds
        }
        return Double(1 << (attempt - 1))
    }

    /// Token errors as a job failure with a sentence a person can act on.
    private func oauth(_ body: () throws -> String) throws -> String {
        do { return try body() } catch let error as OAuthError {
            switch error.kind {
            case .invalidGrant:
                throw SyncFailure(
                    "\(providerName) refused the stored refresh token (invalid_grant): the connection is no longer valid; "
                        + "reconnect the account.")
            default: throw SyncFailure(error.message)
            }
        }
    }
}

/// `CalendarTokenSource` over `OAuthService` (refresh with the cross-process lock; invalid_grant marks the
/// credential invalid and audits it).
public struct OAuthTokenSource: CalendarTokenSource {
    let service: OAuthService

    public init(_ deps: Dependencies) {
        service = OAuthService(deps)
    }

    public func accessToken(credentialID: Int, tenantID: Int) throws -> String {
        guard let credential = try service.store.find(id: credentialID, tenantID: tenantID) else {
            throw SyncFailure("The calendar connection no longer exists.")
        }
        return try service.accessToken(for: credential)
    }

    /// Marks the stored access token expired, so the next `accessToken` refreshes it (under OAuthService's lock).
    public func refreshAfterUnauthorized(credentialID: Int, tenantID: Int) throws -> String {
        try service.store.expireAccessToken(id: credentialID, tenantID: tenantID)
        return try accessToken(credentialID: credentialID, tenantID: tenantID)
    }
}
