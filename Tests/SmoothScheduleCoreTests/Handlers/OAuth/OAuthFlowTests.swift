import Foundation
import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Initiate and callback through the dispatcher with a fake provider (docs/api.md §6).
struct OAuthFlowTests {
    static let frontend = "https://demo.smoothschedule.test/settings/integrations"

    @Test func googleInitiateAsksForOfflineConsentCalendarScopeAndS256() throws {
        let f = try OAuthFixture()
        let q = try f.authorize(.google)
        #expect(q["access_type"] == "offline" && q["prompt"] == "consent" && q["response_type"] == "code")
        #expect(q["scope"] == "openid email https://www.googleapis.com/auth/calendar.readonly")
        #expect(q["code_challenge_method"] == "S256" && q["code_challenge"]?.count == 43)
        #expect(q["redirect_uri"] == "https://smoothschedule.test/api/oauth/google/callback/")
        #expect(q["client_id"] == "g-client")
        let state = try #require(q["state"])
        #expect(state.count >= 43 && Encoding.fromBase64url(state)?.count == 32)
        #expect(
            try f.env.db.scalarInt(
                "SELECT count(*) FROM oauth_states WHERE state_hash = ?", [.blob(Crypto.sha256(state))]) == 1)
    }

    @Test func microsoftInitiateAsksForOfflineAccessAndQueryResponseMode() throws {
        let f = try OAuthFixture()
        #expect(try f.authorize(.microsoft)["scope"] == "offline_access User.Read Calendars.Read")
        let q = try f.authorize(.microsoft, purpose: "email")
        #expect(q["scope"] == "offline_access User.Read Mail.Send" && q["response_mode"] == "query")
        #expect(
            try f.authorize(.google, purpose: "email")["scope"]
                == "openid email https://www.googleapis.com/auth/gmail.send")
    }

    @Test func calendarPurposeOnFreePlanIs403EmailIsAllowed() throws {
        let f = try OAuthFixture(plan: "free")
        let denied = f.initiate(.google, purpose: "calendar")
        #expect(denied.status.code == 403 && denied.code == "feature_not_available")
        #expect(
            denied.json["feature"]?.stringValue == "can_use_calendar_sync" && denied.json["success"]?.boolValue == false
        )
        #expect(f.initiate(.google, purpose: "email").status.code == 200)
        #expect(f.initiate(.microsoft, purpose: nil).status.code == 200)
    }

    @Test func initiateDeniesStaffRejectsBadPurposeAndUnknownProviderIs404() throws {
        let f = try OAuthFixture()
        let staff = try f.env.seedUser("demo", role: .staff)
        #expect(f.initiate(.google, token: staff.token).code == "permission_denied")
        let bad = f.initiate(.google, purpose: "photos")
        #expect(bad.status.code == 400 && bad.code == "invalid")
        let unknown = f.env.respond(
            TestRequest.post("/api/oauth/yahoo/initiate/", host: host("demo"), token: f.owner.token))
        #expect(unknown.status.code == 404)
        let publicHost = f.env.respond(
            TestRequest.post("/api/oauth/google/initiate/", host: TestEnv.baseDomain, token: f.owner.token))
        #expect(publicHost.code == "no_tenant_context")
    }

    @Test(arguments: [OAuthProvider.google, .microsoft])
    func callbackStoresCredentialRedirectsAndAudits(provider: OAuthProvider) throws {
        let f = try OAuthFixture()
        let q = try f.authorize(provider)
        f.queueExchange(provider, access: "AT-secret", refresh: "RT-secret")
        let r = f.callback(provider, [("code", "CODE-secret"), ("state", q["state"]!)])
        #expect(r.status.code == 302)
        #expect(r.header("Location") == "\(Self.frontend)?connected=\(provider.rawValue)")
        let exchange = try #require(f.env.http.sent.first)
        let form = String(decoding: exchange.body, as: UTF8.self)
        #expect(
            exchange.method == "POST" && form.contains("grant_type=authorization_code")
                && form.contains("code_verifier="))
        #expect(PKCE.challenge(for: try #require(Self.field(form, "code_verifier"))) == q["code_challenge"])
        #expect(f.env.http.sent[1].headers.contains { $0.name == "Authorization" && $0.value == "Bearer AT-secret" })
        let c = try #require(try f.credentials.list(tenantID: f.tenant.id).first)
        #expect(
            c.email == "owner@example.com" && c.purpose == .calendar && c.isValid
                && c.accessExpiresAt == f.env.now + 3600)
        #expect(try f.credentials.tokens(of: c).access == "AT-secret")
        #expect(try f.auditActions() == ["oauth.connect:success"])
        let audit = try AuditStore(f.env.db).list(tenantID: f.tenant.id, limit: 5, offset: 0)
        #expect(!audit.contains { $0.detail.contains("secret") })
    }

    @Test func reconnectingTheSameAccountUpdatesNeverDuplicates() throws {
        let f = try OAuthFixture()
        try f.connect(.google, access: "first", refresh: "r1")
        let q = try f.authorize(.google)
        f.queueExchange(.google, access: "second", refresh: nil)
        _ = f.callback(.google, [("code", "c"), ("state", q["state"]!)])
        let rows = try f.credentials.list(tenantID: f.tenant.id)
        #expect(rows.count == 1)
        #expect(try f.credentials.tokens(of: rows[0]).access == "second")
        #expect(try f.credentials.tokens(of: rows[0]).refresh == "r1")
    }

    @Test func insufficientScopeStoresNothing() throws {
        let f = try OAuthFixture()
        let q = try f.authorize(.google)
        f.queueExchange(.google, scope: "openid email")
        f.env.http.responses.insert(providerJSON(200, [:]), at: 1)  // the revoke call
        let r = f.callback(.google, [("code", "c"), ("state", q["state"]!)])
        #expect(r.header("Location") == "\(Self.frontend)?error=insufficient_scope")
        #expect(try f.credentialCount() == 0)
    }

    @Test(arguments: [500, 400])
    func tokenEndpointFailureStoresNothing(status: Int) throws {
        let f = try OAuthFixture()
        let q = try f.authorize(.microsoft)
        f.env.http.responses = [providerJSON(status, ["error": "invalid_grant"])]
        let r = f.callback(.microsoft, [("code", "c"), ("state", q["state"]!)])
        #expect(r.header("Location") == "\(Self.frontend)?error=token_exchange_failed")
        #expect(try f.credentialCount() == 0)
    }

    @Test func tokenEndpointTimeoutStoresNothing() throws {
        let f = try OAuthFixture()
        let q = try f.authorize(.google)
        f.env.http.responses = []  // the fake throws OutboundError, as a curl timeout would
        let r = f.callback(.google, [("code", "c"), ("state", q["state"]!)])
        #expect(r.header("Location") == "\(Self.frontend)?error=token_exchange_failed")
        #expect(try f.credentialCount() == 0)
        #expect(f.env.http.sent.first?.timeout == 10)
    }

    @Test func providerErrorRedirectsWithItsCodeAndSpendsTheState() throws {
        let f = try OAuthFixture()
        let q = try f.authorize(.google)
        let r = f.callback(.google, [("error", "access_denied"), ("state", q["state"]!)])
        #expect(r.header("Location") == "\(Self.frontend)?error=access_denied")
        let count = try f.credentialCount()
        #expect(f.env.http.sent.isEmpty && count == 0)
        f.queueExchange(.google)
        let replay = f.callback(.google, [("code", "c"), ("state", q["state"]!)])
        #expect(replay.header("Location")?.hasSuffix("error=invalid_state") == true)
        let fresh = try f.authorize(.google)["state"]!
        let odd = f.callback(.google, [("error", "<script>"), ("state", fresh)])
        #expect(odd.header("Location")?.hasSuffix("error=provider_error") == true)
    }

    @Test func endpointsJoinTheOpenAPIDocument() throws {
        let f = try OAuthFixture()
        let paths = f.env.respond(TestRequest.get("/api/schema/", host: TestEnv.baseDomain)).json["paths"]
        for provider in OAuthProvider.allCases {
            #expect(paths?["/api/oauth/\(provider.rawValue)/initiate/"]?["post"] != nil)
            #expect(paths?["/api/oauth/\(provider.rawValue)/callback/"]?["get"] != nil)
        }
    }

    static func field(_ form: String, _ name: String) -> String? {
        form.split(separator: "&").first { $0.hasPrefix("\(name)=") }.map {
            String($0.dropFirst(name.count + 1)).removingPercentEncoding ?? ""
        }
    }
}
