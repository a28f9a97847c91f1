// What the users endpoints add to the generic CRUD (docs/api.md §5): unique e-mails, and a tenant never loses its last owner.

enum UserRules {
    static let rules = RecordRules(prepare: prepare, beforeDelete: beforeDelete)

    /// E-mails are stored lowercased (sign-in compares them so) and unique per tenant (409).
    static func prepare(_ changes: inout Changes, _ existing: Row?, _ write: RecordWrite) throws {
        let tenant = write.tenant
        let users = UserStore(write.db)
        if case .text(let email)? = changes["email"] {
            let normalized = email.lowercased()
            changes["email"] = .text(normalized)
            if try users.isEmailTaken(normalized, tenantID: tenant.id, excluding: existing?.optionalInt("id")) {
                throw APIError.conflict("A user with this email already exists.")
            }
        }
        // docs/api.md §4: a new password or a deactivation ends every session the user had.
        if let existing, changes["password_hash"] != nil || changes["is_active"] == .bool(false) {
            try users.endSessions(userID: existing.int("id"), tenantID: tenant.id, now: write.now)
        }
        guard let existing, existing.string("role") == Role.owner.rawValue, existing.bool("is_active") else { return }
        let demoted = changes["role"].map { $0 != .text(Role.owner.rawValue) } ?? false
        let deactivated = changes["is_active"] == .bool(false)
        if demoted || deactivated { try requireAnotherOwner(existing, write) }
    }

    /// Deleting a user cascades to their tokens (`api_tokens.user_id … ON DELETE CASCADE`).
    static func beforeDelete(_ existing: Row, _ write: RecordWrite) throws {
        if existing.string("role") == Role.owner.rawValue && existing.bool("is_active") {
            try requireAnotherOwner(existing, write)
        }
    }

    private static func requireAnotherOwner(_ owner: Row, _ write: RecordWrite) throws {
        let others = try UserStore(write.db).countOtherActiveOwners(
            tenantID: write.tenant.id, excluding: owner.int("id"))
        if others == 0 { throw APIError.conflict("A business needs at least one active owner; this is the last one.") }
    }
}
