import Testing

@testable import SmoothScheduleCore

private struct FixedTokens: CalendarTokenSource {
    func accessToken(credentialID: Int, tenantID: Int) throws -> String { "token" }
    func refreshAfterUnauthorized(credentialID: Int, tenantID: Int) throws -> String { "token" }
}

/// Review F17: a stored Graph delta link is pinned to the configured Graph origin, calendar ids cannot be dot
/// segments, and a sync stops after a bounded number of pages with a clear failure.
@Suite struct SyncEngineLimitsTests {
    let env: TestEnv
    let tenant: Tenant
    let credential: OAuthCredential
    static let graph = "https://graph.microsoft.com/v1.0"

    init() throws {
        try self.init(extraConfig: [:])
    }

    init(extraConfig: [String: String]) throws {
        env = try TestEnv(extraConfig: extraConfig)
        tenant = try env.seedTenant("alpha", plan: "professional")
        let id = try env.db.insert(
            """
            INSERT INTO oauth_credentials (tenant_id, provider, purpose, email, access_token_enc, key_id,
                access_expires_at, created_at, updated_at)
            VALUES (?, 'microsoft', 'calendar', 'a@x.example', x'', '', 0, 0, 0)
            """, [.int(tenant.id)])
        credential = try #require(
            try OAuthCredentialStore(env.db, cipher: TokenCipher(env.config)).find(id: id, tenantID: tenant.id))
    }

    func job(calendar: String = "primary") throws -> SyncJob {
        let id = try env.db.insert(
            """
            INSERT INTO sync_jobs (tenant_id, credential_id, calendar_id, start_date, end_date, created_at)
            VALUES (?, ?, ?, '2025-12-01', '2025-12-31', 0)
            """, [.int(tenant.id), .int(credential.id), .text(calendar)])
        return SyncJob(row: try #require(try env.db.queryOne("SELECT * FROM sync_jobs WHERE id = ?", [.int(id)])))
    }

    var engine: CalendarSyncEngine {
        CalendarSyncEngine(db: env.db, http: env.http, config: env.config, tokens: FixedTokens(), clock: { 0 })
    }

    static func page(next: String? = nil, delta: String? = nil) -> OutboundResponse {
        var body: [(String, JSONValue)] = [("value", .array([]))]
        if let next { body.append(("@odata.nextLink", .string(next))) }
        if let delta { body.append(("@odata.deltaLink", .string(delta))) }
        return providerJSON(200, .object(body))
    }

    @Test func aStoredDeltaLinkOffTheGraphOriginIsNeverCalledAndTheSyncIsFull() throws {
        let job = try job()
        let window = try CalendarSyncEngine.window(job, timezone: tenant.timezone)
        try CalendarSyncStore(env.db).save(
            tenantID: tenant.id, credentialID: credential.id, calendarID: "primary", provider: "microsoft",
            resourceID: nil, window: window, syncToken: "https://graph.evil.example/v1.0/me/calendarView/delta?x=1",
            now: 0)
        env.http.responses = [Self.page(delta: "\(Self.graph)/me/calendarView/delta?$deltatoken=fresh")]
        let outcome = try engine.run(job, credential: credential, tenant: tenant)
        #expect(outcome.kind == "full")
        #expect(env.http.sent.map(\.url).allSatisfy { $0.hasPrefix(Self.graph + "/me/calendars/primary/") })
        let saved = try CalendarSyncStore(env.db).find(
            tenantID: tenant.id, credentialID: credential.id, calendarID: "primary")
        #expect(saved?.syncToken == "\(Self.graph)/me/calendarView/delta?$deltatoken=fresh")
    }

    @Test func aStoredDeltaLinkOnTheGraphOriginIsUsed() throws {
        let job = try job()
        let window = try CalendarSyncEngine.window(job, timezone: tenant.timezone)
        let link = "\(Self.graph)/me/calendarView/delta?$deltatoken=old"
        try CalendarSyncStore(env.db).save(
            tenantID: tenant.id, credentialID: credential.id, calendarID: "primary", provider: "microsoft",
            resourceID: nil, window: window, syncToken: link, now: 0)
        env.http.responses = [Self.page(delta: "\(Self.graph)/me/calendarView/delta?$deltatoken=new")]
        #expect(try engine.run(job, credential: credential, tenant: tenant).kind == "incremental")
        #expect(env.http.sent.map(\.url) == [link])
    }

    @Test(arguments: [".", ".."])
    func aDotSegmentCalendarIdIsRefusedBeforeAnyRequest(_ calendar: String) throws {
        let job = try job(calendar: calendar)
        env.http.responses = [Self.page(delta: "\(Self.graph)/me/calendarView/delta?$deltatoken=x")]
        #expect {
            try engine.run(job, credential: credential, tenant: tenant)
        } throws: { ($0 as? SyncFailure)?.message.contains("calendar id") == true }
        #expect(env.http.sent.isEmpty)
        #expect(!CalendarIDs.isUsable(calendar))
        #expect(CalendarIDs.isUsable("...") && CalendarIDs.isUsable("primary"))
    }

    @Test func aListingThatNeverEndsStopsAtThePageCapSayingSo() throws {
        let capped = try SyncEngineLimitsTests(extraConfig: ["SMOOTHSCHEDULE_SYNC_MAX_PAGES": "3"])
        let job = try capped.job()
        capped.env.http.responses = (0..<5).map {
            Self.page(next: "\(Self.graph)/me/calendars/primary/calendarView/delta?$skiptoken=\($0)")
        }
        #expect {
            try capped.engine.run(job, credential: capped.credential, tenant: capped.tenant)
        } throws: { ($0 as? SyncFailure)?.message.contains("after 3 pages") == true }
        #expect(capped.env.http.sent.count == 3)
        #expect(
            try CalendarSyncStore(capped.env.db).find(
                tenantID: capped.tenant.id, credentialID: capped.credential.id, calendarID: "primary") == nil)
        #expect(
            CalendarSyncEngine(
                db: env.db, http: env.http, config: env.config, tokens: FixedTokens(), clock: { 0 }
            ).maxPages == 10_000)
    }
}
