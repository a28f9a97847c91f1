import Testing

@testable import SmoothScheduleCore

@Suite struct SyncJobStoreTests {
    func enqueue(_ env: TestEnv, tenant: Tenant) throws -> Int {
        try SyncJobStore(env.db).enqueue(
            tenantID: tenant.id, userID: nil, credentialID: 1, calendarID: "primary", resourceID: nil,
            startDate: "2025-12-01", endDate: "2025-12-31", now: env.now)
    }

    @Test func eachJobIsClaimedByExactlyOneWorkerInOrder() throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", plan: "professional")
        let first = try enqueue(env, tenant: tenant)
        let second = try enqueue(env, tenant: tenant)
        let store = SyncJobStore(env.db)
        #expect(try store.claim(workerID: "a", now: env.now)?.id == first)
        #expect(try store.claim(workerID: "b", now: env.now)?.id == second)
        #expect(try store.claim(workerID: "c", now: env.now) == nil)
        #expect(try store.find(id: first, tenantID: tenant.id)?.status == "running")
    }

    @Test func aDeadWorkersJobIsClaimedAgainAfterTheHeartbeatExpires() throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", plan: "professional")
        let id = try enqueue(env, tenant: tenant)
        let store = SyncJobStore(env.db)
        _ = try store.claim(workerID: "dead", now: env.now)
        #expect(try store.claim(workerID: "b", now: env.now + 30) == nil)
        let again = try store.claim(workerID: "b", now: env.now + SyncJobStore.staleAfter + 1)
        #expect(again?.id == id && again?.attempts == 2)
        // The dead worker can no longer heartbeat or record an outcome.
        #expect(try store.heartbeat(id: id, workerID: "dead", now: env.now + 62) == false)
        try store.finish(
            id: id, workerID: "dead", succeeded: true, kind: "full", counts: SyncCounts(), error: nil, now: env.now)
        #expect(try store.find(id: id, tenantID: tenant.id)?.status == "running")
        try store.finish(
            id: id, workerID: "b", succeeded: true, kind: "full", counts: SyncCounts(created: 3), error: nil,
            now: env.now)
        let done = try store.find(id: id, tenantID: tenant.id)
        #expect(done?.status == "succeeded" && done?.created == 3)
    }

    @Test func aJobThatKeepsKillingWorkersIsFailedNotClaimedForever() throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", plan: "professional")
        let id = try enqueue(env, tenant: tenant)
        let store = SyncJobStore(env.db)
        var now = env.now
        for _ in 0..<SyncJobStore.maxAttempts {
            #expect(try store.claim(workerID: "w", now: now)?.id == id)
            now += SyncJobStore.staleAfter + 1
        }
        #expect(try store.claim(workerID: "w", now: now) == nil)
        #expect(try store.find(id: id, tenantID: tenant.id)?.status == "failed")
    }
}
