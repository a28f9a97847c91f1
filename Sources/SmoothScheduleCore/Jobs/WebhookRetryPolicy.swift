import Foundation

/// What an attempt's answer means and when the next attempt goes (docs/api.md §15): a 2xx is success; a timeout, a
/// connection error, 408, 429 and 5xx are retried with exponential back-off and jitter, honouring `Retry-After`;
/// anything else (other 4xx, a redirect, which is never followed) fails at once.
public enum WebhookRetryPolicy {
    public enum Verdict: Equatable, Sendable {
        case success
        case retryable
        case permanent
    }

    /// The longest wait a `Retry-After` can ask for.
    public static let maxRetryAfter = 86_400

    public static func verdict(status: Int) -> Verdict {
        switch status {
        case 200...299: return .success
        case 408, 429, 500...599: return .retryable
        default: return .permanent
        }
    }

    /// When attempt `attempts + 1` goes, or nil when `attempts` was the last one. The schedule's wait for this
    /// attempt, spread ±20% by `random` (0..<1) so receivers that failed together do not get their retries
    /// together; never sooner than `retryAfter` seconds.
    public static func nextAttempt(
        after attempts: Int, schedule: [Int], retryAfter: Int?, now: Int64, random: Double
    ) -> Int64? {
        guard attempts >= 1, attempts <= schedule.count else { return nil }
        let wait = Double(schedule[attempts - 1]) * (0.8 + 0.4 * min(max(random, 0), 1))
        let seconds = max(wait.rounded(), Double(min(retryAfter ?? 0, maxRetryAfter)), 1)
        return now + Int64(seconds)
    }

    /// `Retry-After` as seconds from `now`: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); nil when absent or
    /// unreadable.
    public static func retryAfter(_ value: String?, now: Int64) -> Int? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = Int(text) { return seconds >= 0 ? seconds : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, Int(Int64(date.timeIntervalSince1970) - now))
    }

    /// "3 days", "5 hours", "40 seconds": how long a failure streak lasted, for the reason a webhook was turned off.
    public static func duration(_ seconds: Int64) -> String {
        func unit(_ n: Int64, _ name: String) -> String { "\(n) \(name)\(n == 1 ? "" : "s")" }
        if seconds >= 86_400 { return unit(seconds / 86_400, "day") }
        if seconds >= 3_600 { return unit(seconds / 3_600, "hour") }
        if seconds >= 60 { return unit(seconds / 60, "minute") }
        return unit(seconds, "second")
    }
}
