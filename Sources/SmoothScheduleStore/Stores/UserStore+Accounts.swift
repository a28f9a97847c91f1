// User queries for the users endpoints (docs/api.md §5): e-mail uniqueness and the last-owner rule.

extension UserStore {
    /// Whether another user of the tenant has `email` (e-mails are unique per tenant).
    public func isEmailTaken(_ email: String, tenantID: Int, excluding userID: Int?) throws -> Bool {
        try db.scalarInt(
            "SELECT count(*) FROM users WHERE tenant_id = ? AND email = ? AND id <> ?",
            [.int(tenantID), .text(email), .int(userID ?? 0)]) > 0
    }

    /// Active owners of the tenant other than `userID`.
    public func countOtherActiveOwners(tenantID: Int, excluding userID: Int) throws -> Int {
        try db.scalarInt(
            "SELECT count(*) FROM users WHERE tenant_id = ? AND role = 'owner' AND is_active = 1 AND id <> ?",
            [.int(tenantID), .int(userID)])
    }
}
