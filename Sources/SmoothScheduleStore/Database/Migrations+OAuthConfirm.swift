// OAuth connections confirmed by the user who started them (review F6).

extension Migrations {
    static let oauthConfirm: [Migration] = []
}
