import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

@Suite struct WebhookRetryPolicyTests {
    @Test func verdictsByStatus() {
        for status in [200, 201, 204, 299] { #expect(WebhookRetryPolicy.verdict(status: status) == .success) }
        for status in [408, 429, 500, 502, 503, 504, 599] {
            #expect(WebhookRetryPolicy.verdict(status: status) == .retryable)
        }
        for status in [301, 302, 400, 401, 403, 404, 410, 422] {
            #expect(WebhookRetryPolicy.verdict(status: status) == .permanent)
        }
    }

    @Test func theDefaultScheduleIsTenAttemptsOverAboutADay() {
        let schedule = WebhookSettings.defaults.retrySchedule
        #expect(WebhookSettings.defaults.maxAttempts == 10)
        let total = schedule.reduce(0, +)
        #expect(total > 22 * 3600 && total <= 24 * 3600)
        #expect(zip(schedule, schedule.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func nextAttemptIsJitteredWithinTwentyPercentAndHonoursRetryAfter() {
        let schedule = [100, 1000]
        #expect(WebhookRetryPolicy.nextAttempt(after: 1, schedule: schedule, retryAfter: nil, now: 0, random: 0) == 80)
        #expect(
            WebhookRetryPolicy.nextAttempt(after: 1, schedule: schedule, retryAfter: nil, now: 0, random: 0.999) == 120)
        #expect(
            WebhookRetryPolicy.nextAttempt(after: 2, schedule: schedule, retryAfter: nil, now: 0, random: 0.5) == 1000)
        #expect(
            WebhookRetryPolicy.nextAttempt(after: 1, schedule: schedule, retryAfter: 600, now: 0, random: 0.5) == 600)
        #expect(
            WebhookRetryPolicy.nextAttempt(after: 3, schedule: schedule, retryAfter: nil, now: 0, random: 0.5) == nil)
        #expect(
            WebhookRetryPolicy.nextAttempt(after: 1, schedule: schedule, retryAfter: 10_000_000, now: 0, random: 0.5)
                == Int64(WebhookRetryPolicy.maxRetryAfter))
    }

    @Test func retryAfterReadsSecondsAndHTTPDates() {
        #expect(WebhookRetryPolicy.retryAfter("120", now: 0) == 120)
        #expect(WebhookRetryPolicy.retryAfter(" 7 ", now: 0) == 7)
        #expect(WebhookRetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: 1_445_412_480 - 60) == 60)
        #expect(WebhookRetryPolicy.retryAfter("soon", now: 0) == nil)
        #expect(WebhookRetryPolicy.retryAfter(nil, now: 0) == nil)
        #expect(WebhookRetryPolicy.retryAfter("-5", now: 0) == nil)
    }

    @Test func settingsRefuseALeaseNoLongerThanTheTimeout() {
        #expect(throws: ConfigError.self) {
            _ = try WebhookSettings(values: [
                "SMOOTHSCHEDULE_WEBHOOK_TIMEOUT_SECONDS": "10", "SMOOTHSCHEDULE_WEBHOOK_LEASE_SECONDS": "10",
            ])
        }
        #expect(throws: ConfigError.self) {
            _ = try WebhookSettings(values: ["SMOOTHSCHEDULE_WEBHOOK_RETRY_SECONDS": "1,x"])
        }
        #expect(throws: ConfigError.self) {
            _ = try WebhookSettings(values: ["SMOOTHSCHEDULE_WEBHOOK_ALLOW_PRIVATE": "maybe"])
        }
        let custom = try? WebhookSettings(values: [
            "SMOOTHSCHEDULE_WEBHOOK_RETRY_SECONDS": "1, 2,3", "SMOOTHSCHEDULE_WEBHOOK_ALLOW_PRIVATE": "true",
            "SMOOTHSCHEDULE_WEBHOOK_SENDERS": "0",
        ])
        #expect(custom?.retrySchedule == [1, 2, 3] && custom?.allowPrivate == true && custom?.senders == 0)
    }
}
