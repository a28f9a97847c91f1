import Foundation

/// The delivery threads of one `smoothschedule jobs` (docs/api.md §15), running beside its sync-job loop:
/// `SMOOTHSCHEDULE_WEBHOOK_SENDERS` threads (default 4), each with its own database connection and curl handle, each
/// claiming one delivery at a time. With at most `SMOOTHSCHEDULE_WEBHOOK_IN_FLIGHT_PER_WEBHOOK` deliveries of one
/// webhook in flight, a slow receiver holds at most that many threads; claims go round-robin across tenants.
public struct WebhookSenders: Sendable {
    private let threads: [pthread_t]

    /// Starts the threads; with `once` each stops when nothing is due. They stop after the delivery in hand when
    /// SIGTERM or SIGINT arrives (`SignalPipe`).
    public static func start(config: Config, runnerID: String, once: Bool, log: Log = .shared) throws -> WebhookSenders
    {
        let count = config.webhooks.senders
        var threads: [pthread_t] = []
        for number in 0..<count {
            threads.append(
                try spawn {
                    run(
                        config: config, runnerID: "\(runnerID)/webhooks-\(number + 1)", once: once, prunes: number == 0,
                        log: log)
                })
        }
        if count > 0 { log.info("webhook senders started", ["threads": String(count)]) }
        return WebhookSenders(threads: threads)
    }

    /// Waits for every thread to finish.
    public func join() {
        for thread in threads { pthread_join(thread, nil) }
    }

    private static func run(config: Config, runnerID: String, once: Bool, prunes: Bool, log: Log) {
        let sender: WebhookSender
        do {
            sender = WebhookSender(
                db: try App.openDatabase(config),
                http: CurlHTTPClient(maxResponseBytes: WebhookSettings.maxResponseBytes),
                config: config, runnerID: runnerID, log: log)
        } catch {
            log.error("webhook sender cannot start", ["sender": runnerID, "error": String(describing: error)])
            return
        }
        let poll = UInt32(config.webhooks.pollMilliseconds) * 1_000
        var nextPrune: Int64 = 0
        while !SignalPipe.stopRequested {
            var didWork = false
            // The first thread keeps the log bounded: finished deliveries past the retention go, a batch at a time.
            if prunes, Dependencies.systemClock() >= nextPrune {
                let cutoff = Dependencies.systemClock() - Int64(config.webhooks.retentionDays) * 86_400
                let removed = (try? WebhookDeliveryStore(sender.db).prune(before: cutoff)) ?? 0
                nextPrune = Dependencies.systemClock() + (removed > 0 ? 1 : 600)
            }
            do { didWork = try sender.runOnce() } catch let error as SQLiteError where error.isBusy {
                didWork = false
            } catch {
                log.error(
                    "webhook delivery failed to record", ["sender": runnerID, "error": String(describing: error)])
            }
            if didWork { continue }
            if once { break }
            usleep(poll)
        }
    }

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    private static func spawn(_ run: @escaping @Sendable () -> Void) throws -> pthread_t {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(Body(run)).toOpaque()
        let status = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            }, context)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw ConfigError(message: "cannot start a webhook sender thread (pthread_create: \(status)).")
        }
        return thread
    }
}
