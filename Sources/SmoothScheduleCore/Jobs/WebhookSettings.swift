import Foundation

/// Webhook limits, timings and the private-address switch (docs/api.md §15, docs/webhooks.md). Read once with the
/// configuration; a bad value stops start-up.
public struct WebhookSettings: Sendable {
    /// `SMOOTHSCHEDULE_WEBHOOK_ALLOW_PRIVATE=true`: URLs may use `http` and reach loopback, private, link-local and
    /// metadata addresses (development and tests only).
    public var allowPrivate: Bool
    /// Webhooks one tenant may have (`SMOOTHSCHEDULE_WEBHOOK_MAX_PER_TENANT`).
    public var maxPerTenant: Int
    /// Seconds one delivery may take, connect included (`SMOOTHSCHEDULE_WEBHOOK_TIMEOUT_SECONDS`).
    public var timeout: Int
    /// The waits before each retry, in seconds (`SMOOTHSCHEDULE_WEBHOOK_RETRY_SECONDS`, comma-separated): one more
    /// attempt than entries. The default grows from 1 minute to 8 hours: 10 attempts over about 24 hours.
    public var retrySchedule: [Int]
    /// A webhook whose deliveries have failed without a success for this long is deactivated
    /// (`SMOOTHSCHEDULE_WEBHOOK_DISABLE_AFTER_SECONDS`, default 3 days).
    public var disableAfter: Int
    /// How long the previous secret keeps signing after a rotation (`SMOOTHSCHEDULE_WEBHOOK_SECRET_OVERLAP_SECONDS`).
    public var secretOverlap: Int
    /// Delivery threads in each `smoothschedule jobs` (`SMOOTHSCHEDULE_WEBHOOK_SENDERS`; 0: this job runner sends none).
    public var senders: Int
    /// Deliveries of one webhook in flight at once, across all job runners (`SMOOTHSCHEDULE_WEBHOOK_IN_FLIGHT_PER_WEBHOOK`).
    /// With 1 (the default) a webhook's deliveries leave in the order of their events.
    public var inFlightPerWebhook: Int
    /// A claimed delivery not finished within this many seconds is taken as its job runner's death and claimed again
    /// (`SMOOTHSCHEDULE_WEBHOOK_LEASE_SECONDS`; must exceed the timeout).
    public var leaseSeconds: Int
    /// Milliseconds a delivery thread waits between looks at an empty outbox (`SMOOTHSCHEDULE_WEBHOOK_POLL_MS`).
    public var pollMilliseconds: Int
    /// Days finished deliveries stay in the log (`SMOOTHSCHEDULE_WEBHOOK_RETENTION_DAYS`).
    public var retentionDays: Int = 30

    /// Bytes of a receiver's answer that are read; a longer answer fails the attempt.
    public static let maxResponseBytes = 64 * 1024
    public static let defaultRetrySchedule = [60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 28_800]

    public static let defaults = WebhookSettings(
        allowPrivate: false, maxPerTenant: 20, timeout: 10, retrySchedule: defaultRetrySchedule,
        disableAfter: 3 * 86_400, secretOverlap: 86_400, senders: 4, inFlightPerWebhook: 1, leaseSeconds: 60,
        pollMilliseconds: 200)

    public init(
        allowPrivate: Bool, maxPerTenant: Int, timeout: Int, retrySchedule: [Int], disableAfter: Int,
        secretOverlap: Int, senders: Int, inFlightPerWebhook: Int, leaseSeconds: Int, pollMilliseconds: Int
    ) {
        self.allowPrivate = allowPrivate
        self.maxPerTenant = maxPerTenant
        self.timeout = timeout
        self.retrySchedule = retrySchedule
        self.disableAfter = disableAfter
        self.secretOverlap = secretOverlap
        self.senders = senders
        self.inFlightPerWebhook = inFlightPerWebhook
        self.leaseSeconds = leaseSeconds
        self.pollMilliseconds = pollMilliseconds
    }

    init(values: [String: String]) throws {
        let d = Self.defaults
        allowPrivate = try Self.flag(values, "SMOOTHSCHEDULE_WEBHOOK_ALLOW_PRIVATE")
        maxPerTenant = try Config.positiveInt(values, "SMOOTHSCHEDULE_WEBHOOK_MAX_PER_TENANT", default: d.maxPerTenant)
        timeout = try Config.positiveInt(values, "SMOOTHSCHEDULE_WEBHOOK_TIMEOUT_SECONDS", default: d.timeout)
        retrySchedule = try Self.schedule(values["SMOOTHSCHEDULE_WEBHOOK_RETRY_SECONDS"]) ?? d.retrySchedule
        disableAfter = try Config.positiveInt(
            values, "SMOOTHSCHEDULE_WEBHOOK_DISABLE_AFTER_SECONDS", default: d.disableAfter)
        secretOverlap = try Self.count(
            values, "SMOOTHSCHEDULE_WEBHOOK_SECRET_OVERLAP_SECONDS", default: d.secretOverlap)
        senders = try Self.count(values, "SMOOTHSCHEDULE_WEBHOOK_SENDERS", default: d.senders)
        inFlightPerWebhook = try Config.positiveInt(
            values, "SMOOTHSCHEDULE_WEBHOOK_IN_FLIGHT_PER_WEBHOOK", default: d.inFlightPerWebhook)
        leaseSeconds = try Config.positiveInt(values, "SMOOTHSCHEDULE_WEBHOOK_LEASE_SECONDS", default: d.leaseSeconds)
        pollMilliseconds = try Config.positiveInt(values, "SMOOTHSCHEDULE_WEBHOOK_POLL_MS", default: d.pollMilliseconds)
        retentionDays = try Config.positiveInt(
            values, "SMOOTHSCHEDULE_WEBHOOK_RETENTION_DAYS", default: d.retentionDays)
        guard leaseSeconds > timeout else {
            throw ConfigError(
                message: "SMOOTHSCHEDULE_WEBHOOK_LEASE_SECONDS (\(leaseSeconds)) must exceed "
                    + "SMOOTHSCHEDULE_WEBHOOK_TIMEOUT_SECONDS (\(timeout)): a delivery still in flight would be sent twice."
            )
        }
    }

    /// The most attempts one delivery gets.
    public var maxAttempts: Int { retrySchedule.count + 1 }

    private static func flag(_ values: [String: String], _ key: String) throws -> Bool {
        switch (values[key] ?? "").lowercased() {
        case "", "false", "0", "no": return false
        case "true", "1", "yes": return true
        case let other: throw ConfigError(message: "\(key) must be true or false, got '\(other)'.")
        }
    }

    private static func count(_ values: [String: String], _ key: String, default value: Int) throws -> Int {
        guard let text = values[key], !text.isEmpty else { return value }
        guard let number = Int(text), number >= 0 else {
            throw ConfigError(message: "\(key) must be a whole number (0 or more), got '\(text)'.")
        }
        return number
    }

    private static func schedule(_ text: String?) throws -> [Int]? {
        guard let text, !text.isEmpty else { return nil }
        let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count <= 50, parts.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ConfigError(
                message: "SMOOTHSCHEDULE_WEBHOOK_RETRY_SECONDS must be up to 50 positive numbers of seconds separated "
                    + "by commas, got '\(text)'.")
        }
        return parts.compactMap { $0 }
    }
}
