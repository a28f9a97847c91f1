// OAuth connect routes (docs/api.md §6): one initiate and one callback per provider.

extension Routes {
    static let oauth: [Route] = OAuthProvider.allCases.flatMap { provider in
        [
            Route(
                "/api/oauth/\(provider.rawValue)/initiate/", access: .tenantMember(roles: .ownerOrManager),
                [.post(OAuthHandlers.initiate(provider))]),
            // Public: reached by the provider's redirect on the public host; authenticated by its `state`.
            Route(
                "/api/oauth/\(provider.rawValue)/callback/", access: .public, [.get(OAuthHandlers.callback(provider))]),
        ]
    }
}
