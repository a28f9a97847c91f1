// Token lifetime and revocation (review F15).

extension Migrations {
    static let tokens: [Migration] = []
}
