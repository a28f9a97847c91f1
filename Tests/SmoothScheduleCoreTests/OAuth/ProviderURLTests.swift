import Testing

@testable import SmoothScheduleCore

/// Issue 11 item 18 (API.md §11): a provider URL that is not set follows the ones that are, so a deployment (or
/// the acceptance run) that sets only the contract's variables never sends a request to the real provider.
@Suite struct ProviderURLTests {
    static func config(_ values: [String: String]) throws -> Config { try Config(values: values) }

    @Test func withNothingSetEveryURLIsTheRealProvidersAsBefore() throws {
        let c = try Self.config([:])
        #expect(c.microsoft.authURL == "https://login.microsoftonline.com/common/oauth2/v2.0/authorize")
        #expect(c.microsoft.tokenURL == "https://login.microsoftonline.com/common/oauth2/v2.0/token")
        #expect(c.microsoft.revokeURL == "")
        #expect(c.microsoft.userinfoURL == "https://graph.microsoft.com/v1.0/me")
        #expect(c.microsoft.apiURL == "https://graph.microsoft.com/v1.0")
        #expect(c.google.authURL == "https://accounts.google.com/o/oauth2/v2/auth")
        #expect(c.google.tokenURL == "https://oauth2.googleapis.com/token")
        #expect(c.google.revokeURL == "https://oauth2.googleapis.com/revoke")
        #expect(c.google.userinfoURL == "https://openidconnect.googleapis.com/v1/userinfo")
        #expect(c.google.apiURL == "https://www.googleapis.com/calendar/v3")
    }

    /// The contract's variables only (scripts/stack's layout): Microsoft's e-mail comes from `<graph>/me`.
    @Test func microsoftUserinfoFollowsTheGraphURL() throws {
        let c = try Self.config([
            "MICROSOFT_AUTH_URL": "http://emu:9/microsoft/oauth2/v2.0/authorize",
            "MICROSOFT_TOKEN_URL": "http://emu:9/microsoft/oauth2/v2.0/token",
            "MICROSOFT_GRAPH_URL": "http://emu:9/microsoft/graph/v1.0/",
        ])
        #expect(c.microsoft.apiURL == "http://emu:9/microsoft/graph/v1.0")
        #expect(c.microsoft.userinfoURL == "http://emu:9/microsoft/graph/v1.0/me")
        #expect(c.microsoft.revokeURL == "")
    }

    @Test func anExplicitURLWins() throws {
        let c = try Self.config([
            "MICROSOFT_GRAPH_URL": "http://emu:9/graph", "MICROSOFT_USERINFO_URL": "http://other:9/profile",
            "GOOGLE_TOKEN_URL": "http://emu:9/google/token", "GOOGLE_REVOKE_URL": "http://other:9/revoke",
        ])
        #expect(c.microsoft.userinfoURL == "http://other:9/profile")
        #expect(c.google.revokeURL == "http://other:9/revoke")
    }

    /// Siblings at the real providers follow each other: Microsoft's authorize and token endpoints, Google's
    /// token and revoke endpoints, Google's Calendar API and its userinfo (`www.googleapis.com/oauth2/v3/userinfo`).
    @Test func siblingEndpointsFollowEachOther() throws {
        let c = try Self.config([
            "MICROSOFT_AUTH_URL": "http://emu:9/ms/oauth2/v2.0/authorize",
            "GOOGLE_TOKEN_URL": "http://emu:9/google/token",
            "GOOGLE_CALENDAR_API_URL": "http://emu:9/google/calendar/v3",
        ])
        #expect(c.microsoft.tokenURL == "http://emu:9/ms/oauth2/v2.0/token")
        #expect(c.google.revokeURL == "http://emu:9/google/revoke")
        #expect(c.google.userinfoURL == "http://emu:9/google/oauth2/v3/userinfo")
        let d = try Self.config([
            "MICROSOFT_TOKEN_URL": "http://emu:9/ms/oauth2/v2.0/token",
            "MICROSOFT_USERINFO_URL": "http://emu:9/ms/graph/v1.0/me",
        ])
        #expect(d.microsoft.authURL == "http://emu:9/ms/oauth2/v2.0/authorize")
        #expect(d.microsoft.apiURL == "http://emu:9/ms/graph/v1.0")
        // A configured URL without the expected last segment leaves the sibling at its default.
        let e = try Self.config(["GOOGLE_TOKEN_URL": "http://emu:9/google/oauth"])
        #expect(e.google.revokeURL == "https://oauth2.googleapis.com/revoke")
    }
}
