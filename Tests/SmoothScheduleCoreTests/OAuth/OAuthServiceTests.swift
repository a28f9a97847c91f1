import Testing

@testable import SmoothScheduleCore

/// Access tokens in use: refresh on expiry, rotation, invalid_grant, the refresh lock, revoke/disconnect.
struct OAuthServiceTests {
    func service(_ f: OAuthFixture) -> OAuthService {
        var s = OAuthService(f.env.deps, log: Log(minimum: .error))
        s.pause = { _ in }
        return s
    }

    @Test func freshTokenIsReturnedWithoutAProviderCall() throws {
        let f = try OAuthFixture()
        let c = try f.connect(.google, access: "AT1")
        f.env.http.sent.removeAll()
        #expect(try service(f).accessToken(for: c) == "AT1")
        #expect(f.env.http.sent.isEmpty)
    }

    @Test func expiredTokenIsRefreshedOnceAndRotatedRefreshTokenStored() throws {
        let f = try OAuthFixture()
        let c = try f.connect(.microsoft, access: "AT1", refresh: "RT1", expiresIn: 3600)
        f.env.http.sent.removeAll()
        let later = f.env.now + 3600 - 30  // inside the 60 s margin
        f.env.deps.clock = { later }
        f.env.http.responses = [providerJSON(200, ["access_token": "AT2", "refresh_token": "RT2", "expires_in": 3600])]
        let s = service(f)
        #expect(try s.accessToken(for: c) == "AT2")
        #expect(try s.accessToken(for: c) == "AT2")
        #expect(f.env.http.sent.count == 1)
        let form = String(decoding: f.env.http.sent[0].body, as: UTF8.self)
        #expect(form.contains("grant_type=refresh_token") && form.contains("refresh_token=RT1"))
        let stored = try #require(try f.credentials.find(id: c.id, tenantID: f.tenant.id))
        #expect(try f.credentials.tokens(of: stored).refresh == "RT2")
        #expect(stored.accessExpiresAt == later + 3600 && stored.lastUsedAt == later)
    }

    @Test func refreshWithoutRotationKeepsTheRefreshToken() throws {
        let f = try OAuthFixture()
        let c = try f.connect(.google, access: "AT1", refresh: "RT1", expiresIn: 10)
        f.env.http.responses = [providerJSON(200, ["access_token": "AT2", "expires_in": 3600])]
        #expect(try service(f).accessToken(for: c) == "AT2")
        let row = try #require(try f.credentials.find(id: c.id, tenantID: f.tenant.id))
        #expect(try f.credentials.tokens(of: row).refresh == "RT1")
    }

    @Test func invalidGrantMarksInvalidAuditsAndThrows() throws {
        let f = try OAuthFixture()
        let c = try f.connect(.google, expiresIn: 0)
        f.env.http.responses = [providerJSON(400, ["error": "invalid_grant", "error_description": "RT1 revoked"])]
        let s = service(f)
        let error = try #require(throws: OAuthError.self) { try s.accessToken(for: c) }
        #expect(error.kind == .invalidGrant && !error.message.contains("RT1"))
        #expect(try f.credentials.find(id: c.id, tenantID: f.tenant.id)?.isValid == false)
        #expect(try f.auditActions().first == "oauth.refresh_failed:failure")
        let again = try #require(throws: OAuthError.self) { try s.accessToken(for: c) }
        #expect(again.kind == .credentialInvalid && f.env.http.sent.count == 3)  // exchange, profile, one refresh
    }

    @Test func serverErrorDuringRefreshLeavesCredentialValidAndUnlocked() throws {
        let f = try OAuthFixture()
        let c = try f.connect(.google, expiresIn: 0)
        f.env.http.responses = [providerJSON(500, [:])]
        let error = try #require(throws: OAuthError.self) { try service(f).accessToken(for: c) }
        #expect(error.kind == .providerFailed(status: 500))
        let row = try #require(try f.credentials.find(id: c.id, tenantID: f.tenant.id))
        #expect(row.isValid && row.refreshLockUntil == 0)
    }

    @Test func aRefreshHeldElsewhereIsWaitedForAndItsResultUsed() throws {
        let f = try OAuthFixture()
        let c = try f.connect(.microsoft, access: "AT1", refresh: "RT1", expiresIn: 0)
        f.env.http.sent.removeAll()
        let store = f.credentials
        #expect(try store.claimRefreshLock(id: c.id, tenantID: f.tenant.id, now: f.env.now, until: f.env.now + 30))
        #expect(try !store.claimRefreshLock(id: c.id, tenantID: f.tenant.id, now: f.env.now, until: f.env.now + 30))
        var s = service(f)
        // The "other process" finishes its refresh while we wait.
        s.pause = { _ in
            try? store.write(
                id: c.id, tenantID: c.tenantID, tokens: .init(access: "AT-other", refresh: "RT-other"),
                accessExpiresAt: f.env.now + 3600, now: f.env.now)
        }
        #expect(try s.accessToken(for: c) == "AT-other")
        #expect(f.env.http.sent.isEmpty)
    }

    @Test func disconnectRevokesDeletesAndAudits() throws {
        let f = try OAuthFixture()
        let c = try f.connect(.google, refresh: "RT1")
        f.env.http.sent.removeAll()
        f.env.http.responses = [providerJSON(200, [:])]
        try service(f).disconnect(credentialID: c.id, tenantID: f.tenant.id, userID: f.owner.user.id)
        #expect(try f.credentialCount() == 0)
        #expect(String(decoding: f.env.http.sent[0].body, as: UTF8.self) == "token=RT1")
        #expect(try f.auditActions().first == "oauth.disconnect:success")
        #expect(throws: APIError.self) {
            try service(f).disconnect(credentialID: c.id, tenantID: f.tenant.id, userID: nil)
        }
    }

    @Test func revokeIsBestEffort() throws {
        let f = try OAuthFixture()
        let c = try f.connect(.google)
        f.env.http.responses = []
        #expect(service(f).revoke(c) == false)
    }
}
