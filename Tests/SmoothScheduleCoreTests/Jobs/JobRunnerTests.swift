import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

@Suite struct JobRunnerTests {
    /// Review F9: a job runner whose job was taken over records no outcome and no `calendar.sync_end` audit.
    @Test func aWorkerWhoseJobWasTakenOverWritesNoEndAudit() throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", plan: "professional")
        let store = SyncJobStore(env.db)
        let enqueued = try store.enqueue(
            tenantID: tenant.id, userID: nil, credentialID: 999, calendarID: "primary", resourceID: nil,
            startDate: "2025-12-01", endDate: "2025-12-31", limit: 100, now: env.now)
        let lease = env.config.jobs.leaseSeconds
        let first = try #require(
            try store.claim(runnerID: "a", now: env.now - lease - 1, lease: lease, runningPerTenant: 2))
        let taken = try store.claim(runnerID: "b", now: env.now, lease: lease, runningPerTenant: 2)
        #expect(taken?.id == enqueued.jobID && taken?.attempts == 2)

        JobRunner(deps: env.deps, runnerID: "a", log: Log(minimum: .error)).process(first)
        let ends = try env.db.queryOne(
            "SELECT count(*) AS n FROM audit_log WHERE tenant_id = ? AND action = 'calendar.sync_end'",
            [.int(tenant.id)])
        #expect(ends?.int("n") == 0)
        #expect(try store.find(id: first.id, tenantID: tenant.id)?.status == "running")

        // The claimant's own outcome is recorded, with its audit.
        JobRunner(deps: env.deps, runnerID: "b", log: Log(minimum: .error)).process(try #require(taken))
        let done = try store.find(id: first.id, tenantID: tenant.id)
        #expect(done?.status == "failed" && done?.error == "The calendar connection no longer exists.")
        let after = try env.db.queryOne(
            "SELECT count(*) AS n FROM audit_log WHERE tenant_id = ? AND action = 'calendar.sync_end'",
            [.int(tenant.id)])
        #expect(after?.int("n") == 1)
    }
}
