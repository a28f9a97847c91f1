import Foundation

/// Sends webhook deliveries from the outbox (docs/api.md §15): claim one, check its URL again (curl then connects only
/// to the addresses checked), sign, POST, record the outcome and the webhook's health. One sender per thread,
/// each with its own database connection and curl handle.
public final class WebhookSender {
    let db: Database
    let http: any HTTPClient
    let config: Config
    let cipher: TokenCipher
    public let runnerID: String
    let clock: () -> Int64
    let log: Log
    /// 0..<1 for the retry jitter; tests fix it.
    var random: () -> Double = { Double.random(in: 0..<1) }

    public init(
        db: Database, http: any HTTPClient, config: Config, runnerID: String,
        clock: @escaping () -> Int64 = Dependencies.systemClock, log: Log = .shared
    ) {
        self.db = db
        self.http = http
        self.config = config
        cipher = TokenCipher(config)
        self.runnerID = runnerID
        self.clock = clock
        self.log = log
    }

    var settings: WebhookSettings { config.webhooks }

    /// Claims and sends one delivery; false when none was due.
    @discardableResult
    public func runOnce() throws -> Bool {
        let deliveries = WebhookDeliveryStore(db)
        let now = clock()
        guard try deliveries.hasDue(now: now),
            let claimed = try deliveries.claim(
                runnerID: runnerID, now: now, lease: Int64(settings.leaseSeconds),
                perWebhook: settings.inFlightPerWebhook)
        else { return false }
        let started = DispatchTime.now().uptimeNanoseconds
        var attempt = send(claimed)
        attempt.durationMS = Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        // The attempt happened: a busy database must not leave it to the lease (that would send it again).
        for retry in 0..<3 {
            do { try record(claimed, attempt); break } catch let error as SQLiteError where error.isBusy && retry < 2 {
                usleep(100_000)
            }
        }
        return true
    }

    /// One attempt; never throws: every failure becomes the attempt's outcome.
    func send(_ claimed: ClaimedDelivery) -> DeliveryAttempt {
        let target: WebhookTarget
        do { target = try WebhookAddress.check(claimed.url, allowPrivate: settings.allowPrivate) } catch {
            let refused = (error as? WebhookAddressError)?.isRefusedAddress ?? false
            return outcome(claimed, refused ? .permanent : .retryable, status: nil, error: "\(error)")
        }
        let secrets: [String]
        do {
            secrets = try WebhookSecrets.signing(
                tenantID: claimed.tenantID, webhookID: claimed.webhookID, store: WebhookStore(db), cipher: cipher,
                now: clock())
        } catch {
            return outcome(claimed, .retryable, status: nil, error: "the signing secret cannot be opened: \(error)")
        }
        let body = WebhookPayload.body(
            eventID: claimed.eventID, type: claimed.eventType, createdAt: claimed.eventCreatedAt,
            tenant: claimed.tenantSchema, data: claimed.data)
        let timestamp = clock()
        var request = OutboundRequest(
            method: "POST", url: target.url.normalized,
            headers: [
                ("Content-Type", "application/json"), ("User-Agent", "SmoothSchedule-Webhooks/1"),
                ("X-SmoothSchedule-Event", claimed.eventType), ("X-SmoothSchedule-Delivery", String(claimed.id)),
                (
                    "X-SmoothSchedule-Signature",
                    WebhookSignature.header(secrets: secrets, timestamp: timestamp, body: body)
                ),
            ], body: body, timeout: Double(settings.timeout), connectTimeout: Double(min(settings.timeout, 5)))
        request.resolve = [target.resolveEntry]
        request.publicAddressesOnly = !settings.allowPrivate
        do {
            let response = try http.send(request)
            let retryAfter = WebhookRetryPolicy.retryAfter(response.header("retry-after"), now: clock())
            let verdict = WebhookRetryPolicy.verdict(status: response.status)
            let error = verdict == .success ? nil : "HTTP \(response.status)"
            return outcome(claimed, verdict, status: response.status, error: error, retryAfter: retryAfter)
        } catch let error as OutboundError {
            return outcome(claimed, error.kind == .refused ? .permanent : .retryable, status: nil, error: error.message)
        } catch {
            return outcome(claimed, .retryable, status: nil, error: "\(error)")
        }
    }

    private func outcome(
        _ claimed: ClaimedDelivery, _ verdict: WebhookRetryPolicy.Verdict, status: Int?, error: String?,
        retryAfter: Int? = nil
    ) -> DeliveryAttempt {
        var next = DeliveryAttempt.Next.failed
        switch verdict {
        case .success: next = .succeeded
        case .permanent: next = .failed
        case .retryable:
            if let at = WebhookRetryPolicy.nextAttempt(
                after: claimed.attempts, schedule: settings.retrySchedule, retryAfter: retryAfter, now: clock(),
                random: random())
            {
                next = .retry(at: at)
            }
        }
        return DeliveryAttempt(
            next: next, responseStatus: status, durationMS: 0, error: error.map { String($0.prefix(500)) })
    }
}
