import Foundation

extension JobRunner {
    /// Runs jobs until SIGTERM/SIGINT (the current job is finished first), or, with `once`, until the queue is
    /// empty. Between empty polls it waits `pollMilliseconds`, waking at once on a signal.
    public func serve(pollMilliseconds: Int, once: Bool) throws {
        let signals = try SignalPipe.install([SIGTERM, SIGINT])
        log.info("job runner started", ["runner": runnerID, "poll_ms": String(pollMilliseconds)])
        // Webhook deliveries go out on their own threads beside this loop (Jobs/WebhookSenders.swift).
        let senders = try WebhookSenders.start(config: deps.config, runnerID: runnerID, once: once, log: log)
        defer { senders.join() }
        while !SignalPipe.stopRequested {
            let didWork: Bool
            do { didWork = try runOnce() } catch let error as SQLiteError where error.isBusy {
                didWork = false
            }
            if didWork { continue }
            if once { break }
            _ = SignalPipe.poll([signals], milliseconds: Int32(clamping: pollMilliseconds))
        }
        log.info("job runner stopped", ["runner": runnerID])
    }

    /// `<hostname>:<pid>`: names the claimant in `sync_jobs.claimed_by`.
    public static func defaultID() -> String {
        "\(ProcessInfo.processInfo.hostName):\(getpid())"
    }
}
