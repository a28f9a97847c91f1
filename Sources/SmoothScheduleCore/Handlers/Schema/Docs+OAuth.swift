// OpenAPI docs for the OAuth connect endpoints (docs/api.md §6).

enum OAuthDocs {
    static let operations: [OperationDoc] = OAuthProvider.allCases.flatMap { provider in
        [
            OperationDoc(
                "POST", "/api/oauth/\(provider.rawValue)/initiate/",
                "Start connecting a \(provider.displayName) account (owner, manager)", tag: "oauth",
                body: Schema.object(
                    [("purpose", Schema.enumeration(OAuthPurpose.allCases.map(\.rawValue)))], additional: false),
                success: (
                    200,
                    Schema.object(
                        [("success", Schema.boolean), ("authorization_url", ["type": "string", "format": "uri"])],
                        required: ["success", "authorization_url"])
                ),
                errors: [400, 401, 403, 429, 503]),
            OperationDoc(
                "GET", "/api/oauth/\(provider.rawValue)/callback/",
                "\(provider.displayName) redirect target: stores the credential and redirects to the frontend with "
                    + "?connected=\(provider.rawValue) or ?error=<code> (public; authenticated by state)",
                tag: "oauth", success: (302, nil),
                parameters: [
                    Schema.queryParameter("code", Schema.string, "Authorization code."),
                    Schema.queryParameter("state", Schema.string, "The state issued by initiate."),
                    Schema.queryParameter("error", Schema.string, "The provider's error code, e.g. access_denied."),
                ]),
        ]
    }
}
