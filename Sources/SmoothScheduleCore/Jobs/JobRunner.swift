import Foundation

/// `smoothschedule jobs`: claims sync jobs one at a time, runs them, records counts and outcome, and audits
/// start and end. Any number of job runners may run against one database (SyncJobStore.claim is atomic).
public final class JobRunner {
    let deps: Dependencies
    public let runnerID: String
    let log: Log
    var tokens: any CalendarTokenSource
    var sleep: (Double) -> Void = { seconds in usleep(UInt32(seconds * 1_000_000)) }

    public init(deps: Dependencies, runnerID: String, log: Log = .shared) {
        self.deps = deps
        self.runnerID = runnerID
        self.log = log
        tokens = OAuthTokenSource(deps)
    }

    var jobs: SyncJobStore { SyncJobStore(deps.db) }

    /// Claims and runs one job; false when the queue was empty.
    @discardableResult
    public func runOnce() throws -> Bool {
        let limits = deps.config.jobs
        guard
            let job = try jobs.claim(
                runnerID: runnerID, now: deps.clock(), lease: limits.leaseSeconds,
                runningPerTenant: limits.runningPerTenant)
        else { return false }
        process(job)
        return true
    }

    func process(_ job: SyncJob) {
        let started = DispatchTime.now().uptimeNanoseconds
        var outcome = CalendarSyncEngine.Outcome()
        var failure: String?
        do {
            outcome = try execute(job)
        } catch let error as SyncFailure {
            failure = error.message
        } catch {
            log.error("sync job crashed", ["job": String(job.id), "error": String(describing: error)])
            failure = "The sync failed unexpectedly; see the worker log (job \(job.id))."
        }
        let now = deps.clock()
        do {
            // The outcome and its audit commit together, and only while this job runner still holds the job: a
            // job runner whose job was taken over records neither (the new claimant will).
            let held = try deps.db.transaction {
                guard
                    try jobs.finish(
                        id: job.id, tenantID: job.tenantID, runnerID: runnerID, succeeded: failure == nil,
                        kind: outcome.kind, counts: outcome.counts, error: failure, now: now)
                else { return false }
                try AuditStore(deps.db).record(
                    tenantID: job.tenantID, userID: job.userID, action: "calendar.sync_end", objectType: "sync_job",
                    objectID: String(job.id), outcome: failure == nil ? "success" : "failure",
                    detail: [
                        "kind": .string(outcome.kind), "created": .int(Int64(outcome.counts.created)),
                        "updated": .int(Int64(outcome.counts.updated)),
                        "deleted": .int(Int64(outcome.counts.deleted)), "requests": .int(Int64(outcome.requests)),
                        "error": JSONValue(failure),
                    ], now: now)
                try WebhookOutbox.syncFinished(
                    jobID: job.id, tenantID: job.tenantID, succeeded: failure == nil, db: deps.db, now: now)
                return true
            }
            guard held else {
                log.info("sync job taken over", ["job": String(job.id), "tenant": String(job.tenantID)])
                return
            }
        } catch {
            log.error("sync job outcome not recorded", ["job": String(job.id), "error": String(describing: error)])
        }
        let ms = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
        log.info(
            "sync job finished",
            [
                "job": String(job.id), "tenant": String(job.tenantID), "kind": outcome.kind,
                "outcome": failure == nil ? "succeeded" : "failed", "created": String(outcome.counts.created),
                "updated": String(outcome.counts.updated), "deleted": String(outcome.counts.deleted),
                "pages": String(outcome.pages), "requests": String(outcome.requests), "ms": String(ms),
            ])
    }

    private func execute(_ job: SyncJob) throws -> CalendarSyncEngine.Outcome {
        let db = deps.db
        guard let tenant = try TenantStore(db).find(id: job.tenantID) else {
            throw SyncFailure("The business no longer exists.")
        }
        let store = OAuthCredentialStore(db, cipher: deps.cipher)
        guard let credential = try store.find(id: job.credentialID, tenantID: job.tenantID) else {
            throw SyncFailure("The calendar connection no longer exists.")
        }
        guard credential.isValid else {
            throw SyncFailure(
                "The \(credential.provider.displayName) connection for \(credential.email) is no longer valid: reconnect it."
            )
        }
        try AuditStore(db).record(
            tenantID: job.tenantID, userID: job.userID, action: "calendar.sync_start", objectType: "sync_job",
            objectID: String(job.id),
            detail: [
                "credential_id": .int(Int64(credential.id)), "calendar_id": .string(job.calendarID),
                "attempt": .int(Int64(job.attempts)),
            ], now: deps.clock())
        var engine = CalendarSyncEngine(db: db, http: deps.http, config: deps.config, tokens: tokens, clock: deps.clock)
        engine.sleep = sleep
        let jobs = self.jobs
        let runnerID = self.runnerID
        let clock = deps.clock
        engine.heartbeat = {
            guard try jobs.heartbeat(id: job.id, tenantID: job.tenantID, runnerID: runnerID, now: clock()) else {
                throw SyncFailure("The job was taken over by another worker.")
            }
        }
        return try engine.run(job, credential: credential, tenant: tenant)
    }
}
