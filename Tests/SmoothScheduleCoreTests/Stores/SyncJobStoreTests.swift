import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

@Suite struct SyncJobStoreTests {
    static let lease = JobLimits.defaults.leaseSeconds

    @discardableResult
    func enqueue(
        _ env: TestEnv, tenant: Tenant, calendar: String = "primary", start: String = "2025-12-01",
        resourceID: Int? = nil, limit: Int = 100
    ) throws -> SyncJobStore.Enqueued {
        try SyncJobStore(env.db).enqueue(
            tenantID: tenant.id, userID: nil, credentialID: 1, calendarID: calendar, resourceID: resourceID,
            startDate: start, endDate: "2025-12-31", limit: limit, now: env.now)
    }

    func newJob(_ env: TestEnv, tenant: Tenant, calendar: String) throws -> Int {
        let enqueued = try enqueue(env, tenant: tenant, calendar: calendar)
        guard case .queued(let id) = enqueued else { throw SyncFailure("not queued: \(enqueued)") }
        return id
    }

    func claim(_ store: SyncJobStore, _ worker: String, now: Int64, perTenant: Int = 2) throws -> SyncJob? {
        try store.claim(runnerID: worker, now: now, lease: Self.lease, runningPerTenant: perTenant)
    }

    func finish(_ store: SyncJobStore, _ job: SyncJob?, _ worker: String, now: Int64) throws -> Bool {
        try store.finish(
            id: job?.id ?? 0, tenantID: job?.tenantID ?? 0, runnerID: worker, succeeded: true, kind: "full",
            counts: SyncCounts(), error: nil, now: now)
    }

    @Test func eachJobIsClaimedByExactlyOneWorkerInOrder() throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", plan: "professional")
        let first = try newJob(env, tenant: tenant, calendar: "a")
        let second = try newJob(env, tenant: tenant, calendar: "b")
        let store = SyncJobStore(env.db)
        #expect(try claim(store, "a", now: env.now)?.id == first)
        #expect(try claim(store, "b", now: env.now)?.id == second)
        #expect(try claim(store, "c", now: env.now) == nil)
        #expect(try store.find(id: first, tenantID: tenant.id)?.status == "running")
    }

    @Test func aDeadWorkersJobIsClaimedAgainAfterTheHeartbeatExpires() throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", plan: "professional")
        let id = try newJob(env, tenant: tenant, calendar: "primary")
        let store = SyncJobStore(env.db)
        _ = try claim(store, "dead", now: env.now)
        #expect(try claim(store, "b", now: env.now + 30) == nil)
        let again = try claim(store, "b", now: env.now + Self.lease + 1)
        #expect(again?.id == id && again?.attempts == 2)
        // The dead worker can no longer heartbeat or record an outcome.
        #expect(try store.heartbeat(id: id, tenantID: tenant.id, runnerID: "dead", now: env.now + 62) == false)
        #expect(try finish(store, again, "dead", now: env.now) == false)
        #expect(try store.find(id: id, tenantID: tenant.id)?.status == "running")
        #expect(try finish(store, again, "b", now: env.now) == true)
        #expect(try store.find(id: id, tenantID: tenant.id)?.status == "succeeded")
    }

    @Test func aJobThatKeepsKillingWorkersIsFailedNotClaimedForever() throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", plan: "professional")
        let id = try newJob(env, tenant: tenant, calendar: "primary")
        let store = SyncJobStore(env.db)
        var now = env.now
        for _ in 0..<SyncJobStore.maxAttempts {
            #expect(try claim(store, "w", now: now)?.id == id)
            now += Self.lease + 1
        }
        #expect(try claim(store, "w", now: now) == nil)
        #expect(try store.find(id: id, tenantID: tenant.id)?.status == "failed")
    }

    // Review F7: claims go round-robin across tenants, at most N running per tenant.

    @Test func aTenantWithABacklogDoesNotDelayAnotherTenantsJob() throws {
        let env = try TestEnv()
        let busy = try env.seedTenant("busy", plan: "professional")
        let quiet = try env.seedTenant("quiet", plan: "professional")
        let backlog = try (0..<50).map { try newJob(env, tenant: busy, calendar: "c\($0)") }
        let store = SyncJobStore(env.db)
        let first = try claim(store, "w", now: env.now)
        #expect(first?.id == backlog[0])
        let single = try newJob(env, tenant: quiet, calendar: "primary")
        #expect(try finish(store, first, "w", now: env.now))
        // One worker: the quiet tenant's job is next, then the backlog resumes in order.
        let next = try claim(store, "w", now: env.now)
        #expect(next?.id == single)
        #expect(try finish(store, next, "w", now: env.now))
        #expect(try claim(store, "w", now: env.now)?.id == backlog[1])
    }

    @Test func tenantsTakeTurnsLeastRecentlyServedFirst() throws {
        let env = try TestEnv()
        let tenants = try ["t1", "t2", "t3"].map { try env.seedTenant($0, plan: "professional") }
        for round in 0..<2 {
            for tenant in tenants { _ = try newJob(env, tenant: tenant, calendar: "c\(round)") }
        }
        let store = SyncJobStore(env.db)
        var order: [String] = []
        while let job = try claim(store, "w", now: env.now) {
            order.append(tenants.first { $0.id == job.tenantID }?.schemaName ?? "?")
            #expect(try finish(store, job, "w", now: env.now))
        }
        #expect(order == ["t1", "t2", "t3", "t1", "t2", "t3"])
    }

    @Test func aTenantRunsAtMostNJobsAtOnce() throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", plan: "professional")
        for n in 0..<4 { _ = try newJob(env, tenant: tenant, calendar: "c\(n)") }
        let store = SyncJobStore(env.db)
        let a = try claim(store, "a", now: env.now)
        let b = try claim(store, "b", now: env.now)
        #expect(a != nil && b != nil)
        #expect(try claim(store, "c", now: env.now) == nil)
        #expect(try finish(store, a, "a", now: env.now))
        #expect(try claim(store, "c", now: env.now) != nil)
        #expect(try claim(store, "d", now: env.now) == nil)
        #expect(try claim(store, "d", now: env.now, perTenant: 3) != nil)
    }

    @Test func aSecondRequestForAQueuedCalendarJoinsItWithTheNewWindow() throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", plan: "professional")
        let id = try newJob(env, tenant: tenant, calendar: "primary")
        #expect(try enqueue(env, tenant: tenant, start: "2025-11-01", resourceID: 7) == .joined(id))
        #expect(try enqueue(env, tenant: tenant, start: "2025-10-01") == .joined(id))
        let job = try SyncJobStore(env.db).find(id: id, tenantID: tenant.id)
        #expect(job?.startDate == "2025-10-01" && job?.resourceID == 7)
        // Once it runs, a new request queues a new job.
        _ = try claim(SyncJobStore(env.db), "w", now: env.now)
        #expect(try enqueue(env, tenant: tenant) != .joined(id))
    }

    @Test func queuedJobsPerTenantAreCapped() throws {
        let env = try TestEnv()
        let tenant = try env.seedTenant("demo", plan: "professional")
        let other = try env.seedTenant("other", plan: "professional")
        for n in 0..<3 { _ = try enqueue(env, tenant: tenant, calendar: "c\(n)", limit: 3) }
        #expect(try enqueue(env, tenant: tenant, calendar: "c3", limit: 3) == .full(limit: 3))
        #expect(try enqueue(env, tenant: tenant, calendar: "c1", limit: 3).jobID != nil)
        #expect(try enqueue(env, tenant: other, calendar: "c0", limit: 3).jobID != nil)
        #expect(
            try env.db.queryOne("SELECT count(*) AS n FROM sync_jobs WHERE tenant_id = ?", [.int(tenant.id)])?
                .int("n") == 3)
    }

    /// Migration 0241 on a database that already queued duplicates: the newest of each calendar stays queued.
    @Test func theMigrationKeepsTheNewestQueuedJobOfEachCalendar() throws {
        let db = try Database(path: ":memory:")
        let jobIDs = Set(Migrations.jobs.map(\.id))
        try Migrator(db, migrations: Migrations.all.filter { !jobIDs.contains($0.id) }).migrate(now: TestEnv.fixedNow)
        let tenant = try TenantStore(db).create(
            schemaName: "demo", name: "Demo", plan: "professional", timezone: "UTC", now: TestEnv.fixedNow)
        let ids = try ["primary", "primary", "other", "primary"].map { calendar in
            try db.insert(
                """
                INSERT INTO sync_jobs (tenant_id, credential_id, calendar_id, start_date, end_date, created_at)
                VALUES (?, 1, ?, '2025-12-01', '2025-12-31', 0)
                """, [.int(tenant.id), .text(calendar)])
        }
        try Migrator(db).migrate(now: TestEnv.fixedNow)
        let statuses = try ids.map { try SyncJobStore(db).find(id: $0, tenantID: tenant.id)?.status }
        #expect(statuses == ["failed", "failed", "queued", "queued"])
    }
}
