import Testing

@testable import SmoothScheduleCore

/// Review F2 and informational note 1: every statement on calendar data carries the tenant, so even a credential
/// id that another tenant's rows still name (forced here with an explicit id) reaches only its own tenant's rows.
@Suite struct CalendarTenantScopeTests {
    let env: TestEnv
    let a: Tenant
    let b: Tenant
    /// B's credential, with the id A's kept rows name.
    let shared = 77
    let resourceA: Int

    init() throws {
        env = try TestEnv()
        a = try env.seedTenant("alpha", plan: "professional")
        b = try env.seedTenant("beta", plan: "professional")
        resourceA = try env.db.insert(
            "INSERT INTO resources (tenant_id, name, type, created_at, updated_at) VALUES (?, 'R', 'room', 0, 0)",
            [.int(a.id)])
        try env.db.run(
            """
            INSERT INTO calendar_events (tenant_id, credential_id, calendar_id, provider_event_id, source, title,
                start_time, end_time, resource_id, seen_job_id, created_at, updated_at)
            VALUES (?, ?, 'primary', 'a1', 'microsoft', 'A busy', 100, 200, ?, 1, 0, 0)
            """, [.int(a.id), .int(shared), .int(resourceA)])
        try env.db.run(
            """
            INSERT INTO calendar_syncs (tenant_id, credential_id, calendar_id, provider, resource_id, sync_token,
                created_at, updated_at) VALUES (?, ?, 'primary', 'microsoft', ?, 'A-cursor', 0, 0)
            """, [.int(a.id), .int(shared), .int(resourceA)])
        try env.db.run(
            """
            INSERT INTO oauth_credentials (id, tenant_id, provider, purpose, email, access_token_enc, key_id,
                access_expires_at, created_at, updated_at)
            VALUES (?, ?, 'microsoft', 'calendar', 'b@x.example', x'', '', 500, 0, 0)
            """, [.int(shared), .int(b.id)])
    }

    var originB: EventOrigin {
        EventOrigin(
            tenantID: b.id, credentialID: shared, calendarID: "primary", source: "microsoft", resourceID: nil, jobID: 9)
    }

    func rowOfA() throws -> String {
        let row = try #require(
            try env.db.queryOne("SELECT * FROM calendar_events WHERE tenant_id = ?", [.int(a.id)]))
        return "\(row.values)"
    }

    func syncOfA() throws -> String {
        let row = try #require(
            try env.db.queryOne("SELECT * FROM calendar_syncs WHERE tenant_id = ?", [.int(a.id)]))
        return "\(row.values)"
    }

    @Test func anotherTenantsSyncNeitherDeletesNorRewritesTheRows() throws {
        let before = try rowOfA()
        let events = CalendarEventStore(env.db)
        let event = ProviderEvent(providerID: "b1", title: "B", start: 300, end: 400, isAllDay: false, isBusy: true)
        let counts = try events.apply([.remove("a1"), .upsert(event)], origin: originB, now: 1)
        #expect((counts.created, counts.deleted) == (1, 0))
        #expect(try events.removeUnseen(origin: originB) == 0)
        try events.assignResource(tenantID: b.id, credentialID: shared, calendarID: "primary", resourceID: nil)
        #expect(try events.deleteAll(credentialID: shared, tenantID: b.id) == 1)
        #expect(try rowOfA() == before)
    }

    @Test func anotherTenantsSyncStateIsNeitherReadNorWritten() throws {
        let before = try syncOfA()
        let syncs = CalendarSyncStore(env.db)
        #expect(try syncs.find(tenantID: b.id, credentialID: shared, calendarID: "primary") == nil)
        try syncs.dropToken(tenantID: b.id, credentialID: shared, calendarID: "primary")
        try syncs.save(
            tenantID: b.id, credentialID: shared, calendarID: "primary", provider: "microsoft", resourceID: nil,
            window: (0, 1), syncToken: "B-cursor", now: 1)
        try syncs.deleteAll(credentialID: shared, tenantID: b.id)
        #expect(try syncOfA() == before)
        #expect(try syncs.find(tenantID: a.id, credentialID: shared, calendarID: "primary")?.syncToken == "A-cursor")
    }

    @Test func aManualBlockIsUpdatedOnlyThroughItsOwnTenant() throws {
        let events = CalendarEventStore(env.db)
        let id = try events.createManual(
            tenantID: a.id, title: "Lunch", start: 0, end: 60, isBusy: true, resourceID: nil, now: 0)
        try events.updateManual(
            id: id, tenantID: b.id, title: "Taken", start: 0, end: 60, isBusy: true, resourceID: nil, now: 1)
        #expect(try events.find(id: id, tenantID: a.id)?.title == "Lunch")
    }

    @Test func credentialWritesByIdNeedTheTenantToo() throws {
        let store = OAuthCredentialStore(env.db, cipher: TokenCipher(env.config))
        try store.markInvalid(id: shared, tenantID: a.id, now: 1)
        try store.touch(id: shared, tenantID: a.id, now: 1)
        try store.expireAccessToken(id: shared, tenantID: a.id)
        #expect(try !store.claimRefreshLock(id: shared, tenantID: a.id, now: 1, until: 99))
        #expect(try store.find(id: shared, tenantID: a.id) == nil)
        let credential = try #require(try store.find(id: shared, tenantID: b.id))
        #expect(credential.isValid && credential.lastUsedAt == nil && credential.accessExpiresAt == 500)
        #expect(try store.claimRefreshLock(id: shared, tenantID: b.id, now: 1, until: 99))
        try store.releaseRefreshLock(id: shared, tenantID: a.id)
        #expect(try !store.claimRefreshLock(id: shared, tenantID: b.id, now: 1, until: 99))
    }

    /// A job still running when its credential is disconnected writes nothing more under the dead id, and does
    /// not bring back the sync state the disconnect removed.
    @Test func aSyncThatOutlivesItsCredentialLeavesNothingBehind() throws {
        try env.db.run("DELETE FROM oauth_credentials WHERE id = ?", [.int(shared)])
        let event = ProviderEvent(providerID: "b1", title: "B", start: 300, end: 400, isAllDay: false, isBusy: true)
        #expect(throws: SyncFailure.self) {
            try CalendarEventStore(env.db).apply([.upsert(event)], origin: originB, now: 1)
        }
        try CalendarSyncStore(env.db).save(
            tenantID: b.id, credentialID: shared, calendarID: "primary", provider: "microsoft", resourceID: nil,
            window: (0, 1), syncToken: "B-cursor", now: 1)
        #expect(try env.db.scalarInt("SELECT count(*) FROM calendar_events WHERE tenant_id = ?", [.int(b.id)]) == 0)
        #expect(try env.db.scalarInt("SELECT count(*) FROM calendar_syncs WHERE tenant_id = ?", [.int(b.id)]) == 0)
    }
}
